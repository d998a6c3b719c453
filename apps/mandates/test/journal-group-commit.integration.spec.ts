import type { DataSource } from 'typeorm';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';

jest.setTimeout(60_000);

// Real PostgreSQL: the group commit of authorization-check entries (`appendSoon`) answers a
// caller only once its entry is committed, groups what arrives together, keeps one chain with
// another replica, and an entry that cannot be hashed fails alone.
describe('journal group commit (real PostgreSQL)', () => {
  let t: TestDataSource;
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_group_commit', migrations, applicationName: 'group-a', poolSize: 4 });
    a = t.ds;
    b = await t.open('group-b', 2);
  });
  afterAll(async () => {
    await t?.teardown();
  });

  const count = async (ds: DataSource, where = 'true') => (await ds.query(`SELECT count(*)::int AS n FROM journal_entry WHERE ${where}`))[0].n as number;

  it('a caller is answered only once its entry is committed (visible from another connection)', async () => {
    const j = new JournalService(a);
    const seen = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const r = await j.appendSoon({ action: 'autorisation.utilisee', demarche: 'social', data: { i } });
        return (await b.query(`SELECT count(*)::int AS n FROM journal_entry WHERE seq = $1 AND hash = $2`, [r.seq, r.hash]))[0].n as number;
      }),
    );
    expect(seen).toEqual(Array(50).fill(1));
  });

  it('entries that arrive while a batch is being written are grouped in the next transactions', async () => {
    const j = new JournalService(a);
    const before = await count(a);
    const records = await Promise.all(Array.from({ length: 400 }, (_, i) => j.appendSoon({ action: 'autorisation.refusee', data: { i } })));
    expect(new Set(records.map((r) => r.seq)).size).toBe(400);
    const [{ n, transactions }] = await a.query(
      `SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions FROM journal_entry WHERE seq > $1`,
      [before],
    );
    expect(n).toBe(400);
    // The first entry goes alone (nothing in flight), the 399 others waited for it together.
    expect(transactions).toBeLessThanOrEqual(3);
    expect(await j.verify()).toMatchObject({ ok: true });
  });

  it('two replicas appending at once keep one chain; every entry is written once', async () => {
    const ja = new JournalService(a);
    const jb = new JournalService(b);
    const before = await count(a);
    const writes: Array<Promise<unknown>> = [];
    for (let wave = 0; wave < 5; wave++) {
      for (let i = 0; i < 40; i++) writes.push((i % 2 ? ja : jb).appendSoon({ action: 'autorisation.utilisee', data: { wave, i } }));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(writes);
    expect(await count(a, `seq > ${before}`)).toBe(200);
    expect(await ja.verify()).toMatchObject({ ok: true, premiereRupture: null });
  });

  it('an entry that cannot be hashed is refused alone; the others of its batch are committed', async () => {
    const j = new JournalService(a);
    const before = await count(a);
    const results = await Promise.allSettled([
      j.appendSoon({ action: 'autorisation.utilisee', data: { i: 1 } }),
      j.appendSoon({ action: 'autorisation.utilisee', data: { i: 2 } }),
      j.appendSoon({ action: 'autorisation.refusee', actorSub: 'x\ud800' }),
      j.appendSoon({ action: 'autorisation.utilisee', data: { i: 3 } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await count(a, `seq > ${before}`)).toBe(3);
    expect(await j.verify()).toMatchObject({ ok: true });
  });
});
