/**
 * Mailbox benchmark (`npm run bench:mailbox`, after `npm run build`): BENCH_MAILBOXES (1,000)
 * provisioning requests to the real mailbox service (dist/, its own databases) and the project's
 * Dovecot (deploy/dovecot/), BENCH_CONCURRENCY (16) requests in flight. The authorization check is
 * answered by a stand-in responder (the mandates service is measured by bench:mandates).
 * Figures: mailboxes provisioned per second; request → first IMAP login p50/p99 (the letter's
 * password is checked by Dovecot, which answers "change it first": the account is live); next to
 * the raw cost of the same number of argon2id hashes (same parameters) + row inserts, same
 * concurrency, same run. Prints figures, asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Algorithm, hash } from '@node-rs/argon2';
import { ImapFlow } from 'imapflow';
import { Client } from 'pg';
import { REQUESTS, rpc, type AuthorizationDecision, type UserContext } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { createTestDatabase, freePort, httpOk, nestRequest, passwordOnLetter, startBuiltApp, TestDovecot, TestNatsServer } from '@pin/testing';
import { Cleanup, envInt, fmt, pct, percentile, printTable, recordResult } from './bench-util';

const STRUCTURE = '0a1b2c3d-0000-4000-8000-0000000000c1';
const AIDANT: UserContext = { sub: 'bench-aidant-sub', username: 'bench-aidant', roles: ['aidant'], structures: [STRUCTURE] };
const PRENOMS = ['Jean', 'Marie', 'Hélène', 'Zoé', 'Léa', 'Louis', 'Chloé', 'Noé', 'Inès', 'Gaël', 'Anaïs', 'Loïc', 'Maëlle', 'Jérôme', 'Cécile', 'François', 'Amélie', 'Raphaël', 'Élodie', 'Benoît'];
const NOMS = ['Martin', 'Dupré', 'Lefèvre', "D'Arcy", 'Le Gall', 'Müller', 'Garçon', 'Bénard', 'Lagarde', 'Duboscq', 'Labat', 'Dufau', 'Lacoste', 'Castaing', 'Darrigade', 'Ducamp', 'Lafitte', 'Saint-Jean', 'Bordes', 'Hourcade'];
const ARGON2 = { memoryKiB: 19_456, iterations: 2 };

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Raw baseline: argon2id (@node-rs/argon2, the service's parameters) + one INSERT per mailbox. */
async function rawBaseline(url: string, count: number, concurrency: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: concurrency }, async () => {
    const c = new Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  await clients[0].query('CREATE TABLE raw_mailbox (username text PRIMARY KEY, password text NOT NULL)');
  let i = 0;
  const started = performance.now();
  await Promise.all(clients.map(async (c) => {
    while (i < count) {
      const n = i++;
      const encoded = await hash(`pw-${n}`, { algorithm: Algorithm.Argon2id, parallelism: 1, timeCost: ARGON2.iterations, memoryCost: ARGON2.memoryKiB, outputLen: 32 });
      await c.query('INSERT INTO raw_mailbox (username, password) VALUES ($1, $2)', [`u${n}@landesmail.fr`, `{ARGON2ID}${encoded}`]);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  return count / seconds;
}

/** The first IMAP login with the letter's password: Dovecot verifies it and answers "change it first". */
async function firstLogin(port: number, user: string, pass: string): Promise<boolean> {
  const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.logout();
    return true;
  } catch (err) {
    return /Mot de passe initial/.test(String((err as { responseText?: string }).responseText ?? ''));
  }
}

async function main(): Promise<void> {
  const count = envInt('BENCH_MAILBOXES', 1_000);
  const concurrency = envInt('BENCH_CONCURRENCY', 16);
  const cleanup = new Cleanup();
  console.log(`[bench:mailbox] ${fmt(count)} mailboxes, ${concurrency} requests in flight, ${availableParallelism()} cores (PostgreSQL, Dovecot, the service and this process share them)`);
  try {
    const [db, mailDb, rawDb] = [await createTestDatabase('bench_mailbox'), await createTestDatabase('bench_mail'), await createTestDatabase('bench_mail_raw')];
    cleanup.add('databases', async () => Promise.all([db.drop(), mailDb.drop(), rawDb.drop()]));
    const nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => nats.stop());
    const dovecot = await TestDovecot.start({ mailDatabaseUrl: mailDb.url });
    cleanup.add('dovecot', () => dovecot.stop());
    const nc = await connectNats({ url: nats.url, name: 'bench-mailbox' });
    cleanup.add('nats connection', () => nc.close());
    // Stand-in for the mandates service's authorization check: always allowed.
    nc.subscribe(REQUESTS.mandates.authorizationCheck, {
      callback: (_e, m) => {
        const response: AuthorizationDecision = { allowed: true, reason: 'AUTORISE' };
        m.respond(JSON.stringify({ response, isDisposed: true, id: m.json<{ id: string }>().id }));
      },
    });
    const healthPort = await freePort();
    const service = await startBuiltApp(
      'mailbox',
      {
        NODE_ENV: 'production', LOG_LEVEL: 'warn', NATS_URL: nats.url, DATABASE_URL: db.url, MAIL_DATABASE_URL: mailDb.url, REDIS_URL: 'redis://127.0.0.1:6379/6',
        HEALTH_PORT: String(healthPort), PROVISION_CONCURRENCY: String(concurrency), MAILBOX_SWEEP_MS: '3600000', ...dovecot.serviceEnv,
      },
      () => httpOk(`http://127.0.0.1:${healthPort}/health/ready`),
    );
    cleanup.add('mailbox service', () => service.stop());

    console.log('[bench:mailbox] 1/2 raw baseline: argon2id + INSERT...');
    const rawPerSecond = await rawBaseline(rawDb.url, count, concurrency);

    console.log('[bench:mailbox] 2/2 provisioning through the service...');
    const requested = new Map<string, number>();
    const latencies: number[] = [];
    const provisioned = new Set<string>();
    let lastProvisioned = 0;
    const loginQueue: string[] = [];
    const sub = nc.subscribe('pin.mailbox.mailbox.provisioned.v1', {
      callback: (_e, m) => {
        const id = m.json<{ data: { mailboxId: string } }>().data.mailboxId;
        if (provisioned.has(id)) return;
        provisioned.add(id);
        lastProvisioned = performance.now();
        loginQueue.push(id);
      },
    });
    const addresses = new Map<string, string>();
    const started = performance.now();
    const items = Array.from({ length: count }, (_, i) => i);
    const requests = pool(items, concurrency, async (i) => {
      const t0 = performance.now();
      const body = { prenom: PRENOMS[i % PRENOMS.length], nom: NOMS[Math.floor(i / PRENOMS.length) % NOMS.length], demarche: 'social', consentement: true };
      const v = await nestRequest<{ id: string; adresse: string }>(nc, REQUESTS.mailbox.mailboxCreate, rpc({ params: { id: randomUUID() }, structureId: STRUCTURE, body }), { user: AIDANT, timeoutMs: 60_000 });
      requested.set(v.id, t0);
      addresses.set(v.id, v.adresse);
    });
    // First logins as the provisioned events arrive (their letters fetched from the service).
    let logins = 0;
    let failedLogins = 0;
    const loginWorkers = Array.from({ length: 4 }, async () => {
      while (logins + failedLogins < count) {
        const id = loginQueue.shift();
        if (!id || !addresses.has(id)) {
          await new Promise((r) => setTimeout(r, 20));
          if (id) loginQueue.push(id);
          continue;
        }
        const letter = await nestRequest<{ base64: string }>(nc, REQUESTS.mailbox.mailboxLetter, rpc({ params: { id }, structureId: STRUCTURE }), { user: AIDANT, timeoutMs: 60_000 });
        const ok = await firstLogin(dovecot.imapPort, addresses.get(id)!, passwordOnLetter(Buffer.from(letter.base64, 'base64')));
        if (ok) {
          logins++;
          latencies.push(performance.now() - requested.get(id)!);
        } else failedLogins++;
      }
    });
    await requests;
    // Every provisioned mailbox gets its first login (20 minutes at most: a stuck run still ends).
    await Promise.race([Promise.all(loginWorkers), new Promise((r) => setTimeout(r, 20 * 60_000).unref())]);
    sub.unsubscribe();
    const perSecond = provisioned.size / ((lastProvisioned - started) / 1000);

    printTable('Provisioning (argon2id m=19 MiB t=2, letter PDF, pin_mail row, Dovecot init, event)', [
      ['figure', 'measured', 'raw baseline', 'ratio'],
      ['mailboxes/s (request → provisioned event)', fmt(perSecond, 1), fmt(rawPerSecond, 1), pct(perSecond / rawPerSecond)],
      ['provisioned', fmt(provisioned.size), fmt(count), '-'],
    ]);
    printTable('Request → first IMAP login (the letter\'s password verified by Dovecot)', [
      ['logins', 'failed', 'p50 ms', 'p99 ms', 'max ms'],
      [fmt(logins), fmt(failedLogins), fmt(percentile(latencies, 50)), fmt(percentile(latencies, 99)), fmt(Math.max(...latencies))],
    ]);
    recordResult('mailbox', [
      { name: 'mailboxes provisioned per second', value: perSecond, unit: '/s', baseline: rawPerSecond, ratio: perSecond / rawPerSecond, target: 'report', met: true },
      { name: 'request to first IMAP login p50', value: percentile(latencies, 50), unit: 'ms', target: 'report', met: true },
      { name: 'request to first IMAP login p99', value: percentile(latencies, 99), unit: 'ms', target: 'report', met: true },
    ]);
  } finally {
    await cleanup.runAll();
  }
}

main().catch((err: unknown) => {
  console.error(`[bench:mailbox] failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
