import { randomUUID } from 'node:crypto';
import { createRedis } from '@pin/jobs';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { migrations } from '../src/migrations';
import { DiagnosticRetentionService } from '../src/diagnostic/retention/diagnostic-retention.service';
import { SessionReminders } from '../src/sessions/session-reminders.service';
import { TrainingScheduleWorker } from '../src/schedule/training-schedule.worker';
import { Outbox } from '@pin/messaging';

jest.setTimeout(60_000);

// Real PostgreSQL and Redis: the repeatable BullMQ job (every second here) deletes, by itself, the
// diagnostics kept with consent past the retention period; recent ones and the anonymous counts stay.
describe('retention purge of stored diagnostics (BullMQ job scheduler, real Redis)', () => {
  let t: TestDataSource;
  const redis = createRedis('redis://127.0.0.1:6379');
  let worker: TrainingScheduleWorker | undefined;

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'training_retention', migrations, applicationName: 'retention-spec' });
  });
  afterAll(async () => {
    await worker?.forget();
    await worker?.onApplicationShutdown();
    await redis.quit();
    await t?.teardown();
  });

  const insert = (age: string) =>
    t.ds.query(`INSERT INTO diagnostic (id, structure_id, conduit_par_sub, code_insee, reponses, orientation, cree_le) VALUES ($1, NULL, 'sub-aidant', '40088', '{}', 'mediateur', now() - $2::interval) RETURNING id`, [randomUUID(), age]);

  it('deletes the diagnostics older than the retention period without being asked; the counts stay', async () => {
    await insert('400 days');
    await insert('366 days');
    const [recent] = (await insert('2 days')) as Array<{ id: string }>;
    await t.ds.query(`INSERT INTO diagnostic_count (mois, departement, epci, orientation, total) VALUES ('2025-10', '40', '', 'mediateur', 2)`);

    const settings = { retentionDays: 365, reminderDays: 2, everyMs: 1_000, prefix: `pin-test-${randomUUID()}` };
    worker = new TrainingScheduleWorker(redis, settings, new DiagnosticRetentionService(t.ds), new SessionReminders(t.ds, new Outbox(t.ds, 'pin/training')));
    await worker.onApplicationBootstrap();
    expect((await worker.schedulers()).sort()).toEqual(['training-diagnostics-purge', 'training-reminders-scan']);

    const deadline = Date.now() + 20_000;
    let left: Array<{ id: string }> = [];
    while (Date.now() < deadline) {
      left = (await t.ds.query(`SELECT id FROM diagnostic`)) as Array<{ id: string }>;
      if (left.length === 1) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(left).toEqual([{ id: recent.id }]);
    expect(await t.ds.query(`SELECT total FROM diagnostic_count`)).toEqual([{ total: 2 }]);
    // A rerun finds nothing more to delete.
    expect(await worker.run('training.diagnostics.purge')).toEqual({ supprimes: 0 });
  });

  it('deletes in batches when many are due', async () => {
    await t.ds.query(
      `INSERT INTO diagnostic (id, conduit_par_sub, code_insee, reponses, orientation, cree_le) SELECT gen_random_uuid(), 'sub', '40088', '{}', 'atelier', now() - interval '500 days' FROM generate_series(1, 2500)`,
    );
    expect(await new DiagnosticRetentionService(t.ds).purge(365)).toBe(2500);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM diagnostic`)).toEqual([{ n: 1 }]);
  });
});
