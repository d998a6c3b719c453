import type { AccessToken, ClientCredentials, JWTStructured, KoaContextWithOIDC, Provider, ResourceServer } from 'oidc-provider';
import { findAccountById, serviceAccountClaims, serviceAccountId, userTokenClaims } from '../accounts/demo-accounts';

/** Resource indicator standing for "the PIN APIs": Keycloak clients never send `resource`. */
export const PIN_API_RESOURCE = 'urn:pin:api';

/** Keycloak puts `account` in `aud` of every user token unless an audience mapper changes it. */
export const KEYCLOAK_AUDIENCE = 'account';

/** Scope claim Keycloak writes into a service-account token when the client asks for none. */
const SERVICE_ACCOUNT_DEFAULT_SCOPE = 'profile email';

export function resourceServer(accessTokenTTL: number): ResourceServer {
  return {
    scope: 'openid profile email roles',
    audience: KEYCLOAK_AUDIENCE,
    accessTokenFormat: 'jwt',
    accessTokenTTL,
    jwt: { sign: { alg: 'RS256' } },
  };
}

function isClientCredentials(token: AccessToken | ClientCredentials): token is ClientCredentials {
  return token.kind === 'ClientCredentials';
}

export function extraTokenClaims(
  _ctx: KoaContextWithOIDC,
  token: AccessToken | ClientCredentials,
): Record<string, unknown> | undefined {
  const clientId = token.clientId ?? '';
  if (isClientCredentials(token)) return serviceAccountClaims(clientId);
  const account = findAccountById(token.accountId);
  // An unknown account only happens with a key file and data from another build: no claims
  // rather than a crash; the token then fails the services' role checks, as it should.
  return account ? userTokenClaims(account, clientId) : undefined;
}

/** Reserved claims and the header can only be changed here (after extraTokenClaims). */
export function customizeJwt(
  _ctx: KoaContextWithOIDC,
  token: AccessToken | ClientCredentials,
  jwt: JWTStructured,
): void {
  jwt.header = { ...jwt.header, typ: 'JWT' };
  const payload = jwt.payload as Record<string, unknown>;
  if (isClientCredentials(token)) {
    payload.sub = serviceAccountId(token.clientId ?? '');
    payload.scope ??= SERVICE_ACCOUNT_DEFAULT_SCOPE;
  } else {
    // Keycloak user tokens carry `azp`, not RFC 9068's `client_id`.
    delete payload.client_id;
  }
}

/**
 * Keycloak marks every token with `typ` (`Bearer` access token, `ID` ID token, `Refresh` refresh
 * token) and names the client in `azp`; oidc-provider's ID tokens carry neither, so resource
 * servers tested against the dev-idp could not tell an ID token from an access token. The ID token
 * gets both here, once its claims are masked (extra claims are merged last). Refresh tokens need
 * nothing: oidc-provider's are opaque strings, not JWTs (Keycloak's are HS512 JWTs that no
 * resource server can verify either).
 */
export function markIdTokens(provider: Provider): void {
  const { prototype } = provider.IdToken;
  const issue = prototype.issue;
  prototype.issue = function issueMarked(this: typeof prototype, options: Parameters<typeof issue>[0]) {
    if (options.use === 'idtoken') {
      this.set('typ', 'ID');
      this.set('azp', this.client.clientId);
    }
    return issue.call(this, options);
  };
}
