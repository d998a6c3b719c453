// Orientations end to end in the service (real PostgreSQL, Redis, a private nats-server, a real
// webhook receiver verifying with standardwebhooks): the lieu's status flow and its 409s, an
// aidant's orientation with the person's consent, the person's code to see and cancel, the
// orienting operator hearing each change, the purge of what identifies the person, and the
// staff's read-only lists.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { LieuCreatedV1, REQUESTS, rpc, STREAMS, type CreatedOrientationView, type OrientationView, type PersonOrientationView, type UserContext } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestNatsServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { OrientationPurge } from '../src/orientations/orientation-purge';
import { OperatorsScheduleWorker } from '../src/schedule/operators-schedule.worker';
import { lieu, operatorUser, publish, Receiver, until } from './operators.fixtures';

jest.setTimeout(90_000);

const R = REQUESTS.operators;
const DAX = '40088';

describe('operators: the orientation flow, aidants’ orientations and the person’s code', () => {
  let db: TestDatabase;
  let nats: TestNatsServer;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let ds: DataSource;
  let receiver: Receiver;
  const caf = operatorUser('pin-caf');
  const [lieuStructure, aidantStructure] = [randomUUID(), randomUUID()];
  const [lieuId, ownLieuId] = [randomUUID(), randomUUID()];
  const lieuAidant: UserContext = { sub: randomUUID(), username: 'accueil-dax', roles: ['aidant'], structures: [lieuStructure] };
  const aidant: UserContext = { sub: randomUUID(), username: 'aidant-mdm', roles: ['aidant'], structures: [aidantStructure] };
  const admin: UserContext = { sub: randomUUID(), username: 'admin', roles: ['admin'], structures: [] };
  const call = <T = any>(pattern: string, user: UserContext | undefined, parts: Parameters<typeof rpc>[0] = {}) => nestRequest<T>(nc, pattern, rpc(parts), user ? { user } : {});

  beforeAll(async () => {
    db = await createTestDatabase('operators_orientations');
    nats = await TestNatsServer.start();
    nc = await connectNats({ url: nats.url, name: 'operators-orientations-test' });
    const jsm = await jetstreamManager(nc);
    for (const s of [STREAMS.directory, STREAMS.mandates, STREAMS.labelling]) await jsm.streams.add({ name: s.name, subjects: [...s.subjects] });
    js = jetstream(nc);
    const config = configSchema.parse({
      DATABASE_URL: db.url, NATS_URL: nats.url, LOG_LEVEL: 'silent', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300', WEBHOOK_SWEEP_MS: '500',
      ORIENTATION_PURGE_AFTER_DAYS: '30',
    });
    app = await bootstrapService({ module: AppModule.forRoot(config), nats: { url: nats.url }, queue: 'operators', healthPort: 0, healthHost: '127.0.0.1' });
    ds = app.get(DataSource);
    await publish(js, LieuCreatedV1, lieuId, { ...lieu(lieuId, DAX, 1), structure_id: lieuStructure });
    await publish(js, LieuCreatedV1, ownLieuId, { ...lieu(ownLieuId, DAX, 1), structure_id: aidantStructure });
    await until('lieux projected', () => ds.query('SELECT count(*)::int AS n FROM lieu_place WHERE structure_id IS NOT NULL'), (rows) => rows[0].n === 2);
    receiver = await new Receiver().start();
    const hook = await call<{ id: string; secret: string }>(R.webhookCreate, caf, { body: { url: receiver.url } });
    receiver.secret = hook.secret;
    await call(R.subscriptionCreate, caf, { body: { webhookId: hook.id, types: ['pin.operators.orientation.status-changed.v1'] } });
  });
  afterAll(async () => {
    await app?.get(OperatorsScheduleWorker).forget();
    await app?.close();
    await receiver?.stop();
    await nc?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('the lieu accepts, schedules then completes; invalid transitions are 409; the operator hears every step with the appointment', async () => {
    const o = await call<CreatedOrientationView>(R.orientationCreate, caf, { body: { lieuId, demarche: 'famille', reference: 'CAF-1' } });
    expect(o).toMatchObject({ statut: 'envoyee', operateur: 'pin-caf', structureOrigineId: null });
    expect(o.codeSuivi).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const status = (body: Record<string, unknown>) => call<OrientationView>(R.orientationStatus, lieuAidant, { params: { id: o.id }, body });

    await expect(status({ statut: 'planifiee' })).rejects.toThrow(/REQUEST.INVALID/); // a date is required
    await expect(status({ statut: 'acceptee', rendezVousLe: '2026-12-10T09:00:00+01:00' })).rejects.toThrow(/REQUEST.INVALID/);
    await expect(status({ statut: 'annulee' })).rejects.toThrow(/REQUEST.INVALID/); // the person's own
    expect(await status({ statut: 'acceptee' })).toMatchObject({ statut: 'acceptee' });
    expect(await status({ statut: 'acceptee' })).toMatchObject({ statut: 'acceptee' }); // a double click changes nothing
    expect(await status({ statut: 'planifiee', rendezVousLe: '2026-12-10T09:00:00+01:00' })).toMatchObject({ statut: 'planifiee', rendezVousLe: '2026-12-10T08:00:00.000Z' });
    await expect(status({ statut: 'refusee' })).rejects.toThrow(/"code":"ORIENTATION.INVALID_TRANSITION"/);
    expect(await status({ statut: 'accompagnee' })).toMatchObject({ statut: 'accompagnee', rendezVousLe: '2026-12-10T08:00:00.000Z' });
    await expect(status({ statut: 'non-venue' })).rejects.toThrow(/"code":"ORIENTATION.INVALID_TRANSITION"/);

    const steps = await until('3 status changes delivered', () => receiver.accepted.filter((q) => q.subject === o.id), (a) => a.length === 3);
    expect(steps.every((q) => q.type === 'pin.operators.orientation.status-changed.v1')).toBe(true);
    const payloads = (await ds.query(`SELECT payload FROM outbox WHERE subject = 'pin.operators.orientation.status-changed.v1' ORDER BY created_at, id`)).map((r: { payload: string }) => JSON.parse(r.payload).data);
    expect(payloads.filter((d: { orientationId: string }) => d.orientationId === o.id).map((d: { statut: string; rendezVousLe?: string }) => [d.statut, d.rendezVousLe])).toEqual([
      ['acceptee', undefined], ['planifiee', '2026-12-10T08:00:00.000Z'], ['accompagnee', undefined],
    ]);
    expect((await call<{ items: OrientationView[] }>(R.orientationMine, caf)).items.find((i) => i.id === o.id)).toMatchObject({ statut: 'accompagnee' });
  });

  it('the lieu may decline; an aidant orients to another structure’s lieu with the person’s consent, never to its own', async () => {
    await expect(call(R.orientationAidantCreate, aidant, { body: { lieuId, demarche: 'social' } })).rejects.toThrow(/REQUEST.INVALID/); // no consent
    await expect(call(R.orientationAidantCreate, aidant, { body: { lieuId: ownLieuId, demarche: 'social', consentement: true } })).rejects.toThrow(/"code":"ORIENTATION.SAME_STRUCTURE"/);
    await expect(call(R.orientationAidantCreate, aidant, { body: { lieuId, demarche: 'social', consentement: true, structureId: lieuStructure } })).rejects.toThrow(/AUTH.FORBIDDEN/);
    await expect(call(R.orientationAidantCreate, caf, { body: { lieuId, demarche: 'social', consentement: true } })).rejects.toThrow(/AUTH.FORBIDDEN/);
    const o = await call<CreatedOrientationView>(R.orientationAidantCreate, aidant, { body: { lieuId, demarche: 'social', besoin: 'Aide pour la complémentaire santé', consentement: true } });
    expect(o).toMatchObject({ operateur: null, structureOrigineId: aidantStructure, statut: 'envoyee', besoin: 'Aide pour la complémentaire santé' });
    expect(o.consentement_le).not.toBeNull();
    const [row] = await ds.query('SELECT created_by, consent_at FROM orientation WHERE id = $1', [o.id]);
    expect(row.created_by).toBe(aidant.sub);

    // The lieu sees it among those received, the aidant's structure among those sent.
    expect((await call<{ items: OrientationView[] }>(R.orientationList, lieuAidant)).items.map((i) => i.id)).toContain(o.id);
    expect((await call<{ items: OrientationView[] }>(R.orientationList, aidant, { query: { sens: 'envoyees' } })).items.map((i) => i.id)).toEqual([o.id]);
    expect((await call<{ items: OrientationView[] }>(R.orientationList, aidant)).items).toEqual([]);
    expect(await call(R.orientationStatus, lieuAidant, { params: { id: o.id }, body: { statut: 'refusee' } })).toMatchObject({ statut: 'refusee' });
    await expect(call(R.orientationStatus, lieuAidant, { params: { id: o.id }, body: { statut: 'acceptee' } })).rejects.toThrow(/"code":"ORIENTATION.INVALID_TRANSITION"/);
    // No operator follows an aidant's orientation: nothing published.
    expect(await ds.query(`SELECT 1 FROM outbox WHERE subject = 'pin.operators.orientation.status-changed.v1' AND payload::jsonb -> 'data' ->> 'orientationId' = $1`, [o.id])).toEqual([]);
  });

  it('the person sees and cancels their orientation with their code only; the operator hears it; closed ones cannot be cancelled; the purge forgets the code', async () => {
    const o = await call<CreatedOrientationView>(R.orientationCreate, caf, { body: { lieuId, demarche: 'famille', reference: 'CAF-2' } });
    const seen = await call<PersonOrientationView>(R.orientationPersonView, undefined, { body: { code: o.codeSuivi.toLowerCase().replace('-', ' ') } });
    expect(seen).toEqual({ lieuId, demarche: 'famille', statut: 'envoyee', rendezVousLe: null, cree_le: o.cree_le, mis_a_jour_le: o.mis_a_jour_le, annulable: true });
    expect(JSON.stringify(seen)).not.toContain('CAF-2');
    await expect(call(R.orientationPersonView, undefined, { body: { code: 'ZZZZ-ZZZZ' } })).rejects.toThrow(/"code":"ORIENTATION.INVALID_CODE"/);
    await expect(call(R.orientationPersonView, undefined, { body: { code: '<script>' } })).rejects.toThrow(/REQUEST.INVALID/);

    expect(await call(R.orientationPersonCancel, undefined, { body: { code: o.codeSuivi } })).toMatchObject({ statut: 'annulee', annulable: false });
    expect(await call(R.orientationPersonCancel, undefined, { body: { code: o.codeSuivi } })).toMatchObject({ statut: 'annulee' }); // idempotent
    await expect(call(R.orientationStatus, lieuAidant, { params: { id: o.id }, body: { statut: 'acceptee' } })).rejects.toThrow(/"code":"ORIENTATION.INVALID_TRANSITION"/);
    const cancelled = await until('cancellation delivered', () => receiver.accepted.filter((q) => q.subject === o.id), (a) => a.length === 1);
    expect(cancelled[0].type).toBe('pin.operators.orientation.status-changed.v1');
    const [evt] = await ds.query(`SELECT payload FROM outbox WHERE payload::jsonb -> 'data' ->> 'orientationId' = $1`, [o.id]);
    expect(JSON.parse(evt.payload).data).toMatchObject({ statut: 'annulee', operatorId: 'pin-caf' });

    // A closed one (completed) cannot be cancelled by the person.
    const done = await call<CreatedOrientationView>(R.orientationCreate, caf, { body: { lieuId } });
    await call(R.orientationStatus, lieuAidant, { params: { id: done.id }, body: { statut: 'accompagnee' } });
    await expect(call(R.orientationPersonCancel, undefined, { body: { code: done.codeSuivi } })).rejects.toThrow(/"code":"ORIENTATION.INVALID_TRANSITION"/);

    // After the delay, the purge erases the reference and the code: the person's code no longer answers.
    await ds.query(`UPDATE orientation SET updated_at = now() - interval '31 days' WHERE id = $1`, [o.id]);
    expect(await app.get(OrientationPurge).run()).toBeGreaterThanOrEqual(1);
    expect((await ds.query('SELECT reference, person_code_hash, status FROM orientation WHERE id = $1', [o.id]))[0]).toEqual({ reference: null, person_code_hash: null, status: 'annulee' });
    await expect(call(R.orientationPersonView, undefined, { body: { code: o.codeSuivi } })).rejects.toThrow(/"code":"ORIENTATION.INVALID_CODE"/);
  });

  it('the staff console lists one operator’s announcements and orientations, read-only', async () => {
    await call(R.announcementPublish, caf, { body: { titre: 'Nouveau simulateur', texte: 'Le 5 janvier.' } });
    const annonces = await call<{ items: { titre: string }[] }>(R.adminAnnouncementList, admin, { params: { operateur: 'pin-caf' } });
    expect(annonces.items.map((a) => a.titre)).toEqual(['Nouveau simulateur']);
    const orientations = await call<{ items: OrientationView[] }>(R.adminOrientationList, admin, { params: { operateur: 'pin-caf' } });
    expect(orientations.items.length).toBeGreaterThanOrEqual(3);
    expect(orientations.items.every((i) => i.operateur === 'pin-caf')).toBe(true);
    expect((await call<{ items: unknown[] }>(R.adminOrientationList, admin, { params: { operateur: 'pin-cpam' } })).items).toEqual([]);
    await expect(call(R.adminOrientationList, aidant, { params: { operateur: 'pin-caf' } })).rejects.toThrow(/AUTH.FORBIDDEN/);
    await expect(call(R.adminAnnouncementList, caf, { params: { operateur: 'pin-caf' } })).rejects.toThrow(/AUTH.FORBIDDEN/);
  });
});
