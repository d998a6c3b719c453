import { z } from 'zod';
import { envBoolean, redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  REDIS_URL: redisUrl,
  /** The platform's département (INSEE): its lieux come first in a list without a position. */
  HOME_DEPARTEMENT: z.string().regex(/^(\d{2}|2[AB]|97\d)$/, 'code de département attendu (40, 2A, 974…)').default('40'),
  SEED_DEMO_DATA: envBoolean(false),
  /**
   * With SEED_DEMO_DATA: the lieux file imported once at boot (source « hinaura », same job as a
   * user import). Unset: the 687 Hinaura lieux shipped in apps/directory/data (copied to dist/apps/directory/data by the build);
   * empty: no demo import. Skipped when the file does not exist.
   */
  DEMO_FIXTURE_PATH: z.string().optional(),
  /**
   * BullMQ lock of a running import job: renewed every half of it while the replica lives; after a
   * crash, another replica (or the restarted one) takes the job over within about twice this time.
   */
  IMPORT_JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
});

export type DirectoryConfig = z.infer<typeof configSchema>;
