import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { STREAMS, defineEvent } from '@pin/contracts';
import { TestNatsServer, withTestDataSource, type TestDatabase, type TestDataSource } from '@pin/testing';
import {
  connectNats, ensureDeadLetterStream, ensureStream, EventConsumer, manager, MessagingTables1763900000000, Outbox, OutboxRelay,
  type ConsumerSpec, type EventHandler,
} from '../src';

export const WidgetCreated = defineEvent('pin.test.widget.created.v1', z.object({ id: z.uuid(), n: z.number().int() }));

/** Producer and consumer databases, a private nats-server, an outbox, its relay. */
export class Harness {
  producerDb!: TestDatabase;
  consumerDb!: TestDatabase;
  producer!: DataSource;
  consumer!: DataSource;
  nats!: TestNatsServer;
  nc!: NatsConnection;
  outbox!: Outbox;
  relay!: OutboxRelay;
  consumers: EventConsumer[] = [];
  private readonly databases: TestDataSource[] = [];

  async start(): Promise<void> {
    this.nats = await TestNatsServer.start();
    ({ db: this.producerDb, ds: this.producer } = await this.database('msg_prod'));
    ({ db: this.consumerDb, ds: this.consumer } = await this.database('msg_cons'));
    await this.producer.query('CREATE TABLE widget (id uuid PRIMARY KEY, n int NOT NULL)');
    await this.consumer.query('CREATE TABLE widget_seen (consumer text NOT NULL, id uuid NOT NULL, n int NOT NULL, applied int NOT NULL DEFAULT 1, PRIMARY KEY (consumer, id))');
    this.nc = await connectNats({ url: this.nats.url, name: 'test' });
    const jsm = await manager(this.nc);
    await ensureStream(jsm, STREAMS.test);
    await ensureDeadLetterStream(jsm);
    this.outbox = new Outbox(this.producer, 'pin/test');
    this.relay = new OutboxRelay({
      dataSource: this.producer, databaseUrl: this.producerDb.url, js: jetstream(this.nc), outbox: this.outbox, pollIntervalMs: 200,
    });
  }

  /** One business row and its event, in one transaction. */
  async createWidget(n: number, fail = false): Promise<string> {
    const id = randomUUID();
    await this.outbox.run(async (m, events) => {
      await m.query('INSERT INTO widget (id, n) VALUES ($1, $2)', [id, n]);
      events.record(WidgetCreated, { subject: id, data: { id, n }, correlationId: `c-${n}` });
      if (fail) throw new Error('rollback requested');
    });
    return id;
  }

  consumerFor(spec: Partial<ConsumerSpec> & { durable: string }, handle?: EventHandler): EventConsumer {
    const c = new EventConsumer(this.nc, this.consumer, {
      stream: STREAMS.test.name,
      filterSubject: STREAMS.test.subjects[0],
      backoffMs: [50],
      // Default: a batch handler (one multi-row statement per run); a custom one applies events one by one.
      handlers: [handle ? { event: WidgetCreated, handle } : {
        event: WidgetCreated,
        handleBatch: async (events, m) => {
          await m.query(
            `INSERT INTO widget_seen (consumer, id, n) SELECT $1, * FROM unnest($2::uuid[], $3::int[])
             ON CONFLICT (consumer, id) DO UPDATE SET applied = widget_seen.applied + 1`,
            [spec.durable, events.map((e) => e.data.id), events.map((e) => e.data.n)],
          );
        },
      }],
      ...spec,
    });
    this.consumers.push(c);
    return c;
  }

  async seen(consumer: string): Promise<Array<{ id: string; n: number; applied: number }>> {
    return this.consumer.query('SELECT id, n, applied FROM widget_seen WHERE consumer = $1 ORDER BY n', [consumer]);
  }

  async stop(): Promise<void> {
    for (const c of this.consumers) await c.stop().catch(() => undefined);
    await this.relay?.stop().catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
    for (const d of this.databases.splice(0)) await d.teardown();
    await this.nats?.stop();
  }

  private async database(prefix: string): Promise<TestDataSource> {
    const d = await withTestDataSource({ prefix, migrations: [MessagingTables1763900000000] });
    this.databases.push(d);
    return d;
  }
}

export async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}
