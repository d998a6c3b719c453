/**
 * `npm start`: starts dev-idp, directory, mandates, training, operators, labelling, mailbox (with the project's own Dovecot), safe
 * and the gateway (serving the web app) on this
 * machine's PostgreSQL and Redis and the platform's own nats-server (with its users and subject
 * permissions), with demo data, and prints where to go and who to be.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '@pin/contracts';
import { repoRoot, startPlatform, STREAMING_V8_FLAGS, TestNatsServer } from '@pin/testing';

const env = process.env;
const SMALL_YOUNG_GENERATION = `${env.NODE_OPTIONS ?? ''} --max-semi-space-size=2`.trim();
const pg = env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A development key-encryption key, made once and kept in `.secrets/safe-keks` (never committed). */
function devSafeKeks(): string {
  const file = resolve(repoRoot(), '.secrets/safe-keks');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `v1:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  // The platform's own nats-server: the users and subject permissions of deploy/nats/accounts.conf
  // (fresh passwords each start), JetStream store kept in tmp/nats between runs.
  const nats = await TestNatsServer.start({ secure: true, port: Number(env.NATS_PORT ?? 4223), storeDir: resolve(repoRoot(), 'tmp/nats') });
  const platform = await startPlatform({
    directoryDatabaseUrl: `${pg}/pin_directory`,
    mandatesDatabaseUrl: `${pg}/pin_mandates`,
    operatorsDatabaseUrl: `${pg}/pin_operators`,
    safeDatabaseUrl: `${pg}/pin_safe`,
    // The safe's key-encryption key for this machine, kept in .secrets/ (documents stay readable across starts).
    safeEnv: { SAFE_KEKS: devSafeKeks(), SAFE_STORAGE_DIR: resolve(repoRoot(), 'tmp/safe-objects'), NODE_OPTIONS: SMALL_YOUNG_GENERATION, NODE_V8_FLAGS: STREAMING_V8_FLAGS },
    // As in k8s/base (gateway, safe): 2 MB semi-spaces, the resident memory of the file streams,
    // and young Buffers reclaimed by scavenges (STREAMING_V8_FLAGS).
    gatewayEnv: { NODE_OPTIONS: SMALL_YOUNG_GENERATION, NODE_V8_FLAGS: STREAMING_V8_FLAGS },
    trainingDatabaseUrl: `${pg}/pin_training`,
    labellingDatabaseUrl: `${pg}/pin_labelling`,
    // The dossiers' pieces stay across starts (the internal file port itself is any free port, like the safe's).
    labellingEnv: { LABELLING_STORAGE_DIR: resolve(repoRoot(), 'tmp/labelling-objects') },
    mailboxDatabaseUrl: `${pg}/pin_mailbox`,
    mailDatabaseUrl: `${pg}/pin_mail`,
    // The project's Dovecot (deploy/dovecot/), never the system one: IMAP 10143, LMTP 10024, doveadm HTTP 10808 on 127.0.0.1.
    dovecot: { imapPort: Number(env.IMAP_PORT ?? 10143), lmtpPort: Number(env.LMTP_PORT ?? 10024), doveadmPort: Number(env.DOVEADM_PORT ?? 10808), root: resolve(repoRoot(), 'tmp/dovecot') },
    natsUrl: nats.url,
    natsCredentials: nats.credentials,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    gatewayPort: Number(env.PIN_PORT ?? 3000),
    devIdpPort: Number(env.DEV_IDP_PORT ?? 8080),
    healthPorts: { gateway: 9100, directory: 9101, mandates: 9102, training: 9103, operators: 9104, safe: 9105, mailbox: 9106, labelling: 9107 },
    seedDemoData: true,
    // The real Hinaura lieux (standard v0.1), imported once through the import job.
    demoFixturePath: env.DEMO_FIXTURE_PATH ?? resolve(repoRoot(), 'apps/directory/data/hinaura-687-lieux-v0.1.json'),
    logLevel: env.LOG_LEVEL ?? 'info',
    echo: true,
    devIdpKeyFile: '.secrets/dev-idp-jwks.json',
  }).catch(async (err: unknown) => {
    await nats.stop();
    throw err;
  });
  const users = DEMO_USERS.map((u) => `    ${u.username.padEnd(13)} ${u.roles.join(', ')}`).join('\n');
  console.log(`
  PIN est démarré (Node ${process.version}).
    Application web   ${platform.gatewayUrl}/
    API (OpenAPI)     ${platform.gatewayUrl}/api/docs
    Fournisseur SSO   ${platform.issuer} (dev-idp, imitation de Keycloak — jamais en production)
    NATS              ${nats.url} (utilisateurs et droits de deploy/nats/accounts.conf)
    Messagerie        IMAP 127.0.0.1:${platform.dovecot?.imapPort ?? '-'}, LMTP 127.0.0.1:${platform.dovecot?.lmtpPort ?? '-'} (Dovecot du projet, deploy/dovecot/)

  Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :
${users}

  Ctrl+C pour tout arrêter.
`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nArrêt de PIN…');
    await platform.stop();
    await nats.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`PIN n'a pas pu démarrer : ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
