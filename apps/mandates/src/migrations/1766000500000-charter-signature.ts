import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection of the labelling service's charter signatures (`pin.labelling.charter.signed.v1`):
 * the aidant (opaque subject id) signed a version of the charte de l'aidant. It is the
 * habilitation prerequisite « charte signée »; the referent's checkbox remains a fallback only.
 */
export class CharterSignature1766000500000 implements MigrationInterface {
  name = 'CharterSignature1766000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE charter_signature (
        aidant_sub text NOT NULL,
        version integer NOT NULL,
        signature_id uuid NOT NULL,
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (aidant_sub, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE charter_signature');
  }
}
