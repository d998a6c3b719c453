import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Diagnostics kept with the person's consent (answers and orientation, no name), and the anonymous
 * counts by territory (département, EPCI; '' when none), month and orientation.
 */
export class Diagnostics1765000300000 implements MigrationInterface {
  name = 'Diagnostics1765000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE diagnostic (
        id uuid PRIMARY KEY,
        structure_id uuid,
        conduit_par_sub text NOT NULL,
        code_insee text NOT NULL,
        reponses jsonb NOT NULL,
        orientation text NOT NULL,
        cree_le timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE diagnostic_count (
        mois text NOT NULL,
        departement text NOT NULL,
        epci text NOT NULL,
        orientation text NOT NULL,
        total integer NOT NULL,
        PRIMARY KEY (mois, departement, epci, orientation)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE diagnostic_count');
    await q.query('DROP TABLE diagnostic');
  }
}
