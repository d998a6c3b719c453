import { CookieJar, DEV_IDP_DEFAULT_POST_LOGOUT_URI, DEV_IDP_DEFAULT_REDIRECT_URI, discoverClient, followToCallback } from '@pin/testing';
import * as client from 'openid-client';
import { startInProcess } from './dev-idp.harness';

/** Browser-like session behaviour: cookies, single sign-on, logout. */
describe('dev-idp sessions', () => {
  let idp: Awaited<ReturnType<typeof startInProcess>>;
  let config: client.Configuration;

  beforeAll(async () => {
    idp = await startInProcess();
    config = await discoverClient(idp.issuer, 'pin-gateway', 'pin-gateway-dev-secret');
  });
  afterAll(() => idp.dispose());

  async function authorize(jar: CookieJar, extra: Record<string, string> = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: DEV_IDP_DEFAULT_REDIRECT_URI,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...extra,
    });
    return { url, verifier, jar };
  }

  it('refuses an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: DEV_IDP_DEFAULT_REDIRECT_URI, scope: 'openid', login_hint: 'admin' });
    const response = await new CookieJar().fetch(url);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('shows the form, prefilled, for an unknown login_hint', async () => {
    const jar = new CookieJar();
    const { url } = await authorize(jar, { login_hint: 'nobody' });
    const toLogin = await jar.fetch(url);
    const page = await jar.fetch(new URL(toLogin.headers.get('location')!, url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="nobody"');
  });

  it('keeps the session in DEVIDP_SESSION scoped to /realms/pin, gives SSO, and logs out to the post-logout URI', async () => {
    const jar = new CookieJar();
    const first = await authorize(jar, { login_hint: 'animateur' });
    const callback = await followToCallback(first.url, DEV_IDP_DEFAULT_REDIRECT_URI, jar);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: first.verifier });
    expect(jar.header(new URL(`${idp.issuer}/protocol/openid-connect/auth`))).toMatch(/DEVIDP_SESSION=/);
    expect(jar.header(new URL(`http://127.0.0.1:${idp.port}/`))).toBeUndefined();

    // Same browser, no hint: single sign-on, no form.
    const again = await authorize(jar);
    await expect(followToCallback(again.url, DEV_IDP_DEFAULT_REDIRECT_URI, jar)).resolves.toBeInstanceOf(URL);

    const logoutUrl = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: DEV_IDP_DEFAULT_POST_LOGOUT_URI,
    });
    expect(logoutUrl.pathname).toBe('/realms/pin/protocol/openid-connect/logout');
    const page = await jar.fetch(logoutUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="logout" value="yes"');
    expect(html).toContain(".submit()");
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)![1];
    const form = new URLSearchParams([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const done = await jar.fetch(new URL(action, logoutUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(DEV_IDP_DEFAULT_POST_LOGOUT_URI);

    // The session is gone: the next authorization asks for the login form again.
    const afterLogout = await authorize(jar);
    await expect(followToCallback(afterLogout.url, DEV_IDP_DEFAULT_REDIRECT_URI, jar)).rejects.toThrow(/login-actions.*HTTP 200/);
  });
});
