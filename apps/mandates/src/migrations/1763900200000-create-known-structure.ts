import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateKnownStructure1763900200000 implements MigrationInterface {
  name = 'CreateKnownStructure1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE known_structure (
        id uuid PRIMARY KEY,
        nom text NOT NULL,
        commune text NOT NULL,
        code_insee text,
        source_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE known_structure');
  }
}
