import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the expiry reminder of a document was recorded (once per document; the journal holds the entry). */
export class ExpiryReminders1765200000000 implements MigrationInterface {
  name = 'ExpiryReminders1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE document ADD COLUMN expiry_reminded_at timestamptz;
      CREATE INDEX document_expiry_due ON document (expire_le) WHERE deleted_at IS NULL AND expire_le IS NOT NULL AND expiry_reminded_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_expiry_due; ALTER TABLE document DROP COLUMN expiry_reminded_at;`);
  }
}
