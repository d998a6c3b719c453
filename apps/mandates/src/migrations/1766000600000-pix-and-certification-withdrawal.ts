import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection of the training service's PIX results (`pin.training.pix.recorded.v1`): the
 * habilitation prerequisite « test PIX réussi »; and the withdrawal of a training certification
 * (`pin.training.certification.withdrawn.v1`): the habilitation remembers which attestation gave
 * « formation suivie », so that a withdrawal clears it (pending) or flags it (granted).
 */
export class PixAndCertificationWithdrawal1766000600000 implements MigrationInterface {
  name = 'PixAndCertificationWithdrawal1766000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_pix (
        pix_result_id uuid PRIMARY KEY,
        aidant_sub text NOT NULL,
        structure_id uuid NOT NULL,
        passed_on date NOT NULL,
        meets_threshold boolean NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX training_pix_aidant ON training_pix (aidant_sub) WHERE meets_threshold`);
    await q.query(`ALTER TABLE training_certification ADD COLUMN withdrawn_at timestamptz`);
    await q.query(`ALTER TABLE habilitation ADD COLUMN pix_reussi_le timestamptz, ADD COLUMN formation_attestation_id uuid, ADD COLUMN certification_retiree_le timestamptz`);
    // Requests already filled by a certification: the projection set formation_suivie_le to its time.
    await q.query(`UPDATE habilitation h SET formation_attestation_id = tc.attestation_id FROM training_certification tc
                    WHERE tc.aidant_sub = h.aidant_sub AND tc.certified_at = h.formation_suivie_le`);
    await q.query(`CREATE INDEX habilitation_formation_attestation ON habilitation (formation_attestation_id) WHERE formation_attestation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX habilitation_formation_attestation`);
    await q.query(`ALTER TABLE habilitation DROP COLUMN pix_reussi_le, DROP COLUMN formation_attestation_id, DROP COLUMN certification_retiree_le`);
    await q.query(`ALTER TABLE training_certification DROP COLUMN withdrawn_at`);
    await q.query('DROP TABLE training_pix');
  }
}
