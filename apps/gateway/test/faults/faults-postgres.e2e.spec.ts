import { DEMO_STRUCTURES, StructureCreatedV1 } from '@pin/contracts';
import { eventually } from '../platform.harness';
import { isErrorEnvelope, outcomeRecorder, PrivateInfraHarness, type Outcome } from './faults.harness';

// Fault: the platform's PostgreSQL (a private cluster: the machine's serves other suites) crashes
// (immediate shutdown: connections dropped mid-query, crash recovery at start) while the gateway
// serves reads and writes, and comes back 3 s later. No app is restarted.
jest.setTimeout(90_000);

const REQUEST_TIMEOUT_MS = 5_000;

describe('PostgreSQL crash and restart under load', () => {
  const h = new PrivateInfraHarness({ postgres: true });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('503/504 with a code during the outage (never 500), recovery without restarting apps, no partial write', async () => {
    const token = await h.token('animateur');
    const { outcomes, timed } = outcomeRecorder();
    const pause = () => new Promise((r) => setTimeout(r, 50));
    let stop = false;
    // The structures' list: not an answer the gateway caches (a structure by id is, until its
    // events say it changed), so every read reaches the directory and PostgreSQL.
    const directoryReader = async () => {
      while (!stop) {
        await timed('directory-read', () => h.call('GET', '/api/v1/structures', { token }));
        await pause();
      }
    };
    // A public read served by mandates from its database (an unknown verification token: 404).
    const mandatesReader = async () => {
      while (!stop) {
        await timed('mandates-read', () => h.call('GET', '/api/v1/verifications/AAAAAAAAAAAAAAAAAAAAAA'));
        await pause();
      }
    };
    let n = 0;
    const created: string[] = [];
    const writer = async () => {
      while (!stop) {
        const o = await timed('write', () => h.call('POST', '/api/v1/structures', { token, body: { nom: `Faute PG ${n++}`, commune: 'Dax' } }));
        if (o.status === 201) created.push(o.json.id);
        await pause();
      }
    };
    const ok = (o: Outcome) => (o.kind === 'write' ? o.status === 201 : o.kind === 'mandates-read' ? o.status === 404 : o.status === 200);
    const probes: Outcome[] = [];
    let restartedAt = 0;
    const chaos = async () => {
      await eventually(async () => created.length, (c) => c >= 5, 30_000);
      await h.pg!.halt('immediate');
      const killedAt = Date.now();
      await new Promise((r) => setTimeout(r, 1_000));
      // While the database is down, a read fails with a code, quickly (a structure not read before:
      // no cached answer to serve).
      for (let i = 0; i < 3; i++) probes.push(await timed('probe', () => h.call('GET', `/api/v1/structures/${DEMO_STRUCTURES.montDeMarsan}`, { token })));
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 3_000 - Date.now())));
      await h.pg!.spawn();
      restartedAt = Date.now();
      // Every kind of request succeeds again, without restarting anything.
      for (const kind of ['directory-read', 'mandates-read', 'write']) {
        await eventually(async () => outcomes.filter((o) => o.kind === kind && o.at > restartedAt && ok(o)).length, (c) => c >= 3, 30_000);
      }
      stop = true;
    };
    await Promise.all([chaos(), directoryReader(), mandatesReader(), writer(), writer()]);

    const bad = outcomes.filter((o) => !ok(o) && !(o.status === 503 || o.status === 504));
    expect(bad.map((o) => ({ kind: o.kind, status: o.status, code: o.json?.code }))).toEqual([]);
    const failures = outcomes.filter((o) => !ok(o));
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(isErrorEnvelope(f.json, /^SERVICE\.(UNAVAILABLE|TIMEOUT)$/)).toBe(true);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    expect(probes.map((p) => p.status).every((s) => s === 503 || s === 504)).toBe(true);
    expect(outcomes.length).toBeLessThan(1_500);
    // Recovery is prompt once PostgreSQL accepts connections again.
    const firstOkAfter = Math.min(...outcomes.filter((o) => o.at > restartedAt && ok(o)).map((o) => o.at));
    expect(firstOkAfter - restartedAt).toBeLessThan(10_000);

    // No partial write: each structure is there with exactly one creation event in the outbox, or absent.
    const rows = await h.query(
      'directory',
      `SELECT s.id::text AS id, (SELECT count(*)::int FROM outbox o WHERE o.subject = $1 AND o.payload::jsonb->'data'->>'id' = s.id::text) AS events
       FROM structure s WHERE s.nom LIKE 'Faute PG %'`,
      [StructureCreatedV1.type],
    );
    expect(rows.filter((r) => r.events !== 1)).toEqual([]);
    const ids = rows.map((r) => r.id).sort();
    expect(created.every((id) => ids.includes(id))).toBe(true);
    const orphanEvents = await h.query(
      'directory',
      `SELECT o.id FROM outbox o WHERE o.subject = $1 AND NOT EXISTS (SELECT 1 FROM structure s WHERE s.id::text = o.payload::jsonb->'data'->>'id')`,
      [StructureCreatedV1.type],
    );
    expect(orphanEvents).toEqual([]);
    // The relay and mandates' consumer recovered too: every structure reaches mandates.
    await eventually(() => h.query('directory', 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'), (r) => r[0].n === 0, 30_000);
    const projected = await eventually(
      async () => (await h.query('mandates', `SELECT id::text AS id FROM known_structure WHERE nom LIKE 'Faute PG %'`)).map((r) => r.id).sort(),
      (p) => p.length >= ids.length,
      30_000,
    );
    expect(projected).toEqual(ids);
  });
});
