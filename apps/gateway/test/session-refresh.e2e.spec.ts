import { CookieJar, followToCallback } from '@pin/testing';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(90_000);

/** The browser session outlives its access token: the gateway refreshes it with the refresh token. */
describe('gateway browser session (BFF) with short-lived access tokens', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start({}, { DEV_IDP_ACCESS_TOKEN_TTL: '10' }));
  afterAll(() => h.stop());

  async function login(jar: CookieJar): Promise<void> {
    const callback = await followToCallback(new URL(h.url('/auth/login?returnTo=/app&login_hint=animateur')), h.url('/auth/callback'), jar);
    const res = await jar.fetch(callback, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app');
    expect(res.headers.get('set-cookie')).toMatch(/pin_session=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
  }

  it('logs in with the authorization code flow and keeps the session past the token expiry', async () => {
    const jar = new CookieJar();
    await login(jar);
    const me = await jar.fetch(new URL(h.url('/api/v1/me')));
    expect(me.status).toBe(200);
    expect((await me.json()).username).toBe('animateur');

    // Tokens live 10 s; the gateway allows 5 s of clock skew.
    const bearer = await h.token('animateur');
    await new Promise((r) => setTimeout(r, 16_000));
    expect((await h.call('GET', '/api/v1/me', { token: bearer })).status).toBe(401);
    const later = await jar.fetch(new URL(h.url('/api/v1/me')));
    expect(later.status).toBe(200);
  });

  it('refuses a cookie-authenticated change from another origin (CSRF)', async () => {
    const jar = new CookieJar();
    await login(jar);
    const body = JSON.stringify({ nom: 'Venue d’ailleurs', commune: 'Dax' });
    const foreign = await jar.fetch(new URL(h.url('/api/v1/structures')), {
      method: 'POST', body, headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const own = await jar.fetch(new URL(h.url('/api/v1/structures')), {
      method: 'POST', body, headers: { 'content-type': 'application/json', origin: h.platform.gatewayUrl },
    });
    expect(own.status).toBe(201);
  });

  it('a replayed callback (state already used) is refused', async () => {
    const jar = new CookieJar();
    const callback = await followToCallback(new URL(h.url('/auth/login?login_hint=aidant')), h.url('/auth/callback'), jar);
    expect((await jar.fetch(callback, { redirect: 'manual' })).status).toBe(303);
    const replay = await jar.fetch(callback, { redirect: 'manual' });
    expect(replay.status).toBe(401);
  });
});
