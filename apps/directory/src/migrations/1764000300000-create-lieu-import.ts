import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Imports of lieux (job state, rejected rows) and duplicate proposals across sources. */
export class CreateLieuImport1764000300000 implements MigrationInterface {
  name = 'CreateLieuImport1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`
      CREATE TABLE lieu_import (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        format text NOT NULL,
        format_detecte text NULL,
        encodage text NULL,
        filename text NULL,
        file_key text NOT NULL,
        statut text NOT NULL DEFAULT 'en-attente' CHECK (statut IN ('en-attente', 'en-cours', 'termine', 'echoue')),
        progression integer NOT NULL DEFAULT 0 CHECK (progression BETWEEN 0 AND 100),
        total integer NULL,
        valides integer NULL,
        traites integer NOT NULL DEFAULT 0,
        crees integer NOT NULL DEFAULT 0,
        mis_a_jour integer NOT NULL DEFAULT 0,
        inchanges integer NOT NULL DEFAULT 0,
        rejetes integer NOT NULL DEFAULT 0,
        doublons integer NOT NULL DEFAULT 0,
        erreur text NULL,
        demande_par text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX lieu_import_created_idx ON lieu_import (created_at DESC)`);
    await q.query(`
      CREATE TABLE lieu_import_rejet (
        import_id uuid NOT NULL REFERENCES lieu_import(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('rejet', 'avertissement')),
        position integer NOT NULL,
        ligne integer NOT NULL,
        motif text NOT NULL,
        PRIMARY KEY (import_id, type, position)
      )`);
    await q.query(`
      CREATE TABLE lieu_doublon (
        id uuid PRIMARY KEY,
        lieu_id uuid NOT NULL REFERENCES lieu(id),
        doublon_de uuid NOT NULL REFERENCES lieu(id),
        import_id uuid NULL REFERENCES lieu_import(id) ON DELETE SET NULL,
        similarite_nom real NOT NULL,
        similarite_adresse real NOT NULL,
        distance_m real NULL,
        statut text NOT NULL DEFAULT 'propose' CHECK (statut IN ('propose', 'distincts', 'fusionne')),
        decide_par text NULL,
        decided_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (lieu_id <> doublon_de)
      )`);
    // One proposal per pair, whichever way round it was found.
    await q.query(`CREATE UNIQUE INDEX lieu_doublon_pair_idx ON lieu_doublon (LEAST(lieu_id, doublon_de), GREATEST(lieu_id, doublon_de))`);
    await q.query(`CREATE INDEX lieu_doublon_statut_idx ON lieu_doublon (statut, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE lieu_doublon');
    await q.query('DROP TABLE lieu_import_rejet');
    await q.query('DROP TABLE lieu_import');
  }
}
