import { jetstream } from '@nats-io/jetstream';
import { OutboxRelay } from '../src';
import { Harness, waitFor } from './messaging-harness';

jest.setTimeout(60_000);

/** The relay's batching (real PostgreSQL and nats-server; the harness's own relay is never started). */
describe('outbox relay: batches', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  afterEach(() => h.producer.query('TRUNCATE outbox, widget'));

  it('coalesces the commits that arrive during a small batch into the next claim', async () => {
    // A long delay, so that the sequential commits below all fall inside it whatever the machine's load.
    const relay = new OutboxRelay({
      dataSource: h.producer, databaseUrl: h.producerDb.url, js: jetstream(h.nc), outbox: h.outbox, pollIntervalMs: 60_000, coalesceMs: 3_000,
    });
    await relay.start();
    try {
      await h.createWidget(0);
      await waitFor(async () => relay.stats.published, (n) => n === 1);
      // The first of these wakes the idle relay, which claims at once (1 or 2 rows); the rest
      // arrive during that small batch and are claimed together after the delay.
      for (let n = 1; n <= 20; n++) await h.createWidget(n);
      await waitFor(async () => relay.stats.published, (n) => n === 21);
      expect(relay.stats.batches).toBeLessThanOrEqual(3);
      const [pending] = await h.producer.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
      expect(pending.n).toBe(0);
    } finally {
      await relay.stop();
    }
  });

});
