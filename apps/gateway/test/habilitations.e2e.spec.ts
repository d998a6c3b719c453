import { randomUUID } from 'node:crypto';
import { HabilitationGrantedV1, HabilitationGrantedV2, HabilitationWithdrawnV1, HabilitationWithdrawnV2 } from '@pin/contracts';
import { DAX, MandatesHarness, MDM } from './mandates.harness';

// Issue 4: the référent asks for an aidant's habilitation, the animateur grants it; what a
// habilitated aidant may submit; a withdrawn habilitation stops mandates and checks at once.
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

  it('habilitation: the referent requests it, prerequisites are required, the animateur grants it', async () => {
    const req = (body: object, user = 'referent') => h.call('POST', '/api/v1/habilitations', { user, body });
    const other = await req({ structureId: MDM, aidant: 'aidant', charteSignee: true, formationSuivie: true }, 'referent-dax');
    expect(other.status).toBe(403);

    const partial = await req({ structureId: MDM, aidant: 'aidant', aidantNom: 'Alex Aidant', charteSignee: true, formationSuivie: false });
    expect(partial.status).toBe(201);
    expect(partial.json).toMatchObject({ statut: 'demandee', charteSignee: true, formationSuivie: false });
    const twice = await req({ structureId: MDM, aidant: 'aidant', charteSignee: true, formationSuivie: true });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('HABILITATION.ALREADY_EXISTS');
    const missing = await h.call('POST', `/api/v1/habilitations/${partial.json.id}/accorder`, { user: 'animateur', body: {} });
    expect(missing.status).toBe(409);
    expect(missing.json.code).toBe('HABILITATION.MISSING_PREREQUISITES');
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
    expect(received.some((e) => e.subject === HabilitationGrantedV2.type) || (await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [HabilitationGrantedV2.type])) === 2).toBe(true);
    // Ids only (v2); v1 carried the aidant's username and is no longer emitted.
    const payloads = (await h.query('mandates', 'SELECT payload FROM outbox WHERE subject = $1', [HabilitationGrantedV2.type])).map((r) => JSON.parse(r.payload).data);
    expect(payloads).toContainEqual({ habilitationId: full.json.id, structureId: MDM, aidantSub: null });
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [HabilitationGrantedV1.type])).toBe(0);

    // A refusal, journaled like the other decisions.
    const another = await req({ structureId: MDM, aidant: 'b.castaing', aidantNom: 'Bernard Castaing', charteSignee: true, formationSuivie: true });
    const noReason = await h.call('POST', `/api/v1/habilitations/${another.json.id}/refuser`, { user: 'animateur', body: {} });
    expect([noReason.status, noReason.json.code, noReason.json.details]).toEqual([400, 'REQUEST.INVALID', [{ path: 'motif', message: 'Motif du refus : ce champ est obligatoire.' }]]);
    const refused = await h.call('POST', `/api/v1/habilitations/${another.json.id}/refuser`, { user: 'animateur', body: { motif: 'Pas encore en poste' } });
    expect(refused.json).toMatchObject({ statut: 'refusee' });
    // Who the aidant is: in the personal details (outside the hash), while they exist.
    const [who] = await h.query('mandates', `SELECT j.data, p.details FROM journal_entry j JOIN journal_personal p ON p.seq = j.seq WHERE j.action = 'habilitation.refusee'`);
    expect(who).toEqual({ data: { habilitationId: another.json.id, aidantSub: null }, details: { acteur: 'Anne Animatrice', aidant: 'b.castaing', aidantNom: 'Bernard Castaing' } });
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
    const { findings, actions } = await h.journalHashedPersonalData(['b.castaing', 'Bernard Castaing', 'Bordes', 'Paul', '1962-11-05']);
    expect(findings).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['habilitation.demandee', 'habilitation.accordee', 'habilitation.refusee', 'habilitation.retiree', 'usager.cree', 'mandat.cree', 'autorisation.creee', 'autorisation.utilisee', 'autorisation.refusee']));
  });
});
