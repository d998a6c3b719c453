import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The charte de l'aidant's versions published by the labelling service
 * (`pin.labelling.charter.published.v1`): a new version asks everyone to sign again. Signatures of
 * earlier versions no longer satisfy « charte signée »: a pending request loses it; a granted
 * habilitation stays granted (never withdrawn automatically) but records the version its aidant
 * must sign again (`charte_a_signer_version`), cleared by that signature.
 */
export class CharterVersion1766000750000 implements MigrationInterface {
  name = 'CharterVersion1766000750000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE charter_version (version integer PRIMARY KEY, published_at timestamptz NOT NULL)`);
    await q.query(`ALTER TABLE habilitation ADD COLUMN charte_a_signer_version integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE habilitation DROP COLUMN charte_a_signer_version`);
    await q.query('DROP TABLE charter_version');
  }
}
