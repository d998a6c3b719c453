import { z } from 'zod';
import { redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  /** BullMQ and the health probe (the service kit connects every service to Redis). */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Diagnostics kept with the person's consent are deleted after this many days (the anonymous counts stay). */
  TRAINING_DIAGNOSTIC_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /** PIX score (pix, 0–1024) a recorded result must reach to count as « test PIX réussi » for habilitation. */
  TRAINING_PIX_MIN_SCORE: z.coerce.number().int().min(0).max(1024).default(64),
  /** The reminder of a registration is recorded this many days before its session's first half-day. */
  TRAINING_REMINDER_DAYS: z.coerce.number().int().min(1).max(30).default(2),
  /** How often the retention purge and the reminders' scan run (BullMQ job schedulers). */
  TRAINING_SCAN_EVERY_MS: z.coerce.number().int().min(1_000).default(15 * 60_000),
});

export type TrainingConfig = z.infer<typeof configSchema>;
