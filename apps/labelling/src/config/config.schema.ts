import { z } from 'zod';
import { redisUrl, serviceConfigSchema } from '@pin/config';

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
});

export type LabellingConfig = z.infer<typeof configSchema>;

/** The validated configuration, injectable (`@Inject(LABELLING_CONFIG)`). */
export const LABELLING_CONFIG = Symbol('LABELLING_CONFIG');
