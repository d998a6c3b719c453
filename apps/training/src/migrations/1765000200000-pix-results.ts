import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PIX results recorded by referents, with the certificate's verification code as proof. */
export class PixResults1765000200000 implements MigrationInterface {
  name = 'PixResults1765000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pix_result (
        id uuid PRIMARY KEY,
        structure_id uuid NOT NULL,
        aidant_username text NOT NULL,
        aidant_nom text,
        score integer NOT NULL CHECK (score BETWEEN 0 AND 1024),
        passe_le date NOT NULL,
        code_verification text NOT NULL,
        commentaire text,
        enregistre_par text NOT NULL,
        enregistre_le timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pix_result_aidant ON pix_result (aidant_username, passe_le DESC)`);
    await q.query(`CREATE INDEX pix_result_structure ON pix_result (structure_id, passe_le DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pix_result');
  }
}
