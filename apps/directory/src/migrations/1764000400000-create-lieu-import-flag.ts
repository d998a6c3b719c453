import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flags of the lieux an import wrote (hors-departement, horaires-invalides…), by row: the import
 * report counts them by flag and links each row to its lieu. Written in the same transaction as
 * the batch of lieux, keyed by the row's position so that a replayed batch adds nothing. Also a
 * flag index on `lieu` for the flag filter of mes-lieux and the dashboard counts.
 */
export class CreateLieuImportFlag1764000400000 implements MigrationInterface {
  name = 'CreateLieuImportFlag1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lieu_import_flag (
        import_id uuid NOT NULL REFERENCES lieu_import(id) ON DELETE CASCADE,
        position integer NOT NULL,
        flag text NOT NULL,
        ligne integer NOT NULL,
        lieu_id uuid NOT NULL,
        PRIMARY KEY (import_id, flag, position)
      )`);
    await q.query(`CREATE INDEX lieu_flags_gin ON lieu USING gin (flags)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX lieu_flags_gin');
    await q.query('DROP TABLE lieu_import_flag');
  }
}
