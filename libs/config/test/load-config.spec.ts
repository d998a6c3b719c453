import { z } from 'zod';
import { baseConfigSchema, ConfigValidationError, envBoolean, httpUrl, loadConfig, natsUrl, port, redisUrl, requiredConfigKeys, serviceConfigSchema } from '../src';

const gateway = baseConfigSchema.extend({
  HTTP_PORT: port(3000), PUBLIC_URL: httpUrl, NATS_URL: natsUrl, REDIS_URL: redisUrl, OIDC_ISSUER_URL: httpUrl,
  OIDC_CLIENT_ID: z.string().min(1), OIDC_CLIENT_SECRET: z.string().min(1),
});
const directory = serviceConfigSchema.extend({ REDIS_URL: redisUrl, SEED_DEMO_DATA: envBoolean(false) });

describe('config validated at boot', () => {
  it('lists every bad variable at once and never echoes a value', () => {
    let error: ConfigValidationError | undefined;
    try {
      loadConfig('gateway', gateway, { PUBLIC_URL: 'pas-une-url', NATS_URL: 'http://x', OIDC_CLIENT_SECRET: 'tres-secret', HTTP_PORT: '99999' });
    } catch (e) {
      error = e as ConfigValidationError;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const names = error!.problems.map((p) => p.split(':')[0]).sort();
    expect(names).toEqual(['HTTP_PORT', 'NATS_URL', 'OIDC_CLIENT_ID', 'OIDC_ISSUER_URL', 'PUBLIC_URL', 'REDIS_URL']);
    expect(error!.message).not.toContain('tres-secret');
  });

  it('returns typed values with defaults', () => {
    const c = loadConfig('directory', directory, {
      DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://127.0.0.1:4222', REDIS_URL: 'redis://127.0.0.1:6379', SEED_DEMO_DATA: '1',
    });
    expect(c).toMatchObject({ SEED_DEMO_DATA: true, LOG_LEVEL: 'info', NODE_ENV: 'development' });
    expect(requiredConfigKeys(directory).sort()).toEqual(['DATABASE_URL', 'NATS_URL', 'REDIS_URL']);
  });
});
