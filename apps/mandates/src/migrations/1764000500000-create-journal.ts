import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident journal. `journal_entry` holds the hashed, non-personal part and is
 * append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, and the grants are revoked.
 * Personal details live in `journal_personal` (outside the hash), which the retention purge may
 * erase through `journal_purge_personal()` only. `journal_head` is the one row writers lock to chain.
 */
export class CreateJournal1764000500000 implements MigrationInterface {
  name = 'CreateJournal1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE journal_entry (
        seq bigint PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL,
        action text NOT NULL,
        usager_id uuid,
        structure_id uuid,
        mandat_id uuid,
        demarche text,
        actor_sub text,
        data jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX journal_usager_idx ON journal_entry (usager_id, seq) WHERE usager_id IS NOT NULL`);
    await q.query(`CREATE INDEX journal_mandat_idx ON journal_entry (mandat_id) WHERE mandat_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE journal_personal (
        seq bigint PRIMARY KEY REFERENCES journal_entry(seq),
        usager_id uuid,
        details jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX journal_personal_usager_idx ON journal_personal (usager_id)`);
    await q.query(`CREATE TABLE journal_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)`);
    await q.query(`INSERT INTO journal_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()`);
    await q.query(`CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()`);
    await q.query(`CREATE TRIGGER journal_personal_no_update BEFORE UPDATE ON journal_personal FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON journal_entry FROM PUBLIC`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON journal_personal FROM PUBLIC`);
    // The only way personal details leave the journal: the retention purge, one usager at a time.
    await q.query(`
      CREATE FUNCTION journal_purge_personal(p_usager uuid) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE n integer;
      BEGIN
        DELETE FROM journal_personal WHERE usager_id = p_usager;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION journal_purge_personal(uuid) FROM PUBLIC`);
    // Without a dedicated role (current_user owns the tables) the owner keeps DELETE on
    // journal_personal; deployments give the service a role without it (see README).
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE journal_personal, journal_entry, journal_head');
    await q.query('DROP FUNCTION journal_purge_personal(uuid)');
    await q.query('DROP FUNCTION journal_refuse_change()');
  }
}
