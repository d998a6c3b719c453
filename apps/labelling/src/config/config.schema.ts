import { z } from 'zod';
import { envBoolean, port, redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  /** BullMQ (expiry reminders and scans) and the health probe. */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /**
   * Key of the HMAC that signs Pass Numérique codes (PN-<number>-<10 hex>) and pseudonymises
   * beneficiary references. Production sets its own secret; the default is for development only.
   */
  PASS_SIGNING_KEY: z.string().min(16).default('pin-dev-pass-signing-key-change-me'),
  /** Labels expiring within this many days get a renewal reminder. */
  LABEL_REMINDER_DAYS: z.coerce.number().int().positive().default(60),
  /** How often the expiry scan runs. */
  LABELLING_SCAN_EVERY_MS: z.coerce.number().int().positive().default(3_600_000),
  /** Internal HTTP port of the dossiers' pieces (the gateway streams uploads and downloads to it; never exposed publicly). 0: any free port. */
  LABELLING_HTTP_PORT: port(0),
  LABELLING_HTTP_HOST: z.string().trim().default('127.0.0.1'),
  /** HMAC secret shared with the gateway only (JWS HS256 of the verified user context). Unset: no file port, the pieces' routes answer 503. */
  LABELLING_EDGE_SECRET: z.string().min(32, 'au moins 32 caractères').optional(),
  /** Where pieces are stored: a local directory (development) or an S3-compatible bucket. */
  LABELLING_STORAGE: z.enum(['fs', 's3']).default('fs'),
  LABELLING_STORAGE_DIR: z.string().trim().default('tmp/labelling-objects'),
  S3_ENDPOINT: z.string().trim().optional(),
  S3_REGION: z.string().trim().default('us-east-1'),
  S3_BUCKET: z.string().trim().default('pin-labelling'),
  S3_ACCESS_KEY_ID: z.string().trim().optional(),
  S3_SECRET_ACCESS_KEY: z.string().trim().optional(),
  S3_FORCE_PATH_STYLE: envBoolean(true),
});

export type LabellingConfig = z.infer<typeof configSchema>;

/** The validated configuration, injectable (`@Inject(LABELLING_CONFIG)`). */
export const LABELLING_CONFIG = Symbol('LABELLING_CONFIG');
