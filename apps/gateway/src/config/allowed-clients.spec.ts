import { allowedClients, configSchema } from './config.schema';

describe('OIDC_ALLOWED_CLIENTS: the clients whose access tokens the API accepts', () => {
  const base = {
    PUBLIC_URL: 'http://localhost:3000', NATS_URL: 'nats://127.0.0.1:4222', REDIS_URL: 'redis://127.0.0.1:6379',
    OIDC_ISSUER_URL: 'http://127.0.0.1:8080/realms/pin', OIDC_CLIENT_ID: 'pin-gateway', OIDC_CLIENT_SECRET: 's',
  };

  it('defaults to the gateway client, pin-operator and the CAF and CPAM operators', () => {
    expect(allowedClients(configSchema.parse(base))).toEqual(['pin-gateway', 'pin-operator', 'pin-caf', 'pin-cpam']);
  });

  it('reads a comma-separated list and always keeps the gateway client (its own logins need it)', () => {
    expect(allowedClients(configSchema.parse({ ...base, OIDC_ALLOWED_CLIENTS: ' pin-operator , caf-flux ' }))).toEqual(['pin-gateway', 'pin-operator', 'caf-flux']);
    expect(allowedClients(configSchema.parse({ ...base, OIDC_ALLOWED_CLIENTS: 'pin-gateway' }))).toEqual(['pin-gateway']);
  });

  it('refuses a list that is not client ids separated by commas', () => {
    for (const bad of ['', 'pin-operator,', 'a b', 'pin-operator;caf']) {
      expect({ bad, ok: configSchema.safeParse({ ...base, OIDC_ALLOWED_CLIENTS: bad }).success }).toEqual({ bad, ok: false });
    }
  });
});
