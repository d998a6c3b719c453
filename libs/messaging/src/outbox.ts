import { EventEmitter } from 'node:events';
import type { DataSource, EntityManager } from 'typeorm';
import { createEvent, type CloudEvent, type EventDefinition, type NewEvent } from '@pin/contracts';

export const OUTBOX_CHANNEL = 'pin_outbox';

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
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager, recorder);
      await writeOutboxRows(manager, recorded);
      return value;
    });
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
    // One NOTIFY in flight at a time is enough to wake other replicas; it runs outside the
    // business transaction so that commits are not serialised on the notification lock.
    if (this.notifyPending) return;
    this.notifyPending = true;
    setImmediate(() => {
      this.dataSource
        .query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL])
        .catch(() => undefined)
        .finally(() => {
          this.notifyPending = false;
        });
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
