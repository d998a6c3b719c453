import { MandateCreatedV1 } from '@pin/contracts';
import { DURAND, MandatesHarness } from '../mandates.harness';

// Fault: mandates is killed with SIGKILL during a burst of mandate creations, started again, and
// every request is replayed with its Idempotency-Key: each mandate exists exactly once.
jest.setTimeout(90_000);

const TOTAL = 48;
const IN_FLIGHT = 6;
const letters = (i: number) => 'abcdefghijklmnopqrstuvwxyz'[i % 26] + 'abcdefghijklmnopqrstuvwxyz'[Math.floor(i / 26) % 26];

describe('kill -9 of mandates during a burst of mandate creations', () => {
  const h = new MandatesHarness();
  const usagers: string[] = [];
  beforeAll(async () => {
    await h.start();
    await h.habilitateAidants();
    for (let i = 0; i < TOTAL; i++) usagers.push(await h.createUsager({ ...DURAND, nom: `Faute${letters(i)}`, prenoms: `Usager${letters(i)}` }));
  });
  afterAll(() => h.stop());

  const create = (i: number) =>
    h.call('POST', '/api/v1/mandats', {
      user: 'aidant',
      headers: { 'idempotency-key': `fault-${i}-${usagers[i].slice(0, 8)}` },
      body: { usagerId: usagers[i], demarches: ['social', 'argent'], dureeJours: 365, consentement: true },
    });

  it('each mandate is created exactly once; every replay returns the same mandate', async () => {
    const first: { status: number; json: any; ms: number }[] = new Array(TOTAL);
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        const t0 = Date.now();
        const r = await create(i);
        first[i] = { status: r.status, json: r.json, ms: Date.now() - t0 };
      }
    };
    const killer = async () => {
      // Kill once part of the burst is committed, with requests still in flight.
      while ((await h.count('SELECT count(*)::int AS n FROM mandat')) < 8 && next < TOTAL) await new Promise((r) => setTimeout(r, 20));
      await h.platform.kill9('mandates');
      killed = true;
    };
    await Promise.all([killer(), ...Array.from({ length: IN_FLIGHT }, worker)]);
    expect(killed).toBe(true);

    // During the outage: created (before the kill), or a clean 503/504 with the envelope — never a 500,
    // never longer than the gateway's request timeout (5 s) plus slack.
    const statuses = first.map((r) => r.status);
    expect(statuses.filter((s) => ![201, 503, 504].includes(s))).toEqual([]);
    expect(statuses.filter((s) => s !== 201).length).toBeGreaterThan(0);
    for (const r of first.filter((x) => x.status !== 201)) {
      expect(r.json).toMatchObject({ code: expect.stringMatching(/^SERVICE\.(UNAVAILABLE|TIMEOUT)$/), message: expect.any(String), correlationId: expect.any(String) });
    }
    expect(Math.max(...first.map((r) => r.ms))).toBeLessThan(8_000);

    await h.platform.start('mandates');
    const replays: Awaited<ReturnType<typeof create>>[] = [];
    for (let i = 0; i < TOTAL; i++) replays.push(await create(i));
    expect(replays.map((r) => r.status)).toEqual(new Array(TOTAL).fill(201));
    first.forEach((r, i) => {
      if (r.status === 201) expect(replays[i].json.id).toBe(r.json.id);
      expect(replays[i].json.usagerId).toBe(usagers[i]);
    });
    expect(new Set(replays.map((r) => r.json.id)).size).toBe(TOTAL);

    expect(await h.count('SELECT count(*)::int AS n FROM mandat')).toBe(TOTAL);
    expect(await h.count('SELECT count(DISTINCT usager_id)::int AS n FROM mandat')).toBe(TOTAL);
    expect(await h.count('SELECT count(*)::int AS n FROM autorisation')).toBe(TOTAL * 2);
    expect(await h.count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'mandat.cree'`)).toBe(TOTAL);
    expect(await h.count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [MandateCreatedV1.type])).toBe(TOTAL);
    // The hash chain of the journal survived the crash.
    const verified = await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' });
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ ok: true, premiereRupture: null });
  });
});
