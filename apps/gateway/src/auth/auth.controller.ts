import type {} from '@fastify/cookie';
import { Controller, Get, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinError } from '@pin/contracts';
import { TokenVerifier } from '@pin/auth';
import type { AuthenticatedRequest } from '../http/request-context.interceptor';
import { POLICIES } from '@pin/contracts';
import { Access, Public } from './auth.decorators';
import { expiry, SESSION_COOKIE } from './authenticator';
import { OidcClient } from './oidc.client';
import { SessionStore } from './session.store';
import { AUTH_SETTINGS, type AuthSettings } from './auth.settings';

/** Browser login (authorization code + PKCE, BFF session cookie) and the current user. */
@ApiTags('auth')
@Controller()
export class AuthController {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly oidc: OidcClient,
    private readonly sessions: SessionStore,
    private readonly verifier: TokenVerifier,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  @Public()
  @Get('auth/login')
  @ApiExcludeEndpoint()
  async login(
    @Query('returnTo') returnTo: string | undefined,
    @Query('login_hint') loginHint: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const pending = {
      codeVerifier: OidcClient.randomVerifier(),
      state: OidcClient.randomState(),
      nonce: OidcClient.randomNonce(),
      returnTo: safeReturnTo(returnTo),
    };
    await this.sessions.savePending(pending);
    let url: URL;
    try {
      url = await this.oidc.authorizationUrl(this.callbackUrl(), pending);
      // Pre-fills the username on the identity provider's form (Keycloak honours it too).
      if (loginHint && /^[\w.@-]{1,100}$/.test(loginHint)) url.searchParams.set('login_hint', loginHint);
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'identity provider unreachable');
      throw new PinError('SERVICE.UNAVAILABLE', "Le service d'authentification est momentanément indisponible.");
    }
    void reply.redirect(url.href, 303);
  }

  @Public()
  @Get('auth/callback')
  @ApiExcludeEndpoint()
  async callback(@Req() req: FastifyRequest, @Query('state') state: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const pending = state ? await this.sessions.takePending(state) : undefined;
    if (!pending) throw new PinError('AUTH.UNAUTHENTICATED', 'Connexion expirée ou déjà utilisée : recommencez.');
    let tokens;
    try {
      tokens = await this.oidc.exchange(new URL(req.url, this.settings.publicUrl), pending);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'code exchange failed');
      throw new PinError('AUTH.UNAUTHENTICATED', 'La connexion a échoué : recommencez.');
    }
    const user = await this.verifier.verify(tokens.access_token);
    const sid = await this.sessions.create({
      user,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      idToken: tokens.id_token,
      expiresAt: expiry(tokens.access_token, tokens.expires_in),
    });
    this.log.log({ user: user.username }, 'login');
    void reply
      .setCookie(SESSION_COOKIE, sid, { httpOnly: true, secure: this.settings.secureCookie, sameSite: 'lax', path: '/', maxAge: this.settings.sessionTtlSeconds })
      .redirect(pending.returnTo, 303);
  }

  @Public()
  @Post('auth/logout')
  @ApiExcludeEndpoint()
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sid = req.cookies?.[SESSION_COOKIE];
    const session = sid ? await this.sessions.get(sid) : undefined;
    if (sid) await this.sessions.destroy(sid);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    let target = `${this.settings.publicUrl}/`;
    if (session) {
      target = (await this.oidc.logoutUrl(session.idToken, `${this.settings.publicUrl}/`).catch(() => undefined))?.href ?? target;
    }
    void reply.redirect(target, 303);
  }

  @Access(POLICIES.authenticated)
  @Get('api/v1/me')
  @ApiOkResponse({ description: "L'utilisateur connecté : identifiant, nom, rôles, structures (et financeur pour un financeur)." })
  me(@Req() req: AuthenticatedRequest) {
    const user = req.pinUser;
    if (!user) throw new PinError('AUTH.UNAUTHENTICATED', 'Vous devez être connecté.');
    return { username: user.username, name: user.name ?? user.username, roles: user.roles, structures: user.structures, ...(user.financeur ? { financeur: user.financeur } : {}) };
  }

  private callbackUrl(): string {
    return `${this.settings.publicUrl}/auth/callback`;
  }
}

/** Only same-site paths: an open redirect after login would help phishing. */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}
