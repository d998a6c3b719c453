import { CookieJar, fetchOperatorToken, fetchUserTokens, followToCallback } from '@pin/testing';
import { decodeJwt } from 'jose';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(90_000);

const NOT_AN_ACCESS_TOKEN = "Ce jeton n'est pas un jeton d'accès.";
const CLIENT_NOT_ALLOWED = "Ce jeton a été délivré à une application qui n'a pas accès à l'API.";

/**
 * Only access tokens of the allowed clients open the API: `typ: "Bearer"` (required) and `azp`
 * among OIDC_ALLOWED_CLIENTS (with the gateway's own client always). Real dev-idp, real gateway.
 */
describe('gateway token hygiene: only access tokens of allowed clients', () => {
  const h = new PlatformHarness();
  // A second machine client besides the operator: the list is read from the configuration.
  beforeAll(() => h.start({ OIDC_ALLOWED_CLIENTS: 'pin-operator,caf-flux' }));
  afterAll(() => h.stop());

  const me = (token: string, scheme = 'Bearer') => h.call('GET', '/api/v1/me', { headers: { authorization: `${scheme} ${token}` } });
  const userTokens = (username: string) => fetchUserTokens(h.platform.issuer, username, { redirectUri: h.url('/auth/callback') });

  it("refuses the aidant's ID token (real authorization-code flow), and takes the access token of the same login", async () => {
    const tokens = await userTokens('aidant');
    // The refusal is for the right reason: the ID token says what it is, as Keycloak's do.
    expect(decodeJwt(tokens.id_token)).toMatchObject({ typ: 'ID', azp: 'pin-gateway', aud: 'pin-gateway', preferred_username: 'aidant' });
    const refused = await me(tokens.id_token);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', message: NOT_AN_ACCESS_TOKEN });

    const accepted = await me(tokens.access_token);
    expect(accepted.status).toBe(200);
    expect(accepted.json.username).toBe('aidant');
  });

  it('refuses a refresh token: the real one (opaque), and one shaped as Keycloak issues them (typ Refresh)', async () => {
    const { refresh_token } = await userTokens('aidant');
    const opaque = await me(refresh_token);
    expect(opaque.status).toBe(401);
    expect(opaque.json.code).toBe('AUTH.UNAUTHENTICATED');

    const keycloakShaped = await me(await h.forge({ typ: 'Refresh', azp: 'pin-gateway', realm_access: { roles: ['admin'] } }));
    expect(keycloakShaped.status).toBe(401);
    expect(keycloakShaped.json).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', message: NOT_AN_ACCESS_TOKEN });
  });

  it.each([
    ['without typ', { typ: undefined }, NOT_AN_ACCESS_TOKEN],
    ['typed ID (a Keycloak ID token)', { typ: 'ID', aud: 'pin-gateway' }, NOT_AN_ACCESS_TOKEN],
    ['typed bearer in lower case', { typ: 'bearer' }, NOT_AN_ACCESS_TOKEN],
    ['issued to another client of the realm', { azp: 'account-console' }, CLIENT_NOT_ALLOWED],
    ['without azp', { azp: undefined }, CLIENT_NOT_ALLOWED],
  ])('refuses a forged token %s with 401', async (_label, claims, message) => {
    const r = await me(await h.forge({ realm_access: { roles: ['admin'] }, ...claims }));
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', message });
  });

  it('accepts a forged access token of an allowed client (the refusals above fail for their one reason)', async () => {
    for (const azp of ['pin-gateway', 'pin-operator', 'caf-flux']) {
      const r = await me(await h.forge({ azp, preferred_username: `forge-${azp}` }));
      expect({ azp, status: r.status, username: r.json?.username }).toEqual({ azp, status: 200, username: `forge-${azp}` });
    }
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'BeArEr'])('takes the scheme %s (case-insensitive, RFC 7235)', async (scheme) => {
    const r = await me(await h.token('referent'), scheme);
    expect(r.status).toBe(200);
    expect(r.json.username).toBe('referent');
  });

  it('still refuses another scheme or a malformed header', async () => {
    const token = await h.token('referent');
    for (const header of [`Basic ${token}`, `Bearer${token}`, `Bearer ${token} extra`, 'Bearer']) {
      const r = await h.call('GET', '/api/v1/me', { headers: { authorization: header } });
      expect({ header: header.slice(0, 12), status: r.status, code: r.json?.code }).toEqual({ header: header.slice(0, 12), status: 401, code: 'AUTH.UNAUTHENTICATED' });
    }
  });

  it("accepts the operator's client-credentials token", async () => {
    const { access_token } = await fetchOperatorToken(h.platform.issuer);
    expect(decodeJwt(access_token)).toMatchObject({ typ: 'Bearer', azp: 'pin-operator' });
    const r = await me(access_token);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ username: 'service-account-pin-operator', roles: ['operateur'], structures: ['*'] });
  });

  it('refuses a browser session cookie once the session is logged out (POST /auth/logout)', async () => {
    const jar = new CookieJar();
    const callback = await followToCallback(new URL(h.url('/auth/login?login_hint=aidant')), h.url('/auth/callback'), jar);
    expect((await jar.fetch(callback)).status).toBe(303);
    const cookie = jar.header(new URL(h.url('/api/v1/me')))!;
    const sid = /(?:^|; )pin_session=([\w-]{43})/.exec(cookie)?.[1];
    expect(sid).toBeDefined();
    const withSession = () => h.call('GET', '/api/v1/me', { headers: { cookie: `pin_session=${sid}` } });
    expect((await withSession()).status).toBe(200);

    const logout = await h.call('POST', '/auth/logout', {
      raw: '', headers: { cookie: `pin_session=${sid}`, 'content-type': 'application/x-www-form-urlencoded', origin: h.platform.gatewayUrl },
    });
    expect(logout.status).toBe(303);
    // The browser is sent to the identity provider to end the SSO session too.
    expect(logout.headers.get('location')).toContain(`${h.platform.issuer}/protocol/openid-connect/logout`);

    // The same cookie, replayed after logout (a copy kept by someone else), opens nothing.
    const replayed = await withSession();
    expect(replayed.status).toBe(401);
    expect(replayed.json.code).toBe('AUTH.UNAUTHENTICATED');
  });
});
