import { z } from 'zod';
import { baseConfigSchema, envBoolean, httpUrl, natsUrl, port, redisUrl } from '@pin/config';

export const configSchema = baseConfigSchema.extend({
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(3000),
  /** The URL users type; the OIDC callback is built from it. */
  PUBLIC_URL: httpUrl,
  NATS_URL: natsUrl,
  REDIS_URL: redisUrl,
  OIDC_ISSUER_URL: httpUrl,
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  SESSION_COOKIE_SECURE: envBoolean(true),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(8 * 3600),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  /** Redis key prefix of the rate-limit counters (shared by the gateway replicas). */
  RATE_LIMIT_NAMESPACE: z.string().regex(/^[\w:.-]{1,64}$/).default('pin:ratelimit:'),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  WEB_DIST_DIR: z.string().default('dist/apps/web'),
});

export type GatewayConfig = z.infer<typeof configSchema>;
