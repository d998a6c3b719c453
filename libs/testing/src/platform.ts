import { startBuiltApp, httpOk, type AppProcess } from './app-process';
import { DEV_IDP_GATEWAY_SECRET, startDevIdpProcess, type DevIdpProcess } from './dev-idp-process';
import { freePort } from './ports';

export interface PlatformOptions {
  directoryDatabaseUrl: string;
  mandatesDatabaseUrl: string;
  natsUrl: string;
  /** Each app's NATS user and password (deploy/nats/accounts.conf); absent: an open nats-server. */
  natsCredentials?: Partial<Record<'gateway' | 'directory' | 'mandates', { user: string; password: string }>>;
  redisUrl?: string;
  /** Fixed ports for `npm start`; free ports are picked when absent (tests). */
  gatewayPort?: number;
  devIdpPort?: number;
  healthPorts?: { gateway: number; directory: number; mandates: number };
  seedDemoData?: boolean;
  /** Lieux file the directory imports once as demo data (with seedDemoData); absent: none (tests). */
  demoFixturePath?: string;
  logLevel?: string;
  echo?: boolean;
  gatewayEnv?: Record<string, string>;
  devIdpEnv?: Record<string, string>;
  devIdpKeyFile?: string;
}

export interface Platform {
  gatewayUrl: string;
  issuer: string;
  devIdp: DevIdpProcess;
  apps: Record<'directory' | 'mandates' | 'gateway', AppProcess>;
  healthPorts: { gateway: number; directory: number; mandates: number };
  stop(): Promise<void>;
}

/** Starts dev-idp, directory, mandates and gateway from `dist/`, wired together. */
export async function startPlatform(o: PlatformOptions): Promise<Platform> {
  const gatewayPort = o.gatewayPort ?? (await freePort());
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const healthPorts = o.healthPorts ?? { gateway: await freePort(), directory: await freePort(), mandates: await freePort() };
  const redisUrl = o.redisUrl ?? 'redis://127.0.0.1:6379';
  const logLevel = o.logLevel ?? 'warn';
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const stopAll = async () => {
    for (const p of started.reverse()) await p.stop().catch(() => undefined);
  };
  try {
    const devIdp = await startDevIdpProcess({
      port: o.devIdpPort,
      redirectUris: [`${gatewayUrl}/auth/callback`],
      postLogoutRedirectUris: [`${gatewayUrl}/`],
      keyFile: o.devIdpKeyFile,
      env: { LOG_LEVEL: logLevel, ...o.devIdpEnv },
    });
    started.push(devIdp);
    const common = { NODE_ENV: 'development', LOG_LEVEL: logLevel, NATS_URL: o.natsUrl };
    const natsAuth = (app: 'gateway' | 'directory' | 'mandates'): Record<string, string> => {
      const c = o.natsCredentials?.[app];
      return c ? { NATS_USER: c.user, NATS_PASSWORD: c.password } : {};
    };
    const directory = await startBuiltApp(
      'directory',
      { ...common, ...natsAuth('directory'), DATABASE_URL: o.directoryDatabaseUrl, REDIS_URL: redisUrl, HEALTH_PORT: String(healthPorts.directory), SEED_DEMO_DATA: String(o.seedDemoData ?? false), DEMO_FIXTURE_PATH: o.demoFixturePath ?? '' },
      () => httpOk(`http://127.0.0.1:${healthPorts.directory}/health/ready`),
      { echo: o.echo },
    );
    started.push(directory);
    const mandates = await startBuiltApp(
      'mandates',
      { ...common, ...natsAuth('mandates'), DATABASE_URL: o.mandatesDatabaseUrl, HEALTH_PORT: String(healthPorts.mandates) },
      () => httpOk(`http://127.0.0.1:${healthPorts.mandates}/health/ready`),
      { echo: o.echo },
    );
    started.push(mandates);
    const gateway = await startBuiltApp(
      'gateway',
      {
        ...common,
        ...natsAuth('gateway'),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(gatewayPort),
        HEALTH_PORT: String(healthPorts.gateway),
        PUBLIC_URL: gatewayUrl,
        REDIS_URL: redisUrl,
        OIDC_ISSUER_URL: devIdp.issuer,
        OIDC_CLIENT_ID: 'pin-gateway',
        OIDC_CLIENT_SECRET: DEV_IDP_GATEWAY_SECRET,
        SESSION_COOKIE_SECURE: 'false',
        ...o.gatewayEnv,
      },
      () => httpOk(`http://127.0.0.1:${healthPorts.gateway}/health/ready`),
      { echo: o.echo },
    );
    started.push(gateway);
    return { gatewayUrl, issuer: devIdp.issuer, devIdp, apps: { directory, mandates, gateway }, healthPorts, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
