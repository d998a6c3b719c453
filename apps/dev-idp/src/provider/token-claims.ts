import type { AccessToken, ClientCredentials, JWTStructured, KoaContextWithOIDC, ResourceServer } from 'oidc-provider';
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
