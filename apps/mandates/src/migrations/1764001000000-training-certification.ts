import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection of the training service's certifications (`pin.training.certification.granted.v1`):
 * the aidant (opaque subject id) completed the path required for habilitation. It is the
 * habilitation prerequisite « formation suivie », set on requests without anyone ticking a box.
 */
export class TrainingCertification1764001000000 implements MigrationInterface {
  name = 'TrainingCertification1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_certification (
        aidant_sub text NOT NULL,
        path_id text NOT NULL,
        attestation_id uuid NOT NULL,
        certified_at timestamptz NOT NULL,
        PRIMARY KEY (aidant_sub, path_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE training_certification');
  }
}
