import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PIX results become facts for mandates (`pin.training.pix.recorded.v1`, emitted once the aidant's
 * subject id is known), and the network may withdraw a certification granted by mistake.
 */
export class PixEventsWithdrawal1765000400000 implements MigrationInterface {
  name = 'PixEventsWithdrawal1765000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pix_result ADD COLUMN aidant_sub text, ADD COLUMN seuil_atteint boolean NOT NULL DEFAULT false, ADD COLUMN evenement_emis_le timestamptz`);
    // Results recorded before this migration are announced too, once their aidant is known.
    await q.query(`CREATE INDEX pix_result_pending ON pix_result (aidant_username) WHERE evenement_emis_le IS NULL`);
    await q.query(`ALTER TABLE attestation ADD COLUMN retiree_le timestamptz, ADD COLUMN retiree_par text, ADD COLUMN motif_retrait text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attestation DROP COLUMN retiree_le, DROP COLUMN retiree_par, DROP COLUMN motif_retrait`);
    await q.query(`DROP INDEX pix_result_pending`);
    await q.query(`ALTER TABLE pix_result DROP COLUMN aidant_sub, DROP COLUMN seuil_atteint, DROP COLUMN evenement_emis_le`);
  }
}
