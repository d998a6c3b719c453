import { personalDataIn } from '@pin/testing';
import { JOURNAL_INPUTS, type JournalActor } from './journal-inputs';
import { hashedPart } from './journal-hash';
import { chainRecords } from './journal.service';
import { GENESIS_HASH, JOURNAL_ACTIONS, type JournalAction } from './journal.types';

// Every journal action, built as the services build it, then numbered and chained as the journal
// writes it: the hashed part holds no personal detail; the personal part still says who.

const USAGER = '11111111-1111-4111-8111-111111111111';
const STRUCTURE = '22222222-2222-4222-8222-222222222222';
const MANDAT = '33333333-3333-4333-8333-333333333333';
const AUT = '44444444-4444-4444-8444-444444444444';
const HAB = '55555555-5555-4555-8555-555555555555';
const AIDANT_SUB = '66666666-6666-4666-8666-666666666666';
const actor: JournalActor = { sub: AIDANT_SUB, nom: 'Claire Lambert' };
const aidant = { username: 'c.lambert', nom: 'Claire Lambert', sub: AIDANT_SUB };
const debut = new Date('2026-01-05T09:00:00.000Z');
const fin = new Date('2027-01-05T09:00:00.000Z');
/** What the tests' people are called; none of it may reach the hash. */
const KNOWN = ['Claire Lambert', 'c.lambert', 'Anne Animatrice', 'animateur.landes', 'l’usager', 'claire.lambert@example.org', '06 12 34 56 78', '1950-03-02'];
const animateur: JournalActor = { sub: '77777777-7777-4777-8777-777777777777', nom: 'Anne Animatrice' };

type Samples = { [A in JournalAction]: Array<Parameters<(typeof JOURNAL_INPUTS)[A]>[0]> };
const SAMPLES: Samples = {
  'usager.cree': [{ usagerId: USAGER, structureId: STRUCTURE, actor }],
  'usager.consulte': [{ usagerId: USAGER, structureId: STRUCTURE, actor }],
  'usager.modifie': [{ usagerId: USAGER, structureId: STRUCTURE, actor, champs: ['email', 'telephone'] }],
  'usager.relie': [{ usagerId: USAGER, accountSub: '88888888-8888-4888-8888-888888888888' }],
  'usager.code_emis': [{ usagerId: USAGER, structureId: STRUCTURE, actor }],
  'mandat.cree': [{ usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actor, demarches: ['social', 'papiers'], dureeJours: 365, debut, fin }],
  'mandat.renouvele': [{ usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actor, demarches: ['social'], dureeJours: 31, debut, fin }],
  'mandat.revoque': [
    { usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actor, par: 'aidant' },
    { usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actor: { sub: AIDANT_SUB, nom: 'l’usager' }, par: 'usager' },
  ],
  'mandat.expire': [{ usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, fin }],
  'mandat.expiration_proche': [{ usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, fin, usagerNotifie: true }],
  'autorisation.creee': [{ usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actorSub: AIDANT_SUB, autorisationId: AUT, demarche: 'social', fin }],
  'autorisation.utilisee': [{ usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actorSub: AIDANT_SUB, autorisationId: AUT, demarche: 'social' }],
  'autorisation.revoquee': [
    { usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actor, autorisationId: AUT, demarche: 'social', par: 'aidant', motif: 'revocation' },
    { usagerId: USAGER, structureId: STRUCTURE, mandatId: MANDAT, actor, autorisationId: AUT, demarche: 'social', par: 'aidant', motif: 'renouvellement', remplaceePar: MANDAT },
  ],
  'autorisation.refusee': [
    { usagerId: USAGER, structureId: STRUCTURE, actorSub: AIDANT_SUB, raison: 'DEMARCHE_INCONNUE', demarcheDemandee: 'impots' },
    { usagerId: USAGER, structureId: STRUCTURE, actorSub: AIDANT_SUB, mandatId: MANDAT, demarche: 'social', raison: 'MANDAT_EXPIRE' },
    { usagerId: null, structureId: STRUCTURE, actorSub: AIDANT_SUB, raison: 'AIDANT_NON_HABILITE', operation: 'creation_mandat' },
  ],
  'habilitation.demandee': [
    { habilitationId: HAB, structureId: STRUCTURE, actor, aidant: { ...aidant, sub: null }, charteSignee: true, formationSuivie: false },
    { habilitationId: HAB, structureId: STRUCTURE, actor, aidant: { username: 'c.lambert', nom: null, sub: null }, charteSignee: true, formationSuivie: true },
  ],
  'habilitation.accordee': [{ habilitationId: HAB, structureId: STRUCTURE, actor: animateur, aidant }],
  'habilitation.refusee': [{ habilitationId: HAB, structureId: STRUCTURE, actor: animateur, aidant: { ...aidant, sub: null } }],
  'habilitation.retiree': [{ habilitationId: HAB, structureId: STRUCTURE, actor, aidant }],
  'habilitation.annulee': [{ habilitationId: HAB, structureId: STRUCTURE, actor, aidant }],
  'habilitation.formation_certifiee': [{ habilitationId: HAB, structureId: STRUCTURE, aidantSub: AIDANT_SUB, pathId: 'parcours-aidant', attestationId: AUT }],
  'habilitation.charte_signee': [{ habilitationId: HAB, structureId: STRUCTURE, aidantSub: AIDANT_SUB, version: 2, signatureId: AUT }],
  'habilitation.charte_a_resigner': [
    { habilitationId: HAB, structureId: STRUCTURE, aidantSub: AIDANT_SUB, version: 3, statut: 'demandee', charteRetiree: true },
    { habilitationId: HAB, structureId: STRUCTURE, aidantSub: null, version: 3, statut: 'accordee', charteRetiree: false },
  ],
  'habilitation.pix_reussi': [{ habilitationId: HAB, structureId: STRUCTURE, aidantSub: AIDANT_SUB, pixResultId: AUT, passedOn: '2026-11-20' }],
  'habilitation.certification_retiree': [
    { habilitationId: HAB, structureId: STRUCTURE, aidantSub: AIDANT_SUB, attestationId: AUT, statut: 'demandee', formationRetiree: true },
    { habilitationId: HAB, structureId: STRUCTURE, aidantSub: AIDANT_SUB, attestationId: AUT, statut: 'accordee', formationRetiree: false },
  ],
  'donnees.purgees': [
    { usagerId: USAGER, entreesEffacees: 4, conservationJours: 1095 },
    { habilitationId: HAB, structureId: STRUCTURE, entreesEffacees: 2, conservationJours: 1095 },
  ],
};

const cases = (Object.keys(JOURNAL_ACTIONS) as JournalAction[]).flatMap((action) =>
  (SAMPLES[action] as never[]).map((sample, i) => [`${action} #${i + 1}`, action, sample] as const),
);

describe('journal entries: personal details only outside the hash', () => {
  it('has a builder and samples for every journal action, and nothing else', () => {
    expect(Object.keys(JOURNAL_INPUTS).sort()).toEqual(Object.keys(JOURNAL_ACTIONS).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(JOURNAL_ACTIONS).sort());
    expect(new Set(cases.map((c) => c[1])).size).toBe(Object.keys(JOURNAL_ACTIONS).length);
  });

  it.each(cases)('%s: the hashed part holds no personal field', (_name, action, sample) => {
    const input = (JOURNAL_INPUTS[action] as (s: never) => ReturnType<(typeof JOURNAL_INPUTS)[JournalAction]>)(sample);
    expect(input.action).toBe(action);
    const [record] = chainRecords([input], { seq: 0, hash: GENESIS_HASH });
    expect(personalDataIn(hashedPart(record), KNOWN)).toEqual([]);
    // Whatever names someone is in the personal details, as a flat map of strings.
    for (const v of Object.values(input.personal ?? {})) expect(typeof v).toBe('string');
  });

  it('habilitation entries identify the aidant by the habilitation id (and sub when known); who it is stays readable in the personal details', () => {
    const asked = JOURNAL_INPUTS['habilitation.demandee'](SAMPLES['habilitation.demandee'][0]);
    expect(asked.data).toEqual({ habilitationId: HAB, aidantSub: null, charteSignee: true, formationSuivie: false });
    expect(asked.personal).toEqual({ acteur: 'Claire Lambert', aidant: 'c.lambert', aidantNom: 'Claire Lambert' });
    const granted = JOURNAL_INPUTS['habilitation.accordee'](SAMPLES['habilitation.accordee'][0]);
    expect(granted).toMatchObject({ structureId: STRUCTURE, actorSub: animateur.sub, data: { habilitationId: HAB, aidantSub: AIDANT_SUB } });
    expect(granted.personal).toEqual({ acteur: 'Anne Animatrice', aidant: 'c.lambert', aidantNom: 'Claire Lambert' });
    // No name known: no empty personal field.
    expect(JOURNAL_INPUTS['habilitation.demandee'](SAMPLES['habilitation.demandee'][1]).personal).toEqual({ acteur: 'Claire Lambert', aidant: 'c.lambert' });
  });

  it('the detector used here does flag what the old habilitation entries hashed', () => {
    expect(personalDataIn({ data: { habilitationId: HAB, aidant: 'c.lambert' } }, KNOWN)).toEqual(['$.data.aidant: champ personnel', '$.data.aidant: valeur personnelle connue « c.lambert »']);
    expect(personalDataIn({ data: { aidantUsername: 'x', aidantNom: 'y', email: 'claire.lambert@example.org', tel: '+33 6 12 34 56 78', dateNaissance: '1950-03-02' } })).toHaveLength(7);
    expect(personalDataIn({ data: { par: 'aidant', champs: ['email', 'telephone'], fin: fin.toISOString(), id: HAB } })).toEqual([]);
  });
});

describe('journal entry ids', () => {
  it('are time-ordered UUIDv7 (new entries at the right edge of the id index), each one unique', () => {
    const inputs = Array.from({ length: 50 }, () => JOURNAL_INPUTS['usager.consulte']({ usagerId: USAGER, structureId: STRUCTURE, actor }));
    const first = chainRecords(inputs, { seq: 0, hash: GENESIS_HASH }).map((r) => r.id);
    const later = chainRecords(inputs, { seq: 50, hash: GENESIS_HASH }).map((r) => r.id);
    const ids = [...first, ...later];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Same millisecond or later: the 48-bit timestamp prefix never goes back.
    const stamps = ids.map((id) => parseInt(id.replace(/-/g, '').slice(0, 12), 16));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });
});
