import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Editable label programmes with versions. Every edit of a programme's rules bumps
 * `programme.version` and stores a snapshot of its levels and criteria in `programme_version`;
 * a dossier keeps the version it was opened on (`dossier.programme_version`), so later edits never
 * change the rules of a dossier already opened. Levels and criteria are never deleted: criteria
 * are retired (`retire_le`), levels may be renamed and reordered. A criterion may point to a
 * démarche of the référentiel d'activités (`demarche`, a slug of the contracts' DEMARCHES).
 */
export class ProgrammeVersions1766000200000 implements MigrationInterface {
  name = 'ProgrammeVersions1766000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE critere ADD COLUMN demarche text`);
    await q.query(`ALTER TABLE critere ADD COLUMN retire_le timestamptz`);
    await q.query(`ALTER TABLE dossier ADD COLUMN programme_version integer NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE TABLE programme_version (
        programme_id text NOT NULL REFERENCES programme(id),
        version integer NOT NULL,
        validite_mois integer,
        -- NiveauRow[] and CritereRow[] (active criteria only) as they were at this version.
        niveaux jsonb NOT NULL,
        criteres jsonb NOT NULL,
        cree_le timestamptz NOT NULL DEFAULT now(),
        cree_par text,
        PRIMARY KEY (programme_id, version)
      )`);
    // Version 1 of every existing programme: its seeded rules.
    await q.query(`
      INSERT INTO programme_version (programme_id, version, validite_mois, niveaux, criteres)
      SELECT p.id, 1, p.validite_mois,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'rang', n.rang, 'titre', n.titre) ORDER BY n.rang) FROM programme_niveau n WHERE n.programme_id = p.id), '[]'::jsonb),
        COALESCE((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'rang', c.rang, 'titre', c.titre, 'description', c.description,
                   'obligatoire_des_rang', c.obligatoire_des_rang, 'verification', c.verification, 'demarche', NULL) ORDER BY c.rang)
                  FROM critere c WHERE c.programme_id = p.id), '[]'::jsonb)
      FROM programme p`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programme_version`);
    await q.query(`ALTER TABLE dossier DROP COLUMN programme_version`);
    await q.query(`ALTER TABLE critere DROP COLUMN retire_le`);
    await q.query(`ALTER TABLE critere DROP COLUMN demarche`);
    await q.query(`ALTER TABLE programme DROP COLUMN version`);
  }
}
