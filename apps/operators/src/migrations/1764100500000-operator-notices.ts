import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notices to an operator's contact (an endpoint disabled…): recorded, shown to the staff. */
export class OperatorNotices1764100500000 implements MigrationInterface {
  name = 'OperatorNotices1764100500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operator_notice (
        id uuid PRIMARY KEY,
        operator_id text NOT NULL,
        endpoint_id uuid,
        kind text NOT NULL,
        motif text,
        recipient text,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX operator_notice_operator ON operator_notice (operator_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE operator_notice');
  }
}
