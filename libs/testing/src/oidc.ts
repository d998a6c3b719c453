import { DEMO_OPERATOR_CLIENT_ID } from '@pin/contracts';
import * as client from 'openid-client';
import { CookieJar } from './cookie-jar';
import { DEV_IDP_DEFAULT_REDIRECT_URI, DEV_IDP_GATEWAY_SECRET, DEV_IDP_OPERATOR_SECRET } from './dev-idp-process';

export * from './dev-idp-process';
export { CookieJar } from './cookie-jar';

export interface UserTokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface UserTokenOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  scope?: string;
}

/** openid-client configuration for a loopback (plain http) issuer such as the dev-idp. */
export function discoverClient(issuer: string, clientId: string, clientSecret: string): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, clientSecret, undefined, {
    execute: [client.allowInsecureRequests],
  });
}

const MAX_REDIRECTS = 10;

/**
 * Follows the authorization request as a browser would (manual redirects, one cookie jar) until
 * the IdP sends it to `redirectUri`, and returns that callback URL. With `login_hint` the dev-idp
 * logs the user in without a form, so no page is ever filled in.
 */
export async function followToCallback(start: URL, redirectUri: string, jar = new CookieJar()): Promise<URL> {
  let url = start;
  for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
    const response = await jar.fetch(url);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      const body = (await response.text()).slice(0, 500);
      throw new Error(`authorization stopped at ${url.pathname} with HTTP ${response.status}: ${body}`);
    }
    await response.body?.cancel();
    url = new URL(location, url);
    if (url.href.startsWith(redirectUri)) {
      const error = url.searchParams.get('error');
      if (error) throw new Error(`authorization refused: ${error} ${url.searchParams.get('error_description') ?? ''}`);
      return url;
    }
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects from ${start.href}`);
}

/**
 * Logs a demo user in through the authorization code flow with PKCE, headless (`login_hint`),
 * against a running dev-idp, and returns the gateway client's tokens.
 */
export async function fetchUserTokens(issuer: string, username: string, opts: UserTokenOptions = {}): Promise<UserTokens> {
  const redirectUri = opts.redirectUri ?? DEV_IDP_DEFAULT_REDIRECT_URI;
  const config = await discoverClient(issuer, opts.clientId ?? 'pin-gateway', opts.clientSecret ?? DEV_IDP_GATEWAY_SECRET);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: opts.scope ?? 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    login_hint: username,
  });
  const callback = await followToCallback(authorizationUrl, redirectUri);
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
  if (!tokens.id_token || !tokens.refresh_token) throw new Error('the IdP returned no ID token or no refresh token');
  return {
    access_token: tokens.access_token,
    id_token: tokens.id_token,
    refresh_token: tokens.refresh_token,
    expires_in: tokens.expires_in ?? 0,
  };
}

/** A service-account access token of the operator client (client credentials). */
export async function fetchOperatorToken(
  issuer: string,
  clientSecret: string = DEV_IDP_OPERATOR_SECRET,
  clientId: string = DEMO_OPERATOR_CLIENT_ID,
): Promise<{ access_token: string; expires_in: number; token_type: string }> {
  const config = await discoverClient(issuer, clientId, clientSecret);
  const tokens = await client.clientCredentialsGrant(config);
  return { access_token: tokens.access_token, expires_in: tokens.expires_in ?? 0, token_type: tokens.token_type };
}
