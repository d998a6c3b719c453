import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `journal_head` protected like `journal_entry`: its one row can neither be deleted nor truncated,
 * and an UPDATE must move `seq` forward (same row) to an entry that exists with that very hash.
 * The forward check runs before the row changes; the hash check is a constraint trigger deferred
 * to commit, because the group-commit path moves the head and inserts the entries in one statement
 * (a data-modifying CTE: the entries are not visible while the head is updated). Both writers
 * (`append` under the row lock, the compare-and-set batch) keep working unchanged.
 */
export class ProtectJournalHead1764000600000 implements MigrationInterface {
  name = 'ProtectJournalHead1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION journal_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS DISTINCT FROM OLD.id OR NEW.seq IS NULL OR NEW.seq <= OLD.seq THEN
          RAISE EXCEPTION 'journal_head only moves forward (seq % to % refused)', OLD.seq, NEW.seq USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION journal_head_matches_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM journal_entry WHERE seq = NEW.seq AND hash = NEW.hash) THEN
          RAISE EXCEPTION 'journal_head must point at an entry of the journal (seq %, hash %)', NEW.seq, NEW.hash USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER journal_head_forward_only BEFORE UPDATE ON journal_head FOR EACH ROW EXECUTE FUNCTION journal_head_forward_only()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_head_matches_entry AFTER UPDATE ON journal_head
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_head_matches_entry()`);
    await q.query(`CREATE TRIGGER journal_head_no_delete BEFORE DELETE ON journal_head FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()`);
    await q.query(`CREATE TRIGGER journal_head_no_truncate BEFORE TRUNCATE ON journal_head FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()`);
    await q.query(`REVOKE DELETE, TRUNCATE ON journal_head FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER journal_head_no_truncate ON journal_head');
    await q.query('DROP TRIGGER journal_head_no_delete ON journal_head');
    await q.query('DROP TRIGGER journal_head_matches_entry ON journal_head');
    await q.query('DROP TRIGGER journal_head_forward_only ON journal_head');
    await q.query('DROP FUNCTION journal_head_matches_entry()');
    await q.query('DROP FUNCTION journal_head_forward_only()');
  }
}
