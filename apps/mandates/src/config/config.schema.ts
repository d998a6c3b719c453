import { z } from 'zod';
import { envBoolean, redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  /** BullMQ (scheduled expiry and retention scans). */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Personal data is erased this many days after the end of the usager's last mandate (Aidants Connect: 3 years). */
  MANDATES_RETENTION_DAYS: z.coerce.number().int().min(1).default(1095),
  /** Days before expiry when the usager and the structure are notified. */
  MANDATES_EXPIRY_NOTICE_DAYS: z.coerce.number().int().min(1).default(30),
  /** How often the expiry and retention scans run (repeatable BullMQ jobs). */
  MANDATES_SCAN_EVERY_MS: z.coerce.number().int().min(1_000).default(15 * 60_000),
  /** Aidants Connect requires a passed PIX test before habilitation: when true, a grant is refused until the training service reports one. */
  HABILITATION_PIX_REQUIRED: envBoolean(false),
});

export type MandatesConfig = z.infer<typeof configSchema>;
