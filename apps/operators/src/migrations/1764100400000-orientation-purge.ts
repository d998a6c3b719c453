import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the personal data of a closed orientation (the operator's file reference) was erased. */
export class OrientationPurge1764100400000 implements MigrationInterface {
  name = 'OrientationPurge1764100400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orientation ADD COLUMN purged_at timestamptz`);
    await q.query(`CREATE INDEX orientation_to_purge ON orientation (updated_at) WHERE purged_at IS NULL AND status <> 'envoyee'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orientation_to_purge');
    await q.query('ALTER TABLE orientation DROP COLUMN purged_at');
  }
}
