import { z } from 'zod';

/** A boolean read from the environment: only "true"/"false"/"1"/"0" are accepted. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `doit être une URL ${protocols.join(' ou ')}`);

export const postgresUrl = url(['postgres:', 'postgresql:']);
export const redisUrl = url(['redis:', 'rediss:']);
export const natsUrl = z
  .string()
  .min(1)
  .refine((v) => v.split(',').every((s) => /^(nats|tls):\/\/[^\s]+$/.test(s.trim())), 'doit être une ou plusieurs URL nats://');
export const httpUrl = url(['http:', 'https:']);

/** Variables every PIN app reads. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEALTH_PORT: port(0),
});

/**
 * NATS credentials of the app (its user in deploy/nats/accounts.conf). Unset: no authentication
 * (a developer's own open nats-server); every platform the project starts sets them.
 */
export const natsAuthSchema = {
  NATS_USER: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'nom d’utilisateur NATS invalide').optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
};

/** Variables of a service that owns a database and talks over NATS. */
export const serviceConfigSchema = baseConfigSchema.extend({
  DATABASE_URL: postgresUrl,
  NATS_URL: natsUrl,
  ...natsAuthSchema,
});
