import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { PinError, ROLES, type Role, type UserContext } from '@pin/contracts';

export interface TokenVerifierOptions {
  /** Issuer exactly as in tokens: `https://sso.example/realms/pin` (no trailing slash). */
  issuer: string;
  /** Defaults to Keycloak's `<issuer>/protocol/openid-connect/certs`. */
  jwksUri?: string;
  clockToleranceSeconds?: number;
  /**
   * Clients whose access tokens the API accepts, by their `azp` (authorized party): the gateway's
   * own browser client and the machine clients allowed to call the API. Any other client of the
   * realm (Keycloak's own `account-console`, say) gets tokens with the same issuer and key.
   */
  allowedClients: readonly string[];
}

interface KeycloakClaims extends JWTPayload {
  typ?: string;
  azp?: string;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  realm_access?: { roles?: string[] };
  structures?: string[];
  /** Role `financeur`: the funder (Keycloak user attribute `financeur`, mapped by the pin-gateway client). */
  financeur?: string;
}

/**
 * Verifies Keycloak access tokens against the issuer's JWKS (signature, RS256 only — `none` and
 * HMAC are refused —, issuer, expiry) and turns them into the PIN user context.
 *
 * Only access tokens, and only those of the allowed clients:
 * - `typ` must be `Bearer`. Keycloak marks every token it issues: `Bearer` for access tokens,
 *   `ID` for ID tokens, `Refresh`/`Offline` for refresh tokens, `Logout` for logout tokens. An ID
 *   token is signed by the same key with the same issuer and `sub`, so without this rule it would
 *   open the API; a token without `typ` is not one Keycloak issued as an access token.
 * - `azp` must be one of `allowedClients`: the client the token was issued to.
 * - `aud` is not checked. In this realm (deploy/keycloak/realm-pin.json: no audience mapper, no
 *   client roles of the PIN clients) Keycloak's access tokens carry `aud: "account"` — the
 *   built-in account client, because of the default roles — for every client of the realm, or
 *   no `aud` at all when those roles are left out: it names nothing about PIN, so requiring it
 *   would refuse nothing a forger or another client could not show, and would break on the first
 *   change of default roles. `azp` is what tells the clients apart. An audience check belongs
 *   here the day the realm gets an audience mapper for the PIN API.
 */
export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  /**
   * Verified tokens (exact bytes) until they expire, bounded, least recently used evicted first:
   * RS256 checks are the gateway's main CPU cost. Same acceptance as verifying each time: a token
   * is accepted on its signature and expiry only (no revocation list), and it leaves at its expiry.
   */
  private readonly cache = new Map<string, { user: UserContext; expiresAt: number }>();
  private static readonly CACHE_SIZE = 10_000;

  constructor(private readonly o: TokenVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(o.jwksUri ?? `${o.issuer}/protocol/openid-connect/certs`), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
  }

  async verify(token: string): Promise<UserContext> {
    const cached = this.cache.get(token);
    if (cached) this.cache.delete(token);
    if (cached && cached.expiresAt > Date.now()) {
      // Least recently used first out: a hit moves the token to the end of the Map's order.
      this.cache.set(token, cached);
      return cached.user;
    }
    const { user, exp } = await this.verifyUncached(token);
    if (this.cache.size >= TokenVerifier.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(token, { user, expiresAt: exp * 1000 });
    return user;
  }

  private async verifyUncached(token: string): Promise<{ user: UserContext; exp: number }> {
    let payload: KeycloakClaims;
    try {
      ({ payload } = await jwtVerify<KeycloakClaims>(token, this.jwks, {
        issuer: this.o.issuer,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'],
        clockTolerance: this.o.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw new PinError('AUTH.UNAUTHENTICATED', messageFor(err));
    }
    if (payload.typ !== 'Bearer') {
      throw new PinError('AUTH.UNAUTHENTICATED', "Ce jeton n'est pas un jeton d'accès.");
    }
    if (typeof payload.azp !== 'string' || !this.o.allowedClients.includes(payload.azp)) {
      throw new PinError('AUTH.UNAUTHENTICATED', "Ce jeton a été délivré à une application qui n'a pas accès à l'API.");
    }
    return { user: toUserContext(payload), exp: payload.exp as number };
  }
}

export function toUserContext(p: KeycloakClaims): UserContext {
  const roles = (p.realm_access?.roles ?? []).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return {
    sub: String(p.sub),
    username: p.preferred_username ?? String(p.sub),
    ...(p.name ? { name: p.name } : {}),
    ...(typeof p.given_name === 'string' && p.given_name ? { givenName: p.given_name } : {}),
    ...(typeof p.family_name === 'string' && p.family_name ? { familyName: p.family_name } : {}),
    roles,
    structures: Array.isArray(p.structures) ? p.structures.filter((s) => typeof s === 'string') : [],
    ...(typeof p.financeur === 'string' && p.financeur.trim() ? { financeur: p.financeur.trim() } : {}),
    ...(p.azp ? { clientId: p.azp } : {}),
  };
}

function messageFor(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'Votre session a expiré : reconnectez-vous.';
  if (err instanceof errors.JWTClaimValidationFailed) return "Jeton refusé : émetteur ou contenu invalide.";
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'Jeton refusé : signature invalide.';
  return 'Jeton invalide ou illisible.';
}
