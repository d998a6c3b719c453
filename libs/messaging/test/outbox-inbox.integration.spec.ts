import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { listDeadLetters, manager } from '../src';
import { Harness, waitFor, WidgetCreated } from './messaging-harness';
import { z } from 'zod';
import { createEvent, defineEvent } from '@pin/contracts';

jest.setTimeout(60_000);

describe('outbox → JetStream → inbox (real PostgreSQL and nats-server)', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('lists no dead letters on a fresh dead-letter stream', async () => {
    await expect(listDeadLetters(await manager(h.nc))).resolves.toEqual({ items: [], total: 0 });
  });

  it('rolls back a relay batch whose publish fails: rows stay unpublished, no connection left in a transaction', async () => {
    // The relay is not started yet: drainOnce runs alone. No stream listens on this subject, so
    // JetStream refuses the publish at once.
    const id = '00000000-0000-4000-8000-000000000667';
    await h.producer.query(`INSERT INTO outbox (id, subject, payload) VALUES ($1, 'pin.unrouted.thing.happened.v1', '{}')`, [id]);
    try {
      await expect(h.relay.drainOnce()).rejects.toThrow();
      // This query may run on the relay's connection: inside a leftover transaction it would see
      // itself active, but with a transaction older than its statement.
      const [open] = await h.producer.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
           AND (state LIKE 'idle in transaction%' OR (pid = pg_backend_pid() AND xact_start < query_start))`,
      );
      expect(open.n).toBe(0);
      expect((await h.producer.query('SELECT published_at FROM outbox WHERE id = $1', [id]))[0].published_at).toBeNull();
    } finally {
      await h.producer.query('DELETE FROM outbox WHERE id = $1', [id]);
    }
  });

  it('publishes one event per committed change and none for a rolled-back one', async () => {
    await h.relay.start();
    const consumer = h.consumerFor({ durable: 'test-commit' });
    await consumer.start();
    const committed = [await h.createWidget(1), await h.createWidget(2)];
    await expect(h.createWidget(3, true)).rejects.toThrow('rollback requested');
    const committedAfter = await h.createWidget(4);

    const seen = await waitFor(() => h.seen('test-commit'), (rows) => rows.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.seen('test-commit')).map((r) => r.n)).toEqual([1, 2, 4]);
    expect(seen.map((r) => r.id)).toEqual([...committed, committedAfter]);
    const widgets = await h.producer.query('SELECT count(*)::int AS n FROM widget');
    expect(widgets[0].n).toBe(3);
    const pending = await h.producer.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    expect(pending[0].n).toBe(0);
    await consumer.stop();
  });

  it('writes the outbox rows and COMMIT in one round trip: quoting is exact, and a failed outbox INSERT rolls the work back', async () => {
    // Quotes, backslashes and non-ASCII in a payload travel as escaped literals, byte for byte.
    const Noted = defineEvent('pin.test.widget.noted.v1', z.object({ note: z.string() }));
    const note = `l'aidant a dit "ok" \\ C:\\chemin\\ \u00e9t\u00e9 ✓ $1 '); DROP TABLE widget; --`;
    const recorded = await h.outbox.run(async (_m, events) => events.record(Noted, { subject: 'noted', data: { note }, correlationId: 'c-noted' }));
    const [row] = await h.producer.query('SELECT id, subject, payload FROM outbox WHERE id = $1', [recorded.id]);
    expect(row.subject).toBe(Noted.type);
    expect(row.payload).toBe(JSON.stringify(recorded));
    expect(JSON.parse(row.payload).data.note).toBe(note);
    // An outbox INSERT that fails (here a constraint added for the test) leaves neither the
    // business row nor the event, and the pool's connection is usable afterwards.
    await h.producer.query(`ALTER TABLE outbox ADD CONSTRAINT test_refuse_667 CHECK (payload NOT LIKE '%"n":667%')`);
    try {
      const before = (await h.producer.query('SELECT count(*)::int AS n FROM widget'))[0].n;
      await expect(h.createWidget(667)).rejects.toThrow(/test_refuse_667/);
      expect((await h.producer.query('SELECT count(*)::int AS n FROM widget'))[0].n).toBe(before);
      expect((await h.producer.query(`SELECT count(*)::int AS n FROM outbox WHERE payload LIKE '%"n":667%'`))[0].n).toBe(0);
    } finally {
      await h.producer.query('ALTER TABLE outbox DROP CONSTRAINT test_refuse_667');
    }
    const after = await h.createWidget(668);
    expect((await h.producer.query('SELECT count(*)::int AS n FROM widget WHERE id = $1', [after]))[0].n).toBe(1);
  });

  it('applies a redelivered event once', async () => {
    const consumer = h.consumerFor({ durable: 'test-dedupe' });
    await consumer.start();
    const id = await h.createWidget(10);
    await waitFor(() => h.seen('test-dedupe'), (rows) => rows.some((r) => r.id === id));
    const before = (await h.seen('test-dedupe')).length;
    // Re-publish the very same event under another Nats-Msg-Id: JetStream stores it again,
    // the consumer receives it a second time, the inbox drops it.
    const [row] = await h.producer.query(`SELECT id, payload FROM outbox WHERE payload::jsonb->>'subject' = $1`, [id]);
    const js = jetstream(h.nc);
    await js.publish(WidgetCreated.type, row.payload, { msgID: `${id}-again` });
    await waitFor(async () => consumer.stats.duplicates, (d) => d >= 1);
    const rows = await h.seen('test-dedupe');
    expect(rows.find((r) => r.id === id)?.applied).toBe(1);
    expect(rows.length).toBe(before);
    const inbox = await h.consumer.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'test-dedupe' AND event_id = $1`, [row.id]);
    expect(inbox[0].n).toBe(1);
    await consumer.stop();
  });

  it('moves a poison event to the dead-letter stream after max deliveries, and an unreadable one at once', async () => {
    let attempts = 0;
    const consumer = h.consumerFor({ durable: 'test-poison', maxDeliver: 3 }, async (e, m) => {
      if (e.data.n === 666) {
        attempts += 1;
        throw new Error('cannot apply widget 666');
      }
      await m.query(`INSERT INTO widget_seen (consumer, id, n) VALUES ('test-poison', $1, $2)`, [e.data.id, e.data.n]);
    });
    await consumer.start();
    const poison = await h.createWidget(666);
    const good = await h.createWidget(20);
    const js = jetstream(h.nc);
    const hdr = headers();
    await js.publish(WidgetCreated.type, '{not json', { msgID: 'garbage-1', headers: hdr });

    await waitFor(async () => consumer.stats.deadLettered, (n) => n >= 2);
    // Each delivery runs the handler once optimistically and once isolated; deliveries are counted below.
    expect(attempts).toBeGreaterThanOrEqual(3);
    const rows = await h.seen('test-poison');
    expect(rows.some((r) => r.id === good)).toBe(true);
    expect(rows.some((r) => r.id === poison)).toBe(false);
    const inbox = await h.consumer.query(
      `SELECT count(*)::int AS n FROM inbox i JOIN widget_seen w ON w.consumer = i.consumer WHERE i.consumer = 'test-poison' AND w.id = $1`, [poison]);
    expect(inbox[0].n).toBe(0);

    const dl = await listDeadLetters(await manager(h.nc));
    const mine = dl.items.filter((d) => d.consumer === 'test-poison');
    expect(mine).toHaveLength(2);
    const applied = mine.find((d) => (d.payload as { data?: { id?: string } }).data?.id === poison);
    expect(applied).toMatchObject({ originalSubject: WidgetCreated.type, deliveries: 3, error: 'cannot apply widget 666' });
    expect(mine.find((d) => d.payload === '{not json')?.error).toMatch(/enveloppe invalide/);
    await consumer.stop();
  });

  it('connects without async traces (no Error objects built per publish) and still rejects an unanswerable publish', async () => {
    expect((h.nc as unknown as { options: { noAsyncTraces?: boolean } }).options.noAsyncTraces).toBe(true);
    // No stream captures this subject: the publish fails with an error, as with traces.
    await expect(jetstream(h.nc).publish('pin.nowhere.x', 'x', { timeout: 2_000 })).rejects.toThrow();
  });

  it('builds valid CloudEvents and refuses a payload that breaks its schema', () => {
    const e = createEvent(WidgetCreated, { source: 's', subject: 'x', correlationId: 'c', data: { id: '6c3a3d3e-3b0e-4a43-9a3a-1f5c3e3b2a11', n: 1 } });
    expect(e).toMatchObject({ specversion: '1.0', type: 'pin.test.widget.created.v1', datacontenttype: 'application/json', correlationid: 'c' });
    expect(() => createEvent(WidgetCreated, { source: 's', subject: 'x', correlationId: 'c', data: { id: 'nope', n: 1 } as never })).toThrow();
  });
});
