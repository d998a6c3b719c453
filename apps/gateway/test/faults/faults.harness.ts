import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { TestPostgresServer, TestRedisServer, type PlatformOptions, type TestDatabase } from '@pin/testing';
import { PlatformHarness } from '../platform.harness';

/** Every event of `stream` on `subject` stored right now (an ordered consumer read to the end). */
export async function streamEvents(nc: NatsConnection, stream: string, subject: string): Promise<any[]> {
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: subject });
  const events: any[] = [];
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      events.push(m.json());
      got++;
      if (m.info.pending === 0) break;
    }
    if (got === 0 || (await consumer.info(true)).num_pending === 0) return events;
  }
}

/** One request made during a fault test. */
export interface Outcome {
  kind: string;
  status: number;
  json: any;
  ms: number;
  /** Epoch ms when it was sent. */
  at: number;
}

/** Records every request of a fault test with its status, answer and timing. */
export function outcomeRecorder(): { outcomes: Outcome[]; timed: (kind: string, run: () => Promise<{ status: number; json: any }>) => Promise<Outcome> } {
  const outcomes: Outcome[] = [];
  const timed = async (kind: string, run: () => Promise<{ status: number; json: any }>) => {
    const t0 = Date.now();
    const r = await run();
    const o = { kind, status: r.status, json: r.json, ms: Date.now() - t0, at: t0 };
    outcomes.push(o);
    return o;
  };
  return { outcomes, timed };
}

/** `{ code, message, correlationId }` with a code matching `code`. */
export function isErrorEnvelope(json: any, code: RegExp): boolean {
  return typeof json?.code === 'string' && code.test(json.code) && typeof json.message === 'string' && json.message.length > 0 && typeof json.correlationId === 'string';
}

/**
 * The platform on a private PostgreSQL cluster and/or a private redis-server, which a fault test
 * may crash and restart without disturbing the machine's servers that other suites use.
 */
export class PrivateInfraHarness extends PlatformHarness {
  pg?: TestPostgresServer;
  redis?: TestRedisServer;

  constructor(private readonly infra: { postgres?: boolean; redis?: boolean }) {
    super();
  }

  override async start(gatewayEnv: Record<string, string> = {}, devIdpEnv: Record<string, string> = {}, extra: Partial<PlatformOptions> = {}): Promise<void> {
    if (this.infra.redis) this.redis = await TestRedisServer.start();
    if (this.infra.postgres) {
      const pg = (this.pg = await TestPostgresServer.start());
      const db = async (name: string, extensions: string[]): Promise<TestDatabase> => ({ name, url: await pg.createDatabase(name, extensions), drop: async () => undefined });
      this.directoryDb = await db('directory', ['postgis']);
      this.mandatesDb = await db('mandates', []);
      this.trainingDb = await db('training', []);
    }
    await super.start(gatewayEnv, devIdpEnv, { ...(this.redis ? { redisUrl: this.redis.url() } : {}), ...extra });
  }

  override async stop(): Promise<void> {
    await super.stop().catch(() => undefined);
    await this.pg?.stop();
    await this.redis?.stop();
  }
}
