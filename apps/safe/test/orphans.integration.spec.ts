// Orphaned objects: the safe in-process against the machine's real PostgreSQL and Redis (BullMQ
// job scheduler), a private nats-server and the filesystem storage in a temporary directory. A
// crash between the object's write and the document's row (or during the write) leaves ciphertext
// no row references: the repeatable sweep removes it once it is older than SAFE_ORPHAN_MIN_AGE_MS,
// and never an object a row references, nor a young one (a deposit in progress).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { REQUESTS, rpc, STREAMS, type UserContext } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestNatsServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { EdgeHttpServer } from '../src/edge/edge-http.server';
import { OrphanSweep } from '../src/storage/orphan-sweep.service';
import { EdgeClient, MandatesStandIn, pdfWith, until, usagerUser } from './safe.fixtures';

jest.setTimeout(120_000);

const SECRET = randomBytes(32).toString('base64url');
const HOUR = 3_600_000;

describe('safe: sweep of orphaned objects (BullMQ repeatable job)', () => {
  let db: TestDatabase;
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let app: NestFastifyApplication;
  let dir: string;
  let edge: EdgeClient;
  let mandates: MandatesStandIn;

  beforeAll(async () => {
    db = await createTestDatabase('safe_orphans');
    dir = await mkdtemp(join(tmpdir(), 'pin-safe-orphans-'));
    nats = await TestNatsServer.start();
    nc = await connectNats({ url: nats.url, name: 'safe-orphans-test' });
    await (await jetstreamManager(nc)).streams.add({ name: STREAMS.mandates.name, subjects: [...STREAMS.mandates.subjects] });
    mandates = new MandatesStandIn(nc).start();
    const config = configSchema.parse({
      DATABASE_URL: db.url, NATS_URL: nats.url, LOG_LEVEL: 'silent', SAFE_EDGE_SECRET: SECRET, SAFE_KEKS: `v1:${randomBytes(32).toString('base64')}`,
      SAFE_STORAGE_DIR: dir, SAFE_ORPHAN_SWEEP_EVERY_MS: '1000', SAFE_ORPHAN_MIN_AGE_MS: String(HOUR),
    });
    app = await bootstrapService({ module: AppModule.forRoot(config), nats: { url: nats.url }, queue: 'safe', healthPort: 0, healthHost: '127.0.0.1' });
    edge = new EdgeClient(`http://127.0.0.1:${app.get(EdgeHttpServer).port}`, SECRET);
  });
  afterAll(async () => {
    await app?.close();
    mandates?.stop();
    await nc?.close();
    await nats?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('removes old unreferenced objects and interrupted writes, keeps referenced and young ones, and the document still opens', async () => {
    const user: UserContext = usagerUser();
    mandates.accounts.set(user.sub, randomUUID());
    const doc = (await edge.deposit(user, { categorie: 'logement', nom: 'quittance.pdf' }, await pdfWith('quittance'))).body as { id: string; sha256: string };
    const ds = app.get(DataSource);
    const [{ object_key: kept }] = (await ds.query(`SELECT object_key FROM document WHERE id = $1`, [doc.id])) as { object_key: string }[];
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    // The referenced object is old too: age alone never removes anything.
    await utimes(join(dir, kept!), twoHoursAgo, twoHoursAgo);
    const orphan = randomUUID();
    const partial = `${randomUUID()}.partial`;
    const young = randomUUID();
    for (const name of [orphan, partial, young]) await writeFile(join(dir, name), randomBytes(1000));
    await utimes(join(dir, orphan), twoHoursAgo, twoHoursAgo);
    await utimes(join(dir, partial), twoHoursAgo, twoHoursAgo);

    // The repeatable job (every second here) sweeps on its own.
    const left = await until(async () => {
      const names = (await readdir(dir)).sort();
      return names.includes(orphan) || names.includes(partial) ? undefined : names;
    }, 20_000);
    expect(left).toEqual([kept, young].sort());

    // A young orphan goes once it is old enough; a later sweep has nothing more to do.
    const sweep = app.get(OrphanSweep);
    expect(await sweep.sweep(new Date(Date.now() + 2 * HOUR))).toBe(1);
    expect(await readdir(dir)).toEqual([kept]);
    expect(await sweep.sweep(new Date(Date.now() + 2 * HOUR))).toBe(0);

    const link = await nestRequest<{ url: string }>(nc, REQUESTS.safe.documentLink, rpc({ params: { id: doc.id } }), { user });
    expect((await edge.download(link.url, user)).status).toBe(200);
  });
});
