import { DEMO_FUNDER, DEMO_STRUCTURES } from '@pin/contracts';
import { CookieJar, DEV_IDP_DEFAULT_REDIRECT_URI, discoverClient, fetchOperatorToken, fetchUserTokens, followToCallback } from '@pin/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import { startInProcess } from './dev-idp.harness';

const KC = '/protocol/openid-connect';

describe('dev-idp (in process, real HTTP)', () => {
  let idp: Awaited<ReturnType<typeof startInProcess>>;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  const verify = async (token: string): Promise<JWTPayload> =>
    (await jwtVerify(token, jwks, { issuer: idp.issuer, algorithms: ['RS256'] })).payload;

  beforeAll(async () => {
    idp = await startInProcess();
    jwks = createRemoteJWKSet(new URL(`${idp.issuer}${KC}/certs`));
  });
  afterAll(() => idp.dispose());

  it('serves discovery at Keycloak paths, and not at the root', async () => {
    expect(idp.issuer).toBe(`http://127.0.0.1:${idp.port}/realms/pin`);
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, string>;
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}${KC}/auth`,
      token_endpoint: `${idp.issuer}${KC}/token`,
      jwks_uri: `${idp.issuer}${KC}/certs`,
      userinfo_endpoint: `${idp.issuer}${KC}/userinfo`,
      end_session_endpoint: `${idp.issuer}${KC}/logout`,
    });
    expect((await fetch(`http://127.0.0.1:${idp.port}/.well-known/openid-configuration`)).status).toBe(404);
  });

  it('publishes only the public RS256 key, kid = thumbprint', async () => {
    const { keys } = (await (await fetch(`${idp.issuer}${KC}/certs`)).json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: idp.kid });
    expect(keys[0].d).toBeUndefined();
  });

  it('gives pin-operator a client_credentials JWT with the operateur role', async () => {
    const { access_token } = await fetchOperatorToken(idp.issuer);
    expect(decodeProtectedHeader(access_token)).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: idp.kid });
    const claims = await verify(access_token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'account',
      typ: 'Bearer',
      azp: 'pin-operator',
      preferred_username: 'service-account-pin-operator',
      realm_access: { roles: ['operateur'] },
      structures: ['*'],
    });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a wrong operator secret', async () => {
    await expect(fetchOperatorToken(idp.issuer, 'not-the-secret')).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('logs referent in headless (code + PKCE + login_hint) with Keycloak-shaped claims', async () => {
    const tokens = await fetchUserTokens(idp.issuer, 'referent');
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: 'JWT', alg: 'RS256' });
    const claims = await verify(tokens.access_token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'account',
      typ: 'Bearer',
      azp: 'pin-gateway',
      preferred_username: 'referent',
      name: 'Romain Référent',
      email: 'referent@demo.pin.test',
      structures: [DEMO_STRUCTURES.montDeMarsan],
      scope: 'openid profile email',
    });
    const roles = (claims.realm_access as { roles: string[] }).roles;
    expect(roles).toEqual(expect.arrayContaining(['referent', 'offline_access', 'uma_authorization', 'default-roles-pin']));
    expect(roles).not.toContain('admin');
    expect(claims.client_id).toBeUndefined();
    expect(claims.exp! - claims.iat!).toBe(300);
    const idToken = await verify(tokens.id_token);
    expect(idToken).toMatchObject({ aud: 'pin-gateway', sub: claims.sub, preferred_username: 'referent' });
    // As Keycloak: every token says what it is, so that an ID token is never taken for an access token.
    expect(idToken).toMatchObject({ typ: 'ID', azp: 'pin-gateway' });
    // Refresh tokens are opaque (not JWTs): no resource server can take one for an access token.
    expect(tokens.refresh_token.split('.')).toHaveLength(1);
  });

  it('answers userinfo for a user access token, and refuses a forged one', async () => {
    const { access_token } = await fetchUserTokens(idp.issuer, 'mediateur');
    const config = await discoverClient(idp.issuer, 'pin-gateway', 'pin-gateway-dev-secret');
    const sub = (await verify(access_token)).sub!;
    const info = await client.fetchUserInfo(config, access_token, sub);
    expect(info).toMatchObject({ sub, preferred_username: 'mediateur', email: 'mediateur@demo.pin.test', structures: [DEMO_STRUCTURES.dax] });

    const [header, payload] = access_token.split('.');
    const forged = await fetch(`${idp.issuer}${KC}/userinfo`, { headers: { authorization: `Bearer ${header}.${payload}.AAAA` } });
    expect(forged.status).toBe(401);

    const { id_token } = await fetchUserTokens(idp.issuer, 'mediateur');
    const withIdToken = await fetch(`${idp.issuer}${KC}/userinfo`, { headers: { authorization: `Bearer ${id_token}` } });
    expect(withIdToken.status).toBe(401);
  });

  it('gives the demo funder’s officer the role financeur and the financeur claim (access token and userinfo); others have none', async () => {
    const { access_token } = await fetchUserTokens(idp.issuer, 'financeur');
    const claims = await verify(access_token);
    expect(claims).toMatchObject({ preferred_username: 'financeur', financeur: DEMO_FUNDER, structures: [] });
    expect((claims.realm_access as { roles: string[] }).roles).toContain('financeur');
    const config = await discoverClient(idp.issuer, 'pin-gateway', 'pin-gateway-dev-secret');
    expect(await client.fetchUserInfo(config, access_token, claims.sub!)).toMatchObject({ financeur: DEMO_FUNDER });
    expect((await verify((await fetchUserTokens(idp.issuer, 'animateur')).access_token)).financeur).toBeUndefined();
  });

  it('refreshes tokens with the refresh_token grant', async () => {
    const tokens = await fetchUserTokens(idp.issuer, 'aidant');
    const config = await discoverClient(idp.issuer, 'pin-gateway', 'pin-gateway-dev-secret');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const claims = await verify(refreshed.access_token);
    expect(claims).toMatchObject({ preferred_username: 'aidant', structures: [DEMO_STRUCTURES.montDeMarsan] });
    expect((claims.realm_access as { roles: string[] }).roles).toContain('aidant');
  });

  it('shows the French login form and refuses a wrong password without logging in', async () => {
    const config = await discoverClient(idp.issuer, 'pin-gateway', 'pin-gateway-dev-secret');
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const jar = new CookieJar();
    const authorize = client.buildAuthorizationUrl(config, {
      redirect_uri: DEV_IDP_DEFAULT_REDIRECT_URI,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const toLogin = await jar.fetch(authorize);
    expect(toLogin.status).toBe(303);
    const loginUrl = new URL(toLogin.headers.get('location')!, authorize);
    expect(loginUrl.pathname).toMatch(/^\/realms\/pin\/login-actions\/[\w-]+$/);

    const page = await jar.fetch(loginUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    for (const fragment of ['Connexion à PIN', 'id="username"', 'id="password"', 'id="kc-login"', 'Se connecter', '<label for="username">Identifiant</label>', '<label for="password">Mot de passe</label>']) {
      expect(html).toContain(fragment);
    }

    const post = (password: string) =>
      jar.fetch(loginUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'referent', password }).toString(),
      });
    const refused = await post('wrong-password');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('Identifiant ou mot de passe incorrect.');

    const accepted = await post('demo');
    expect(accepted.status).toBe(303);
    const callback = await followToCallback(new URL(accepted.headers.get('location')!, loginUrl), DEV_IDP_DEFAULT_REDIRECT_URI, jar);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect((await verify(tokens.access_token)).preferred_username).toBe('referent');
  });
});
