import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltApp, httpOk, type AppProcess } from './app-process';
import { DEV_IDP_GATEWAY_SECRET, startDevIdpProcess, type DevIdpProcess } from './dev-idp-process';
import { freePort } from './ports';
import { TestDovecot } from './dovecot-server';

export interface PlatformOptions {
  directoryDatabaseUrl: string;
  mandatesDatabaseUrl: string;
  /** The operators service's database; absent: operators is not started. */
  operatorsDatabaseUrl?: string;
  /** The safe service's database; absent: safe is not started (nor its gateway routes wired). */
  safeDatabaseUrl?: string;
  /** The labelling service's database; absent: labelling is not started. */
  labellingDatabaseUrl?: string;
  /** The mailbox service's database; absent: mailbox (and its Dovecot) is not started. */
  mailboxDatabaseUrl?: string;
  /** The mail server's database (pin_mail) that the mailbox service migrates and Dovecot reads; required with mailboxDatabaseUrl. */
  mailDatabaseUrl?: string;
  /** The project's Dovecot for mailbox: fixed ports and run directory (npm start); free ports and a temporary directory when absent. */
  dovecot?: { imapPort?: number; lmtpPort?: number; doveadmPort?: number; root?: string };
  natsUrl: string;
  /** Each app's NATS user and password (deploy/nats/accounts.conf); absent: an open nats-server. */
  trainingDatabaseUrl: string;
  natsCredentials?: Partial<Record<'gateway' | 'directory' | 'mandates' | 'training' | 'operators' | 'safe' | 'labelling' | 'mailbox', { user: string; password: string }>>;
  redisUrl?: string;
  /** Fixed ports for `npm start`; free ports are picked when absent (tests). */
  gatewayPort?: number;
  devIdpPort?: number;
  healthPorts?: { gateway: number; directory: number; mandates: number; training: number; operators?: number; safe?: number; labelling?: number; mailbox?: number };
  seedDemoData?: boolean;
  /** Lieux file the directory imports once as demo data (with seedDemoData); absent: none (tests). */
  demoFixturePath?: string;
  logLevel?: string;
  echo?: boolean;
  /** `--enable-source-maps` for every app (default true: readable stacks); benchmarks run the apps as the image does, without. */
  sourceMaps?: boolean;
  gatewayEnv?: Record<string, string>;
  directoryEnv?: Record<string, string>;
  mandatesEnv?: Record<string, string>;
  operatorsEnv?: Record<string, string>;
  /** The safe's environment (e.g. `SAFE_KEKS`, `SAFE_STORAGE_DIR`); a random key and a temporary directory otherwise. */
  safeEnv?: Record<string, string>;
  labellingEnv?: Record<string, string>;
  mailboxEnv?: Record<string, string>;
  trainingEnv?: Record<string, string>;
  devIdpEnv?: Record<string, string>;
  devIdpKeyFile?: string;
}

export type PlatformApp = 'directory' | 'mandates' | 'training' | 'operators' | 'safe' | 'labelling' | 'mailbox' | 'gateway';

export interface Platform {
  gatewayUrl: string;
  issuer: string;
  devIdp: DevIdpProcess;
  /** The mailbox service's Dovecot, when mailbox runs. */
  dovecot?: TestDovecot;
  /** The running process of each app (replaced by `start(app)`). */
  apps: Record<PlatformApp, AppProcess>;
  healthPorts: { gateway: number; directory: number; mandates: number; training: number; operators?: number; safe?: number; labelling?: number; mailbox?: number };
  /** SIGKILL of one app, as in a crash: no shutdown hook runs. */
  kill9(app: PlatformApp): Promise<void>;
  /** Starts one (stopped or killed) app again with the same environment and ports; resolves when it is ready. */
  start(app: PlatformApp): Promise<AppProcess>;
  /** Graceful stop (SIGTERM) then start of one app. */
  restart(app: PlatformApp): Promise<AppProcess>;
  stop(): Promise<void>;
}

/** Starts dev-idp, directory, mandates, training, operators (when given its database) and gateway from `dist/`, wired together. */
export async function startPlatform(o: PlatformOptions): Promise<Platform> {
  const gatewayPort = o.gatewayPort ?? (await freePort());
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const healthPorts = o.healthPorts ?? { gateway: await freePort(), directory: await freePort(), mandates: await freePort(), training: await freePort() };
  if (o.operatorsDatabaseUrl && healthPorts.operators === undefined) healthPorts.operators = await freePort();
  if (o.labellingDatabaseUrl && healthPorts.labelling === undefined) healthPorts.labelling = await freePort();
  if (o.mailboxDatabaseUrl && healthPorts.mailbox === undefined) healthPorts.mailbox = await freePort();
  if (o.safeDatabaseUrl && healthPorts.safe === undefined) healthPorts.safe = await freePort();
  // The safe's internal file port and the secret with which the gateway signs what it streams there.
  const safeHttpPort = o.safeDatabaseUrl ? await freePort() : 0;
  const safeEdgeSecret = randomBytes(32).toString('base64url');
  // The same for the labelling service's internal file port (the dossiers' pieces).
  const labellingHttpPort = o.labellingDatabaseUrl ? await freePort() : 0;
  const labellingEdgeSecret = randomBytes(32).toString('base64url');
  const redisUrl = o.redisUrl ?? 'redis://127.0.0.1:6379';
  const logLevel = o.logLevel ?? 'warn';
  let devIdp: DevIdpProcess | undefined;
  const running: Partial<Record<PlatformApp, AppProcess>> = {};
  const ORDER: PlatformApp[] = [
    'directory', 'mandates', 'training', ...(o.operatorsDatabaseUrl ? (['operators'] as const) : []), ...(o.safeDatabaseUrl ? (['safe'] as const) : []),
    ...(o.labellingDatabaseUrl ? (['labelling'] as const) : []), ...(o.mailboxDatabaseUrl ? (['mailbox'] as const) : []), 'gateway',
  ];
  let dovecot: TestDovecot | undefined;
  const stopAll = async () => {
    for (const name of [...ORDER].reverse()) await running[name]?.stop().catch(() => undefined);
    await devIdp?.stop().catch(() => undefined);
    await dovecot?.stop().catch(() => undefined);
  };
  try {
    devIdp = await startDevIdpProcess({
      port: o.devIdpPort,
      redirectUris: [`${gatewayUrl}/auth/callback`],
      postLogoutRedirectUris: [`${gatewayUrl}/`],
      keyFile: o.devIdpKeyFile,
      env: { LOG_LEVEL: logLevel, ...o.devIdpEnv },
    });
    if (o.mailboxDatabaseUrl) {
      if (!o.mailDatabaseUrl) throw new Error('mailboxDatabaseUrl needs mailDatabaseUrl (the mail server database)');
      dovecot = await TestDovecot.start({ mailDatabaseUrl: o.mailDatabaseUrl, ...o.dovecot });
    }
    const common = { NODE_ENV: 'development', LOG_LEVEL: logLevel, NATS_URL: o.natsUrl };
    const natsAuth = (app: PlatformApp): Record<string, string> => {
      const c = o.natsCredentials?.[app];
      return c ? { NATS_USER: c.user, NATS_PASSWORD: c.password } : {};
    };
    // Each app's environment is fixed once: a restarted app comes back exactly as it was.
    const env: Record<PlatformApp, Record<string, string>> = {
      operators: { ...common, ...natsAuth('operators'), DATABASE_URL: o.operatorsDatabaseUrl ?? '', REDIS_URL: redisUrl, HEALTH_PORT: String(healthPorts.operators ?? 0), ...o.operatorsEnv },
      labelling: {
        ...common, ...natsAuth('labelling'), DATABASE_URL: o.labellingDatabaseUrl ?? '', REDIS_URL: redisUrl, HEALTH_PORT: String(healthPorts.labelling ?? 0),
        LABELLING_HTTP_PORT: String(labellingHttpPort), LABELLING_EDGE_SECRET: labellingEdgeSecret, LABELLING_STORAGE_DIR: join(tmpdir(), `pin-labelling-${randomBytes(6).toString('hex')}`), ...o.labellingEnv,
      },
      mailbox: {
        ...common, ...natsAuth('mailbox'), DATABASE_URL: o.mailboxDatabaseUrl ?? '', MAIL_DATABASE_URL: o.mailDatabaseUrl ?? '', REDIS_URL: redisUrl,
        HEALTH_PORT: String(healthPorts.mailbox ?? 0), ...(dovecot?.serviceEnv ?? {}), ...o.mailboxEnv,
      },
      safe: {
        ...common, ...natsAuth('safe'), DATABASE_URL: o.safeDatabaseUrl ?? '', REDIS_URL: redisUrl, HEALTH_PORT: String(healthPorts.safe ?? 0),
        SAFE_HTTP_PORT: String(safeHttpPort), SAFE_EDGE_SECRET: safeEdgeSecret, SAFE_KEKS: `v1:${randomBytes(32).toString('base64')}`,
        SAFE_STORAGE_DIR: join(tmpdir(), `pin-safe-${randomBytes(6).toString('hex')}`), ...o.safeEnv,
      },
      directory: { ...common, ...natsAuth('directory'), DATABASE_URL: o.directoryDatabaseUrl, REDIS_URL: redisUrl, HEALTH_PORT: String(healthPorts.directory), SEED_DEMO_DATA: String(o.seedDemoData ?? false), DEMO_FIXTURE_PATH: o.demoFixturePath ?? '', ...o.directoryEnv },
      mandates: { ...common, ...natsAuth('mandates'), DATABASE_URL: o.mandatesDatabaseUrl, HEALTH_PORT: String(healthPorts.mandates), ...o.mandatesEnv },
      training: { ...common, ...natsAuth('training'), DATABASE_URL: o.trainingDatabaseUrl, REDIS_URL: redisUrl, HEALTH_PORT: String(healthPorts.training), ...o.trainingEnv },
      gateway: {
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
        ...(o.safeDatabaseUrl ? { SAFE_INTERNAL_URL: `http://127.0.0.1:${safeHttpPort}`, SAFE_EDGE_SECRET: safeEdgeSecret } : {}),
        ...(o.labellingDatabaseUrl ? { LABELLING_INTERNAL_URL: `http://127.0.0.1:${labellingHttpPort}`, LABELLING_EDGE_SECRET: labellingEdgeSecret } : {}),
        ...o.gatewayEnv,
      },
    };
    const start = async (name: PlatformApp): Promise<AppProcess> => {
      const current = running[name];
      if (current && current.child.exitCode === null && current.child.signalCode === null) throw new Error(`${name} is already running`);
      const app = await startBuiltApp(name, env[name], () => httpOk(`http://127.0.0.1:${healthPorts[name]!}/health/ready`), { echo: o.echo, sourceMaps: o.sourceMaps });
      running[name] = app;
      return app;
    };
    for (const name of ORDER) await start(name);
    const platform: Platform = {
      gatewayUrl,
      issuer: devIdp.issuer,
      devIdp,
      dovecot,
      get apps() {
        return running as Record<PlatformApp, AppProcess>;
      },
      healthPorts,
      kill9: async (name) => {
        await running[name]?.kill9();
      },
      start,
      restart: async (name) => {
        await running[name]?.stop();
        return start(name);
      },
      stop: stopAll,
    };
    return platform;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
