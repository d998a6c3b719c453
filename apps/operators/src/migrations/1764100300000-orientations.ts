import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orientations of people (never identified here) to lieux; the lieux' structure and status in the projection. */
export class Orientations1764100300000 implements MigrationInterface {
  name = 'Orientations1764100300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lieu_place ADD COLUMN structure_id uuid, ADD COLUMN statut text`);
    await q.query(`
      CREATE TABLE orientation (
        id uuid PRIMARY KEY,
        operator_id text NOT NULL,
        lieu_id uuid NOT NULL,
        structure_id uuid,
        demarche text,
        reference text,
        status text NOT NULL DEFAULT 'envoyee' CHECK (status IN ('envoyee', 'accompagnee', 'non-venue', 'reorientee')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX orientation_operator ON orientation (operator_id, created_at DESC)`);
    await q.query(`CREATE INDEX orientation_structure ON orientation (structure_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE orientation');
    await q.query('ALTER TABLE lieu_place DROP COLUMN structure_id, DROP COLUMN statut');
  }
}
