import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pieces (evidence files) of a dossier's criterion answers. The bytes live in the service's object
 * storage under `cle`; a row is written only after its object is stored, so a crash mid-upload
 * leaves at most an orphan object that no row points to (never a row without its object).
 */
export class DossierPieces1766000300000 implements MigrationInterface {
  name = 'DossierPieces1766000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier_piece (
        id uuid PRIMARY KEY,
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        critere_id text NOT NULL,
        cle text NOT NULL UNIQUE,
        nom text NOT NULL,
        type text NOT NULL CHECK (type IN ('application/pdf', 'image/jpeg', 'image/png')),
        taille integer NOT NULL CHECK (taille > 0),
        sha256 text NOT NULL,
        depose_par text NOT NULL,
        depose_le timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dossier_piece_dossier ON dossier_piece (dossier_id, critere_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_piece`);
  }
}
