// The mailbox service in-process (NATS listener, provisioning worker) against the machine's real
// PostgreSQL and Redis, a private nats-server and the project's own Dovecot 2.3 (deploy/dovecot/)
// on free loopback ports: IMAP logins with imapflow, LMTP deliveries with nodemailer, doveadm.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { REQUESTS, rpc, STREAMS, type MailboxView, type QuotaView, type UserContext } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestDovecot, TestNatsServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { REDIS_CONNECTION } from '@pin/jobs';
import { configSchema, type MailboxConfig } from '../src/config/config.schema';
import { MailboxScheduleWorker } from '../src/mailboxes/mailbox-schedule.worker';
import { ProvisionQueue } from '../src/mailboxes/provision.queue';
import { ProvisionWorker } from '../src/mailboxes/provision.worker';
import { aidant, deliver, imapLogin, MandatesStandIn, passwordOnLetter, pdfText, run, subjectsIn, tryLogin, until, usager } from './mailbox.fixtures';

jest.setTimeout(120_000);

const R = REQUESTS.mailbox;

describe('mailbox: provisioning into a real Dovecot, and the lifecycle', () => {
  let db: TestDatabase;
  let mailDb: TestDatabase;
  let nats: TestNatsServer;
  let dovecot: TestDovecot;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  let ds: DataSource;
  let mail: Client;
  let config: MailboxConfig;
  const mandates = new MandatesStandIn();
  const structureId = randomUUID();
  const alex = aidant(structureId);
  const call = <T = any>(pattern: string, user: UserContext, parts: Parameters<typeof rpc>[0] = {}) => nestRequest<T>(nc, pattern, rpc({ structureId, ...parts }), { user, timeoutMs: 15_000 });
  const errorOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return undefined;
    } catch (e) {
      return (e as { body?: { code: string } }).body?.code ?? (e as Error).message;
    }
  };
  const view = (id: string) => call<MailboxView>(R.mailboxGet, alex, { params: { id } });
  const letterOf = async (id: string) => Buffer.from((await call<{ base64: string }>(R.mailboxLetter, alex, { params: { id } })).base64, 'base64');

  /** A usager under mandate, a mailbox requested and provisioned; the letter's password. */
  const provisioned = async (prenom: string, nom: string) => {
    const usagerId = randomUUID();
    mandates.grant(usagerId, structureId, 'social');
    const created = await call<MailboxView>(R.mailboxCreate, alex, { params: { id: usagerId }, body: { prenom, nom, demarche: 'social', consentement: true } });
    const done = await until('provisioned', () => view(created.id), (v) => v.statut === 'active');
    return { usagerId, view: done, password: passwordOnLetter(await letterOf(created.id)) };
  };

  beforeAll(async () => {
    db = await createTestDatabase('mailbox');
    mailDb = await createTestDatabase('mail');
    nats = await TestNatsServer.start();
    dovecot = await TestDovecot.start({ mailDatabaseUrl: mailDb.url });
    nc = await connectNats({ url: nats.url, name: 'mailbox-test' });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: STREAMS.mandates.name, subjects: [...STREAMS.mandates.subjects] });
    mandates.start(nc);
    config = configSchema.parse({
      DATABASE_URL: db.url, MAIL_DATABASE_URL: mailDb.url, NATS_URL: nats.url, REDIS_URL: 'redis://127.0.0.1:6379/6', LOG_LEVEL: process.env.MAILBOX_TEST_LOG ?? 'silent',
      ...dovecot.serviceEnv, PROVISION_BACKOFF_MS: '200', PROVISION_ATTEMPTS: '30', MAILBOX_DELETION_GRACE_MS: '0', MAILBOX_SWEEP_MS: '3600000',
    });
    app = await bootstrapService({ module: AppModule.forRoot(config), nats: { url: nats.url }, queue: 'mailbox', healthPort: 0, healthHost: '127.0.0.1' });
    ds = app.get(DataSource);
    mail = new Client({ connectionString: mailDb.url });
    await mail.connect();
  });
  afterAll(async () => {
    await app?.get(MailboxScheduleWorker).forget();
    await app?.close();
    await mail?.end();
    mandates.stop();
    await nc?.close();
    await nats?.stop();
    await dovecot?.stop();
    await db?.drop();
    await mailDb?.drop();
  });

  it('proposes folded addresses, resolves collisions and refuses bad names with codes', async () => {
    const usagerId = randomUUID();
    mandates.grant(usagerId, structureId, 'papiers');
    const p = await call<{ propositions: string[] }>(R.addressPropose, alex, { params: { id: usagerId }, body: { prenom: 'Hélène', nom: "D'Arcy Le Gall" } });
    expect(p.propositions).toEqual(['helene.darcy-le-gall@landesmail.fr', 'helene.darcy-le-gall2@landesmail.fr', 'helene.darcy-le-gall3@landesmail.fr']);
    const bad = (prenom: string, nom: string) => errorOf(call(R.mailboxCreate, alex, { params: { id: usagerId }, body: { prenom, nom, demarche: 'papiers', consentement: true } }));
    expect(await bad('$$$', '!!!')).toBe('ADRESSE.NAME_EMPTY');
    expect(await bad('Jean', 'x'.repeat(300))).toBe('ADRESSE.NAME_TOO_LONG');
    expect(await bad('Jеan', 'Martin')).toBe('ADRESSE.NAME_MIXED_SCRIPTS');
    expect(await bad('Jean', 'Connard')).toBe('ADRESSE.OFFENSIVE');
    expect(await bad('Admin', 'Martin')).toBe('ADRESSE.RESERVED');
    // No consent, and a mandate that does not cover the démarche: refused.
    expect(await errorOf(call(R.mailboxCreate, alex, { params: { id: usagerId }, body: { prenom: 'Jean', nom: 'Martin', demarche: 'papiers' } }))).toBe('REQUEST.INVALID');
    expect(await errorOf(call(R.mailboxCreate, alex, { params: { id: usagerId }, body: { prenom: 'Jean', nom: 'Martin', demarche: 'social', consentement: true } }))).toBe('MESSAGERIE.MANDATE_REQUIRED');
    expect(await errorOf(call(R.mailboxCreate, alex, { params: { id: randomUUID() }, body: { prenom: 'Jean', nom: 'Martin', demarche: 'papiers', consentement: true } }))).toBe('MESSAGERIE.MANDATE_REQUIRED');
    // A usager cannot use the aidant's routes.
    expect(await errorOf(call(R.mailboxCreate, usager(), { params: { id: usagerId }, body: { prenom: 'Jean', nom: 'Martin', demarche: 'papiers', consentement: true } }))).toBe('AUTH.FORBIDDEN');
    expect(await mail.query('SELECT 1 FROM mailbox')).toHaveProperty('rowCount', 0);
  });

  it('provisions: argon2id that doveadm accepts, one-page letter, consent, event; the first login is refused until the usager changes the password', async () => {
    const first = await provisioned('Jean', 'Martin');
    expect(first.view).toMatchObject({ adresse: 'jean.martin@landesmail.fr', statut: 'active', progression: 100, motDePasseAChanger: true, courrierDisponible: true });
    // Homonym: jean.martin2.
    const second = await provisioned('Jean', 'Martin');
    expect(second.view.adresse).toBe('jean.martin2@landesmail.fr');
    // A usager who already has a mailbox.
    mandates.grant(first.usagerId, structureId, 'papiers');
    expect(await errorOf(call(R.mailboxCreate, alex, { params: { id: first.usagerId }, body: { prenom: 'Jean', nom: 'Martin', demarche: 'papiers', consentement: true } }))).toBe('MESSAGERIE.ALREADY_EXISTS');

    const [row] = (await mail.query('SELECT password, must_change_password, maildir, active, receiving FROM mailbox WHERE username = $1', [first.view.adresse])).rows;
    expect(row).toMatchObject({ must_change_password: true, maildir: 'landesmail.fr/jean.martin/', active: true, receiving: true });
    expect(row.password).toMatch(/^\{ARGON2ID\}\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    const { stdout } = await run('doveadm', ['pw', '-t', row.password, '-p', first.password]);
    expect(stdout).toContain('(verified)');
    await expect(run('doveadm', ['pw', '-t', row.password, '-p', 'wrong-password'])).rejects.toThrow();

    const letter = pdfText(await letterOf(first.view.id));
    expect(letter.pages).toBe(1);
    for (const t of ['jean.martin@landesmail.fr', first.password, 'Sur un téléphone', 'Sur un ordinateur', 'votre mot de passe', 'Besoin d']) expect(letter.flat).toContain(t);

    const [consent] = await ds.query('SELECT consent_at, consent_text_version, aidant_sub FROM mailbox WHERE id = $1', [first.view.id]);
    expect(consent.consent_at).toBeInstanceOf(Date);
    expect(consent.aidant_sub).toBe(alex.sub);
    const events: { payload: string }[] = await ds.query(`SELECT payload FROM outbox WHERE payload::jsonb->>'type' = 'pin.mailbox.mailbox.provisioned.v1'`);
    expect(events).toHaveLength(2);
    const data = JSON.parse(events[0].payload).data;
    expect(Object.keys(data).sort()).toEqual(['mailboxId', 'provisionneeLe', 'structureId', 'usagerId']);
    expect(JSON.stringify(events)).not.toContain('martin');

    // First login: the password is right, but the login is refused until it is changed.
    const refused = await tryLogin(dovecot.imapPort, first.view.adresse, first.password);
    expect(refused.ok).toBe(false);
    expect(refused.response).toMatch(/Mot de passe initial a changer/);

    const camille = usager();
    expect(await errorOf(call(R.myPasswordChange, camille, { body: { adresse: first.view.adresse, motDePasseActuel: 'nope-nope-nope', nouveauMotDePasse: 'Une phrase de passe solide' } }))).toBe('MESSAGERIE.WRONG_PASSWORD');
    const changed = await call<MailboxView>(R.myPasswordChange, camille, { body: { adresse: first.view.adresse, motDePasseActuel: first.password, nouveauMotDePasse: 'Une phrase de passe solide' } });
    expect(changed).toMatchObject({ motDePasseAChanger: false, courrierDisponible: false });
    expect((await tryLogin(dovecot.imapPort, first.view.adresse, 'Une phrase de passe solide')).ok).toBe(true);
    expect((await tryLogin(dovecot.imapPort, first.view.adresse, first.password)).ok).toBe(false);
    // Someone else cannot take the mailbox over with the old letter.
    expect(await errorOf(call(R.myPasswordChange, usager(), { body: { adresse: first.view.adresse, motDePasseActuel: 'Une phrase de passe solide', nouveauMotDePasse: 'Encore une autre phrase' } }))).toBe('MESSAGERIE.WRONG_PASSWORD');
    expect(await call<MailboxView>(R.myMailbox, camille)).toMatchObject({ adresse: first.view.adresse });
  });

  it('delivers over LMTP and reads back; app passwords per device, revoked when the main password changes; suspension keeps receiving and kicks live sessions', async () => {
    const box = await provisioned('Zoé', 'Lefèvre');
    const me = usager();
    const address = box.view.adresse;
    expect(address).toBe('zoe.lefevre@landesmail.fr');
    await call(R.myPasswordChange, me, { body: { adresse: address, motDePasseActuel: box.password, nouveauMotDePasse: 'mon mot de passe à moi' } });

    await deliver(dovecot.lmtpPort, address, 'Votre attestation CAF');
    expect(await subjectsIn(dovecot.imapPort, address, 'mon mot de passe à moi')).toEqual(['Votre attestation CAF']);

    const phone = await call<{ id: string; motDePasse: string }>(R.myAppPasswordCreate, me, { body: { nom: 'Téléphone' } });
    expect((await tryLogin(dovecot.imapPort, address, phone.motDePasse)).ok).toBe(true);
    const [stored] = (await mail.query('SELECT password FROM app_password WHERE id = $1', [phone.id])).rows;
    expect(stored.password).not.toContain(phone.motDePasse);
    expect((await call<{ items: { nom: string }[] }>(R.myAppPasswordList, me)).items.map((i) => i.nom)).toEqual(['Téléphone']);
    const tablet = await call<{ id: string; motDePasse: string }>(R.myAppPasswordCreate, me, { body: { nom: 'Tablette' } });
    await call(R.myAppPasswordRevoke, me, { params: { id: tablet.id } });
    expect((await tryLogin(dovecot.imapPort, address, tablet.motDePasse)).ok).toBe(false);
    expect((await tryLogin(dovecot.imapPort, address, phone.motDePasse)).ok).toBe(true);

    // A live session is kicked by the suspension; logins are refused; mail still arrives.
    const live = await imapLogin(dovecot.imapPort, address, phone.motDePasse);
    await live.mailboxOpen('INBOX');
    const closed = new Promise<void>((r) => live.once('close', () => r()));
    const suspended = await call<MailboxView>(R.mailboxSuspend, alex, { params: { id: box.view.id }, body: {} });
    expect(suspended.statut).toBe('suspendue');
    await closed;
    expect((await tryLogin(dovecot.imapPort, address, 'mon mot de passe à moi')).ok).toBe(false);
    expect((await tryLogin(dovecot.imapPort, address, phone.motDePasse)).ok).toBe(false);
    await deliver(dovecot.lmtpPort, address, 'Arrivé pendant la suspension');
    expect(await errorOf(call(R.mailboxDisable, alex, { params: { id: randomUUID() }, body: {} }))).toBe('MESSAGERIE.NOT_FOUND');
    expect(await errorOf(call(R.mailboxSuspend, alex, { params: { id: box.view.id }, body: {} }))).toBeUndefined(); // same state: no-op
    await call(R.mailboxReactivate, alex, { params: { id: box.view.id }, body: {} });
    expect(await subjectsIn(dovecot.imapPort, address, 'mon mot de passe à moi')).toEqual(['Votre attestation CAF', 'Arrivé pendant la suspension']);

    // Changing the main password revokes every app password.
    await call(R.myPasswordChange, me, { body: { adresse: address, motDePasseActuel: 'mon mot de passe à moi', nouveauMotDePasse: 'un autre mot de passe long' } });
    expect((await tryLogin(dovecot.imapPort, address, phone.motDePasse)).ok).toBe(false);
    expect((await call<{ items: unknown[] }>(R.myAppPasswordList, me)).items).toEqual([]);

    // Reset by the aidant: a new letter, the password must be changed again.
    const reset = await call<MailboxView>(R.mailboxResetPassword, alex, { params: { id: box.view.id }, body: {} });
    expect(reset).toMatchObject({ motDePasseAChanger: true, courrierDisponible: true });
    const again = passwordOnLetter(await letterOf(box.view.id));
    expect((await tryLogin(dovecot.imapPort, address, 'un autre mot de passe long')).ok).toBe(false);
    const [row] = (await mail.query('SELECT password, must_change_password FROM mailbox WHERE username = $1', [address])).rows;
    expect(row.must_change_password).toBe(true);
    expect((await run('doveadm', ['pw', '-t', row.password, '-p', again])).stdout).toContain('(verified)');
  });

  it('quota: the usage is read from Dovecot, the usager is warned at 90 %, mail over quota is refused', async () => {
    const box = await provisioned('Anne', 'Quota');
    const me = usager();
    await call(R.myPasswordChange, me, { body: { adresse: box.view.adresse, motDePasseActuel: box.password, nouveauMotDePasse: 'anne a un mot de passe' } });
    const q = await call<QuotaView>(R.mailboxQuotaChange, alex, { params: { id: box.view.id }, body: { quotaMo: 1 } });
    expect(q).toMatchObject({ quotaMo: 1, alerte: false });
    const big = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 4; i++) await deliver(dovecot.lmtpPort, box.view.adresse, `Pièce ${i}`, big);
    await deliver(dovecot.lmtpPort, box.view.adresse, 'Pièce 4', big); // crosses 90 %
    const after = await call<QuotaView>(R.myQuota, me);
    expect(after.pourcentage).toBeGreaterThanOrEqual(90);
    expect(after.alerte).toBe(true);
    await expect(deliver(dovecot.lmtpPort, box.view.adresse, 'De trop', big)).rejects.toThrow(/552|full|quota/i);
    if (process.env.MAILBOX_TEST_LOG) console.log(dovecot.log().slice(-4000));
    const subjects = await until('the quota warning', () => subjectsIn(dovecot.imapPort, box.view.adresse, 'anne a un mot de passe'), (s) => s.some((x) => /presque pleine/.test(x)), 10_000);
    expect(subjects).not.toContain('De trop');
  });

  it('deletion: scheduled, then after the grace period the maildir and the mail server row are removed', async () => {
    const box = await provisioned('Paul', 'Départ');
    await deliver(dovecot.lmtpPort, box.view.adresse, 'Un message');
    const maildir = join(dovecot.vmailDir, 'landesmail.fr', 'paul.depart');
    expect(existsSync(maildir)).toBe(true);
    const scheduled = await call<MailboxView>(R.mailboxScheduleDeletion, alex, { params: { id: box.view.id }, body: {} });
    expect(scheduled.statut).toBe('suppression_programmee');
    await expect(deliver(dovecot.lmtpPort, box.view.adresse, 'Refusé')).rejects.toThrow();
    expect(await app.get(ProvisionWorker).sweep()).toBe(1);
    expect(existsSync(maildir)).toBe(false);
    expect((await mail.query('SELECT 1 FROM mailbox WHERE username = $1', [box.view.adresse])).rowCount).toBe(0);
    expect((await view(box.view.id)).statut).toBe('supprimee');
    expect(await errorOf(call(R.mailboxReactivate, alex, { params: { id: box.view.id }, body: {} }))).toBe('MESSAGERIE.INVALID_TRANSITION');
    // The address is never given again.
    const p = await call<{ propositions: string[] }>(R.addressPropose, alex, { params: { id: box.usagerId }, body: { prenom: 'Paul', nom: 'Départ' } });
    expect(p.propositions[0]).toBe('paul.depart2@landesmail.fr');
  });

  it('Dovecot down mid-job: the job is retried, the request completes once Dovecot is back, the letter works', async () => {
    await dovecot.halt();
    const usagerId = randomUUID();
    mandates.grant(usagerId, structureId, 'papiers');
    const created = await call<MailboxView>(R.mailboxCreate, alex, { params: { id: usagerId }, body: { prenom: 'Léa', nom: 'Panne', demarche: 'papiers', consentement: true } });
    const stuck = await until('a failed attempt', async () => (await ds.query('SELECT status, progress, last_error FROM mailbox WHERE id = $1', [created.id]))[0], (r) => r.last_error !== null);
    expect(stuck.status).toBe('en_cours');
    expect(stuck.progress).toBe(60);
    expect(await errorOf(letterOf(created.id))).toBe('MESSAGERIE.LETTER_UNAVAILABLE');
    await dovecot.restart();
    const done = await until('provisioned after the restart', () => view(created.id), (v) => v.statut === 'active');
    const password = passwordOnLetter(await letterOf(done.id));
    const [row] = (await mail.query('SELECT password FROM mailbox WHERE request_id = $1', [created.id])).rows;
    expect((await run('doveadm', ['pw', '-t', row.password, '-p', password])).stdout).toContain('(verified)');
  });

  it('the sweep runs by itself on its job scheduler: a request whose job was lost is enqueued again and provisioned, a due deletion loses its mail', async () => {
    expect(await app.get(MailboxScheduleWorker).schedulers()).toEqual(['mailbox-requests-sweep']);
    // A request whose job was lost: taken while provisioning is held, its job removed, last changed long ago.
    const worker = app.get(ProvisionWorker);
    const queue = app.get(ProvisionQueue).queue;
    await worker.pause();
    const usagerId = randomUUID();
    mandates.grant(usagerId, structureId, 'papiers');
    const lost = await call<MailboxView>(R.mailboxCreate, alex, { params: { id: usagerId }, body: { prenom: 'Marc', nom: 'Perdu', demarche: 'papiers', consentement: true } });
    await queue.remove(lost.id);
    expect(await queue.getJob(lost.id)).toBeUndefined();
    await ds.query(`UPDATE mailbox SET updated_at = now() - interval '11 minutes' WHERE id = $1`, [lost.id]);
    worker.resume();
    // A deletion past its grace period (none here).
    const box = await provisioned('Zoé', 'Fin');
    await deliver(dovecot.lmtpPort, box.view.adresse, 'Un message');
    const maildir = join(dovecot.vmailDir, 'landesmail.fr', 'zoe.fin');
    expect(existsSync(maildir)).toBe(true);
    await call<MailboxView>(R.mailboxScheduleDeletion, alex, { params: { id: box.view.id }, body: {} });
    expect((await view(lost.id)).statut).toBe('demandee');

    // Another replica's schedule, every 300 ms here: same queue and keys, the interval updated.
    const replica = new MailboxScheduleWorker(app.get(REDIS_CONNECTION), { ...config, MAILBOX_SWEEP_MS: 300 }, worker);
    await replica.onApplicationBootstrap();
    try {
      expect(await replica.schedulers()).toEqual(['mailbox-requests-sweep']);
      await until('the lost request provisioned', () => view(lost.id), (v) => v.statut === 'active');
      await until('the deletion done', () => view(box.view.id), (v) => v.statut === 'supprimee');
      expect(existsSync(maildir)).toBe(false);
      expect((await mail.query('SELECT 1 FROM mailbox WHERE username = $1', [box.view.adresse])).rowCount).toBe(0);
    } finally {
      await replica.forget();
      await replica.onApplicationShutdown();
    }
  });
});
