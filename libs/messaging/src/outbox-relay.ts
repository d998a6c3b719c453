import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS } from '@pin/contracts';
import { OUTBOX_CHANNEL, type Outbox } from './outbox';

export interface RelayOptions {
  dataSource: DataSource;
  /** Connection string used for the LISTEN connection. */
  databaseUrl: string;
  js: JetStreamClient;
  outbox: Outbox;
  batchSize?: number;
  /** Safety-net poll when no wake-up arrives (lost NOTIFY, other writer). */
  pollIntervalMs?: number;
  /** Published rows are kept this long for audit, then deleted. */
  retentionHours?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: object) => void;
}

interface Row {
  id: string;
  subject: string;
  payload: string;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first, with `Nats-Msg-Id` = event id,
 * then marks them sent. Rows are claimed with FOR UPDATE SKIP LOCKED (replicas never publish
 * the same row concurrently; ids are not used as a cursor since sequences commit out of order).
 * A publish that fails leaves its rows unpublished; JetStream's duplicate window absorbs the
 * re-publication of rows whose "sent" mark was lost.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private wakeResolver?: () => void;
  private listener?: Client;
  private unsubscribe?: () => void;
  private failures = 0;
  private lastCleanup = 0;
  readonly stats = { published: 0, batches: 0, errors: 0 };

  constructor(private readonly o: RelayOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.o.outbox.onWake(() => this.wake());
    await this.listen();
    this.loop = this.run();
  }

  /** Stops after the batch in flight is published and marked: nothing half-done on SIGTERM. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    this.unsubscribe?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  wake(): void {
    this.wakeRequested = true;
    this.wakeResolver?.();
  }

  /** Publishes what is pending now; returns the number of rows published. */
  async drainOnce(): Promise<number> {
    const batchSize = this.o.batchSize ?? 500;
    return this.o.dataSource.transaction(async (m) => {
      const rows: Row[] = await m.query(
        `SELECT id, subject, payload FROM outbox WHERE published_at IS NULL
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((r) => this.publish(r)));
      await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      this.stats.published += rows.length;
      this.stats.batches += 1;
      return rows.length;
    });
  }

  private async publish(row: Row): Promise<void> {
    const h = natsHeaders();
    const correlationId = (JSON.parse(row.payload) as { correlationid?: string }).correlationid;
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    h.set('Content-Type', 'application/cloudevents+json');
    await this.o.js.publish(row.subject, row.payload, { msgID: row.id, headers: h, timeout: 5_000 });
  }

  private async run(): Promise<void> {
    const batchSize = this.o.batchSize ?? 500;
    while (this.running) {
      this.wakeRequested = false;
      let published = 0;
      try {
        published = await this.drainOnce();
        this.failures = 0;
        await this.cleanup();
      } catch (err) {
        this.failures += 1;
        this.stats.errors += 1;
        this.o.log?.('warn', 'outbox relay: publish failed, will retry', { err: (err as Error).message, failures: this.failures });
        await this.sleep(Math.min(100 * 2 ** Math.min(this.failures, 6), 5_000), false);
        continue;
      }
      if (published === batchSize || this.wakeRequested) continue;
      await this.sleep(this.o.pollIntervalMs ?? 1_000, true);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      if (wakeable) this.wakeResolver = done;
      if (!this.running) done();
    }).then(() => {
      this.wakeResolver = undefined;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.o.databaseUrl, application_name: 'outbox-relay-listen' });
    client.on('notification', () => this.wake());
    client.on('error', (err) => {
      this.o.log?.('warn', 'outbox relay: LISTEN connection lost, polling continues', { err: err.message });
      this.listener = undefined;
      if (this.running) setTimeout(() => void this.listen().catch(() => undefined), 1_000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.o.log?.('warn', 'outbox relay: LISTEN unavailable, polling only', { err: (err as Error).message });
      await client.end().catch(() => undefined);
      if (this.running) setTimeout(() => void this.listen().catch(() => undefined), 1_000);
    }
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    const hours = this.o.retentionHours ?? 24 * 7;
    await this.o.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`, [hours]);
  }
}
