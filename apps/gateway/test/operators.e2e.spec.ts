// Operators through the gateway with real processes: CAF and CPAM client-credentials tokens of
// the dev-idp, a lieu created by a référent reaching the CAF's webhook receiver on 127.0.0.1
// (verified with the official standardwebhooks package), replay, and every refused role.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DEMO_STRUCTURES, OPERATOR_CLIENTS } from '@pin/contracts';
import { jetstream } from '@nats-io/jetstream';
import { connectNats } from '@pin/messaging';
import { DEV_IDP_OPERATOR_CLIENT_SECRETS, fetchOperatorToken } from '@pin/testing';
import { eventually, PlatformHarness } from './platform.harness';

jest.setTimeout(180_000);

interface Got {
  webhookId: string;
  type: string;
  subject: string;
  verified: boolean;
}

describe('operators through the gateway: webhooks and subscriptions', () => {
  const h = new PlatformHarness();
  let server: Server;
  let secret = '';
  const got: Got[] = [];
  let answer = 200;
  const tokens: Record<string, string> = {};
  const as = (op: 'caf' | 'cpam') => ({ token: tokens[op] });
  let receiverUrl = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        let event = { type: '', subject: '' };
        try {
          event = new Webhook(secret).verify(body, req.headers as Record<string, string>) as typeof event;
        } catch {
          verified = false;
        }
        got.push({ webhookId: String(req.headers['webhook-id']), type: event.type, subject: event.subject, verified });
        res.writeHead(verified ? answer : 400).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pin`;
    await h.start({}, {}, { operatorsEnv: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300,300', WEBHOOK_SWEEP_MS: '500' } });
    for (const [op, clientId] of Object.entries(OPERATOR_CLIENTS)) {
      tokens[op] = (await fetchOperatorToken(h.platform.issuer, DEV_IDP_OPERATOR_CLIENT_SECRETS[clientId], clientId)).access_token;
    }
  });
  afterAll(async () => {
    await h.stop();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  let hookId = '';
  let createdLieuId = '';
  let daxLieuId = '';

  it('lets the CAF declare a webhook and subscribe to the lieux of the Landes; a private address is refused', async () => {
    const refused = await h.call('POST', '/api/v1/operateur/webhooks', { ...as('caf'), body: { url: 'http://10.0.0.1/hooks' } });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'WEBHOOK.URL_REFUSED' });
    const created = await h.call('POST', '/api/v1/operateur/webhooks', { ...as('caf'), body: { url: receiverUrl, description: 'CAF des Landes' } });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    expect(created.json).toMatchObject({ url: receiverUrl, actif: true });
    hookId = created.json.id;
    secret = created.json.secret;
    const sub = await h.call('POST', '/api/v1/operateur/abonnements', {
      ...as('caf'),
      body: { webhookId: hookId, types: ['pin.directory.lieu.created.v1', 'pin.directory.lieu.closed.v1'], territoire: { departements: ['40'] } },
    });
    expect(sub.status).toBe(201);
    expect(sub.json).toMatchObject({ webhookId: hookId, territoire: { departements: ['40'], epcis: [], communes: [] } });
    const bad = await h.call('POST', '/api/v1/operateur/abonnements', { ...as('caf'), body: { webhookId: hookId, types: ['pin.directory.lieu.inconnu.v1'] } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('REQUEST.INVALID');
    // The CPAM sees neither the CAF's webhook nor its subscriptions, and cannot subscribe it.
    expect((await h.call('GET', '/api/v1/operateur/webhooks', as('cpam'))).json.items).toEqual([]);
    expect((await h.call('GET', '/api/v1/operateur/abonnements', as('cpam'))).json.items).toEqual([]);
    const stolen = await h.call('POST', '/api/v1/operateur/abonnements', { ...as('cpam'), body: { webhookId: hookId, types: ['pin.directory.lieu.created.v1'] } });
    expect(stolen.status).toBe(404);
    expect(stolen.json.code).toBe('WEBHOOK.NOT_FOUND');
  });

  it('delivers a lieu created by a référent to the CAF, signed (Standard Webhooks, CloudEvents body), and replays it', async () => {
    const since = new Date().toISOString();
    const r = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: {
        structure_id: DEMO_STRUCTURES.montDeMarsan, nom: `Espace numérique ${randomUUID().slice(0, 6)}`, adresse: '12 rue du Peyrouat', commune: 'Mont-de-Marsan',
        code_postal: '40000', code_insee: '40192', latitude: 43.8981, longitude: -0.5089, services: ['aide-demarches-administratives'], frais_a_charge: ['gratuit'],
      },
    });
    expect(r.status).toBe(201);
    const lieuId = r.json.id as string;
    createdLieuId = lieuId;
    const first = await eventually(async () => got.filter((g) => g.subject === lieuId), (v) => v.length === 1, 20_000);
    expect(first[0]).toMatchObject({ verified: true, type: 'pin.directory.lieu.created.v1' });

    // The receiver has the request a moment before PIN records its answer.
    const items = await eventually(
      async () => (await h.call('GET', `/api/v1/operateur/webhooks/${hookId}/livraisons`, as('caf'))).json.items as { sujet: string; statut: string }[],
      (v) => v.some((d) => d.sujet === lieuId && d.statut === 'livree'),
    );
    const delivery = items.find((d) => d.sujet === lieuId) as unknown as { id: string };
    expect(delivery).toMatchObject({ id: first[0].webhookId, statut: 'livree', tentatives: 1, type: 'pin.directory.lieu.created.v1' });
    const detail = await h.call('GET', `/api/v1/operateur/livraisons/${delivery.id}`, as('caf'));
    expect(detail.json.journal).toEqual([expect.objectContaining({ tentative: 1, statut_http: 200 })]);
    expect((await h.call('GET', `/api/v1/operateur/livraisons/${delivery.id}`, as('cpam'))).status).toBe(404);

    const replay = await h.call('POST', `/api/v1/operateur/webhooks/${hookId}/rejeu`, { ...as('caf'), body: { depuis: since } });
    expect(replay.status).toBe(202);
    expect(replay.json).toEqual({ rejouees: 1 });
    const again = await eventually(async () => got.filter((g) => g.subject === lieuId), (v) => v.length === 2, 20_000);
    expect(again[1].webhookId).toBe(first[0].webhookId);
  });

  it('rotates the secret: both signatures are sent for a while', async () => {
    const rotated = await h.call('POST', `/api/v1/operateur/webhooks/${hookId}/rotation`, as('caf'));
    expect(rotated.status).toBe(201);
    const old = secret;
    secret = rotated.json.secret;
    expect(secret).not.toBe(old);
    const lieux = await h.call('POST', '/api/v1/lieux', {
      user: 'animateur',
      body: { structure_id: DEMO_STRUCTURES.dax, nom: 'Point numérique de Dax', adresse: '1 place de la Course', commune: 'Dax', code_postal: '40100', code_insee: '40088', latitude: 43.7102, longitude: -1.0536, services: ['aide-demarches-administratives'] },
    });
    expect(lieux.status).toBe(201);
    daxLieuId = lieux.json.id;
    const [d] = await eventually(async () => got.filter((g) => g.subject === lieux.json.id), (v) => v.length === 1, 20_000);
    expect(d.verified).toBe(true);
    const rows = await h.query('operators', 'SELECT previous_secret FROM webhook_endpoint WHERE id = $1', [hookId]);
    expect(rows[0].previous_secret).toBe(old);
  });

  it('disables the webhook when the receiver answers 410 Gone', async () => {
    answer = 410;
    const r = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: { structure_id: DEMO_STRUCTURES.montDeMarsan, nom: 'Tiers-lieu du Marsan', adresse: '3 rue Victor Hugo', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', latitude: 43.89, longitude: -0.5, services: ['aide-demarches-administratives'] },
    });
    expect(r.status).toBe(201);
    const hooks = await eventually(async () => (await h.call('GET', '/api/v1/operateur/webhooks', as('caf'))).json.items, (v: { actif: boolean }[]) => v.length === 1 && !v[0].actif, 20_000);
    expect(hooks[0]).toMatchObject({ actif: false, desactive_motif: 'gone' });
    answer = 200;
    const back = await h.call('PATCH', `/api/v1/operateur/webhooks/${hookId}`, { ...as('caf'), body: { actif: true } });
    expect(back.json).toMatchObject({ actif: true, desactive_motif: null });
  });

  it('gives the CPAM its JetStream channel: a subscription, its durable consumer, read with its own NATS user', async () => {
    const sub = await h.call('POST', '/api/v1/operateur/abonnements', { ...as('cpam'), body: { canal: 'jetstream', types: ['pin.directory.lieu.closed.v1'], territoire: { communes: ['40192'] } } });
    expect(sub.status).toBe(201);
    expect(sub.json).toMatchObject({ canal: 'jetstream', webhookId: null });
    const channel = await h.call('GET', '/api/v1/operateur/jetstream', as('cpam'));
    expect(channel.json).toMatchObject({ flux: 'PIN_OPERATORS', sujets: 'pin.operators.deliver.pin-cpam.>', consommateur: 'operator-pin-cpam', en_attente: 0 });
    expect((await h.call('POST', `/api/v1/lieux/${createdLieuId}/fermeture`, { user: 'referent', body: {} })).status).toBe(200);
    const nc = await connectNats({ ...h.nats.endpoint('cpam'), name: 'cpam-e2e' });
    try {
      const consumer = await jetstream(nc).consumers.get('PIN_OPERATORS', 'operator-pin-cpam');
      const msg = await eventually(() => consumer.next({ expires: 1_000 }), (m) => m !== null, 20_000);
      expect(msg!.json()).toMatchObject({ specversion: '1.0', type: 'pin.directory.lieu.closed.v1', subject: createdLieuId });
      msg!.ack();
      // …and not the CAF's.
      await expect(jetstream(nc).consumers.get('PIN_OPERATORS', 'operator-pin-caf').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    } finally {
      await nc.close();
    }
  });

  it('shows the CAF’s announcement to the aidants of the Landes, who mark it read', async () => {
    const pub = await h.call('POST', '/api/v1/operateur/annonces', {
      ...as('caf'),
      body: { titre: 'Nouveau simulateur de la prime d’activité', texte: 'Disponible dès lundi sur caf.fr.', demarches: ['famille'], territoire: { departements: ['40'] } },
    });
    expect(pub.status).toBe(201);
    const seen = await eventually(async () => (await h.call('GET', '/api/v1/annonces', { user: 'aidant' })).json.items, (v: { id: string }[]) => v.some((a) => a.id === pub.json.id), 20_000);
    expect(seen.find((a: { id: string }) => a.id === pub.json.id)).toMatchObject({ operateur: 'pin-caf', lue: false });
    const read = await h.call('POST', `/api/v1/annonces/${pub.json.id}/lecture`, { user: 'aidant' });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ id: pub.json.id, lue: true });
    const mine = await h.call('GET', '/api/v1/operateur/annonces', as('caf'));
    expect(mine.json.items[0]).toMatchObject({ id: pub.json.id, lectures: 1, structures: 1 });
    expect((await h.call('GET', '/api/v1/annonces', { user: 'usager' })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/annonces', as('caf'))).status).toBe(403);
    expect((await h.call('POST', '/api/v1/operateur/annonces', { user: 'animateur', body: { titre: 'xxx', texte: 'y' } })).status).toBe(403);
  });

  it('lets the CAF orient a person to a lieu of Dax, whose médiatrice says the person was helped', async () => {
    const o = await h.call('POST', '/api/v1/operateur/orientations', { ...as('caf'), body: { lieuId: daxLieuId, demarche: 'famille', reference: 'CAF-40-0042' } });
    expect(o.status).toBe(201);
    expect(o.json).toMatchObject({ statut: 'envoyee', lieuId: daxLieuId, operateur: 'pin-caf' });
    const seen = await h.call('GET', '/api/v1/orientations', { user: 'mediateur' });
    expect(seen.json.items.map((i: { id: string }) => i.id)).toEqual([o.json.id]);
    expect((await h.call('GET', '/api/v1/orientations', { user: 'referent' })).json.items).toEqual([]);
    const stranger = await h.call('POST', `/api/v1/orientations/${o.json.id}/statut`, { user: 'referent', body: { statut: 'accompagnee' } });
    expect(stranger.status).toBe(404);
    expect(stranger.json.code).toBe('ORIENTATION.NOT_FOUND');
    const done = await h.call('POST', `/api/v1/orientations/${o.json.id}/statut`, { user: 'mediateur', body: { statut: 'accompagnee' } });
    expect(done.status).toBe(200);
    const mine = await h.call('GET', '/api/v1/operateur/orientations', as('caf'));
    expect(mine.json.items).toEqual([expect.objectContaining({ id: o.json.id, statut: 'accompagnee' })]);
    expect((await h.call('GET', '/api/v1/operateur/orientations', as('cpam'))).json.items).toEqual([]);
    expect((await h.call('GET', '/api/v1/orientations', { user: 'usager' })).status).toBe(403);
    expect((await h.call('POST', '/api/v1/operateur/orientations', { user: 'aidant', body: { lieuId: daxLieuId } })).status).toBe(403);
  });

  it('runs the full flow: the lieu accepts, schedules and completes; an aidant orients with consent; the person sees and cancels with the code; the staff lists', async () => {
    const o = await h.call('POST', '/api/v1/operateur/orientations', { ...as('caf'), body: { lieuId: daxLieuId, demarche: 'famille', reference: 'CAF-40-0043' } });
    expect(o.status).toBe(201);
    expect(o.json.codeSuivi).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const step = (id: string, body: object) => h.call('POST', `/api/v1/orientations/${id}/statut`, { user: 'mediateur', body });
    expect((await step(o.json.id, { statut: 'acceptee' })).json.statut).toBe('acceptee');
    const noDate = await step(o.json.id, { statut: 'planifiee' });
    expect({ status: noDate.status, code: noDate.json.code }).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    const planned = await step(o.json.id, { statut: 'planifiee', rendezVousLe: '2026-12-15T14:30:00+01:00' });
    expect(planned.json).toMatchObject({ statut: 'planifiee', rendezVousLe: '2026-12-15T13:30:00.000Z' });

    // The person, anonymous, with the code in the body: sees the appointment, then cancels.
    const seen = await h.call('POST', '/api/v1/mon-orientation', { body: { code: o.json.codeSuivi } });
    expect(seen.status).toBe(200);
    expect(seen.json).toMatchObject({ lieuId: daxLieuId, statut: 'planifiee', rendezVousLe: '2026-12-15T13:30:00.000Z', annulable: true });
    expect(seen.json).not.toHaveProperty('reference');
    const wrong = await h.call('POST', '/api/v1/mon-orientation', { body: { code: 'ZZZZ-ZZZZ' } });
    expect({ status: wrong.status, code: wrong.json.code }).toEqual({ status: 404, code: 'ORIENTATION.INVALID_CODE' });
    const cancelled = await h.call('POST', '/api/v1/mon-orientation/annulation', { body: { code: o.json.codeSuivi } });
    expect(cancelled.json).toMatchObject({ statut: 'annulee', annulable: false });
    const late = await step(o.json.id, { statut: 'accompagnee' });
    expect({ status: late.status, code: late.json.code }).toEqual({ status: 409, code: 'ORIENTATION.INVALID_TRANSITION' });

    // An aidant of Mont-de-Marsan orients to the Dax lieu with the person's consent; the médiatrice declines, then cannot change it.
    const noConsent = await h.call('POST', '/api/v1/orientations', { user: 'aidant', body: { lieuId: daxLieuId, demarche: 'logement' } });
    expect(noConsent.status).toBe(400);
    const a = await h.call('POST', '/api/v1/orientations', { user: 'aidant', body: { lieuId: daxLieuId, demarche: 'logement', besoin: 'Dossier APL', consentement: true } });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ operateur: null, structureOrigineId: DEMO_STRUCTURES.montDeMarsan, besoin: 'Dossier APL' });
    const own = await h.call('POST', '/api/v1/orientations', { user: 'mediateur', body: { lieuId: daxLieuId, demarche: 'logement', consentement: true } });
    expect({ status: own.status, code: own.json.code }).toEqual({ status: 422, code: 'ORIENTATION.SAME_STRUCTURE' });
    const sent = await h.call('GET', '/api/v1/orientations?sens=envoyees', { user: 'aidant' });
    expect(sent.json.items.map((i: { id: string }) => i.id)).toEqual([a.json.id]);
    expect((await step(a.json.id, { statut: 'refusee' })).json.statut).toBe('refusee');
    expect((await step(a.json.id, { statut: 'acceptee' })).status).toBe(409);

    // The staff console: the CAF's orientations and announcements, read-only; never for an operator.
    const list = await h.call('GET', '/api/v1/admin/operateurs/pin-caf/orientations', { user: 'animateur' });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { id: string }) => i.id)).toContain(o.json.id);
    expect(list.json.items.map((i: { id: string }) => i.id)).not.toContain(a.json.id);
    const annonces = await h.call('GET', '/api/v1/admin/operateurs/pin-caf/annonces', { user: 'admin' });
    expect(annonces.status).toBe(200);
    expect(annonces.json.items.length).toBeGreaterThanOrEqual(1);
    expect((await h.call('GET', '/api/v1/admin/operateurs/pin-caf/orientations', as('caf'))).status).toBe(403);
  });

  it('refuses every other role, anonymous callers, and operators on the admin view', async () => {
    for (const user of ['usager', 'aidant', 'mediateur', 'referent', 'animateur', 'admin']) {
      const r = await h.call('GET', '/api/v1/operateur/webhooks', { user });
      expect({ user, status: r.status, code: r.json.code }).toEqual({ user, status: 403, code: 'AUTH.FORBIDDEN' });
      const w = await h.call('POST', '/api/v1/operateur/webhooks', { user, body: { url: receiverUrl } });
      expect({ user, status: w.status }).toEqual({ user, status: 403 });
    }
    expect((await h.call('GET', '/api/v1/operateur/abonnements')).status).toBe(401);
    expect((await h.call('GET', '/api/v1/admin/operateurs', as('caf'))).status).toBe(403);
    expect((await h.call('GET', '/api/v1/admin/operateurs', { user: 'referent' })).status).toBe(403);
    // The Département's staff: animateurs and admins.
    for (const user of ['animateur', 'admin']) {
      const admin = await h.call('GET', '/api/v1/admin/operateurs', { user });
      expect(admin.status).toBe(200);
      // The CPAM has no webhook, only its JetStream subscription: listed too.
      expect(admin.json.items).toEqual([
        expect.objectContaining({ operateur: 'pin-caf', webhooks: 1, webhooks_desactives: 0, abonnements: 1 }),
        expect.objectContaining({ operateur: 'pin-cpam', webhooks: 0, abonnements: 1 }),
      ]);
    }
    // One operator's endpoints and subscriptions, for the staff only; a bad operator id is a 400.
    const hooks = await h.call('GET', '/api/v1/admin/operateurs/pin-caf/webhooks', { user: 'animateur' });
    expect(hooks.status).toBe(200);
    expect(hooks.json.items).toEqual([expect.objectContaining({ url: receiverUrl })]);
    expect(hooks.json.items[0]).not.toHaveProperty('secret');
    expect((await h.call('GET', '/api/v1/admin/operateurs/pin-caf/abonnements', { user: 'admin' })).json.items).toHaveLength(1);
    expect((await h.call('GET', '/api/v1/admin/operateurs/pin-cpam/webhooks', { user: 'admin' })).json.items).toEqual([]);
    expect((await h.call('GET', '/api/v1/admin/operateurs/pin-caf/webhooks', as('caf'))).status).toBe(403);
    expect((await h.call('GET', '/api/v1/admin/operateurs/pin-caf/webhooks', { user: 'aidant' })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/admin/operateurs/pin%20caf/webhooks', { user: 'admin' })).json.code).toBe('REQUEST.INVALID');
    // A webhook of the CAF is not found under the CPAM.
    const other = await h.call('GET', `/api/v1/admin/operateurs/pin-cpam/webhooks/${hooks.json.items[0].id}/livraisons`, { user: 'admin' });
    expect({ status: other.status, code: other.json.code }).toEqual({ status: 404, code: 'WEBHOOK.NOT_FOUND' });
  });
});
