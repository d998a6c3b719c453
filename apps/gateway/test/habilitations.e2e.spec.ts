import { randomUUID } from 'node:crypto';
import { HabilitationGrantedV1, HabilitationGrantedV2, HabilitationWithdrawnV1, HabilitationWithdrawnV2 } from '@pin/contracts';
import { DAX, MandatesHarness, MDM } from './mandates.harness';

// Issue 4: the référent asks for the habilitation of a member of the structure (known from their
// logins), the animateur grants it; a pending request can be cancelled; what a habilitated aidant
// may submit; a withdrawn habilitation stops mandates and checks at once.
jest.setTimeout(180_000);

describe('mandates service (issue 4): habilitations', () => {
  const h = new MandatesHarness();
  const { check, count, received } = h;
  let mediateurSub: string;
  let usagerId: string;

  beforeAll(async () => {
    await h.start();
    ({ mediateurSub } = h);
    usagerId = await h.createUsager();
  });
  afterAll(() => h.stop());

  it('members: whoever acts in the structure is known from their calls, with their name; only its référent and the network list them', async () => {
    await h.member('aidant');
    await h.member('referent');
    const list = await h.call('GET', `/api/v1/structures/${MDM}/membres`, { user: 'referent' });
    expect(list.status).toBe(200);
    expect(list.json.structureId).toBe(MDM);
    expect(list.json.items).toEqual([
      { id: h.aidantSub, username: 'aidant', nom: 'Alex Aidant', roles: ['aidant'], derniereActivite: expect.any(String), habilitation: null },
      expect.objectContaining({ username: 'referent', nom: 'Romain Référent', roles: ['referent'] }),
    ]);
    // The Dax médiatrice is a member of Dax only.
    await h.member('mediateur');
    expect((await h.call('GET', `/api/v1/structures/${DAX}/membres`, { user: 'animateur' })).json.items.map((m: any) => m.username)).toEqual(['mediateur']);
    expect((await h.call('GET', `/api/v1/structures/${MDM}/membres`, { user: 'admin' })).status).toBe(200);
    const otherReferent = await h.call('GET', `/api/v1/structures/${MDM}/membres`, { user: 'referent-dax' });
    expect([otherReferent.status, otherReferent.json.code]).toEqual([403, 'AUTH.STRUCTURE_SCOPE']);
    expect((await h.call('GET', `/api/v1/structures/${MDM}/membres`, { user: 'aidant' })).status).toBe(403);
    // One write per member and structure, not one per call.
    const before = (await h.query('mandates', 'SELECT last_seen FROM structure_member WHERE sub = $1', [h.aidantSub]))[0].last_seen.getTime();
    await h.member('aidant');
    expect((await h.query('mandates', 'SELECT last_seen FROM structure_member WHERE sub = $1', [h.aidantSub]))[0].last_seen.getTime()).toBe(before);
  });

  it('habilitation: the referent picks a member, prerequisites are required, a pending request can be cancelled, the animateur grants it', async () => {
    const aidantId = h.aidantSub;
    const req = (body: object, user = 'referent') => h.call('POST', '/api/v1/habilitations', { user, body });
    const other = await req({ structureId: MDM, memberId: aidantId, charteSignee: true, formationSuivie: true }, 'referent-dax');
    expect(other.status).toBe(403);
    // A typed login is no longer accepted; someone who is not a member of the structure is refused.
    const typed = await req({ structureId: MDM, aidant: 'aidant', charteSignee: true, formationSuivie: true });
    expect([typed.status, typed.json.code]).toEqual([400, 'REQUEST.INVALID']);
    for (const memberId of ['c.dupuy', mediateurSub]) {
      const unknown = await req({ structureId: MDM, memberId, charteSignee: true, formationSuivie: true });
      expect([unknown.status, unknown.json.code]).toEqual([422, 'HABILITATION.MEMBER_UNKNOWN']);
      expect(unknown.json.message).toMatch(/membre connu de la structure/);
    }

    const partial = await req({ structureId: MDM, memberId: aidantId, charteSignee: true, formationSuivie: false });
    expect(partial.status).toBe(201);
    expect(partial.json).toMatchObject({ statut: 'demandee', charteSignee: true, formationSuivie: false, aidant: { id: aidantId, username: 'aidant', nom: 'Alex Aidant' } });
    const twice = await req({ structureId: MDM, memberId: aidantId, charteSignee: true, formationSuivie: true });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('HABILITATION.ALREADY_EXISTS');
    const missing = await h.call('POST', `/api/v1/habilitations/${partial.json.id}/accorder`, { user: 'animateur', body: {} });
    expect(missing.status).toBe(409);
    expect(missing.json.code).toBe('HABILITATION.MISSING_PREREQUISITES');
    // The members list shows the pending request.
    const members = (await h.call('GET', `/api/v1/structures/${MDM}/membres`, { user: 'referent' })).json.items;
    expect(members.find((m: any) => m.id === aidantId).habilitation).toMatchObject({ id: partial.json.id, statut: 'demandee' });
    // The référent cancels the pending request (not the aidant, not another structure's référent).
    expect((await h.call('POST', `/api/v1/habilitations/${partial.json.id}/annuler`, { user: 'aidant', body: {} })).status).toBe(403);
    expect((await h.call('POST', `/api/v1/habilitations/${partial.json.id}/annuler`, { user: 'referent-dax', body: {} })).status).toBe(404);
    const cancelled = await h.call('POST', `/api/v1/habilitations/${partial.json.id}/annuler`, { user: 'referent', body: {} });
    expect([cancelled.status, cancelled.json.statut]).toEqual([200, 'annulee']);
    const again = await h.call('POST', `/api/v1/habilitations/${partial.json.id}/annuler`, { user: 'referent', body: {} });
    expect([again.status, again.json.code]).toEqual([409, 'HABILITATION.DECISION_NOT_ALLOWED']);
    expect(again.json.message).toMatch(/Seule une demande en attente peut être annulée/);

    const full = await req({ structureId: MDM, memberId: aidantId, charteSignee: true, formationSuivie: true });
    expect(full.status).toBe(201);
    const byReferent = await h.call('POST', `/api/v1/habilitations/${full.json.id}/accorder`, { user: 'referent', body: {} });
    expect(byReferent.status).toBe(403);
    const granted = await h.call('POST', `/api/v1/habilitations/${full.json.id}/accorder`, { user: 'animateur', body: {} });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ statut: 'accordee', decideePar: 'animateur', aidant: { id: aidantId, username: 'aidant', nom: 'Alex Aidant' } });
    // A granted habilitation is withdrawn, not cancelled.
    expect((await h.call('POST', `/api/v1/habilitations/${full.json.id}/annuler`, { user: 'referent', body: {} })).json.code).toBe('HABILITATION.DECISION_NOT_ALLOWED');

    // The Dax médiatrice too (used for the isolation tests).
    const dax = await h.requestHabilitation('referent-dax', DAX, 'mediateur');
    expect((await h.call('POST', `/api/v1/habilitations/${dax.json.id}/accorder`, { user: 'animateur', body: {} })).status).toBe(200);

    const list = await h.call('GET', '/api/v1/habilitations', { user: 'referent' });
    expect(list.json.items.every((x: any) => x.structureId === MDM)).toBe(true);
    expect(list.json.items.map((x: any) => x.aidant.nom)).toContain('Alex Aidant');
    expect(received.some((e) => e.subject === HabilitationGrantedV2.type) || (await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [HabilitationGrantedV2.type])) === 2).toBe(true);
    // Ids only (v2); v1 carried the aidant's username and is no longer emitted.
    const payloads = (await h.query('mandates', 'SELECT payload FROM outbox WHERE subject = $1', [HabilitationGrantedV2.type])).map((r) => JSON.parse(r.payload).data);
    expect(payloads).toContainEqual({ habilitationId: full.json.id, structureId: MDM, aidantSub: aidantId });
    expect(JSON.stringify(payloads)).not.toMatch(/Alex|Aidant|aidant@/);
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [HabilitationGrantedV1.type])).toBe(0);

    // A refusal (here the référent's own request), journaled like the other decisions.
    const referentId = await h.member('referent');
    const another = await req({ structureId: MDM, memberId: referentId, charteSignee: true, formationSuivie: true });
    const noReason = await h.call('POST', `/api/v1/habilitations/${another.json.id}/refuser`, { user: 'animateur', body: {} });
    expect([noReason.status, noReason.json.code, noReason.json.details]).toEqual([400, 'REQUEST.INVALID', [{ path: 'motif', message: 'Motif du refus : ce champ est obligatoire.' }]]);
    const refused = await h.call('POST', `/api/v1/habilitations/${another.json.id}/refuser`, { user: 'animateur', body: { motif: 'Pas encore en poste' } });
    expect(refused.json).toMatchObject({ statut: 'refusee', motif: 'Pas encore en poste' });
    // Who the aidant is: in the personal details (outside the hash), while they exist.
    const [who] = await h.query('mandates', `SELECT j.data, p.details FROM journal_entry j JOIN journal_personal p ON p.seq = j.seq WHERE j.action = 'habilitation.refusee'`);
    expect(who).toEqual({ data: { habilitationId: another.json.id, aidantSub: referentId }, details: { acteur: 'Anne Animatrice', aidant: 'referent', aidantNom: 'Romain Référent' } });
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
      expect([r.json.code, r.text]).toEqual([key ? 'REQUEST.INVALID' : 'IDEMPOTENCY.KEY_REQUIRED', expect.stringMatching(message)]);
    }
    expect(await count('SELECT count(*)::int AS n FROM mandat')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM autorisation')).toBe(0);
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
    expect(refused.json.code).toBe('MANDAT.AIDANT_NOT_HABILITATED');
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [HabilitationWithdrawnV2.type])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [HabilitationWithdrawnV1.type])).toBe(0);
    const [event] = await h.query('mandates', 'SELECT payload FROM outbox WHERE subject = $1', [HabilitationWithdrawnV2.type]);
    // The médiatrice acted (mandate, check) before the withdrawal: her opaque subject id is known.
    expect(JSON.parse(event.payload).data).toEqual({ habilitationId: hab.id, structureId: DAX, aidantSub: mediateurSub });
  });

  it('no journal entry written here (every habilitation decision, usagers, mandates, checks) hashes personal data', async () => {
    const { findings, actions } = await h.journalHashedPersonalData(['Bordes', 'Paul', '1962-11-05']);
    expect(findings).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['habilitation.demandee', 'habilitation.accordee', 'habilitation.refusee', 'habilitation.retiree', 'habilitation.annulee', 'usager.cree', 'mandat.cree', 'autorisation.creee', 'autorisation.utilisee', 'autorisation.refusee']));
  });
});
