import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MandateExpiredV1 } from '@pin/contracts';
import { createRedis } from '@pin/jobs';
import { Outbox } from '@pin/messaging';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';
import { ScheduleService } from '../src/maintenance/schedule.service';
import { ScheduleWorker } from '../src/maintenance/schedule.worker';

jest.setTimeout(60_000);

// Real PostgreSQL and Redis: the repeatable BullMQ jobs run by themselves (every second here),
// emit the expired event once, and purge personal data past the retention period.
describe('scheduled scans (BullMQ job schedulers, real Redis)', () => {
  let t: TestDataSource;
  let ds: DataSource;
  const redis = createRedis('redis://127.0.0.1:6379');
  let worker: ScheduleWorker;

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_schedule', migrations, applicationName: 'schedule-spec' });
    ds = t.ds;
  });
  afterAll(async () => {
    await worker?.forget();
    await worker?.onApplicationShutdown();
    await redis.quit();
    await t?.teardown();
  });

  it('expires a mandate and purges an old usager without being asked', async () => {
    const [recent, old] = [randomUUID(), randomUUID()];
    const structure = randomUUID();
    for (const [id, nom] of [[recent, 'Récent'], [old, 'Ancien']]) {
      await ds.query(
        `INSERT INTO usager (id, nom, prenoms, date_naissance, lieu_naissance, identity_key, identite_verifiee_par, identite_verifiee_le) VALUES ($1, $2, 'Test', '1950-01-01', 'Dax', $2, 'x', now())`,
        [id, nom],
      );
    }
    const mandat = async (usager: string, debut: string, fin: string) => {
      const id = randomUUID();
      await ds.query(
        `INSERT INTO mandat (id, usager_id, structure_id, cree_par_sub, cree_par_username, debut, fin, duree_jours, consentement_le, verification_token)
         VALUES ($1, $2, $3, 'x', 'x', now() - $4::interval, now() - $5::interval, 1, now(), $6)`,
        [id, usager, structure, debut, fin, randomUUID().slice(0, 22)],
      );
      await ds.query(`INSERT INTO autorisation (id, mandat_id, usager_id, structure_id, demarche, debut, fin) SELECT gen_random_uuid(), id, usager_id, structure_id, 'social', debut, fin FROM mandat WHERE id = $1`, [id]);
      return id;
    };
    const ended = await mandat(recent, '25 hours', '1 hour');
    await mandat(old, '1200 days', '1199 days');

    const journal = new JournalService(ds);
    const service = new ScheduleService(ds, new Outbox(ds, 'pin/mandates'), journal);
    worker = new ScheduleWorker(redis, `pin-test-${randomUUID()}`, 1_000, { retentionDays: 1095, noticeDays: 30 }, service);
    await worker.onApplicationBootstrap();

    const deadline = Date.now() + 20_000;
    let state: { expired: number; purged: number } = { expired: 0, purged: 0 };
    while (Date.now() < deadline) {
      [state] = await ds.query(
        `SELECT (SELECT count(*) FROM mandat WHERE expired_emitted_at IS NOT NULL)::int AS expired, (SELECT count(*) FROM usager WHERE purged_at IS NOT NULL)::int AS purged`,
      );
      if (state.expired >= 1 && state.purged >= 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The old usager's mandate expired too; the recent usager keeps their identity.
    expect(state).toEqual({ expired: 2, purged: 1 });
    expect((await ds.query(`SELECT nom FROM usager WHERE id = $1`, [recent]))[0].nom).toBe('Récent');
    expect((await ds.query(`SELECT nom FROM usager WHERE id = $1`, [old]))[0].nom).toBeNull();
    const events = await ds.query(`SELECT subject, payload FROM outbox WHERE subject = $1`, [MandateExpiredV1.type]);
    expect(events.map((e: { payload: string }) => JSON.parse(e.payload).data.mandatId)).toContain(ended);
    expect(await worker.schedulers()).toEqual(expect.arrayContaining(['mandates-expiry-scan', 'mandates-retention-purge']));
    expect(await journal.verify()).toMatchObject({ ok: true });
  });
});
