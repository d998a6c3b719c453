import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full status flow of orientations (accepted, scheduled, declined, cancelled by the person),
 * orientations made by an aidant's structure (no operator; the person's consent recorded with
 * what they agreed to share), and the person's tracking code (its hash only).
 */
export class OrientationFlow1764100600000 implements MigrationInterface {
  name = 'OrientationFlow1764100600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orientation DROP CONSTRAINT IF EXISTS orientation_status_check`);
    await q.query(`ALTER TABLE orientation ADD CONSTRAINT orientation_status_check
      CHECK (status IN ('envoyee', 'accompagnee', 'non-venue', 'reorientee', 'acceptee', 'planifiee', 'refusee', 'annulee'))`);
    await q.query(`ALTER TABLE orientation ALTER COLUMN operator_id DROP NOT NULL,
      ADD COLUMN origin_structure_id uuid,
      ADD COLUMN created_by text,
      ADD COLUMN besoin text,
      ADD COLUMN consent_at timestamptz,
      ADD COLUMN appointment_at timestamptz,
      ADD COLUMN person_code_hash text`);
    await q.query(`ALTER TABLE orientation ADD CONSTRAINT orientation_origin CHECK (operator_id IS NOT NULL OR (origin_structure_id IS NOT NULL AND consent_at IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX orientation_person_code ON orientation (person_code_hash) WHERE person_code_hash IS NOT NULL`);
    await q.query(`CREATE INDEX orientation_origin_structure ON orientation (origin_structure_id, created_at DESC) WHERE origin_structure_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orientation_origin_structure');
    await q.query('DROP INDEX orientation_person_code');
    await q.query('ALTER TABLE orientation DROP CONSTRAINT orientation_origin');
    await q.query(`ALTER TABLE orientation DROP COLUMN origin_structure_id, DROP COLUMN created_by, DROP COLUMN besoin, DROP COLUMN consent_at, DROP COLUMN appointment_at, DROP COLUMN person_code_hash`);
    await q.query(`ALTER TABLE orientation DROP CONSTRAINT orientation_status_check`);
    await q.query(`ALTER TABLE orientation ADD CONSTRAINT orientation_status_check CHECK (status IN ('envoyee', 'accompagnee', 'non-venue', 'reorientee'))`);
  }
}
