import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { Client } from 'pg';
import { DEMO_STRUCTURES, REQUESTS, rpc, type AuthorizationDecision } from '@pin/contracts';
import { nestRequest } from '@pin/testing';
import { eventually, PlatformHarness } from './platform.harness';

// Issue 4 through the gateway and NATS, on real PostgreSQL, NATS and Redis: habilitation,
// usagers, mandates (idempotent), renewal, revocation by the usager, structure isolation,
// the authorization check (journaled), expiry, events, the journal's tamper evidence and purge.
jest.setTimeout(180_000);

const MDM = DEMO_STRUCTURES.montDeMarsan;
const DAX = DEMO_STRUCTURES.dax;

function subOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub as string;
}

describe('mandates service (issue 4)', () => {
  const h = new PlatformHarness();
  let nc: NatsConnection;
  let aidantSub: string;
  let mediateurSub: string;
  let usagerId: string;
  let mandat: any;
  let claimCode: string;
  const received: any[] = [];
  let sub: ConsumerMessages | undefined;

  const check = (body: Record<string, unknown>) => nestRequest<AuthorizationDecision>(nc, REQUESTS.mandates.authorizationCheck, rpc({ body }));
  const count = async (sql: string, params: unknown[] = []) => (await h.query('mandates', sql, params))[0].n as number;

  beforeAll(async () => {
    await h.start();
    nc = await connect({ servers: h.nats.url });
    aidantSub = subOf(await h.token('aidant'));
    mediateurSub = subOf(await h.token('mediateur'));
    // Another service's consumer of the mandates stream (ordered consumer, from now on).
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await eventually(() => jsm.streams.info('PIN_MANDATES').then(() => true, () => false), (ok) => ok);
    const consumer = await js.consumers.get('PIN_MANDATES');
    sub = await consumer.consume();
    void (async () => {
      for await (const m of sub!) received.push({ subject: m.subject, at: Date.now(), event: m.json() });
    })();
  });
  afterAll(async () => {
    await sub?.close();
    await nc?.close();
    await h.stop();
  });

  it('usager: created after an ID check, duplicate warning, bad input is a 400', async () => {
    const identity = { nom: 'Durand', prenoms: 'Marie Louise', dateNaissance: '1950-03-02', lieuNaissance: 'Dax (40)', email: 'marie.durand@example.org', identiteVerifiee: true };
    const r = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: identity });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ nom: 'Durand', prenoms: 'Marie Louise', dateNaissance: '1950-03-02', compteRelie: false });
    usagerId = r.json.id;

    const dup = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, nom: 'DURAND ', prenoms: 'marie-louise' } });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe('USAGER.DOUBLON_POSSIBLE');
    expect(dup.json.details.candidats.map((c: any) => c.id)).toEqual([usagerId]);
    const forced = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, prenoms: 'Marie', confirmerDoublon: true } });
    expect(forced.status).toBe(201);

    const noCheck = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, identiteVerifiee: false } });
    expect(noCheck.status).toBe(400);
    const badDate = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, dateNaissance: '2090-01-01' } });
    expect(badDate.status).toBe(400);
    expect(badDate.json.code).toBe('REQUEST.INVALID');
    expect(badDate.json.details).toEqual([{ path: 'dateNaissance', message: 'Date de naissance : date invalide ou dans le futur.' }]);
  });

  it('a non-habilitated aidant cannot create a mandate (403 MANDAT.AIDANT_NON_HABILITE), nothing is written', async () => {
    const r = await h.call('POST', '/api/v1/mandats', {
      user: 'aidant',
      headers: { 'idempotency-key': `k-${randomUUID()}` },
      body: { usagerId, demarches: ['social'], dureeJours: 365, consentement: true },
    });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('MANDAT.AIDANT_NON_HABILITE');
    expect(await count('SELECT count(*)::int AS n FROM mandat')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM autorisation')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM outbox')).toBe(0);
    // The denial itself is journaled, in the usager's journal.
    const [denial] = await h.query('mandates', `SELECT usager_id, data FROM journal_entry WHERE action = 'autorisation.refusee'`);
    expect(denial).toEqual({ usager_id: usagerId, data: { raison: 'AIDANT_NON_HABILITE', operation: 'creation_mandat' } });
  });

  it('habilitation: the referent requests it, prerequisites are required, the animateur grants it', async () => {
    const req = (body: object, user = 'referent') => h.call('POST', '/api/v1/habilitations', { user, body });
    const other = await req({ structureId: MDM, aidant: 'aidant', charteSignee: true, formationSuivie: true }, 'referent-dax');
    expect(other.status).toBe(403);

    const partial = await req({ structureId: MDM, aidant: 'aidant', aidantNom: 'Alex Aidant', charteSignee: true, formationSuivie: false });
    expect(partial.status).toBe(201);
    expect(partial.json).toMatchObject({ statut: 'demandee', charteSignee: true, formationSuivie: false });
    const twice = await req({ structureId: MDM, aidant: 'aidant', charteSignee: true, formationSuivie: true });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('HABILITATION.EXISTE_DEJA');
    const missing = await h.call('POST', `/api/v1/habilitations/${partial.json.id}/accorder`, { user: 'animateur', body: {} });
    expect(missing.status).toBe(409);
    expect(missing.json.code).toBe('HABILITATION.PREREQUIS_MANQUANTS');
    expect((await h.call('POST', `/api/v1/habilitations/${partial.json.id}/retirer`, { user: 'referent', body: { motif: 'Formation à suivre' } })).status).toBe(200);

    const full = await req({ structureId: MDM, aidant: 'aidant', aidantNom: 'Alex Aidant', charteSignee: true, formationSuivie: true });
    expect(full.status).toBe(201);
    const byReferent = await h.call('POST', `/api/v1/habilitations/${full.json.id}/accorder`, { user: 'referent', body: {} });
    expect(byReferent.status).toBe(403);
    const granted = await h.call('POST', `/api/v1/habilitations/${full.json.id}/accorder`, { user: 'animateur', body: {} });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ statut: 'accordee', decideePar: 'animateur', aidant: { username: 'aidant' } });

    // The Dax médiatrice too (used for the isolation tests).
    const dax = await req({ structureId: DAX, aidant: 'mediateur', charteSignee: true, formationSuivie: true }, 'referent-dax');
    expect((await h.call('POST', `/api/v1/habilitations/${dax.json.id}/accorder`, { user: 'animateur', body: {} })).status).toBe(200);

    const list = await h.call('GET', '/api/v1/habilitations', { user: 'referent' });
    expect(list.json.items.every((x: any) => x.structureId === MDM)).toBe(true);
    expect(received.some((e) => e.subject === 'pin.mandates.habilitation.granted.v1') || (await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = 'pin.mandates.habilitation.granted.v1'`)) === 2).toBe(true);
  });

  it('bad mandate input is a 400 with a French message, and nothing is written', async () => {
    const base = { usagerId, demarches: ['social', 'logement'], dureeJours: 365, consentement: true };
    const post = (body: object, key: string | null = `k-${randomUUID()}`) =>
      h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: key ? { 'idempotency-key': key } : {}, body });
    const cases: Array<[object, string | null, RegExp]> = [
      [{ ...base, dureeJours: 30 }, `k-${randomUUID()}`, /Durée invalide/],
      [{ ...base, demarches: ['social', 'impots'] }, `k-${randomUUID()}`, /Démarche inconnue/],
      [{ ...base, demarches: [] }, `k-${randomUUID()}`, /au moins une démarche/],
      [{ ...base, debut: new Date(Date.now() - 86_400_000).toISOString() }, `k-${randomUUID()}`, /passé/],
      [{ ...base, consentement: false }, `k-${randomUUID()}`, /consentement/],
      [base, null, /Idempotency-Key/],
    ];
    for (const [body, key, message] of cases) {
      const r = await post(body, key);
      expect(r.status).toBe(400);
      expect([r.json.code, r.text]).toEqual([key ? 'REQUEST.INVALID' : 'IDEMPOTENCE.CLE_REQUISE', expect.stringMatching(message)]);
    }
    expect(await count('SELECT count(*)::int AS n FROM mandat')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM autorisation')).toBe(0);
  });

  it('creates a mandate (one autorisation per démarche, consent recorded); a duplicate submission returns the same mandate', async () => {
    const key = `k-${randomUUID()}`;
    const body = { usagerId, demarches: ['social', 'logement'], dureeJours: 365, consentement: true };
    const [a, b] = await Promise.all([
      h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body }),
      h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json.id).toBe(b.json.id);
    mandat = a.json.codeReclamation ? a.json : b.json;
    claimCode = mandat.codeReclamation;
    expect(claimCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(mandat).toMatchObject({ statut: 'valide', dureeJours: 365, structure: { id: MDM }, usagerId, creePar: { username: 'aidant' } });
    expect(mandat.demarches.map((d: any) => [d.slug, d.label, d.statut])).toEqual([
      ['social', 'Social - Santé', 'active'],
      ['logement', 'Logement', 'active'],
    ]);
    expect(new Date(mandat.fin).getTime() - new Date(mandat.debut).getTime()).toBe(365 * 86_400_000);
    const again = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body });
    expect(again.json.id).toBe(mandat.id);
    const conflict = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body: { ...body, dureeJours: 31 } });
    expect(conflict.status).toBe(409);
    expect(conflict.json.code).toBe('IDEMPOTENCE.CONFLIT');
    expect(await count('SELECT count(*)::int AS n FROM mandat')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM autorisation')).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'mandat.cree'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = 'pin.mandates.mandate.created.v1'`)).toBe(1);

    const verif = await h.call('GET', `/api/v1/verifications/${mandat.verificationToken}`);
    expect(verif.status).toBe(200);
    expect(verif.json).toMatchObject({ statut: 'valide', demarches: [{ slug: 'social', active: true }, { slug: 'logement', active: true }] });
    expect(verif.json.empreinte).toMatch(/^[0-9a-f]{64}$/);
    expect(verif.text).not.toMatch(/Durand|Marie|Alex/);
    expect((await h.call('GET', '/api/v1/verifications/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

    const pdf = await fetch(h.url(`/api/v1/mandats/${mandat.id}/attestation.pdf?code=${claimCode}`), { headers: { authorization: `Bearer ${await h.token('aidant')}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const posted = await fetch(h.url(`/api/v1/mandats/${mandat.id}/attestation.pdf`), {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token('aidant')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: claimCode }),
    });
    expect([posted.status, posted.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const foreignPdf = await h.call('GET', `/api/v1/mandats/${mandat.id}/attestation.pdf`, { user: 'mediateur' });
    expect(foreignPdf.status).toBe(404);
  });

  it('authorization check over NATS: allowed, and denied with reasons; every answer is journaled', async () => {
    const before = await count('SELECT count(*)::int AS n FROM journal_entry');
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: true, reason: 'AUTORISE', mandatId: mandat.id });
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'papiers' })).toMatchObject({ allowed: false, reason: 'AUCUN_MANDAT' });
    expect(await check({ aidantSub: mediateurSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: false, reason: 'AIDANT_NON_HABILITE' });
    // The médiatrice never acted yet: her habilitation is matched by username, which services send along.
    expect(await check({ aidantSub: mediateurSub, aidantUsername: 'mediateur', structureId: DAX, usagerId, demarche: 'social' })).toMatchObject({ allowed: false, reason: 'AUCUN_MANDAT' });
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'impots' })).toMatchObject({ allowed: false, reason: 'DEMARCHE_INCONNUE' });
    expect(await check({ aidantSub, structureId: 'pas-un-uuid' })).toMatchObject({ allowed: false, reason: 'REQUETE_INVALIDE' });
    const rows = await h.query('mandates', `SELECT action, demarche, data FROM journal_entry WHERE seq > (SELECT max(seq) - 5 FROM journal_entry) ORDER BY seq`);
    expect(await count('SELECT count(*)::int AS n FROM journal_entry')).toBe(before + 5);
    expect(rows.map((r) => [r.action, r.data.raison ?? null])).toEqual([
      ['autorisation.utilisee', null],
      ['autorisation.refusee', 'AUCUN_MANDAT'],
      ['autorisation.refusee', 'AIDANT_NON_HABILITE'],
      ['autorisation.refusee', 'AUCUN_MANDAT'],
      ['autorisation.refusee', 'DEMARCHE_INCONNUE'],
    ]);
  });

  it('an aidant of another structure never sees the usager or the mandate (404), and cannot act for a structure not in the token (403)', async () => {
    for (const path of [`/api/v1/usagers/${usagerId}`, `/api/v1/usagers/${usagerId}/mandats`, `/api/v1/usagers/${usagerId}/journal`, `/api/v1/mandats/${mandat.id}`]) {
      const r = await h.call('GET', path, { user: 'mediateur' });
      expect([path, r.status]).toEqual([path, 404]);
    }
    const revoke = await h.call('POST', `/api/v1/mandats/${mandat.id}/revocation`, { user: 'mediateur', body: {} });
    expect(revoke.status).toBe(404);
    const search = await h.call('GET', '/api/v1/usagers?q=durand', { user: 'mediateur' });
    expect(search.json.items).toEqual([]);
    const foreign = await h.call('GET', `/api/v1/usagers/${usagerId}`, { user: 'mediateur', headers: { 'x-pin-structure': MDM } });
    expect(foreign.status).toBe(403);
    const noMandate = await h.call('POST', '/api/v1/mandats', {
      user: 'mediateur',
      headers: { 'idempotency-key': `k-${randomUUID()}` },
      body: { usagerId, demarches: ['social'], dureeJours: 1, consentement: true },
    });
    expect(noMandate.status).toBe(404);
    // A usager sees only their own: before claiming, nothing.
    expect((await h.call('GET', `/api/v1/mandats/${mandat.id}`, { user: 'usager' })).status).toBe(404);
    expect((await h.call('GET', '/api/v1/moi/mandats', { user: 'usager' })).json.items).toEqual([]);
    // The aidant's view is journaled as "données consultées".
    expect((await h.call('GET', `/api/v1/usagers/${usagerId}`, { user: 'aidant' })).status).toBe(200);
    expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'usager.consulte' AND usager_id = $1`, [usagerId])).toBe(1);
  });

  it('renewal: a new mandate for the same démarche revokes the old autorisation (event, journal), the other stays', async () => {
    const r = await h.call('POST', '/api/v1/mandats', {
      user: 'aidant',
      headers: { 'idempotency-key': `k-${randomUUID()}` },
      body: { usagerId, demarches: ['social', 'travail'], dureeJours: 31, consentement: true },
    });
    expect(r.status).toBe(201);
    const old = (await h.call('GET', `/api/v1/mandats/${mandat.id}`, { user: 'aidant' })).json;
    expect(old.statut).toBe('valide');
    expect(old.demarches.map((d: any) => [d.slug, d.statut])).toEqual([['social', 'revoquee'], ['logement', 'active']]);
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: true, mandatId: r.json.id });
    const [ev] = await h.query('mandates', `SELECT payload FROM outbox WHERE subject = 'pin.mandates.autorisation.revoked.v1'`);
    expect(JSON.parse(ev.payload).data).toMatchObject({ mandatId: mandat.id, demarche: 'social', motif: 'renouvellement' });
    expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'mandat.renouvele'`)).toBe(1);
  });

  it('the usager claims their account with the printed code, reads their mandates and journal, and revokes; the revocation reaches another consumer', async () => {
    expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: 'ZZZZ-ZZZZ' } })).status).toBe(404);
    // The second mandate issued a newer code: the first one no longer works.
    expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: claimCode } })).json.code).toBe('USAGER.CODE_INVALIDE');
    const fresh = await h.call('POST', `/api/v1/usagers/${usagerId}/code-reclamation`, { user: 'aidant', body: {} });
    expect(fresh.status).toBe(201);
    const claimed = await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: fresh.json.codeReclamation.toLowerCase() } });
    expect(claimed.status).toBe(200);
    expect(claimed.json).toMatchObject({ id: usagerId, compteRelie: true });
    expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: fresh.json.codeReclamation } })).status).toBe(409);

    const mine = await h.call('GET', '/api/v1/moi/mandats', { user: 'usager' });
    expect(mine.json.items).toHaveLength(2);
    const journal = await h.call('GET', '/api/v1/moi/journal', { user: 'usager' });
    const actions = journal.json.items.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['usager.cree', 'mandat.cree', 'mandat.renouvele', 'autorisation.utilisee', 'autorisation.refusee', 'usager.consulte', 'usager.relie']));
    expect(journal.json.items.find((e: any) => e.action === 'mandat.cree')).toMatchObject({ acteur: 'Alex Aidant', libelle: 'Un mandat a été créé' });

    const revokedAt = Date.now();
    const r = await h.call('POST', `/api/v1/mandats/${mandat.id}/revocation`, { user: 'usager', body: {} });
    expect(r.status).toBe(200);
    expect(r.json.statut).toBe('revoque');
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'logement' })).toMatchObject({ allowed: false, reason: 'MANDAT_REVOQUE' });
    const again = await h.call('POST', `/api/v1/mandats/${mandat.id}/revocation`, { user: 'usager', body: {} });
    expect(again.json.code).toBe('MANDAT.DEJA_REVOQUE');
    const seen = await eventually(
      async () => received.filter((e) => e.event.data?.mandatId === mandat.id && ['pin.mandates.mandate.revoked.v1', 'pin.mandates.autorisation.revoked.v1'].includes(e.subject) && e.at >= revokedAt),
      (x) => x.length >= 2,
      5_000,
    );
    expect(seen.find((e) => e.subject === 'pin.mandates.mandate.revoked.v1').event.data).toMatchObject({ par: 'usager', usagerId });
    console.log(`revocation seen by another consumer ${Math.max(...seen.map((e) => e.at)) - revokedAt} ms after the HTTP call started`);
    const verif = await h.call('GET', `/api/v1/verifications/${mandat.verificationToken}`);
    expect(verif.json.statut).toBe('revoque');
    const pdf = await fetch(h.url(`/api/v1/mandats/${mandat.id}/revocation.pdf`), { headers: { authorization: `Bearer ${await h.token('usager')}` } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  });

  it('an aidant of the structure revokes one autorisation of a mandate', async () => {
    const [second] = (await h.call('GET', `/api/v1/usagers/${usagerId}/mandats`, { user: 'aidant' })).json.items.filter((m: any) => m.statut === 'valide');
    const r = await h.call('POST', `/api/v1/mandats/${second.id}/revocation`, { user: 'aidant', body: { demarches: ['travail'] } });
    expect(r.status).toBe(200);
    expect(r.json.statut).toBe('valide');
    expect(r.json.demarches.map((d: any) => [d.slug, d.statut])).toEqual([['social', 'active'], ['travail', 'revoquee']]);
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'travail' })).toMatchObject({ allowed: false, reason: 'MANDAT_REVOQUE' });
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: true });
  });

  it('expiry: status from dates, an expired mandate never authorizes; the scheduled scan notifies 30 days before and emits the expired event once', async () => {
    const mk = async (dureeJours: number, demarche: string) =>
      (await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId, demarches: [demarche], dureeJours, consentement: true } })).json;
    const soon = await mk(365, 'argent');
    const ended = await mk(182, 'justice');
    // Move dates as time would (autorisation and mandat are ordinary tables).
    await h.query('mandates', `UPDATE mandat SET debut = now() - interval '340 days', fin = now() + interval '25 days' WHERE id = $1`, [soon.id]);
    await h.query('mandates', `UPDATE autorisation SET debut = now() - interval '340 days', fin = now() + interval '25 days' WHERE mandat_id = $1`, [soon.id]);
    await h.query('mandates', `UPDATE mandat SET debut = now() - interval '183 days', fin = now() - interval '1 hour' WHERE id = $1`, [ended.id]);
    await h.query('mandates', `UPDATE autorisation SET debut = now() - interval '183 days', fin = now() - interval '1 hour' WHERE mandat_id = $1`, [ended.id]);
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'justice' })).toMatchObject({ allowed: false, reason: 'MANDAT_EXPIRE' });
    expect((await h.call('GET', `/api/v1/mandats/${ended.id}`, { user: 'aidant' })).json.statut).toBe('expire');
    expect((await h.call('POST', `/api/v1/mandats/${ended.id}/revocation`, { user: 'aidant', body: {} })).json.code).toBe('MANDAT.INACTIF');

    const run = await h.call('POST', '/api/v1/admin/mandats/taches/echeances', { user: 'admin' });
    expect(run.status).toBe(200);
    expect(run.json.resultat).toEqual({ notifies: 1, expires: 1 });
    expect(run.json.planifiees).toEqual(expect.arrayContaining(['mandates-expiry-scan', 'mandates-retention-purge']));
    const rerun = await h.call('POST', '/api/v1/admin/mandats/taches/echeances', { user: 'admin' });
    expect(rerun.json.resultat).toEqual({ notifies: 0, expires: 0 });
    const notes = await h.query('mandates', `SELECT mandat_id, kind, destinataires FROM mandat_notification ORDER BY kind`);
    expect(notes.map((n) => [n.mandat_id, n.kind])).toEqual([[soon.id, 'expiration_proche'], [ended.id, 'expire']]);
    expect(notes[0].destinataires.usager).toEqual({ email: 'marie.durand@example.org', telephone: null });
    const subjects = (await h.query('mandates', `SELECT subject, payload FROM outbox WHERE subject IN ('pin.mandates.mandate.expired.v1', 'pin.mandates.mandate.expiring.v1')`)).map((r) => [r.subject, JSON.parse(r.payload).data.mandatId]);
    expect(subjects.sort()).toEqual([['pin.mandates.mandate.expired.v1', ended.id], ['pin.mandates.mandate.expiring.v1', soon.id]]);
  });

  it('a withdrawn habilitation stops both mandate creation and checks at once', async () => {
    const [hab] = (await h.call('GET', `/api/v1/habilitations?structureId=${DAX}&statut=accordee`, { user: 'referent-dax' })).json.items;
    expect(hab.aidant.username).toBe('mediateur');
    const dax = await h.call('POST', '/api/v1/usagers', {
      user: 'mediateur',
      body: { nom: 'Bordes', prenoms: 'Paul', dateNaissance: '1962-11-05', lieuNaissance: 'Dax', identiteVerifiee: true },
    });
    const made = await h.call('POST', '/api/v1/mandats', { user: 'mediateur', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId: dax.json.id, demarches: ['transports'], dureeJours: 31, consentement: true } });
    expect(made.status).toBe(201);
    expect(await check({ aidantSub: mediateurSub, structureId: DAX, usagerId: dax.json.id, demarche: 'transports' })).toMatchObject({ allowed: true });
    const withdrawn = await h.call('POST', `/api/v1/habilitations/${hab.id}/retirer`, { user: 'referent-dax', body: { motif: 'Départ de la structure' } });
    expect(withdrawn.json).toMatchObject({ statut: 'retiree', motif: 'Départ de la structure' });
    expect(await check({ aidantSub: mediateurSub, structureId: DAX, usagerId: dax.json.id, demarche: 'transports' })).toMatchObject({ allowed: false, reason: 'AIDANT_NON_HABILITE' });
    const refused = await h.call('POST', '/api/v1/mandats', { user: 'mediateur', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId: dax.json.id, demarches: ['papiers'], dureeJours: 1, consentement: true } });
    expect(refused.json.code).toBe('MANDAT.AIDANT_NON_HABILITE');
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = 'pin.mandates.habilitation.withdrawn.v1'`)).toBe(1);
  });

  it('the journal refuses UPDATE and DELETE, and the chain verifies', async () => {
    await expect(h.query('mandates', `UPDATE journal_entry SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.query('mandates', `DELETE FROM journal_entry WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.query('mandates', `TRUNCATE journal_entry CASCADE`)).rejects.toThrow(/append-only/);
    const r = await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, premiereRupture: null });
    expect(r.json.entrees).toBeGreaterThan(20);
    expect((await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'animateur' })).status).toBe(403);
  });

  it('retention purge erases the usager’s personal data (also in the journal) and the chain still verifies', async () => {
    const other = await h.call('POST', '/api/v1/usagers', {
      user: 'aidant',
      body: { nom: 'Lafitte', prenoms: 'Jean', dateNaissance: '1941-07-14', lieuNaissance: 'Mont-de-Marsan', identiteVerifiee: true },
    });
    const m = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId: other.json.id, demarches: ['papiers'], dureeJours: 1, consentement: true } });
    expect(m.status).toBe(201);
    await h.query('mandates', `UPDATE mandat SET debut = now() - interval '1200 days', fin = now() - interval '1199 days', expired_emitted_at = now() WHERE usager_id = $1`, [other.json.id]);
    expect(await count('SELECT count(*)::int AS n FROM journal_personal WHERE usager_id = $1', [other.json.id])).toBeGreaterThan(0);
    const run = await h.call('POST', '/api/v1/admin/mandats/taches/purge', { user: 'admin' });
    expect(run.json.resultat).toEqual({ purges: 1 });
    const [u] = await h.query('mandates', 'SELECT nom, prenoms, date_naissance, purged_at FROM usager WHERE id = $1', [other.json.id]);
    expect(u).toMatchObject({ nom: null, prenoms: null, date_naissance: null });
    expect(u.purged_at).not.toBeNull();
    expect(await count('SELECT count(*)::int AS n FROM journal_personal WHERE usager_id = $1', [other.json.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE usager_id = $1 AND action = 'donnees.purgees'`, [other.json.id])).toBe(1);
    // The other usager (mandates still in force) keeps everything.
    expect((await h.query('mandates', 'SELECT nom FROM usager WHERE id = $1', [usagerId]))[0].nom).toBe('Durand');
    expect((await h.call('GET', `/api/v1/usagers/${other.json.id}`, { user: 'aidant' })).status).toBe(404);
    expect((await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' })).json).toMatchObject({ ok: true });
  });

  it('a journal row edited through a superuser connection (trigger disabled) is named by the verifier and the CLI', async () => {
    const [target] = await h.query('mandates', `SELECT seq, id FROM journal_entry WHERE action = 'autorisation.utilisee' ORDER BY seq LIMIT 1`);
    const c = new Client({ connectionString: h.mandatesDb.url });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE journal_entry SET data = jsonb_set(data, '{autorisationId}', to_jsonb(gen_random_uuid()::text)) WHERE seq = $1`, [target.seq]);
    } finally {
      await c.end();
    }
    const r = await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' });
    expect(r.json.ok).toBe(false);
    expect(r.json.premiereRupture).toMatchObject({ seq: Number(target.seq), id: target.id });
    expect(r.json.entrees).toBe(Number(target.seq) - 1);

    const { execFileSync } = await import('node:child_process');
    let out = '';
    let status = 0;
    try {
      out = execFileSync(process.execPath, ['dist/apps/mandates/src/verify-journal.js'], { env: { ...process.env, DATABASE_URL: h.mandatesDb.url }, encoding: 'utf8' });
    } catch (err) {
      status = (err as { status: number }).status;
      out = String((err as { stdout: string }).stdout);
    }
    expect(status).toBe(1);
    expect(out).toContain(`entrée n° ${target.seq} (${target.id})`);
    expect(out).toContain(target.id);
  });
});
