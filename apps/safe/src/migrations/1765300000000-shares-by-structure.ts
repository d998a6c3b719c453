import type { MigrationInterface, QueryRunner } from 'typeorm';

/** « Partagés avec moi » looks shares in force up by structure, across usagers. */
export class SharesByStructure1765300000000 implements MigrationInterface {
  name = 'SharesByStructure1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX share_in_force_by_structure ON share (structure_id, usager_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX share_in_force_by_structure`);
  }
}
