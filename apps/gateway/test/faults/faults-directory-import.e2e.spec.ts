import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LieuCreatedV1, STREAMS } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { repoRoot } from '@pin/testing';
import { eventually, PlatformHarness } from '../platform.harness';
import { streamEvents } from './faults.harness';

// Fault: the directory is killed with SIGKILL in the middle of an import (BullMQ job), then
// started again with the same environment. The job must resume and import every row once.
jest.setTimeout(90_000);

const HINAURA = readFileSync(resolve(repoRoot(), 'apps/directory/data/hinaura-687-lieux-v0.1.json'));
const SOURCE = 'fault';

describe('kill -9 of directory during an import of 687 lieux', () => {
  const h = new PlatformHarness();
  // A short job lock: the restarted directory takes the crashed job over within seconds, not a minute.
  beforeAll(() => h.start({}, {}, { directoryEnv: { IMPORT_JOB_LOCK_MS: '3000' } }));
  afterAll(() => h.stop());

  const one = async (sql: string, params: unknown[] = []) => (await h.query('directory', sql, params))[0];

  it('the job resumes after the restart and every row is imported exactly once', async () => {
    const res = await fetch(h.url(`/api/v1/imports?source=${SOURCE}&format=auto`), {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token('animateur')}`, 'content-type': 'application/json' },
      body: new Uint8Array(HINAURA),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    // Kill as soon as some batches are committed but the import is not finished.
    const before = await eventually(() => one('SELECT traites, statut FROM lieu_import WHERE id = $1', [id]), (r) => r.traites >= 100 || r.statut === 'termine', 30_000);
    await h.platform.kill9('directory');
    const atKill = await one('SELECT traites, statut FROM lieu_import WHERE id = $1', [id]);
    expect(before.statut).not.toBe('termine');
    expect(atKill.traites).toBeLessThan(687);

    // While the directory is down the gateway answers quickly, with the envelope.
    const down = await h.call('GET', `/api/v1/imports/${id}`, { user: 'animateur' });
    expect([503, 504]).toContain(down.status);
    expect(down.json).toMatchObject({ code: expect.stringMatching(/^SERVICE\.(UNAVAILABLE|TIMEOUT)$/), message: expect.any(String), correlationId: expect.any(String) });

    await h.platform.start('directory');
    const final = await eventually(
      async () => (await h.call('GET', `/api/v1/imports/${id}`, { user: 'animateur' })).json,
      (s) => s?.statut === 'termine' || s?.statut === 'echoue',
      60_000,
    );
    expect(final).toMatchObject({ statut: 'termine', progression: 100, total: 687, valides: 687, importes: 687, crees: 687, rejetes_total: 0 });

    const counts = await one(
      `SELECT count(*)::int AS n, count(DISTINCT source_id)::int AS distinct_ids FROM lieu WHERE source = $1`,
      [SOURCE],
    );
    expect(counts).toEqual({ n: 687, distinct_ids: 687 });
    const events = await one(
      `SELECT count(*)::int AS n, count(DISTINCT payload::jsonb->'data'->>'id')::int AS lieux FROM outbox
       WHERE subject = $1 AND payload::jsonb->'data'->>'source' = $2`,
      [LieuCreatedV1.type, SOURCE],
    );
    expect(events).toEqual({ n: 687, lieux: 687 });
    // The outbox drained after the restart: every event reached JetStream.
    await eventually(() => one(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`), (r) => r.n === 0, 20_000);
    // …once each: JetStream holds exactly one message per event (the relay's Nats-Msg-Id deduplicates a re-publish).
    const nc = await connectNats({ ...h.nats.endpoint(), name: 'test-faults' });
    try {
      const inStream = await streamEvents(nc, STREAMS.directory.name, LieuCreatedV1.type);
      const ours = inStream.filter((e) => e.data?.source === SOURCE);
      expect({ n: ours.length, lieux: new Set(ours.map((e) => e.data.id)).size }).toEqual({ n: 687, lieux: 687 });
    } finally {
      await nc.close();
    }
  });
});
