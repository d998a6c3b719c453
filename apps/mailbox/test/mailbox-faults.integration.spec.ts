// The mail server's PostgreSQL goes down in the middle of provisioning: the mailbox service's job
// fails, is retried with backoff, and completes when the database is back — never a mailbox
// without its row, never a letter whose password does not work. A private PostgreSQL cluster
// holds `pin_mail` (the machine's serves the service's own database), with the project's Dovecot
// reading it.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { REQUESTS, rpc, STREAMS, type MailboxView } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, passwordOnLetter, TestDovecot, TestNatsServer, TestPostgresServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { MailboxScheduleWorker } from '../src/mailboxes/mailbox-schedule.worker';
import { ProvisionWorker } from '../src/mailboxes/provision.worker';
import { aidant, MandatesStandIn, run, tryLogin, until } from './mailbox.fixtures';

jest.setTimeout(180_000);

describe('mailbox: the mail server database down mid-job', () => {
  let db: TestDatabase;
  let pg: TestPostgresServer;
  let nats: TestNatsServer;
  let dovecot: TestDovecot;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  const mandates = new MandatesStandIn();
  const structureId = randomUUID();
  const alex = aidant(structureId);

  beforeAll(async () => {
    db = await createTestDatabase('mailbox_faults');
    pg = await TestPostgresServer.start();
    const mailUrl = await pg.createDatabase('pin_mail');
    nats = await TestNatsServer.start();
    dovecot = await TestDovecot.start({ mailDatabaseUrl: mailUrl });
    nc = await connectNats({ url: nats.url, name: 'mailbox-faults-test' });
    await (await jetstreamManager(nc)).streams.add({ name: STREAMS.mandates.name, subjects: [...STREAMS.mandates.subjects] });
    mandates.start(nc);
    const config = configSchema.parse({
      DATABASE_URL: db.url, MAIL_DATABASE_URL: mailUrl, NATS_URL: nats.url, REDIS_URL: 'redis://127.0.0.1:6379/6', LOG_LEVEL: 'silent',
      ...dovecot.serviceEnv, PROVISION_BACKOFF_MS: '200', PROVISION_ATTEMPTS: '30', MAILBOX_SWEEP_MS: '3600000',
    });
    app = await bootstrapService({ module: AppModule.forRoot(config), nats: { url: nats.url }, queue: 'mailbox', healthPort: 0, healthHost: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.get(MailboxScheduleWorker).forget();
    await app?.close();
    mandates.stop();
    await nc?.close();
    await nats?.stop();
    await dovecot?.stop();
    await pg?.stop();
    await db?.drop();
  });

  it('retries while the database is down, then provisions; the letter’s password works', async () => {
    const ds = app.get(DataSource);
    const usagerId = randomUUID();
    mandates.grant(usagerId, structureId, 'papiers');
    const create = () => nestRequest<MailboxView>(nc, REQUESTS.mailbox.mailboxCreate, rpc({ structureId, params: { id: usagerId }, body: { prenom: 'Jeanne', nom: 'Coupure', demarche: 'papiers', consentement: true } }), { user: alex, timeoutMs: 15_000 });
    // Down before the request: refused with a code, nothing recorded.
    await pg.halt();
    expect(await create().catch((e: { body?: { code: string } }) => e.body?.code)).toBe('MESSAGERIE.MAIL_SERVER_UNAVAILABLE');
    expect(await ds.query('SELECT 1 FROM mailbox WHERE usager_id = $1', [usagerId])).toEqual([]);
    // Down mid-job: accepted while up, the job then meets the outage.
    await pg.spawn();
    const worker = app.get(ProvisionWorker);
    await worker.pause();
    const created = await create();
    await pg.halt();
    worker.resume();
    const failing = await until('a failed attempt', async () => (await ds.query('SELECT status, progress, last_error FROM mailbox WHERE id = $1', [created.id]))[0], (r) => r.last_error !== null);
    expect(failing.status).toBe('en_cours');
    expect(failing.progress).toBeLessThan(60); // the mail server's row could not be written
    const letterWhileDown = await nestRequest(nc, REQUESTS.mailbox.mailboxLetter, rpc({ structureId, params: { id: created.id } }), { user: alex }).catch((e: { body?: { code: string } }) => e.body?.code);
    expect(letterWhileDown).toBe('MESSAGERIE.LETTER_UNAVAILABLE');

    await pg.spawn();
    const done = await until('provisioned once the database is back', () => nestRequest<MailboxView>(nc, REQUESTS.mailbox.mailboxGet, rpc({ structureId, params: { id: created.id } }), { user: alex }), (v) => v.statut === 'active', 60_000);
    expect(done.adresse).toBe('jeanne.coupure@landesmail.fr');
    const letter = await nestRequest<{ base64: string }>(nc, REQUESTS.mailbox.mailboxLetter, rpc({ structureId, params: { id: created.id } }), { user: alex });
    const password = passwordOnLetter(Buffer.from(letter.base64, 'base64'));
    const [row] = await pg.query('pin_mail', 'SELECT password FROM mailbox WHERE request_id = $1', [created.id]);
    expect((await run('doveadm', ['pw', '-t', String(row.password), '-p', password])).stdout).toContain('(verified)');
    // Dovecot checks it too: the right password, refused only until it is changed.
    expect((await tryLogin(dovecot.imapPort, done.adresse, password)).response).toMatch(/Mot de passe initial a changer/);
  });
});
