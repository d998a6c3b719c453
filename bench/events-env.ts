import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { STREAMS, createEvent, defineEvent } from '@pin/contracts';
import {
  connectNats, ensureDeadLetterStream, ensureStream, EventConsumer, manager, MessagingTables1763900000000, Outbox, OutboxRelay,
} from '@pin/messaging';
import { TestNatsServer, withTestDataSource, type TestDatabase } from '@pin/testing';
import { cpuMeter, type Cleanup, type CpuUse } from './bench-util';

/** CPU group of the PostgreSQL backends connected to this benchmark's databases. */
export const BENCH_PG = 'postgres (bench databases)';

/** The benchmark's event: one per business row. Its subject stays apart from the raw publishes. */
export const BenchRowCreated = defineEvent(
  'pin.test.bench-row.created.v1',
  z.object({ id: z.uuid(), phase: z.string(), n: z.number().int(), note: z.string() }),
);
const PIPELINE_FILTER = 'pin.test.bench-row.>';
/** Raw JetStream publishes go to the same stream, on a subject the pipeline consumer ignores. */
export const RAW_SUBJECT = 'pin.test.raw-publish.sent.v1';
const TARGET_EVENT_BYTES = 400;
const SOURCE = 'pin/bench';

/**
 * Everything the events benchmark needs: fresh producer and consumer databases, a private
 * nats-server with the test stream, an outbox with its relay, and one inbox consumer whose
 * handler records, per event, its CloudEvent `time` and the consumer's clock at handling.
 */
export class EventsBenchEnv {
  producerDb!: TestDatabase;
  consumerDb!: TestDatabase;
  nats!: TestNatsServer;
  nc!: NatsConnection;
  js!: JetStreamClient;
  producer!: DataSource;
  consumerDs!: DataSource;
  outbox!: Outbox;
  relay!: OutboxRelay;
  consumer!: EventConsumer;
  /** Padding that brings a serialised event to about TARGET_EVENT_BYTES. */
  note = '';

  static async start(concurrency: number, cleanup: Cleanup): Promise<EventsBenchEnv> {
    const env = new EventsBenchEnv();
    env.nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => env.nats.stop());
    // Producers, plus room for the relay's transaction and the NOTIFY query.
    const producer = await withTestDataSource({ prefix: 'bench_prod', migrations: [MessagingTables1763900000000], poolSize: concurrency + 4 });
    cleanup.add('producer database and pool', () => producer.teardown());
    ({ db: env.producerDb, ds: env.producer } = producer);
    const consumer = await withTestDataSource({ prefix: 'bench_cons', migrations: [MessagingTables1763900000000], poolSize: 4 });
    cleanup.add('consumer database and pool', () => consumer.teardown());
    ({ db: env.consumerDb, ds: env.consumerDs } = consumer);
    await env.producer.query('CREATE TABLE bench_raw (id uuid PRIMARY KEY, n int NOT NULL, note text NOT NULL)');
    await env.producer.query('CREATE TABLE bench_row (id uuid PRIMARY KEY, phase text NOT NULL, n int NOT NULL, note text NOT NULL)');
    await env.consumerDs.query(
      `CREATE TABLE bench_seen (id uuid PRIMARY KEY, phase text NOT NULL, event_time timestamptz NOT NULL,
         seen_at timestamptz NOT NULL, batch_tx bigint NOT NULL)`,
    );
    env.nc = await connectNats({ url: env.nats.url, name: 'bench-events' });
    cleanup.add('nats connection', () => env.nc.close());
    env.js = jetstream(env.nc);
    const jsm = await manager(env.nc);
    await ensureStream(jsm, STREAMS.test);
    await ensureDeadLetterStream(jsm);
    env.note = env.padding();
    env.outbox = new Outbox(env.producer, SOURCE);
    env.relay = new OutboxRelay({
      dataSource: env.producer, databaseUrl: env.producerDb.url, js: env.js, outbox: env.outbox, pollIntervalMs: 200,
      // BENCH_RELAY_COALESCE_MS: the relay's coalescing delay (its default when unset; 0 = off), for A/B runs.
      coalesceMs: process.env.BENCH_RELAY_COALESCE_MS ? Number(process.env.BENCH_RELAY_COALESCE_MS) : undefined,
      log: (level, msg, extra) => console.error(`[relay ${level}] ${msg} ${JSON.stringify(extra ?? {})}`),
    });
    env.consumer = new EventConsumer(env.nc, env.consumerDs, {
      durable: 'bench-consumer',
      stream: STREAMS.test.name,
      filterSubject: PIPELINE_FILTER,
      handlers: [{ event: BenchRowCreated, handleBatch: recordSeen }],
    }, (level, msg, extra) => console.error(`[consumer ${level}] ${msg} ${JSON.stringify(extra ?? {})}`));
    return env;
  }

  /** Starts relay and consumer (registered for cleanup: they stop before pools and NATS go). */
  async startPipeline(cleanup: Cleanup): Promise<void> {
    await this.relay.start();
    cleanup.add('relay', () => this.relay.stop());
    await this.consumer.start();
    cleanup.add('consumer', () => this.consumer.stop());
  }

  /**
   * One business row and its event, in one transaction; the event is recorded last, just before
   * commit. `eventId`: an explicit event id (outbox-ab compares id kinds); by default createEvent's.
   */
  async produce(phase: string, n: number, eventId?: string): Promise<void> {
    const id = randomUUID();
    await this.outbox.run(async (m, events) => {
      await m.query('INSERT INTO bench_row (id, phase, n, note) VALUES ($1, $2, $3, $4)', [id, phase, n, this.note]);
      events.record(BenchRowCreated, { id: eventId, subject: id, data: { id, phase, n, note: this.note }, correlationId: `bench-${n}` });
    });
  }

  /**
   * As bench-util's cpuMeter, with the PostgreSQL backends connected to this benchmark's two
   * databases (pools, relay, LISTEN) counted apart: the server is shared with other work.
   */
  cpuMeter(): () => Promise<CpuUse> {
    const labels = new Map([[process.pid, 'bench process']]);
    const read = cpuMeter(labels);
    return async () => {
      const rows: Array<{ pid: number }> = await this.consumerDs.query('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)', [[this.producerDb.name, this.consumerDb.name]]);
      for (const { pid } of rows) labels.set(pid, BENCH_PG);
      return read();
    };
  }

  /** A serialised event of the benchmark's size, for the raw publish baseline. */
  sampleEvent(): string {
    const id = randomUUID();
    return JSON.stringify(createEvent(BenchRowCreated, {
      source: SOURCE, subject: id, data: { id, phase: 'saturated', n: 123_456, note: this.note }, correlationId: 'bench-123456',
    }));
  }

  private padding(): string {
    this.note = '';
    return 'x'.repeat(Math.max(0, TARGET_EVENT_BYTES - Buffer.byteLength(this.sampleEvent())));
  }
}

/** The projection writes a whole run of events with one statement (EventConsumer batch handler). */
async function recordSeen(events: Array<{ time: string; data: { id: string; phase: string } }>, m: EntityManager): Promise<void> {
  await m.query(
    `INSERT INTO bench_seen (id, phase, event_time, seen_at, batch_tx)
     SELECT id, phase, event_time, clock_timestamp(), txid_current() FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS t(id, phase, event_time)`,
    [events.map((e) => e.data.id), events.map((e) => e.data.phase), events.map((e) => e.time)],
  );
}
