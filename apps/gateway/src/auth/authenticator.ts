import type {} from '@fastify/cookie';
import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PinError, type UserContext } from '@pin/contracts';
import { TokenVerifier } from '@pin/auth';
import { decodeJwt } from 'jose';
import type { OidcClient } from './oidc.client';
import type { Session, SessionStore } from './session.store';

export const SESSION_COOKIE = 'pin_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the caller of a request: bearer token first, else the browser session cookie. */
export class Authenticator {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly sessions: SessionStore,
    private readonly oidc: OidcClient,
    private readonly publicOrigin: string,
  ) {}

  async authenticate(req: FastifyRequest): Promise<UserContext | undefined> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      // The scheme is case-insensitive (RFC 7235 §2.1): Bearer, bearer and BEARER alike.
      const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header);
      if (!match) throw new PinError('AUTH.UNAUTHENTICATED', "En-tête Authorization invalide : attendu « Bearer <jeton> ».");
      return this.verifier.verify(match[1]);
    }
    const sid = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
    if (!sid) return undefined;
    const session = await this.sessions.get(sid);
    if (!session) return undefined;
    if (UNSAFE_METHODS.has(req.method)) this.checkOrigin(req);
    return (await this.fresh(sid, session)).user;
  }

  /** Refreshes the access token shortly before it expires, so the session outlives it. */
  private async fresh(sid: string, session: Session): Promise<Session> {
    if (session.expiresAt - Date.now() > 30_000) return session;
    if (!session.refreshToken) {
      await this.sessions.destroy(sid);
      throw new PinError('AUTH.UNAUTHENTICATED', 'Votre session a expiré : reconnectez-vous.');
    }
    try {
      const tokens = await this.oidc.refresh(session.refreshToken);
      const user = await this.verifier.verify(tokens.access_token);
      const next: Session = {
        user,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? session.refreshToken,
        idToken: tokens.id_token ?? session.idToken,
        expiresAt: expiry(tokens.access_token, tokens.expires_in),
      };
      await this.sessions.update(sid, next);
      return next;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'session refresh failed');
      await this.sessions.destroy(sid);
      throw new PinError('AUTH.UNAUTHENTICATED', 'Votre session a expiré : reconnectez-vous.');
    }
  }

  /** Cookie-authenticated changes must come from our own pages (CSRF defence with SameSite=Lax). */
  private checkOrigin(req: FastifyRequest): void {
    const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
    if (origin !== this.publicOrigin) {
      throw new PinError('AUTH.FORBIDDEN', 'Requête refusée : origine inconnue.');
    }
  }
}

export function expiry(accessToken: string, expiresIn?: number): number {
  if (expiresIn) return Date.now() + expiresIn * 1000;
  const exp = decodeJwt(accessToken).exp;
  return exp ? exp * 1000 : Date.now() + 60_000;
}


function refererOrigin(referer?: string): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
