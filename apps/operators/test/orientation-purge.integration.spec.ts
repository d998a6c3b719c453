// The purge of closed orientations' personal data, in the running service (real PostgreSQL,
// Redis and a private nats-server): only closed orientations older than the delay lose their
// reference, the BullMQ job scheduler runs it by itself, and the orientation stays for counts.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstreamManager } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { REQUESTS, rpc, STREAMS, type OrientationView } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestNatsServer, type TestDatabase } from '@pin/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { OrientationPurge } from '../src/orientations/orientation-purge';
import { OperatorsScheduleWorker } from '../src/schedule/operators-schedule.worker';
import { operatorUser, until } from './operators.fixtures';

jest.setTimeout(60_000);

describe('operators: purge of closed orientations', () => {
  let db: TestDatabase;
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let app: NestFastifyApplication;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('operators_purge');
    nats = await TestNatsServer.start();
    nc = await connectNats({ url: nats.url, name: 'operators-purge-test' });
    const jsm = await jetstreamManager(nc);
    for (const s of [STREAMS.directory, STREAMS.mandates]) await jsm.streams.add({ name: s.name, subjects: [...s.subjects] });
    const config = configSchema.parse({ DATABASE_URL: db.url, NATS_URL: nats.url, LOG_LEVEL: 'silent', ORIENTATION_PURGE_AFTER_DAYS: '30', ORIENTATION_PURGE_EVERY_MS: '300' });
    app = await bootstrapService({ module: AppModule.forRoot(config), nats: { url: nats.url }, queue: 'operators', healthPort: 0, healthHost: '127.0.0.1' });
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.get(OperatorsScheduleWorker).forget();
    await app?.close();
    await nc?.close();
    await nats?.stop();
    await db?.drop();
  });

  /** An orientation as the service writes it, last changed `daysAgo` days ago. */
  async function orientation(status: string, daysAgo: number): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO orientation (id, operator_id, lieu_id, demarche, reference, status, created_at, updated_at)
       VALUES ($1, 'pin-caf', $2, 'famille', $3, $4, now() - $5 * interval '1 day', now() - $5 * interval '1 day')`,
      [id, randomUUID(), `CAF-${id.slice(0, 6)}`, status, daysAgo],
    );
    return id;
  }

  it('erases the reference of closed orientations after the delay, keeps the rest, and runs on its own', async () => {
    const old = { helped: await orientation('accompagnee', 31), absent: await orientation('non-venue', 45), moved: await orientation('reorientee', 40) };
    const recent = await orientation('accompagnee', 10);
    const open = await orientation('envoyee', 90);
    const row = async (id: string) => (await ds.query('SELECT reference, purged_at, status, demarche FROM orientation WHERE id = $1', [id]))[0];
    expect(await app.get(OperatorsScheduleWorker).schedulers()).toEqual(['operators-orientations-purge']);

    // The job scheduler (every 300 ms here) purges the three old closed ones.
    await until('the purge', () => Promise.all(Object.values(old).map(row)), (rows) => rows.every((r) => r.purged_at !== null));
    for (const id of Object.values(old)) expect(await row(id)).toMatchObject({ reference: null, demarche: 'famille' });
    expect(await row(old.helped)).toMatchObject({ status: 'accompagnee' });
    // Closed too recently, or still waiting for the lieu: untouched.
    expect(await row(recent)).toMatchObject({ reference: expect.stringMatching(/^CAF-/), purged_at: null });
    expect(await row(open)).toMatchObject({ reference: expect.stringMatching(/^CAF-/), purged_at: null });
    // Idempotent: nothing more to do.
    expect(await app.get(OrientationPurge).run()).toBe(0);

    // The operator sees its orientation, anonymous, with the purge date.
    const mine = await nestRequest<{ items: OrientationView[] }>(nc, REQUESTS.operators.orientationMine, rpc({}), { user: operatorUser('pin-caf') });
    expect(mine.items.find((o) => o.id === old.absent)).toMatchObject({ reference: null, statut: 'non-venue', purgee_le: expect.any(String) });
    expect(mine.items.find((o) => o.id === recent)).toMatchObject({ purgee_le: null });
  });
});
