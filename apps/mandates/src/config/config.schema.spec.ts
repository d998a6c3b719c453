import { configSchema } from './config.schema';

// HABILITATION_PIX_REQUIRED: off by default (existing flows keep working), only "true"/"1" turn it on.
describe('mandates configuration: HABILITATION_PIX_REQUIRED', () => {
  const base = { DATABASE_URL: 'postgres://pin@127.0.0.1:5432/pin_mandates', NATS_URL: 'nats://127.0.0.1:4222' };

  it('defaults to false and reads true/1', () => {
    expect(configSchema.parse(base).HABILITATION_PIX_REQUIRED).toBe(false);
    expect(configSchema.parse({ ...base, HABILITATION_PIX_REQUIRED: 'true' }).HABILITATION_PIX_REQUIRED).toBe(true);
    expect(configSchema.parse({ ...base, HABILITATION_PIX_REQUIRED: '1' }).HABILITATION_PIX_REQUIRED).toBe(true);
  });

  it('refuses anything else rather than guessing', () => {
    expect(configSchema.safeParse({ ...base, HABILITATION_PIX_REQUIRED: 'oui' }).success).toBe(false);
  });
});
