import { z } from 'zod';
import { redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  REDIS_URL: redisUrl,
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export type DirectoryConfig = z.infer<typeof configSchema>;
