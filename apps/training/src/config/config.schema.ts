import { z } from 'zod';
import { redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  /** BullMQ and the health probe (the service kit connects every service to Redis). */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
});

export type TrainingConfig = z.infer<typeof configSchema>;
