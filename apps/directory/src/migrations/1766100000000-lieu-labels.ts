import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Projection of the labelling service's granted labels (`lieu_label`): shown on the lieu page, filtered by in search. */
export class LieuLabels1766100000000 implements MigrationInterface {
  name = 'LieuLabels1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lieu_label (
        label_id uuid PRIMARY KEY,
        lieu_id uuid NOT NULL,
        programme_id text NOT NULL,
        niveau text,
        valide_jusqu_au date,
        accorde_le timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX lieu_label_lieu ON lieu_label (lieu_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lieu_label`);
  }
}
