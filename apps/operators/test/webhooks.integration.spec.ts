// The operators service in-process (NATS listener, consumers, delivery worker) against the
// machine's real PostgreSQL and Redis, a private nats-server, and real HTTP receivers on
// 127.0.0.1 that verify every delivery with the official standardwebhooks package.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import {
  AutorisationRevokedV1, LabelGrantedV1, LabelRevokedV1, LieuClosedV1, LieuCreatedV1, LieuUpdatedV1, PinError, REQUESTS, rpc, STREAMS, StructureCreatedV1, WebhookDisabledV1, type UserContext,
} from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestNatsServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { WebhookClient } from '../src/webhooks/webhook-client';
import { lieu, operatorUser, publish, Receiver, until } from './operators.fixtures';

jest.setTimeout(90_000);

const R = REQUESTS.operators;
const MDM = '40192'; // Mont-de-Marsan
const DAX = '40088';
const PAU = '64445';

describe('operators: subscriptions and Standard Webhooks deliveries', () => {
  let db: TestDatabase;
  let nats: TestNatsServer;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let ds: DataSource;
  const receivers: Receiver[] = [];
  const caf = operatorUser('pin-caf');
  const cpam = operatorUser('pin-cpam');
  const config = () =>
    configSchema.parse({
      DATABASE_URL: db.url, NATS_URL: nats.url, LOG_LEVEL: 'silent', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', OPERATOR_CONTACTS: 'pin-caf=webhooks@caf.test',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300,300,300,300', WEBHOOK_SWEEP_MS: '500', WEBHOOK_TIMEOUT_MS: '10000', WEBHOOK_ENDPOINT_RATE_PER_SECOND: '5',
    });
  const call = <T = any>(pattern: string, user: UserContext, parts: Parameters<typeof rpc>[0] = {}) => nestRequest<T>(nc, pattern, rpc(parts), { user });
  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  /** A webhook of `user` for `r`, subscribed to `types` on `territoire`. */
  const subscribe = async (user: UserContext, r: Receiver, body: Record<string, unknown>) => {
    const hook = await call<{ id: string; secret: string }>(R.webhookCreate, user, { body: { url: r.url, description: 'test' } });
    r.secret = hook.secret;
    await call(R.subscriptionCreate, user, { body: { webhookId: hook.id, ...body } });
    return hook.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase('operators');
    nats = await TestNatsServer.start();
    nc = await connectNats({ url: nats.url, name: 'operators-test' });
    const jsm = await jetstreamManager(nc);
    for (const s of [STREAMS.directory, STREAMS.mandates, STREAMS.labelling]) await jsm.streams.add({ name: s.name, subjects: [...s.subjects] });
    js = jetstream(nc);
    app = await bootstrapService({ module: AppModule.forRoot(config()), nats: { url: nats.url }, queue: 'operators', healthPort: 0, healthHost: '127.0.0.1' });
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    for (const r of receivers) await r.stop();
    await nc?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('delivers matching lieu events, signed, in order per lieu, exactly once by webhook-id although the receiver fails 3 times', async () => {
    const r = await receiver();
    r.answer = (n) => (n < 3 ? { status: 503 } : { status: 204 });
    const hookId = await subscribe(caf, r, { types: ['pin.directory.lieu.created.v1', 'pin.directory.lieu.updated.v1', 'pin.directory.lieu.closed.v1'], territoire: { departements: ['40'] } });
    // Another operator's subscription elsewhere receives nothing of the Landes.
    const other = await receiver();
    await subscribe(cpam, other, { types: ['pin.directory.lieu.created.v1'], territoire: { communes: [PAU] } });

    const [a, b, pau] = [randomUUID(), randomUUID(), randomUUID()];
    const expected: string[] = [];
    for (const [id, code] of [[a, MDM], [b, DAX], [pau, PAU]] as const) {
      const events = [
        await publish(js, LieuCreatedV1, id, lieu(id, code, 1)),
        await publish(js, LieuUpdatedV1, id, { ...lieu(id, code, 2), changed: ['horaires'] }),
        await publish(js, LieuUpdatedV1, id, { ...lieu(id, code, 3), changed: ['nom'] }),
        await publish(js, LieuClosedV1, id, { ...lieu(id, code, 4, 'ferme'), motif: null, closed_at: new Date().toISOString() }),
      ];
      if (code !== PAU) expected.push(...events.map((e) => e.id));
    }
    await until('8 deliveries accepted', () => r.accepted.length, (n) => n >= 8);
    await new Promise((res) => setTimeout(res, 1_000)); // nothing more arrives

    expect(r.requests.every((q) => q.verified)).toBe(true);
    expect(r.requests.slice(0, 3).map((q) => q.status)).toEqual([503, 503, 503]);
    const ids = r.accepted.map((q) => q.webhookId);
    expect(new Set(ids).size).toBe(ids.length); // once each
    expect(r.accepted.map((q) => q.eventId).sort()).toEqual([...expected].sort());
    for (const id of [a, b]) {
      expect(r.accepted.filter((q) => q.subject === id).map((q) => q.type)).toEqual([
        'pin.directory.lieu.created.v1', 'pin.directory.lieu.updated.v1', 'pin.directory.lieu.updated.v1', 'pin.directory.lieu.closed.v1',
      ]);
    }
    expect(r.accepted.some((q) => q.subject === pau)).toBe(false);
    expect(other.accepted.map((q) => q.subject)).toEqual([pau]);

    // The attempt log of the delivery that failed: three 503 then the success.
    const list = await call<{ items: { id: string; tentatives: number; statut: string }[]; total: number }>(R.deliveryList, caf, { params: { id: hookId } });
    expect(list.total).toBe(8);
    expect(list.items.every((d) => d.statut === 'livree')).toBe(true);
    // The attempt logs of the deliveries that were retried: 503s then the success, three failures in all.
    const retried = list.items.filter((d) => d.tentatives > 1);
    expect(retried.reduce((n, d) => n + d.tentatives - 1, 0)).toBe(3);
    for (const d of retried) {
      const detail = await call<{ journal: { statut_http: number; duree_ms: number; reponse: string }[] }>(R.deliveryGet, caf, { params: { id: d.id } });
      expect(detail.journal.map((j) => j.statut_http)).toEqual([...Array(d.tentatives - 1).fill(503), 204]);
      expect(detail.journal[0].reponse).toBe('erreur 503');
    }
    // One operator never sees another's deliveries or webhooks.
    await expect(call(R.deliveryGet, cpam, { params: { id: retried[0].id } })).rejects.toThrow(/LIVRAISON.NOT_FOUND/);
    await expect(call(R.deliveryList, cpam, { params: { id: hookId } })).rejects.toThrow(/WEBHOOK.NOT_FOUND/);
    expect((await call<{ items: unknown[] }>(R.webhookList, cpam)).items).toHaveLength(1);
  });

  it('throttles each endpoint (5 requests per second here), whatever the number of lanes', async () => {
    const r = await receiver();
    await subscribe(caf, r, { types: ['pin.directory.lieu.created.v1'], territoire: { communes: ['40046'] } });
    const at: number[] = [];
    const answer = r.answer;
    r.answer = (n) => {
      at.push(Date.now());
      return answer(n);
    };
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      await publish(js, LieuCreatedV1, id, lieu(id, '40046', 1));
    }
    await until('12 deliveries', () => r.accepted.length, (n) => n === 12);
    // Twelve lanes at once, five per one-second window: three windows at least, so more than a second
    // from the first to the last (unthrottled: ~100 ms); a little slack for the network.
    expect(at[11] - at[0]).toBeGreaterThanOrEqual(900);
    const inFirstSecond = at.filter((t) => t < at[0] + 1_000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(10);
  });

  it('honours Retry-After', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 });
    await subscribe(caf, r, { types: ['pin.directory.lieu.created.v1'], territoire: { communes: [DAX] } });
    const id = randomUUID();
    await publish(js, LieuCreatedV1, id, lieu(id, DAX, 1));
    await until('the retry', () => r.accepted.length, (n) => n === 1);
    const [first, second] = r.requests;
    const gap = Number(second.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp']);
    expect(gap).toBeGreaterThanOrEqual(1); // 2 s asked, whole seconds in the header; the schedule alone says 0.3 s
    expect(second.webhookId).toBe(first.webhookId);
  });

  it('disables an endpoint that answers 410 Gone, with an event, and sends it nothing more', async () => {
    const r = await receiver();
    r.answer = () => ({ status: 410 });
    const hookId = await subscribe(caf, r, { types: ['pin.directory.lieu.created.v1'], territoire: { communes: [MDM] } });
    const first = randomUUID();
    await publish(js, LieuCreatedV1, first, lieu(first, MDM, 1));
    const hooks = await until('disabled', () => call<{ items: { id: string; actif: boolean; desactive_motif: string }[] }>(R.webhookList, caf), (v) => v.items.some((h) => h.id === hookId && !h.actif));
    expect(hooks.items.find((h) => h.id === hookId)).toMatchObject({ actif: false, desactive_motif: 'gone' });
    const [notice] = await ds.query(`SELECT payload FROM outbox WHERE subject = $1`, [WebhookDisabledV1.type]);
    expect(JSON.parse(notice.payload).data).toMatchObject({ webhookId: hookId, operatorId: 'pin-caf', motif: 'gone' });
    // The notice to the CAF's contact is recorded, and the staff sees it; another operator's list is empty.
    const admin: UserContext = { sub: 'admin-sub', username: 'admin', roles: ['admin'], structures: [] };
    const notices = await call<{ items: { webhookId: string; motif: string; destinataire: string; objet: string; texte: string }[] }>(R.adminNoticeList, admin, { params: { operateur: 'pin-caf' } });
    expect(notices.items).toEqual([expect.objectContaining({ webhookId: hookId, motif: 'gone', destinataire: 'webhooks@caf.test' })]);
    expect(notices.items[0].objet).toContain(r.url);
    expect(notices.items[0].texte).toContain('410');
    await expect(call(R.adminNoticeList, caf, { params: { operateur: 'pin-caf' } })).rejects.toThrow(/AUTH.FORBIDDEN/);
    const second = randomUUID();
    await publish(js, LieuCreatedV1, second, lieu(second, MDM, 1));
    await new Promise((res) => setTimeout(res, 1_500));
    expect(r.requests).toHaveLength(1);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM delivery WHERE endpoint_id = $1`, [hookId]);
    expect(n).toBe(1);
  });

  it('gives a delivery up after the last attempt, and disables an endpoint failing for WEBHOOK_DISABLE_AFTER_DAYS with a notice', async () => {
    const r = await receiver();
    r.answer = () => ({ status: 500 });
    const hookId = await subscribe(cpam, r, { types: ['pin.directory.lieu.created.v1'], territoire: { communes: ['40281'] } });
    const first = randomUUID();
    await publish(js, LieuCreatedV1, first, lieu(first, '40281', 1));
    // Six attempts (the test schedule), then `echec`; the endpoint has failed for less than 5 days: kept.
    await until('first delivery failed', () => call<{ items: { statut: string; tentatives: number }[] }>(R.deliveryList, cpam, { params: { id: hookId } }), (v) => v.items[0]?.statut === 'echec');
    expect(r.requests).toHaveLength(6);
    expect((await call<{ items: { id: string; actif: boolean }[] }>(R.webhookList, cpam)).items.find((h) => h.id === hookId)?.actif).toBe(true);
    // Failing for 6 days: the next exhausted delivery disables it.
    await ds.query(`UPDATE webhook_endpoint SET failing_since = now() - interval '6 days' WHERE id = $1`, [hookId]);
    const second = randomUUID();
    await publish(js, LieuCreatedV1, second, lieu(second, '40281', 1));
    const hooks = await until('disabled', () => call<{ items: { id: string; actif: boolean; desactive_motif: string }[] }>(R.webhookList, cpam), (v) => v.items.some((h) => h.id === hookId && !h.actif));
    expect(hooks.items.find((h) => h.id === hookId)).toMatchObject({ actif: false, desactive_motif: 'echecs' });
    const notices = await ds.query(`SELECT payload FROM outbox WHERE subject = $1`, [WebhookDisabledV1.type]);
    expect(notices.map((n: { payload: string }) => JSON.parse(n.payload).data)).toContainEqual(expect.objectContaining({ webhookId: hookId, operatorId: 'pin-cpam', motif: 'echecs' }));
    // The CPAM has no contact configured: its notice is recorded without a recipient.
    const [row] = await ds.query(`SELECT recipient, motif FROM operator_notice WHERE endpoint_id = $1`, [hookId]);
    expect(row).toEqual({ recipient: null, motif: 'echecs' });
  });

  it('refuses a receiver on a private or loopback address unless the configuration allows it', async () => {
    const strict = new WebhooksService(ds, { ...config(), WEBHOOK_ALLOWED_HOSTS: '' });
    for (const url of ['http://127.0.0.1:9/hooks', 'http://localhost:9/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://10.0.0.1/', 'http://0x7f000001/']) {
      await expect(strict.create(caf, rpc({ body: { url } }))).rejects.toMatchObject({ code: 'WEBHOOK.URL_REFUSED' } satisfies Partial<PinError>);
    }
    // The allowed one (test configuration: WEBHOOK_ALLOWED_HOSTS=127.0.0.1) is accepted over NATS too…
    const ok = await call<{ id: string }>(R.webhookCreate, cpam, { body: { url: 'http://127.0.0.1:9/hooks' } });
    expect(ok.id).toBeDefined();
    // …and at delivery time a strict client neither connects to a literal nor to a name resolving to loopback.
    const client = new WebhookClient({ allowedHosts: [], allowPrivate: false }, 2_000);
    const r = await receiver();
    expect(await client.send(r.url, {}, '{}')).toMatchObject({ status: null, error: expect.stringMatching(/refusée/) });
    expect(await client.send(r.url.replace('127.0.0.1', 'localhost'), {}, '{}')).toMatchObject({ status: null, error: expect.stringMatching(/refusée/) });
    expect(r.requests).toHaveLength(0);
    await client.close();
  });

  it('replays exactly the events since a given time, in order, with their webhook-ids', async () => {
    const r = await receiver();
    const hookId = await subscribe(caf, r, { types: ['pin.directory.lieu.created.v1', 'pin.directory.lieu.updated.v1'], territoire: { epcis: ['244000808'] } });
    const base = Date.now() - 3_600_000;
    const id = randomUUID();
    const sent = [];
    for (let v = 1; v <= 6; v++) {
      const def = v === 1 ? LieuCreatedV1 : LieuUpdatedV1;
      sent.push(await publish(js, def as typeof LieuUpdatedV1, id, { ...lieu(id, MDM, v), changed: ['nom'] }, new Date(base + v * 60_000)));
    }
    await until('6 deliveries', () => r.accepted.length, (n) => n === 6);
    const firstIds = r.accepted.map((q) => q.webhookId);
    const since = new Date(base + 4 * 60_000).toISOString();
    expect(await call(R.webhookReplay, caf, { params: { id: hookId }, body: { depuis: since } })).toEqual({ rejouees: 3 });
    await until('3 replays', () => r.accepted.length, (n) => n === 9);
    await new Promise((res) => setTimeout(res, 800));
    const replayed = r.accepted.slice(6);
    expect(replayed.map((q) => q.eventId)).toEqual(sent.slice(3).map((e) => e.id));
    expect(replayed.map((q) => q.webhookId)).toEqual(firstIds.slice(3));
    expect(r.accepted).toHaveLength(9);
    // One delivery again.
    expect(await call(R.deliveryReplay, caf, { params: { id: firstIds[0] } })).toEqual({ rejouees: 1 });
    await until('one more', () => r.accepted.length, (n) => n === 10);
    expect(r.accepted[9].eventId).toBe(sent[0].id);
  });

  it('sends a revoked démarche to the operator subscribed to it in the structure’s territory', async () => {
    const r = await receiver();
    await subscribe(cpam, r, { types: ['pin.mandates.autorisation.revoked.v1'], territoire: { departements: ['40'] }, demarches: ['social'] });
    const structureId = randomUUID();
    await publish(js, StructureCreatedV1, structureId, { id: structureId, nom: 'S', siret: null, rna: null, commune: 'Dax', codeInsee: DAX, email: null, telephone: null, version: 1 });
    const revoked = (demarche: 'social' | 'famille') =>
      publish(js, AutorisationRevokedV1, randomUUID(), {
        autorisationId: randomUUID(), mandatId: randomUUID(), usagerId: randomUUID(), structureId, demarche, revoqueLe: new Date().toISOString(), motif: 'revocation', par: 'usager',
      });
    await until('structure projected', () => ds.query('SELECT 1 FROM structure_place WHERE structure_id = $1', [structureId]), (rows) => rows.length === 1);
    await revoked('famille');
    const social = await revoked('social');
    await until('one delivery', () => r.accepted.length, (n) => n === 1);
    await new Promise((res) => setTimeout(res, 800));
    expect(r.accepted.map((q) => q.eventId)).toEqual([social.id]);
  });

  it('sends the labels granted to and withdrawn from lieux of the subscribed territory, and nothing about other lieux', async () => {
    const r = await receiver();
    await subscribe(caf, r, { types: ['pin.labelling.label.granted.v1', 'pin.labelling.label.revoked.v1'], territoire: { communes: [DAX] } });
    const inDax = randomUUID();
    const inPau = randomUUID();
    await publish(js, LieuCreatedV1, inDax, lieu(inDax, DAX, 1));
    await publish(js, LieuCreatedV1, inPau, lieu(inPau, PAU, 1));
    await until('lieux projected', () => ds.query('SELECT 1 FROM lieu_place WHERE lieu_id = ANY($1)', [[inDax, inPau]]), (rows) => rows.length === 2);
    const label = (lieuId: string) => ({ labelId: randomUUID(), programmeId: 'pin-territorial', niveau: 'accompagnement', lieuId, structureId: null, validUntil: '2028-12-31' });
    await publish(js, LabelGrantedV1, inPau, label(inPau));
    const granted = label(inDax);
    const g = await publish(js, LabelGrantedV1, inDax, granted);
    const v = await publish(js, LabelRevokedV1, inDax, granted);
    await until('two deliveries', () => r.accepted.length, (n) => n === 2);
    await new Promise((res) => setTimeout(res, 800));
    expect(r.accepted.map((q) => q.eventId)).toEqual([g.id, v.id]);
    expect(r.accepted[0]).toMatchObject({ type: 'pin.labelling.label.granted.v1' });
  });

  it('publishes an announcement to the aidants of its territory; an acknowledgement reaches only the announcing operator', async () => {
    const [landes, bearn] = [randomUUID(), randomUUID()];
    for (const [id, code] of [[landes, DAX], [bearn, PAU]] as const) {
      await publish(js, StructureCreatedV1, id, { id, nom: 'S', siret: null, rna: null, commune: 'C', codeInsee: code, email: null, telephone: null, version: 1 });
    }
    await until('structures projected', () => ds.query('SELECT 1 FROM structure_place WHERE structure_id = ANY ($1::uuid[])', [[landes, bearn]]), (rows) => rows.length === 2);
    const r = await receiver();
    await subscribe(caf, r, { types: ['pin.operators.announcement.acknowledged.v1'] });
    const spy = await receiver();
    await subscribe(cpam, spy, { types: ['pin.operators.announcement.acknowledged.v1'] });

    const annonce = await call<{ id: string; operateur: string }>(R.announcementPublish, caf, {
      body: { titre: 'Prime d’activité : nouveau formulaire', texte: 'Le simulateur change le 5 janvier.', demarches: ['famille'], territoire: { departements: ['40'] }, lien: 'https://caf.fr/x' },
    });
    expect(annonce.operateur).toBe('pin-caf');
    const [published] = await ds.query(`SELECT payload FROM outbox WHERE subject = 'pin.operators.announcement.published.v1'`);
    expect(JSON.parse(published.payload).data).toMatchObject({ annonceId: annonce.id, operatorId: 'pin-caf', demarches: ['famille'] });

    const aidant: UserContext = { sub: randomUUID(), username: 'aidant-dax', roles: ['aidant'], structures: [landes] };
    const away: UserContext = { sub: randomUUID(), username: 'aidant-pau', roles: ['aidant'], structures: [bearn] };
    const animateur: UserContext = { sub: randomUUID(), username: 'animateur', roles: ['animateur'], structures: [] };
    expect((await call<{ items: { id: string; lue: boolean }[] }>(R.announcementList, aidant)).items).toEqual([expect.objectContaining({ id: annonce.id, lue: false })]);
    expect((await call<{ items: unknown[] }>(R.announcementList, away)).items).toEqual([]);
    expect((await call<{ items: { id: string }[] }>(R.announcementList, animateur)).items.map((a) => a.id)).toEqual([annonce.id]);
    await expect(call(R.announcementList, caf)).rejects.toThrow(/AUTH.FORBIDDEN/);

    expect(await call(R.announcementAcknowledge, aidant, { params: { id: annonce.id } })).toEqual({ id: annonce.id, lue: true });
    expect(await call(R.announcementAcknowledge, aidant, { params: { id: annonce.id } })).toEqual({ id: annonce.id, lue: true });
    await expect(call(R.announcementAcknowledge, aidant, { params: { id: randomUUID() } })).rejects.toThrow(/ANNONCE.NOT_FOUND/);
    await until('the acknowledgement', () => r.accepted.length, (n) => n === 1);
    await new Promise((res) => setTimeout(res, 800));
    expect(r.accepted).toHaveLength(1);
    expect(r.accepted[0]).toMatchObject({ type: 'pin.operators.announcement.acknowledged.v1', subject: annonce.id });
    expect(spy.requests).toEqual([]);
    expect((await call<{ items: { lue: boolean }[] }>(R.announcementList, aidant)).items[0].lue).toBe(true);
    expect((await call<{ items: { lectures: number; structures: number }[] }>(R.announcementMine, caf)).items[0]).toMatchObject({ lectures: 1, structures: 1 });
    expect((await call<{ items: unknown[] }>(R.announcementMine, cpam)).items).toEqual([]);
  });

  it('orients a person to a lieu; its structure says what became of it; only the orienting operator hears it', async () => {
    const [structure, other, lieuId] = [randomUUID(), randomUUID(), randomUUID()];
    await publish(js, LieuCreatedV1, lieuId, { ...lieu(lieuId, DAX, 1), structure_id: structure });
    await until('lieu projected', () => ds.query('SELECT structure_id FROM lieu_place WHERE lieu_id = $1', [lieuId]), (rows) => rows[0]?.structure_id === structure);
    const r = await receiver();
    await subscribe(caf, r, { types: ['pin.operators.orientation.status-changed.v1'] });
    const spy = await receiver();
    await subscribe(cpam, spy, { types: ['pin.operators.orientation.status-changed.v1'] });

    const o = await call<{ id: string; statut: string; lieuId: string }>(R.orientationCreate, caf, { body: { lieuId, demarche: 'famille', reference: 'CAF-2026-0042' } });
    expect(o).toMatchObject({ statut: 'envoyee', lieuId });
    await expect(call(R.orientationCreate, caf, { body: { lieuId: randomUUID() } })).rejects.toThrow(/LIEU.NOT_FOUND/);
    await expect(call(R.orientationCreate, caf, { body: { lieuId, reference: 'Jean Dupont' } })).rejects.toThrow(/REQUEST.INVALID/);

    const aidant: UserContext = { sub: randomUUID(), username: 'a', roles: ['aidant'], structures: [structure] };
    const stranger: UserContext = { sub: randomUUID(), username: 'b', roles: ['referent'], structures: [other] };
    expect((await call<{ items: { id: string }[] }>(R.orientationList, aidant)).items.map((i) => i.id)).toEqual([o.id]);
    expect((await call<{ items: unknown[] }>(R.orientationList, stranger)).items).toEqual([]);
    await expect(call(R.orientationStatus, stranger, { params: { id: o.id }, body: { statut: 'accompagnee' } })).rejects.toThrow(/ORIENTATION.NOT_FOUND/);
    await expect(call(R.orientationStatus, caf, { params: { id: o.id }, body: { statut: 'accompagnee' } })).rejects.toThrow(/AUTH.FORBIDDEN/);
    expect(await call(R.orientationStatus, aidant, { params: { id: o.id }, body: { statut: 'accompagnee' } })).toMatchObject({ statut: 'accompagnee' });
    await until('status change delivered', () => r.accepted.length, (n) => n === 1);
    await new Promise((res) => setTimeout(res, 800));
    expect(r.accepted[0]).toMatchObject({ type: 'pin.operators.orientation.status-changed.v1', subject: o.id });
    expect(spy.requests).toEqual([]);
    expect((await call<{ items: { statut: string }[] }>(R.orientationMine, caf)).items).toEqual([expect.objectContaining({ id: o.id, statut: 'accompagnee' })]);
    expect((await call<{ items: unknown[] }>(R.orientationMine, cpam)).items).toEqual([]);
  });

  it('refuses other roles and tokens without a client id', async () => {
    const aidant: UserContext = { sub: randomUUID(), username: 'aidant', roles: ['aidant'], structures: [] };
    await expect(call(R.webhookList, aidant)).rejects.toThrow(/AUTH.FORBIDDEN/);
    const { clientId: _none, ...anonymousClient } = caf;
    await expect(call(R.webhookList, anonymousClient)).rejects.toThrow(/OPERATEUR.CLIENT_REQUIRED/);
    const admin: UserContext = { sub: randomUUID(), username: 'admin', roles: ['admin'], structures: [] };
    const overview = await call<{ items: { operateur: string; webhooks: number }[] }>(R.adminOverview, admin);
    expect(overview.items.map((i) => i.operateur)).toEqual(['pin-caf', 'pin-cpam']);
    await expect(call(R.adminOverview, caf)).rejects.toThrow(/AUTH.FORBIDDEN/);
  });
});
