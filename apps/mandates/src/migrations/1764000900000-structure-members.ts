import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people who act in a structure, known from their logins (aidants, médiateurs, référents):
 * the référent picks one of them when asking for a habilitation instead of typing a login.
 * Username and display name are personal data: this table is outside the journal and its rows are
 * deleted by the retention purge once the member has not been seen for the retention period.
 * A pending habilitation request may now be cancelled (`annulee`). The journal gets an index for
 * "the usagers this person worked with lately" (working-space summary).
 */
export class StructureMembers1764000900000 implements MigrationInterface {
  name = 'StructureMembers1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE structure_member (
        structure_id uuid NOT NULL,
        sub text NOT NULL,
        username text NOT NULL,
        nom text,
        roles text[] NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (structure_id, sub)
      )`);
    await q.query(`CREATE INDEX structure_member_last_seen_idx ON structure_member (last_seen)`);
    await q.query(`ALTER TABLE habilitation DROP CONSTRAINT habilitation_statut_check`);
    await q.query(`ALTER TABLE habilitation ADD CONSTRAINT habilitation_statut_check CHECK (statut IN ('demandee', 'accordee', 'refusee', 'retiree', 'annulee'))`);
    await q.query(`CREATE INDEX journal_actor_usager_idx ON journal_entry (actor_sub, structure_id, seq DESC) WHERE usager_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX journal_actor_usager_idx`);
    await q.query(`UPDATE habilitation SET statut = 'retiree' WHERE statut = 'annulee'`);
    await q.query(`ALTER TABLE habilitation DROP CONSTRAINT habilitation_statut_check`);
    await q.query(`ALTER TABLE habilitation ADD CONSTRAINT habilitation_statut_check CHECK (statut IN ('demandee', 'accordee', 'refusee', 'retiree'))`);
    await q.query(`DROP TABLE structure_member`);
  }
}
