import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Usagers, habilitations, mandates and autorisations, notifications, idempotency. */
export class CreateMandates1764000400000 implements MigrationInterface {
  name = 'CreateMandates1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usager (
        id uuid PRIMARY KEY,
        nom text, prenoms text, date_naissance date, lieu_naissance text, email text, telephone text,
        identity_key text,
        identite_verifiee_par text NOT NULL,
        identite_verifiee_le timestamptz NOT NULL,
        account_sub text UNIQUE,
        claim_code_hash text UNIQUE,
        claim_code_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        purged_at timestamptz
      )`);
    await q.query(`CREATE INDEX usager_identity_idx ON usager (identity_key)`);
    await q.query(`
      CREATE TABLE usager_structure (
        usager_id uuid NOT NULL REFERENCES usager(id),
        structure_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (structure_id, usager_id)
      )`);
    await q.query(`
      CREATE TABLE habilitation (
        id uuid PRIMARY KEY,
        structure_id uuid NOT NULL,
        aidant_username text NOT NULL,
        aidant_sub text,
        aidant_nom text,
        statut text NOT NULL CHECK (statut IN ('demandee', 'accordee', 'refusee', 'retiree')),
        charte_signee_le timestamptz,
        formation_suivie_le timestamptz,
        demandee_le timestamptz NOT NULL,
        demandee_par text NOT NULL,
        decidee_le timestamptz,
        decidee_par text,
        motif text
      )`);
    await q.query(`CREATE UNIQUE INDEX habilitation_open_uq ON habilitation (structure_id, aidant_username) WHERE statut IN ('demandee', 'accordee')`);
    await q.query(`CREATE INDEX habilitation_sub_idx ON habilitation (aidant_sub, structure_id) WHERE statut = 'accordee'`);
    await q.query(`
      CREATE TABLE mandat (
        id uuid PRIMARY KEY,
        usager_id uuid NOT NULL REFERENCES usager(id),
        structure_id uuid NOT NULL,
        cree_par_sub text NOT NULL,
        cree_par_username text NOT NULL,
        cree_par_nom text,
        debut timestamptz NOT NULL,
        fin timestamptz NOT NULL CHECK (fin > debut),
        duree_jours integer NOT NULL CHECK (duree_jours IN (1, 31, 182, 365)),
        consentement_le timestamptz NOT NULL,
        revoque_le timestamptz,
        revoque_par text CHECK (revoque_par IN ('usager', 'aidant')),
        revoque_par_nom text,
        idempotency_key text,
        request_hash text,
        verification_token text NOT NULL UNIQUE,
        creation_hash text,
        expiring_notified_at timestamptz,
        expired_emitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cree_par_sub, idempotency_key)
      )`);
    await q.query(`CREATE INDEX mandat_usager_idx ON mandat (usager_id)`);
    await q.query(`CREATE INDEX mandat_fin_idx ON mandat (fin) WHERE revoque_le IS NULL`);
    await q.query(`
      CREATE TABLE autorisation (
        id uuid PRIMARY KEY,
        mandat_id uuid NOT NULL REFERENCES mandat(id),
        usager_id uuid NOT NULL,
        structure_id uuid NOT NULL,
        demarche text NOT NULL,
        debut timestamptz NOT NULL,
        fin timestamptz NOT NULL,
        revoque_le timestamptz,
        revoque_motif text CHECK (revoque_motif IN ('revocation', 'renouvellement')),
        UNIQUE (mandat_id, demarche)
      )`);
    await q.query(`CREATE INDEX autorisation_lookup_idx ON autorisation (usager_id, structure_id, demarche, fin DESC)`);
    await q.query(`
      CREATE TABLE mandat_notification (
        id uuid PRIMARY KEY,
        mandat_id uuid NOT NULL REFERENCES mandat(id),
        kind text NOT NULL CHECK (kind IN ('expiration_proche', 'expire')),
        destinataires jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (mandat_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mandat_notification, autorisation, mandat, habilitation, usager_structure, usager');
  }
}
