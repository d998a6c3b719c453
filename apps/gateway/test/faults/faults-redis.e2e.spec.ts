import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CookieJar, followToCallback, repoRoot } from '@pin/testing';
import { eventually } from '../platform.harness';
import { isErrorEnvelope, PrivateInfraHarness, type Outcome } from './faults.harness';

// Fault: the platform's Redis (a private redis-server without persistence: the machine's serves
// other suites) is killed and started again empty. Browser sessions are lost; nothing else may be.
jest.setTimeout(90_000);

const HINAURA = readFileSync(resolve(repoRoot(), 'apps/directory/data/hinaura-687-lieux-v0.1.json'));
const REQUEST_TIMEOUT_MS = 5_000;

describe('Redis kill -9 and restart (sessions, rate limit, import jobs)', () => {
  const h = new PrivateInfraHarness({ redis: true });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  async function login(): Promise<CookieJar> {
    const jar = new CookieJar();
    const callback = await followToCallback(new URL(h.url('/auth/login?returnTo=/app&login_hint=animateur')), h.url('/auth/callback'), jar);
    const res = await jar.fetch(callback, { redirect: 'manual' });
    expect(res.status).toBe(303);
    return jar;
  }
  async function timed(kind: string, run: () => Promise<Response>): Promise<Outcome> {
    const t0 = Date.now();
    const res = await run();
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { kind, status: res.status, json, ms: Date.now() - t0, at: t0 };
  }
  async function importHinaura(source: string) {
    const res = await fetch(h.url(`/api/v1/imports?source=${source}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token('animateur')}`, 'content-type': 'application/json' },
      body: new Uint8Array(HINAURA),
    });
    const json = (await res.json()) as any;
    return { status: res.status, json };
  }
  const waitImport = (id: string) =>
    eventually(
      async () => (await h.call('GET', `/api/v1/imports/${id}`, { user: 'animateur' })).json,
      (s) => s?.statut === 'termine' || s?.statut === 'echoue',
      45_000,
    );

  it('a browser session degrades to 401 "log in again", bearer requests and import jobs go on', async () => {
    const jar = await login();
    const me = await jar.fetch(new URL(h.url('/api/v1/me')));
    expect(me.status).toBe(200);
    const token = await h.token('animateur');

    await h.redis!.kill9();
    // During the outage: the session cannot be read — a clean answer within the timeout, never a 500 nor a hang.
    const during = [
      await timed('cookie', () => jar.fetch(new URL(h.url('/api/v1/me')))),
      await timed('bearer', () => fetch(h.url('/api/v1/me'), { headers: { authorization: `Bearer ${token}` } })),
    ];
    // The cookie's session cannot be read: 503 with the envelope, at once (the gateway's Redis commands
    // give up after one reconnection attempt). A bearer request does not need Redis (the rate limit skips).
    expect(during.map((o) => [o.kind, o.status])).toEqual([['cookie', 503], ['bearer', 200]]);
    expect(isErrorEnvelope(during[0].json, /^SERVICE\.UNAVAILABLE$/)).toBe(true);
    expect(Math.max(...during.map((o) => o.ms))).toBeLessThan(REQUEST_TIMEOUT_MS);

    await h.redis!.spawn();
    // Restarted empty: the session is gone, the user is asked to log in again.
    const after = await eventually(() => timed('cookie', () => jar.fetch(new URL(h.url('/api/v1/me')))), (o) => o.status !== 503, 20_000);
    expect(after.status).toBe(401);
    expect(isErrorEnvelope(after.json, /^AUTH\.UNAUTHENTICATED$/)).toBe(true);
    // Bearer requests never depended on the session.
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(200);
    // Logging in again works (pending login and session in the new Redis).
    const again = await login();
    expect((await again.fetch(new URL(h.url('/api/v1/me')))).status).toBe(200);

    // BullMQ: the directory's worker reconnected; an import started now runs to the end.
    const started = await importHinaura('redis-fault');
    expect(started.status).toBe(202);
    expect(await waitImport(started.json.id)).toMatchObject({ statut: 'termine', crees: 687 });
    expect((await h.query('directory', `SELECT count(*)::int AS n FROM lieu WHERE source = 'redis-fault'`))[0].n).toBe(687);
  });
});
