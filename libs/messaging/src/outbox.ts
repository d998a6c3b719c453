import { EventEmitter } from 'node:events';
import { escapeLiteral } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { createEvent, type CloudEvent, type EventDefinition, type NewEvent } from '@pin/contracts';

export const OUTBOX_CHANNEL = 'pin_outbox';
/**
 * Minimum gap between two NOTIFYs of one process: a burst of commits sends one NOTIFY at its start
 * and at most one more per gap (trailing), instead of one after another. Only other replicas need
 * it (this process's relay is woken in memory); they also poll as a safety net.
 */
const NOTIFY_GAP_MS = 50;

/** Collects the events of one transaction; they are written in that transaction. */
export interface EventRecorder {
  record<D extends EventDefinition>(definition: D, event: Omit<NewEvent<D>, 'source'>): CloudEvent;
}

/**
 * Transactional outbox: `run()` executes a unit of work in one database transaction and writes
 * the events it recorded into the `outbox` table in that same transaction. A rolled-back unit
 * leaves no event; a committed one always has its events. After commit the relay of this
 * process is woken at once, and a NOTIFY wakes the relays of other replicas.
 */
export class Outbox {
  private readonly signal = new EventEmitter();
  private notifyPending = false;
  private notifyAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly source: string,
  ) {
    this.signal.setMaxListeners(0);
  }

  async run<T>(work: (manager: EntityManager, events: EventRecorder) => Promise<T>): Promise<T> {
    const recorded: CloudEvent[] = [];
    const recorder: EventRecorder = {
      record: (definition, event) => {
        const built = createEvent(definition, { ...event, source: this.source } as NewEvent<typeof definition>);
        recorded.push(built);
        return built;
      },
    };
    // As `dataSource.transaction()` (START TRANSACTION, work, COMMIT; ROLLBACK on any error), except
    // that the outbox rows and the COMMIT travel in one round trip: a simple-protocol query
    // `INSERT …; COMMIT` with the values as escaped literals (pg's escapeLiteral, the same quoting
    // as parameters give). PostgreSQL runs the statements of one simple query in order and skips
    // the rest after an error: if the INSERT fails, COMMIT is not run, the transaction is aborted,
    // and the catch below rolls it back — no event without its work, no work without its events.
    // The query runner is released right after and never reused (TypeORM creates one per call),
    // so its own idea of the transaction state does not outlive the COMMIT it did not issue.
    const runner = this.dataSource.createQueryRunner();
    let result: T;
    try {
      await runner.startTransaction();
      result = await work(runner.manager, recorder);
      if (recorded.length > 0) await runner.query(`${outboxInsertSql(recorded)}; COMMIT`);
      else await runner.commitTransaction();
    } catch (err) {
      // After a failed `INSERT …; COMMIT` the transaction is aborted (or, had COMMIT itself failed,
      // already over: ROLLBACK then only warns). The original error is the one that matters.
      await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
    if (recorded.length > 0) this.wake();
    return result;
  }

  /** Resolves when the relay should look for rows (an event committed here, or a timeout). */
  onWake(listener: () => void): () => void {
    this.signal.on('wake', listener);
    return () => this.signal.off('wake', listener);
  }

  private wake(): void {
    this.signal.emit('wake');
    // At most one NOTIFY per burst (see NOTIFY_GAP_MS): it runs outside the business transaction
    // so that commits are not serialised on the notification lock, and the commits that arrive
    // while one is in flight or within the gap after it are covered by one trailing NOTIFY.
    if (this.notifyPending) {
      this.notifyAgain = true;
      return;
    }
    this.notifyPending = true;
    setImmediate(() => this.notifyOthers());
  }

  private notifyOthers(): void {
    this.notifyAgain = false;
    this.dataSource
      .query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL])
      .catch(() => undefined)
      .finally(() => {
        setTimeout(() => {
          if (this.notifyAgain) this.notifyOthers();
          else this.notifyPending = false;
        }, NOTIFY_GAP_MS).unref();
      });
  }
}

export async function writeOutboxRows(manager: EntityManager, events: readonly CloudEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const tuples = events.map((e, i) => {
    values.push(e.id, e.type, JSON.stringify(e));
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
  });
  await manager.query(`INSERT INTO outbox (id, subject, payload) VALUES ${tuples.join(', ')}`, values);
}

/** The multi-row outbox INSERT with literal values, for a simple-protocol query (no parameters). */
function outboxInsertSql(events: readonly CloudEvent[]): string {
  const tuples = events.map((e) => `(${escapeLiteral(e.id)}, ${escapeLiteral(e.type)}, ${escapeLiteral(JSON.stringify(e))})`);
  return `INSERT INTO outbox (id, subject, payload) VALUES ${tuples.join(', ')}`;
}
