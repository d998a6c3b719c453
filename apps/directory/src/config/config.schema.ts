import { z } from 'zod';
import { envBoolean, redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  REDIS_URL: redisUrl,
  SEED_DEMO_DATA: envBoolean(false),
  /**
   * With SEED_DEMO_DATA: the lieux file imported once at boot (source « hinaura », same job as a
   * user import). Unset: the 687 Hinaura lieux shipped in apps/directory/data (copied to dist/apps/directory/data by the build);
   * empty: no demo import. Skipped when the file does not exist.
   */
  DEMO_FIXTURE_PATH: z.string().optional(),
});

export type DirectoryConfig = z.infer<typeof configSchema>;
