import { OutboxRelay } from '../src';
import { jetstream } from '@nats-io/jetstream';
import { Harness, waitFor } from './messaging-harness';

jest.setTimeout(120_000);

/**
 * What SIGTERM does to a service (relay.stop(), consumer.stop()) in the middle of a stream, then a
 * new instance takes over: nothing is lost, nothing is applied twice.
 */
describe('graceful stop of relay and consumer mid-stream', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('loses nothing and applies nothing twice across a stop and restart', async () => {
    const TOTAL = 3_000;
    await h.relay.start();
    const first = h.consumerFor({ durable: 'graceful' });
    await first.start();
    let next = 0;
    let stopped = false;
    const produce = async () => {
      while (next < TOTAL) {
        const n = next++;
        await h.createWidget(n);
        if (!stopped && n === 1_000) {
          stopped = true;
          await Promise.all([first.stop(), h.relay.stop()]);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, produce));
    const [pending] = await h.producer.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    expect(pending.n).toBeGreaterThan(0);

    const relay = new OutboxRelay({ dataSource: h.producer, databaseUrl: h.producerDb.url, js: jetstream(h.nc), outbox: h.outbox, pollIntervalMs: 200 });
    await relay.start();
    const second = h.consumerFor({ durable: 'graceful' });
    await second.start();
    await waitFor(() => h.seen('graceful'), (rows) => rows.length >= TOTAL, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const [final] = await h.consumer.query(
      `SELECT count(*)::int AS rows, max(applied)::int AS max_applied FROM widget_seen WHERE consumer = 'graceful'`,
    );
    expect(final).toEqual({ rows: TOTAL, max_applied: 1 });
    await relay.stop();
  });
});
