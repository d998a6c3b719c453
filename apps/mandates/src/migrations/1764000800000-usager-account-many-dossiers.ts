import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One usager account may be linked to several dossiers: a person followed by two structures has a
 * dossier in each (structures never see each other's usagers), and each claim code links one more.
 */
export class UsagerAccountManyDossiers1764000800000 implements MigrationInterface {
  name = 'UsagerAccountManyDossiers1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE usager DROP CONSTRAINT usager_account_sub_key');
    await q.query('CREATE INDEX usager_account_sub_idx ON usager (account_sub) WHERE account_sub IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX usager_account_sub_idx');
    await q.query('ALTER TABLE usager ADD CONSTRAINT usager_account_sub_key UNIQUE (account_sub)');
  }
}
