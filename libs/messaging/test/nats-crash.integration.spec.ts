import { Harness, waitFor } from './messaging-harness';

jest.setTimeout(180_000);

/**
 * Crash test: 10,000 business changes are committed by concurrent producers while nats-server
 * is killed with SIGKILL and started again on the same store. Every change must be consumed,
 * each effect exactly once.
 */
describe('nats-server kill -9 during a stream of 10,000 events', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('consumes all 10,000 events, each effect once', async () => {
    const TOTAL = 10_000;
    const PRODUCERS = 16;
    await h.relay.start();
    const consumer = h.consumerFor({ durable: 'crash-consumer' });
    await consumer.start();

    let next = 0;
    let killed = false;
    const produce = async () => {
      while (next < TOTAL) {
        const n = next++;
        // Producers never fail because of NATS: they only write PostgreSQL.
        await h.createWidget(n);
        if (!killed && n >= TOTAL / 3) {
          killed = true;
          await h.nats.kill9();
          setTimeout(() => void h.nats.spawn(), 1_500);
        }
      }
    };
    await Promise.all(Array.from({ length: PRODUCERS }, produce));
    expect(killed).toBe(true);

    const counts = await waitFor(
      async () => (await h.consumer.query(
        `SELECT count(*)::int AS rows, coalesce(sum(applied), 0)::int AS applied, count(DISTINCT n)::int AS distinct_n
         FROM widget_seen WHERE consumer = 'crash-consumer'`,
      ))[0],
      (c: { rows: number }) => c.rows >= TOTAL,
      120_000,
    );
    // Let any late redelivery arrive before asserting "exactly once".
    await new Promise((r) => setTimeout(r, 1_000));
    const [final] = await h.consumer.query(
      `SELECT count(*)::int AS rows, sum(applied)::int AS applied, count(DISTINCT n)::int AS distinct_n, max(applied)::int AS max_applied
       FROM widget_seen WHERE consumer = 'crash-consumer'`,
    );
    expect(counts.rows).toBe(TOTAL);
    expect(final).toEqual({ rows: TOTAL, applied: TOTAL, distinct_n: TOTAL, max_applied: 1 });
    const [pending] = await h.producer.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    expect(pending.n).toBe(0);
    expect(h.relay.stats.errors).toBeGreaterThan(0);
  });
});
