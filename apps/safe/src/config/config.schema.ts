import { z } from 'zod';
import { envBoolean, port, redisUrl, serviceConfigSchema } from '@pin/config';
import { parseKeks } from '../crypto/key-ring';

const keks = z.string().trim().refine((v) => {
  try {
    return parseKeks(v).size >= 1;
  } catch {
    return false;
  }
}, 'liste de clés « version:clé AES-256 en base64 » séparées par des virgules');

export const configSchema = serviceConfigSchema.extend({
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Internal HTTP port of uploads and downloads (the gateway streams to it; never exposed publicly). 0: any free port. */
  SAFE_HTTP_PORT: port(0),
  SAFE_HTTP_HOST: z.string().trim().default('127.0.0.1'),
  /** HMAC secret shared with the gateway only: the gateway signs the verified user context of each upload and download (JWS HS256). */
  SAFE_EDGE_SECRET: z.string().min(32, 'au moins 32 caractères'),
  /**
   * Key-encryption keys, versioned, from the environment (a secret store in production), never in
   * the database nor the bucket: `v1:<base64 32 bytes>,v2:<base64 32 bytes>`.
   */
  SAFE_KEKS: keks,
  /** The version that wraps new data keys (and that rotation re-wraps to); default: the last listed. */
  SAFE_KEK_CURRENT: z.string().trim().optional(),
  SAFE_STORAGE: z.enum(['fs', 's3']).default('fs'),
  SAFE_STORAGE_DIR: z.string().trim().default('tmp/safe-objects'),
  S3_ENDPOINT: z.string().trim().optional(),
  S3_REGION: z.string().trim().default('us-east-1'),
  S3_BUCKET: z.string().trim().default('pin-safe'),
  S3_ACCESS_KEY_ID: z.string().trim().optional(),
  S3_SECRET_ACCESS_KEY: z.string().trim().optional(),
  S3_FORCE_PATH_STYLE: envBoolean(true),
  /** Bytes per usager (default 600 MB, like Reconnect); a warning from 90 %. */
  SAFE_QUOTA_BYTES: z.coerce.number().int().min(1).default(600 * 1024 * 1024),
  /** Lifetime of a single-use download link. */
  SAFE_LINK_TTL_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  /** Recovery period between a closure request and the destruction of the keys. */
  SAFE_CLOSURE_RECOVERY_DAYS: z.coerce.number().min(0).default(30),
  /** How often the repeatable run of due closures (key destruction once the recovery period is over) runs (BullMQ job scheduler). */
  SAFE_CLOSURE_SWEEP_EVERY_MS: z.coerce.number().int().min(1_000).default(10 * 60_000),
  /** Days before an ID's expiry date when the reminder « à renouveler » is recorded (once per document). */
  SAFE_EXPIRY_REMINDER_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** How often the repeatable expiry scan runs (BullMQ job scheduler). */
  SAFE_EXPIRY_SCAN_EVERY_MS: z.coerce.number().int().min(1_000).default(60 * 60_000),
  /** How often the repeatable sweep of orphaned objects (stored, no document row: a crash mid-deposit) runs. */
  SAFE_ORPHAN_SWEEP_EVERY_MS: z.coerce.number().int().min(1_000).default(60 * 60_000),
  /** Age from which an unreferenced object is an orphan: longer than any deposit in progress. */
  SAFE_ORPHAN_MIN_AGE_MS: z.coerce.number().int().min(60_000).default(60 * 60_000),
});

export type SafeConfig = z.infer<typeof configSchema>;
export const SAFE_CONFIG = Symbol('SAFE_CONFIG');
