import type { DataSource } from 'typeorm';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';

jest.setTimeout(60_000);

// Real PostgreSQL: concurrent writers (two "replicas", each with its own pool, plus grouped
// authorization-check entries) still produce one unbroken chain; the table refuses changes.
describe('journal (real PostgreSQL)', () => {
  let t: TestDataSource;
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_journal', migrations, applicationName: 'journal-a', poolSize: 8 });
    a = t.ds;
    b = await t.open('journal-b');
  });
  afterAll(async () => {
    await t?.teardown();
  });

  it('concurrent appends from two replicas chain without gaps or forks', async () => {
    const ja = new JournalService(a);
    const jb = new JournalService(b);
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 60; i++) {
      const j = i % 2 ? ja : jb;
      writes.push(j.appendSoon({ action: 'autorisation.utilisee', demarche: 'social', data: { i } }));
      writes.push(
        (i % 2 ? a : b).transaction((m) =>
          j.append(m, [
            { action: 'mandat.cree', data: { i }, personal: { acteur: `Aidant ${i}` } },
            { action: 'autorisation.creee', demarche: 'papiers', data: { i } },
          ]),
        ),
      );
    }
    await Promise.all(writes);
    const [{ n, max }] = await a.query(`SELECT count(*)::int AS n, max(seq)::int AS max FROM journal_entry`);
    expect([n, max]).toEqual([180, 180]);
    expect(await ja.verify()).toEqual({ ok: true, entrees: 180, premiereRupture: null });
    expect((await a.query(`SELECT count(*)::int AS n FROM journal_personal`))[0].n).toBe(60);
  });

  it('a rolled-back transaction leaves no entry and does not move the head', async () => {
    const j = new JournalService(a);
    await expect(
      a.transaction(async (m) => {
        await j.append(m, [{ action: 'mandat.cree' }]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await j.verify()).toMatchObject({ ok: true, entrees: 180 });
  });

  it('UPDATE, DELETE and TRUNCATE are refused by the trigger; personal details only leave through the purge function', async () => {
    await expect(a.query(`UPDATE journal_entry SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(a.query(`DELETE FROM journal_entry WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(a.query(`TRUNCATE journal_entry CASCADE`)).rejects.toThrow(/append-only/);
    await expect(a.query(`UPDATE journal_personal SET details = '{}'`)).rejects.toThrow(/append-only/);
    const [{ acl }] = await a.query(`SELECT relacl::text AS acl FROM pg_class WHERE relname = 'journal_entry'`);
    expect(acl ?? '').not.toMatch(/=[a-zA-Z]*[wdD][a-zA-Z]*\/.*PUBLIC/);
  });

  it('deleting the newest entry (trigger bypassed) is detected through the head', async () => {
    await a.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`DELETE FROM journal_personal WHERE seq = (SELECT max(seq) FROM journal_entry)`);
      await m.query(`DELETE FROM journal_entry WHERE seq = (SELECT max(seq) FROM journal_entry)`);
    });
    expect(await new JournalService(a).verify()).toMatchObject({ ok: false, premiereRupture: { seq: 180, id: null } });
  });
});
