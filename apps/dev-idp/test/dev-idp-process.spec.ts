import { rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fetchOperatorToken, fetchUserTokens, freePort, repoRoot, startDevIdpProcess, type DevIdpProcess } from '@pin/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { buildDevIdp } from './build-dev-idp';

/** The built app as a child process: boot guard, key file, health, logs, shutdown. */
describe('dev-idp process', () => {
  let build: ReturnType<typeof buildDevIdp>;
  const running: DevIdpProcess[] = [];
  const keyFile = join('tmp', `dev-idp-restart-${process.pid}-${Date.now()}`, 'jwks.json');
  const start = async (opts: Parameters<typeof startDevIdpProcess>[0] = {}) => {
    const idp = await startDevIdpProcess({ entry: build.entry, ...opts });
    running.push(idp);
    return idp;
  };
  const kidOf = async (issuer: string) => {
    const { keys } = (await (await fetch(`${issuer}/protocol/openid-connect/certs`)).json()) as { keys: { kid: string }[] };
    return keys[0].kid;
  };

  beforeAll(() => {
    build = buildDevIdp();
  });
  afterAll(async () => {
    await Promise.all(running.map((idp) => idp.stop()));
    build.remove();
    await rm(dirname(join(repoRoot(), keyFile)), { recursive: true, force: true });
  });

  it('refuses to start with NODE_ENV=production (exit 1, clear message)', async () => {
    await expect(start({ env: { NODE_ENV: 'production' } })).rejects.toThrow(
      /exited with code 1[\s\S]*refuses to start with NODE_ENV=production/,
    );
  });

  it('exits 1 listing every invalid variable', async () => {
    const error = await start({ env: { DEV_IDP_GATEWAY_CLIENT_SECRET: 'short', DEV_IDP_ISSUER: 'not a url' } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/exited with code 1/);
    expect((error as Error).message).toContain('DEV_IDP_GATEWAY_CLIENT_SECRET');
    expect((error as Error).message).toContain('DEV_IDP_ISSUER');
  });

  it('reuses its key file across restarts (same kid, old tokens still verify)', async () => {
    const first = await start({ keyFile });
    const kid = await kidOf(first.issuer);
    const { access_token } = await fetchOperatorToken(first.issuer);
    await first.stop();
    expect(first.exitCode).toBe(0);
    expect((await stat(join(repoRoot(), keyFile))).mode & 0o777).toBe(0o600);

    const second = await start({ keyFile, port: first.port });
    expect(await kidOf(second.issuer)).toBe(kid);
    expect(decodeProtectedHeader(access_token).kid).toBe(kid);
    const jwks = createRemoteJWKSet(new URL(`${second.issuer}/protocol/openid-connect/certs`));
    await expect(jwtVerify(access_token, jwks, { issuer: second.issuer })).resolves.toBeDefined();

    const other = await start();
    expect(await kidOf(other.issuer)).not.toBe(kid);
  });

  it('serves /health on HEALTH_PORT, logs JSON with service dev-idp and no secret, stops with exit 0', async () => {
    const healthPort = await freePort();
    const idp = await start({ env: { HEALTH_PORT: String(healthPort), LOG_LEVEL: 'debug' } });
    const health = await fetch(`http://127.0.0.1:${healthPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const tokens = await fetchUserTokens(idp.issuer, 'admin');
    await idp.stop();
    expect(idp.exitCode).toBe(0);

    const lines = idp.output().stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: 'dev-idp' });
    const logs = idp.output().stdout;
    expect(logs).toContain('"msg":"stopped"');
    for (const secret of ['pin-gateway-dev-secret', 'pin-operator-dev-secret', tokens.access_token, tokens.refresh_token]) {
      expect(logs).not.toContain(secret);
    }
  });
});
