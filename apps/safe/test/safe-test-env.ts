// The safe's integration-test bootstrap, written once: a test database on the machine's real
// PostgreSQL, a temporary directory (the filesystem storage's), a private nats-server with the
// mandates stream, the mandates stand-in, the safe in-process (NATS listener, Redis-backed jobs,
// internal file port) and the gateway-side edge client. `useSafeTestEnv` registers the start and the
// teardown with jest; the spec reads the parts from the returned object once `beforeAll` has run.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { rpc, STREAMS, type UserContext } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import type { ObjectStorage } from '@pin/persistence/storage';
import { createTestDatabase, nestRequest, TestNatsServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { EdgeHttpServer } from '../src/edge/edge-http.server';
import { RemindersWorker } from '../src/reminders/reminders.worker';
import { EdgeClient, MandatesStandIn, usagerUser } from './safe.fixtures';

/** A storage other than the default filesystem one (e.g. S3), set up in the env's directory. */
export interface SafeTestStorage {
  storage: ObjectStorage;
  /** Configuration entries the storage needs (e.g. SAFE_STORAGE, S3_*). */
  config: Record<string, string>;
  close(): Promise<void>;
}

export interface SafeTestEnvOptions {
  /** Names the test database (`safe_<name>`), the directory and the NATS connection; none: `safe`. */
  name?: string;
  /** Further configuration entries (quota, job periods…). */
  config?: Record<string, string>;
  /** SAFE_KEKS of the first start; a fresh random `v1` key when absent. */
  keks?: string;
  /** Whether to create the mandates stream on the private nats-server (default true). */
  mandatesStream?: boolean;
  /** Another storage than the filesystem one in `dir`. */
  storage?: (dir: string) => Promise<SafeTestStorage>;
}

export type Failure = (p: Promise<unknown>) => Promise<string | undefined>;

export class SafeTestEnv {
  readonly secret = randomBytes(32).toString('base64url');
  db!: TestDatabase;
  nats!: TestNatsServer;
  nc!: NatsConnection;
  js!: JetStreamClient;
  app!: NestFastifyApplication;
  ds!: DataSource;
  dir!: string;
  edge!: EdgeClient;
  mandates!: MandatesStandIn;
  private storage?: SafeTestStorage;

  constructor(private readonly options: SafeTestEnvOptions = {}) {}

  /** A request on the safe's NATS patterns as `user`. */
  readonly call = <T = any>(pattern: string, user: UserContext, parts: Parameters<typeof rpc>[0] = {}) => nestRequest<T>(this.nc, pattern, rpc(parts), { user });

  /** The error code a promise fails with (and a failure if it does not). */
  readonly failure: Failure = (p) => p.then(() => { throw new Error('expected a failure'); }, (e: { body?: { code: string } }) => e.body?.code);

  /** A new usager account, linked to a new usager id by the mandates stand-in. */
  readonly newUsager = () => {
    const user = usagerUser();
    const usagerId = randomUUID();
    this.mandates.accounts.set(user.sub, usagerId);
    return { user, usagerId };
  };

  async setUp(): Promise<void> {
    const name = this.options.name;
    this.db = await createTestDatabase(name ? `safe_${name}` : 'safe');
    this.dir = await mkdtemp(join(tmpdir(), name ? `pin-safe-${name}-` : 'pin-safe-'));
    this.storage = await this.options.storage?.(this.dir);
    this.nats = await TestNatsServer.start();
    this.nc = await connectNats({ url: this.nats.url, name: name ? `safe-${name}-test` : 'safe-test' });
    if (this.options.mandatesStream !== false) {
      await (await jetstreamManager(this.nc)).streams.add({ name: STREAMS.mandates.name, subjects: [...STREAMS.mandates.subjects] });
    }
    this.js = jetstream(this.nc);
    this.mandates = new MandatesStandIn(this.nc).start();
    await this.startApp(this.options.keks ?? `v1:${randomBytes(32).toString('base64')}`);
  }

  /** Starts the safe (again, after `app.close()`) with the given key ring. */
  async startApp(keks: string): Promise<void> {
    const config = configSchema.parse({
      DATABASE_URL: this.db.url, NATS_URL: this.nats.url, LOG_LEVEL: process.env.SAFE_TEST_LOG ?? 'silent', SAFE_EDGE_SECRET: this.secret, SAFE_KEKS: keks, SAFE_STORAGE_DIR: this.dir,
      ...this.storage?.config, ...this.options.config,
    });
    const module = this.storage ? AppModule.forRoot(config, this.storage.storage) : AppModule.forRoot(config);
    this.app = await bootstrapService({ module, nats: { url: this.nats.url }, queue: 'safe', healthPort: 0, healthHost: '127.0.0.1' });
    this.ds = this.app.get(DataSource);
    this.edge = new EdgeClient(`http://127.0.0.1:${this.app.get(EdgeHttpServer).port}`, this.secret);
  }

  async tearDown(): Promise<void> {
    // The repeatable jobs' schedulers and runs leave Redis with the test (a deployment keeps them).
    await this.app?.get(RemindersWorker).forget().catch(() => undefined);
    await this.app?.close();
    this.mandates?.stop();
    await this.nc?.close();
    await this.nats?.stop();
    await this.storage?.close();
    await this.db?.drop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** The env, started in `beforeAll` and torn down in `afterAll` of the calling describe block. */
export function useSafeTestEnv(options: SafeTestEnvOptions = {}): SafeTestEnv {
  const env = new SafeTestEnv(options);
  beforeAll(() => env.setUp());
  afterAll(() => env.tearDown());
  return env;
}
