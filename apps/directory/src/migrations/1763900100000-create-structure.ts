import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStructure1763900100000 implements MigrationInterface {
  name = 'CreateStructure1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE structure (
        id uuid PRIMARY KEY,
        nom text NOT NULL,
        siret text UNIQUE,
        rna text,
        commune text NOT NULL,
        code_insee text,
        email text,
        telephone text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX structure_nom_idx ON structure (lower(nom))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE structure');
  }
}
