import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { TokenVerifier } from '@pin/auth';
import { REDIS_CONNECTION } from '@pin/jobs/redis';
import { allowedClients, type GatewayConfig } from '../config/config.schema';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { AUTH_SETTINGS } from './auth.settings';
import { OidcClient } from './oidc.client';
import { SessionStore } from './session.store';

@Module({})
export class AuthModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const publicUrl = config.PUBLIC_URL.replace(/\/$/, '');
    return {
      module: AuthModule,
      controllers: [AuthController],
      providers: [
        { provide: TokenVerifier, useFactory: () => new TokenVerifier({ issuer: config.OIDC_ISSUER_URL, allowedClients: allowedClients(config) }) },
        { provide: SessionStore, inject: [REDIS_CONNECTION], useFactory: (r: Redis) => new SessionStore(r, config.SESSION_TTL_SECONDS) },
        {
          provide: OidcClient,
          useFactory: () => new OidcClient({
            issuer: config.OIDC_ISSUER_URL, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET,
            allowHttp: config.NODE_ENV !== 'production',
          }),
        },
        {
          provide: Authenticator,
          inject: [TokenVerifier, SessionStore, OidcClient],
          useFactory: (v: TokenVerifier, s: SessionStore, o: OidcClient) => new Authenticator(v, s, o, new URL(publicUrl).origin),
        },
        { provide: AUTH_SETTINGS, useValue: { publicUrl, secureCookie: config.SESSION_COOKIE_SECURE, sessionTtlSeconds: config.SESSION_TTL_SECONDS } },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
