import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMailbox1766000000000 implements MigrationInterface {
  name = 'CreateMailbox1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per request; its id is the provisioning job's id and the mailbox id in events.
    // An address is never given twice (UNIQUE over every row, deleted ones included).
    await q.query(`
      CREATE TABLE mailbox (
        id uuid PRIMARY KEY,
        usager_id uuid NOT NULL,
        structure_id uuid NOT NULL,
        aidant_sub text NOT NULL,
        demarche text NOT NULL,
        local_part text NOT NULL,
        address text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'demandee'
          CHECK (status IN ('demandee', 'en_cours', 'active', 'suspendue', 'desactivee', 'suppression_programmee', 'supprimee', 'echec')),
        progress integer NOT NULL DEFAULT 0,
        quota_bytes bigint NOT NULL,
        consent_at timestamptz NOT NULL,
        consent_text_version text NOT NULL,
        -- the pending credentials of a provisioning or reset: the hash written to the mail server
        -- and the letter printing the same password (so a retry never prints another one)
        pending_hash text,
        letter_pdf bytea,
        letter_created_at timestamptz,
        must_change_password boolean NOT NULL DEFAULT true,
        usager_sub text,
        delete_after timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        provisioned_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX mailbox_one_live_per_usager ON mailbox (usager_id) WHERE status NOT IN ('supprimee', 'echec')`);
    await q.query(`CREATE INDEX mailbox_due_deletion ON mailbox (delete_after) WHERE status = 'suppression_programmee'`);
    await q.query(`CREATE INDEX mailbox_usager_sub ON mailbox (usager_sub) WHERE usager_sub IS NOT NULL`);
    // Projection of the mandates service's mandate events (durable mailbox-mandats): which
    // démarche to ask the authorization check for first, and the list of usagers' mandates.
    await q.query(`
      CREATE TABLE mandat_projection (
        mandat_id uuid PRIMARY KEY,
        usager_id uuid NOT NULL,
        structure_id uuid NOT NULL,
        demarches text[] NOT NULL,
        debut timestamptz NOT NULL,
        fin timestamptz NOT NULL,
        revoked_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mandat_projection_usager ON mandat_projection (usager_id, structure_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mandat_projection, mailbox');
  }
}
