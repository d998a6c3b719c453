import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { findAccountById, profileClaims } from '../accounts/demo-accounts';
import { sendJson } from '../http/http-io';

const SERVICE_ACCOUNT_CLAIMS = ['sub', 'preferred_username', 'structures'] as const;
const EMAIL_CLAIMS = new Set(['email', 'email_verified']);

function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function refuse(res: ServerResponse, description: string): void {
  const challenge = `Bearer realm="pin", error="invalid_token", error_description="${description}"`;
  sendJson(res, 401, { error: 'invalid_token', error_description: description }, { 'www-authenticate': challenge });
}

/**
 * Keycloak's userinfo accepts its JWT access tokens; oidc-provider's refuses them (their audience
 * is not the userinfo endpoint, and JWTs are not stored). So this route verifies the JWT itself.
 */
export function userinfoHandler(issuer: string, publicKeys: JWK[]) {
  const keySet = createLocalJWKSet({ keys: publicKeys });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      return sendJson(res, 405, { error: 'invalid_request' }, { allow: 'GET, POST' });
    }
    const token = bearerToken(req);
    if (!token) return refuse(res, 'missing bearer token');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keySet, { issuer, algorithms: ['RS256'], typ: 'JWT' }));
    } catch {
      return refuse(res, 'invalid or expired access token');
    }
    // Keycloak's userinfo takes access tokens only: an ID token (typ "ID") is refused.
    if (payload.typ !== 'Bearer') return refuse(res, 'not an access token');
    const account = typeof payload.sub === 'string' ? findAccountById(payload.sub) : undefined;
    if (account) {
      // As on Keycloak, what userinfo tells follows the scopes of the token.
      const scopes = new Set(String(payload.scope ?? '').split(' '));
      const claims = Object.entries(profileClaims(account)).filter(
        ([name]) => name === 'sub' || scopes.has(EMAIL_CLAIMS.has(name) ? 'email' : 'profile'),
      );
      return sendJson(res, 200, Object.fromEntries(claims));
    }
    // A service account (client credentials): what the token itself says about it.
    const claims = Object.fromEntries(SERVICE_ACCOUNT_CLAIMS.map((name) => [name, payload[name]]));
    return sendJson(res, 200, claims);
  };
}
