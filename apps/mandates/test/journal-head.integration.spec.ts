import type { DataSource } from 'typeorm';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';

jest.setTimeout(60_000);

// Real PostgreSQL: the single `journal_head` row is protected like the entries (no DELETE, no
// TRUNCATE, only forward moves to an existing entry), while both writers keep appending: the
// locked `append` and the group-commit compare-and-set of authorization checks, from two "replicas".
describe('journal head (real PostgreSQL)', () => {
  let t: TestDataSource;
  let a: DataSource;
  let b: DataSource;
  const head = async () => ((await a.query(`SELECT seq::int AS seq, hash FROM journal_head WHERE id = 1`)) as Array<{ seq: number; hash: string }>)[0];

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_journal_head', migrations, applicationName: 'journal-head-a', poolSize: 6 });
    a = t.ds;
    b = await t.open('journal-head-b');
  });
  afterAll(async () => {
    await t?.teardown();
  });

  /** 20 locked appends of 2 entries and 20 grouped ones, spread over both replicas. */
  async function appendSome(ja: JournalService, jb: JournalService): Promise<void> {
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i++) {
      const j = i % 2 ? ja : jb;
      writes.push(j.appendSoon({ action: 'autorisation.utilisee', demarche: 'social', data: { i } }));
      writes.push((i % 2 ? a : b).transaction((m) => j.append(m, [{ action: 'mandat.cree', data: { i } }, { action: 'autorisation.creee', data: { i } }])));
    }
    await Promise.all(writes);
  }

  it('both writers (locked append, group-commit compare-and-set) move the head; the chain verifies', async () => {
    const ja = new JournalService(a);
    const jb = new JournalService(b);
    await appendSome(ja, jb);
    const [last] = await a.query(`SELECT seq::int AS seq, hash FROM journal_entry ORDER BY seq DESC LIMIT 1`);
    expect(await head()).toEqual(last);
    expect(await ja.verify()).toEqual({ ok: true, entrees: 60, premiereRupture: null });
  });

  it('an UPDATE that moves the head backwards (or not at all) is refused', async () => {
    const before = await head();
    const [older] = await a.query(`SELECT seq::int AS seq, hash FROM journal_entry WHERE seq = $1`, [before.seq - 5]);
    await expect(a.query(`UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 1`, [older.seq, older.hash])).rejects.toThrow(/only moves forward/);
    await expect(a.query(`UPDATE journal_head SET hash = $1 WHERE id = 1`, ['f'.repeat(64)])).rejects.toThrow(/only moves forward/);
    await expect(a.query(`UPDATE journal_head SET seq = 0, hash = repeat('0', 64) WHERE id = 1`)).rejects.toThrow(/only moves forward/);
    expect(await head()).toEqual(before);
  });

  it('an UPDATE that moves the head forward to no entry, or with another hash, is refused at commit', async () => {
    const before = await head();
    await expect(a.query(`UPDATE journal_head SET seq = seq + 1 WHERE id = 1`)).rejects.toThrow(/must point at an entry/);
    await expect(
      a.transaction(async (m) => {
        await m.query(`INSERT INTO journal_entry (seq, id, recorded_at, action, data, prev_hash, hash) VALUES ($1, gen_random_uuid(), now(), 'mandat.cree', '{}', $2, $3)`, [
          before.seq + 1,
          before.hash,
          'a'.repeat(64),
        ]);
        await m.query(`UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 1`, [before.seq + 1, 'b'.repeat(64)]);
      }),
    ).rejects.toThrow(/must point at an entry/);
    expect(await head()).toEqual(before);
  });

  it('DELETE and TRUNCATE of the head are refused', async () => {
    const before = await head();
    await expect(a.query(`DELETE FROM journal_head WHERE id = 1`)).rejects.toThrow(/journal_head is append-only \(DELETE refused\)/);
    await expect(a.query(`TRUNCATE journal_head`)).rejects.toThrow(/journal_head is append-only \(TRUNCATE refused\)/);
    expect(await head()).toEqual(before);
    const [{ acl }] = await a.query(`SELECT relacl::text AS acl FROM pg_class WHERE relname = 'journal_head'`);
    expect(acl ?? '').not.toMatch(/=[a-zA-Z]*[dD][a-zA-Z]*\/.*PUBLIC/);
  });

  it('after the refusals, normal appends go on and verify() is still ok', async () => {
    // Fresh services (reload the head) and the same ones as before would both do: use fresh ones.
    const ja = new JournalService(a);
    const jb = new JournalService(b);
    await appendSome(ja, jb);
    expect(await jb.verify()).toEqual({ ok: true, entrees: 120, premiereRupture: null });
    expect((await head()).seq).toBe(120);
  });
});
