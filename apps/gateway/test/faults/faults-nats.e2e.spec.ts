import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_STRUCTURES, LieuCreatedV1, STREAMS, StructureCreatedV1 } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { repoRoot } from '@pin/testing';
import { eventually, PlatformHarness } from '../platform.harness';
import { isErrorEnvelope, outcomeRecorder, streamEvents, type Outcome } from './faults.harness';

// Fault: nats-server is killed with SIGKILL while the gateway serves reads and writes and the
// directory runs an import, then started again on the same port and store. No app is restarted.
jest.setTimeout(90_000);

const HINAURA = readFileSync(resolve(repoRoot(), 'apps/directory/data/hinaura-687-lieux-v0.1.json'));
const SOURCE = 'nats-fault';
const STRUCTURES = 24;
const REQUEST_TIMEOUT_MS = 5_000;

describe('nats-server kill -9 and restart under load', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const one = async (db: 'directory' | 'mandates', sql: string, params: unknown[] = []) => (await h.query(db, sql, params))[0];

  it('requests fail fast with 503/504 during the outage, succeed again after it, and every outbox event is delivered once', async () => {
    const token = await h.token('animateur');
    // An import runs in the directory (BullMQ, PostgreSQL) throughout: its events pile up in the outbox during the outage.
    const upload = await fetch(h.url(`/api/v1/imports?source=${SOURCE}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new Uint8Array(HINAURA),
    });
    expect(upload.status).toBe(202);
    const importId = ((await upload.json()) as { id: string }).id;

    const { outcomes, timed } = outcomeRecorder();
    let stop = false;
    const reader = async () => {
      while (!stop) {
        await timed('read', () => h.call('GET', `/api/v1/structures/${DEMO_STRUCTURES.dax}`, { token }));
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    let nextStructure = 0;
    const created: string[] = [];
    const writer = async () => {
      while (nextStructure < STRUCTURES) {
        const i = nextStructure++;
        const o = await timed('write', () => h.call('POST', '/api/v1/structures', { token, body: { nom: `Faute NATS ${i}`, commune: 'Dax' } }));
        if (o.status === 201) created.push(o.json.id);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const probes: Outcome[] = [];
    const chaos = async () => {
      // Once the import has committed a batch and a few structures exist: crash, stay down 3 s, restart.
      await eventually(async () => (await one('directory', 'SELECT traites FROM lieu_import WHERE id = $1', [importId])).traites, (n) => n >= 100, 30_000);
      await eventually(async () => created.length, (n) => n >= 4, 30_000);
      await h.nats.kill9();
      const killedAt = Date.now();
      // Fail fast: once the gateway has seen its connection drop, it answers 503 at once instead of
      // waiting for the request timeout (only requests in flight at the crash wait for it: 504).
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 5; i++) probes.push(await timed('probe', () => h.call('GET', `/api/v1/structures/${DEMO_STRUCTURES.dax}`, { token })));
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 3_000 - Date.now())));
      await h.nats.spawn();
      // Without restarting anything, reads succeed again.
      await eventually(async () => outcomes.filter((o) => o.kind === 'read' && o.at > Date.now() - 1_000 && o.status === 200).length, (n) => n >= 3, 30_000);
      stop = true;
      return killedAt;
    };
    const [killedAt] = await Promise.all([chaos(), reader(), reader(), writer(), writer()]);

    // Never a 500, never a hang: a success, or 503/504 with the error envelope within the request timeout.
    const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
    expect(statuses.filter((s) => ![200, 201, 503, 504].includes(s))).toEqual([]);
    const failures = outcomes.filter((o) => o.status >= 500);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(isErrorEnvelope(f.json, /^SERVICE\.(UNAVAILABLE|TIMEOUT)$/)).toBe(true);
    expect(probes.map((p) => [p.status, p.json?.code])).toEqual(new Array(5).fill([503, 'SERVICE.UNAVAILABLE']));
    expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(1_000);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    expect(outcomes.some((o) => o.at < killedAt && o.status === 200)).toBe(true);
    expect(outcomes.length).toBeLessThan(1_000);

    // The import went on during the outage and finished; its 687 events reached JetStream once each.
    const imp = await eventually(
      async () => (await h.call('GET', `/api/v1/imports/${importId}`, { token })).json,
      (s) => s?.statut === 'termine' || s?.statut === 'echoue',
      40_000,
    );
    expect(imp).toMatchObject({ statut: 'termine', crees: 687 });
    await eventually(() => one('directory', 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'), (r) => r.n === 0, 30_000);

    // Every structure the directory committed (also those whose reply was lost: 504) reached mandates' projection once.
    const inDirectory = (await h.query('directory', `SELECT id::text AS id FROM structure WHERE nom LIKE 'Faute NATS %'`)).map((r) => r.id).sort();
    expect(inDirectory.length).toBeGreaterThanOrEqual(created.length);
    expect(created.every((id) => inDirectory.includes(id))).toBe(true);
    const projected = await eventually(
      async () => (await h.query('mandates', `SELECT id::text AS id FROM known_structure WHERE nom LIKE 'Faute NATS %'`)).map((r) => r.id).sort(),
      (ids) => ids.length >= inDirectory.length,
      30_000,
    );
    expect(projected).toEqual(inDirectory);

    const nc = await connectNats({ ...h.nats.endpoint(), name: 'test-faults' });
    try {
      const lieux = (await streamEvents(nc, STREAMS.directory.name, LieuCreatedV1.type)).filter((e) => e.data?.source === SOURCE);
      expect({ n: lieux.length, distinct: new Set(lieux.map((e) => e.data.id)).size }).toEqual({ n: 687, distinct: 687 });
      const structures = (await streamEvents(nc, STREAMS.directory.name, StructureCreatedV1.type)).filter((e) => String(e.data?.nom).startsWith('Faute NATS '));
      expect(structures.map((e) => e.data.id).sort()).toEqual(inDirectory);
    } finally {
      await nc.close();
    }
    // Applied once by mandates: one inbox row per event of its consumer.
    const inbox = await one('mandates', `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM inbox WHERE event_type = $1`, [StructureCreatedV1.type]);
    expect(inbox.n).toBe(inbox.d);
  });
});
