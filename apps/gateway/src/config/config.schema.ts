import { z } from 'zod';
import { baseConfigSchema, envBoolean, httpUrl, natsAuthSchema, natsUrl, port, redisUrl } from '@pin/config';
import { DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, tileUrlSchema } from '../config-public/map-tiles';
import {
  DEFAULT_COLOR_ACCENT, DEFAULT_COLOR_PRIMARY, DEFAULT_SITE_NAME, DEFAULT_SITE_SHORT_NAME, hexColorSchema, logoUrlSchema, primaryColorSchema,
} from '../site/site-identity';

const CLIENT_LIST = /^[\w.:-]+(?:\s*,\s*[\w.:-]+)*$/;
/** The operator client of the realm (client credentials). */
export const OPERATOR_CLIENT_ID = 'pin-operator';
/** The CAF and CPAM operator clients of the realm (client credentials). */
export const PUBLIC_SERVICE_OPERATOR_CLIENT_IDS = ['pin-caf', 'pin-cpam'];

export const configSchema = baseConfigSchema.extend({
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(3000),
  /** The URL users type; the OIDC callback is built from it. */
  PUBLIC_URL: httpUrl,
  NATS_URL: natsUrl,
  ...natsAuthSchema,
  REDIS_URL: redisUrl,
  OIDC_ISSUER_URL: httpUrl,
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  /**
   * Clients (`azp` of the token) whose access tokens the API accepts, comma-separated: the machine
   * clients allowed to call the API besides the gateway's own browser client, which is always
   * accepted. Default: OIDC_CLIENT_ID, pin-operator, pin-caf and pin-cpam (deploy/keycloak/realm-pin.json).
   */
  OIDC_ALLOWED_CLIENTS: z.string().trim().regex(CLIENT_LIST, 'liste de clients séparés par des virgules').optional(),
  SESSION_COOKIE_SECURE: envBoolean(true),
  /** The safe's internal file port (uploads and downloads are streamed there); unset: the safe's file routes answer 503. */
  SAFE_INTERNAL_URL: httpUrl.optional(),
  /** Secret shared with the safe only: signs the user context of each streamed request (JWS HS256). */
  SAFE_EDGE_SECRET: z.string().min(32, 'au moins 32 caractères').optional(),
  /** The labelling service's internal file port (the dossiers' pieces are streamed there); unset: the pieces' routes answer 503. */
  LABELLING_INTERNAL_URL: httpUrl.optional(),
  /** Secret shared with the labelling service only: signs the user context of each streamed request (JWS HS256). */
  LABELLING_EDGE_SECRET: z.string().min(32, 'au moins 32 caractères').optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(8 * 3600),
  /** Requests per window of one person (token or session); anonymous traffic: per address. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  /**
   * Ceiling of one address for signed-in traffic (a France Services room behind one address holds
   * many people). Unset: 10 × RATE_LIMIT_MAX.
   */
  RATE_LIMIT_ADDRESS_MAX: z.coerce.number().int().min(1).optional(),
  /** Redis key prefix of the rate-limit counters (shared by the gateway replicas). */
  RATE_LIMIT_NAMESPACE: z.string().regex(/^[\w:.-]{1,64}$/).default('pin:ratelimit:'),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  /** Public signalements per client IP and window (tighter than the global limit). */
  REPORT_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  REPORT_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(3_600_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /**
   * Redis where uploaded lieux files wait for the directory's import job: the directory's own
   * Redis (its REDIS_URL). Defaults to REDIS_URL when both apps share one Redis database.
   */
  IMPORT_REDIS_URL: redisUrl.optional(),
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Answers of the routes marked `cache` kept at most (apps/gateway/src/routes/answer-cache.ts); 0: no cache. */
  ANSWER_CACHE_MAX: z.coerce.number().int().min(0).default(10_000),
  /** Longest an answer is served from the cache if no event invalidates it first; 0: no cache. */
  ANSWER_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  WEB_DIST_DIR: z.string().default('dist/apps/web'),
  /** Background tiles of the public map ({z}/{x}/{y} template; empty: no tiles). Its origin is added to the CSP img-src. */
  MAP_TILE_URL: tileUrlSchema.default(DEFAULT_TILE_URL),
  MAP_TILE_ATTRIBUTION: z.string().trim().max(300).default(DEFAULT_TILE_ATTRIBUTION),
  /** The Département's identity, served by GET /api/v1/site and /site.css (see apps/gateway/src/site). */
  SITE_NAME: z.string().trim().min(2).max(120).default(DEFAULT_SITE_NAME),
  SITE_SHORT_NAME: z.string().trim().min(2).max(40).default(DEFAULT_SITE_SHORT_NAME),
  /** Logo: http(s) address (its origin is added to the CSP img-src) or a path of this site; unset: no logo. */
  SITE_LOGO_URL: z.preprocess((v) => (v === '' ? undefined : v), logoUrlSchema.optional()),
  /** Primary colour (header, buttons, links): #rrggbb with at least 4.5:1 contrast against white. */
  SITE_COLOR_PRIMARY: primaryColorSchema.default(DEFAULT_COLOR_PRIMARY),
  SITE_COLOR_ACCENT: hexColorSchema('SITE_COLOR_ACCENT').default(DEFAULT_COLOR_ACCENT),
});

export type GatewayConfig = z.infer<typeof configSchema>;

/** Clients whose access tokens the gateway accepts (OIDC_ALLOWED_CLIENTS, always with OIDC_CLIENT_ID). */
export function allowedClients(config: Pick<GatewayConfig, 'OIDC_CLIENT_ID' | 'OIDC_ALLOWED_CLIENTS'>): string[] {
  const listed = config.OIDC_ALLOWED_CLIENTS?.split(',').map((c) => c.trim()) ?? [OPERATOR_CLIENT_ID, ...PUBLIC_SERVICE_OPERATOR_CLIENT_IDS];
  return [...new Set([config.OIDC_CLIENT_ID, ...listed])];
}
