import { AckPolicy, DeliverPolicy, jetstream, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { nanos } from '@nats-io/nats-core';
import type { DataSource, EntityManager } from 'typeorm';
import { cloudEventSchema, parseEvent, type CloudEvent, type EventDefinition } from '@pin/contracts';
import { publishDeadLetter } from './dead-letters';
import { isNotFound, manager } from './streams';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers narrow the payload type through parseEvent
export type EventHandler = (event: CloudEvent<any>, manager: EntityManager) => Promise<void>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export type BatchEventHandler = (events: Array<CloudEvent<any>>, manager: EntityManager) => Promise<void>;

/** One event type and how to apply it: one event at a time, or a run of events at once (faster). */
export type HandlerSpec = { event: EventDefinition } & ({ handle: EventHandler } | { handleBatch: BatchEventHandler });

export interface ConsumerSpec {
  /** Durable consumer name, also the inbox `consumer` key: `<service>-<purpose>`. */
  durable: string;
  stream: string;
  filterSubject: string;
  /** Handled event types; other types matching the filter are acknowledged and ignored. */
  handlers: HandlerSpec[];
  maxDeliver?: number;
  /** Delay before redelivery after a failure, by delivery count (last value repeats). */
  backoffMs?: number[];
  maxBatch?: number;
}

export type ConsumerLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: object) => void;

/**
 * Durable pull consumer with an inbox. Messages arriving together are handled as one batch in
 * one transaction: `(consumer, event_id)` rows are inserted with ON CONFLICT DO NOTHING, and
 * only new events reach their handler, each under a savepoint. Acks are sent after commit.
 * A failed handler is `nak`ed with backoff; on its last delivery it goes to the dead-letter
 * stream. An envelope that cannot be parsed is dead-lettered at once (poison).
 */
export class EventConsumer {
  private js?: JetStreamClient;
  private messages?: ConsumerMessages;
  private buffer: JsMsg[] = [];
  private flushing?: Promise<void>;
  private running = false;
  private supervisor?: Promise<void>;
  readonly stats = { processed: 0, duplicates: 0, failed: 0, deadLettered: 0, batches: 0, isolatedBatches: 0 };

  constructor(
    private readonly nc: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly spec: ConsumerSpec,
    private readonly log: ConsumerLog = () => undefined,
  ) {}

  get maxDeliver(): number {
    return this.spec.maxDeliver ?? 5;
  }

  async start(): Promise<void> {
    this.js = jetstream(this.nc, { timeout: 10_000 });
    try {
      await this.ensureConsumer();
    } catch (err) {
      // The producing service may not have created its stream yet: keep trying in the background.
      if (!isNotFound(err)) throw err;
      this.log('warn', 'consumer: stream not there yet, will retry', { consumer: this.spec.durable, stream: this.spec.stream });
    }
    this.running = true;
    this.supervisor = this.supervise();
  }

  /** Stops pulling, finishes the batch in flight (commit + ack), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    await this.messages?.close().catch(() => undefined);
    await this.supervisor;
    while (this.flushing) await this.flushing;
    // Messages buffered but not started are simply not acked: the server redelivers them.
    this.buffer = [];
  }

  private async ensureConsumer(): Promise<void> {
    const jsm = await manager(this.nc);
    const config = {
      durable_name: this.spec.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.spec.filterSubject,
      max_deliver: this.maxDeliver,
      ack_wait: nanos(30_000),
      max_ack_pending: 10_000,
    };
    try {
      await jsm.consumers.info(this.spec.stream, this.spec.durable);
      await jsm.consumers.update(this.spec.stream, this.spec.durable, {
        max_deliver: config.max_deliver,
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(this.spec.stream, config);
    }
  }

  /** Keeps a pull subscription alive across server restarts and consumer loss. */
  private async supervise(): Promise<void> {
    while (this.running) {
      try {
        const consumer = await this.js!.consumers.get(this.spec.stream, this.spec.durable);
        this.messages = await consumer.consume({
          max_messages: this.spec.maxBatch ?? 512,
          callback: (m) => this.enqueue(m),
        });
        await this.messages.closed();
      } catch (err) {
        if (!this.running) break;
        this.log('warn', 'consumer: pull interrupted, resubscribing', { consumer: this.spec.durable, err: (err as Error).message });
        await new Promise((r) => setTimeout(r, 500));
        if (isNotFound(err)) await this.ensureConsumer().catch(() => new Promise((r) => setTimeout(r, 1_000)));
      }
    }
  }

  private enqueue(m: JsMsg): void {
    if (!this.running) return;
    this.buffer.push(m);
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.spec.maxBatch ?? 512);
        await this.processBatch(batch);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async processBatch(batch: JsMsg[]): Promise<void> {
    const parsed: Parsed[] = [];
    for (const msg of batch) {
      const result = cloudEventSchema.safeParse(safeJson(msg));
      if (result.success) parsed.push({ msg, event: result.data as CloudEvent });
      else await this.deadLetter(msg, `enveloppe invalide: ${result.error.issues[0]?.message ?? 'JSON illisible'}`);
    }
    if (parsed.length === 0) return;
    this.stats.batches += 1;
    let failures: Map<JsMsg, string>;
    try {
      // Optimistic: the whole batch in one transaction, no savepoints.
      failures = await this.runBatch(parsed, false);
    } catch {
      // Something failed: run again with one savepoint per event to isolate the culprit(s).
      this.stats.isolatedBatches += 1;
      try {
        failures = await this.runBatch(parsed, true);
      } catch (err) {
        this.log('warn', 'consumer: batch transaction failed, retrying later', { consumer: this.spec.durable, err: (err as Error).message });
        for (const { msg } of parsed) this.retryLater(msg);
        return;
      }
    }
    for (const { msg } of parsed) {
      const error = failures.get(msg);
      if (error === undefined) {
        msg.ack();
        this.stats.processed += 1;
      } else if (msg.info.deliveryCount >= this.maxDeliver) {
        await this.deadLetter(msg, error);
      } else {
        this.stats.failed += 1;
        this.retryLater(msg);
      }
    }
  }

  /** Claims the batch in the inbox and applies the new events; acks happen after commit. */
  private runBatch(parsed: Parsed[], isolate: boolean): Promise<Map<JsMsg, string>> {
    return this.dataSource.transaction(async (em) => {
      const failures = new Map<JsMsg, string>();
      const fresh = await this.claim(em, parsed.map((p) => p.event));
      const todo: Parsed[] = [];
      for (const p of parsed) {
        // delete(): the same event twice in one batch is applied once.
        if (fresh.delete(p.event.id)) todo.push(p);
        else this.stats.duplicates += 1;
      }
      if (isolate) {
        for (const p of todo) {
          const error = await this.applyIsolated(em, p.event);
          if (error) failures.set(p.msg, error);
        }
      } else {
        for (const run of runsByType(todo)) await this.apply(em, run.map((p) => p.event));
      }
      return failures;
    });
  }

  /** Applies a run of events of one type (all fresh); throws on the first failure. */
  private async apply(em: EntityManager, events: CloudEvent[]): Promise<void> {
    const handler = this.spec.handlers.find((h) => h.event.type === events[0].type);
    if (!handler) return;
    const typed = events.map((e) => parseEvent(handler.event, e));
    if ('handleBatch' in handler) await handler.handleBatch(typed, em);
    else for (const e of typed) await handler.handle(e, em);
  }

  private async claim(em: EntityManager, events: CloudEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: Array<{ event_id: string }> = await em.query(
      `INSERT INTO inbox (consumer, event_id, event_type)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.spec.durable, events.map((e) => e.id), events.map((e) => e.type)],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** Applies one event under a savepoint; returns an error message when it failed. */
  private async applyIsolated(em: EntityManager, event: CloudEvent): Promise<string | undefined> {
    await em.query('SAVEPOINT pin_event');
    try {
      await this.apply(em, [event]);
      await em.query('RELEASE SAVEPOINT pin_event');
      return undefined;
    } catch (err) {
      await em.query('ROLLBACK TO SAVEPOINT pin_event');
      await em.query('DELETE FROM inbox WHERE consumer = $1 AND event_id = $2', [this.spec.durable, event.id]);
      this.log('warn', 'consumer: handler failed', { consumer: this.spec.durable, eventId: event.id, type: event.type, err: (err as Error).message });
      return (err as Error).message || String(err);
    }
  }

  private retryLater(msg: JsMsg): void {
    const backoff = this.spec.backoffMs ?? [200, 1_000, 5_000, 15_000];
    msg.nak(backoff[Math.min(msg.info.deliveryCount - 1, backoff.length - 1)]);
  }

  private async deadLetter(msg: JsMsg, error: string): Promise<void> {
    try {
      await publishDeadLetter(this.js!, this.spec.durable, msg, error);
      msg.term(error.slice(0, 200));
      this.stats.deadLettered += 1;
      this.log('error', 'consumer: message dead-lettered', { consumer: this.spec.durable, subject: msg.subject, error });
    } catch (err) {
      this.log('warn', 'consumer: dead-letter publish failed, retrying', { err: (err as Error).message });
      this.retryLater(msg);
    }
  }
}

interface Parsed {
  msg: JsMsg;
  event: CloudEvent;
}

/** Consecutive events of the same type, in delivery order. */
function runsByType(items: Parsed[]): Parsed[][] {
  const runs: Parsed[][] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (last && last[0].event.type === item.event.type) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

function safeJson(msg: JsMsg): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
