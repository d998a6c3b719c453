import type { z } from 'zod';
import { envBoolean, redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  REDIS_URL: redisUrl,
  SEED_DEMO_DATA: envBoolean(false),
});

export type DirectoryConfig = z.infer<typeof configSchema>;
