import { DEMARCHES, DUREES, demarcheLabel, frCalendarDate } from './demarches';
import { actorOf, journalDetails, journalSentence } from './journal';
import { attestationWithCode, createMandat, duplicatesOf, revokeMandat } from './mandats.api';
import { parseWizard, wizardUrl } from './wizard-state';
import type { JournalEntry } from './types';
import { stubFetch } from '../test-fetch';

const SLUGS = DEMARCHES.map((d) => d.slug);
const entry = (over: Partial<JournalEntry>): JournalEntry => ({ seq: 1, date: '2026-03-01T10:00:00Z', action: 'usager.consulte', acteur: 'Alex Aidant', structure: 'Médiathèque', ...over });

describe('mandates pages: helpers', () => {
  const answer = stubFetch();

  it('offers the ten démarches of Aidants Connect and its four durations', () => {
    expect(SLUGS).toEqual(['papiers', 'famille', 'social', 'travail', 'logement', 'transports', 'argent', 'justice', 'etranger', 'loisirs']);
    expect(demarcheLabel('etranger')).toBe('Étranger - Europe');
    expect(demarcheLabel('inconnue')).toBe('inconnue');
    expect(DUREES.map((d) => d.jours)).toEqual([1, 31, 182, 365]);
  });

  it('prints a birth date without shifting it by a time zone', () => {
    expect(frCalendarDate('1950-03-02')).toBe('02/03/1950');
  });

  it('words the journal from the reader’s point of view and always names who acted', () => {
    const usager = { kind: 'usager' as const, name: 'Ulysse Usager' };
    const aidant = { kind: 'aidant' as const };
    expect(journalSentence(entry({}), usager)).toBe('Votre aidant Alex Aidant a consulté vos données');
    expect(journalSentence(entry({}), aidant)).toBe('Alex Aidant a consulté les données de la personne');
    expect(journalSentence(entry({ action: 'mandat.cree' }), aidant)).toMatch(/^Un mandat a été créé par Alex Aidant/);
    expect(journalSentence(entry({ action: 'mandat.cree' }), usager)).toMatch(/^Un mandat a été créé par votre aidant Alex Aidant/);
    expect(journalSentence(entry({ action: 'mandat.revoque', acteur: 'Ulysse Usager' }), usager)).toBe('Un mandat a été révoqué par vous');
    expect(journalSentence(entry({ action: 'mandat.revoque', acteur: 'l’usager' }), usager)).toBe('Un mandat a été révoqué par vous');
    expect(journalSentence(entry({ action: 'mandat.revoque', acteur: 'l’usager' }), aidant)).toBe('Un mandat a été révoqué par la personne');
    expect(journalSentence(entry({ action: 'autorisation.revoquee' }), usager)).toBe('Une autorisation a été révoquée par votre aidant Alex Aidant');
    expect(journalSentence(entry({ action: 'usager.relie', acteur: null }), aidant)).toBe('La personne a relié son compte personnel à son dossier');
    // A name erased by the retention purge: the structure stands in; automatic entries name PIN.
    expect(actorOf(entry({ acteur: null }), usager).subject).toBe('Un aidant de Médiathèque');
    expect(actorOf(entry({ acteur: null, structure: null }), aidant).subject).toBe('Un aidant (nom effacé)');
    expect(journalSentence(entry({ action: 'mandat.expire', acteur: null }), usager)).toContain('PIN');
    for (const action of ['usager.cree', 'usager.modifie', 'usager.code_emis', 'mandat.renouvele', 'autorisation.creee', 'autorisation.utilisee', 'autorisation.refusee', 'action.future']) {
      expect(journalSentence(entry({ action }), usager)).toContain('Alex Aidant');
      expect(journalSentence(entry({ action }), aidant)).toContain('Alex Aidant');
    }
    expect(journalDetails(entry({ demarche: 'Logement', detail: 'Motif : mandat expiré' }))).toBe('Logement — Structure : Médiathèque — Motif : mandat expiré');
    expect(journalDetails(entry({ structure: null }))).toBeNull();
  });

  it('keeps the wizard’s step and choices in the URL, and only valid ones', () => {
    const url = wizardUrl('u-1', 2, { demarches: ['papiers', 'argent'], dureeJours: 365 });
    expect(url).toBe('/app/usagers/u-1/nouveau-mandat?etape=2&demarches=papiers,argent&duree=365');
    const query = Object.fromEntries(new URL(url, 'http://x').searchParams);
    expect(parseWizard(query, SLUGS)).toEqual({ step: 2, choices: { demarches: ['papiers', 'argent'], dureeJours: 365, structureId: undefined } });
    // Step 2 without complete choices falls back to step 1; unknown démarches and durations are dropped.
    expect(parseWizard({ etape: '2', demarches: 'papiers,piratage', duree: '12' }, SLUGS)).toEqual({ step: 1, choices: { demarches: ['papiers'], dureeJours: undefined, structureId: undefined } });
    expect(wizardUrl('u-1', 3, { demarches: ['papiers'], dureeJours: 1 })).toBe('/app/usagers/u-1/nouveau-mandat?etape=3');
  });

  it('creates a mandate with the idempotency key, revokes some démarches, reads duplicate candidates', async () => {
    answer(new Response(JSON.stringify({ id: 'm1' }), { status: 201 }));
    await expect(createMandat({ usagerId: 'u', demarches: ['papiers'], dureeJours: 1, consentement: true }, 'k-123456789')).resolves.toEqual({ ok: true, data: { id: 'm1' } });
    const [path, init] = (globalThis.fetch as jest.Mock).mock.calls[0] as [string, RequestInit];
    expect(path).toBe('/api/v1/mandats');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: expect.objectContaining({ 'idempotency-key': 'k-123456789', 'content-type': 'application/json' }) });
    answer(new Response(JSON.stringify({ id: 'm1' }), { status: 200 }));
    await revokeMandat('m1', 'k-987654321', ['argent']);
    expect((globalThis.fetch as jest.Mock).mock.calls[0][1].body).toBe('{"demarches":["argent"]}');
    answer(new Response(JSON.stringify({ code: 'USAGER.POSSIBLE_DUPLICATE', message: 'Doublon possible.', details: { candidats: [{ id: 'u1' }] } }), { status: 409 }));
    const res = await createMandat({ usagerId: 'u', demarches: ['papiers'], dureeJours: 1, consentement: true }, 'k-123456789');
    expect(duplicatesOf(res)).toEqual([{ id: 'u1' }]);
    expect(duplicatesOf({ ok: false, status: 500, code: 'X', message: 'x' })).toEqual([]);
  });

  it('sends the claim code in the body of a POST, never in the URL, and gives a blob: URL', async () => {
    const created = jest.fn(() => 'blob:http://localhost/abc');
    const realCreate = URL.createObjectURL;
    URL.createObjectURL = created;
    try {
      answer(new Response(new Blob(['%PDF-1.7']), { status: 200, headers: { 'content-type': 'application/pdf' } }));
      await expect(attestationWithCode('m1', 'K7QF-3XMP')).resolves.toEqual({ ok: true, url: 'blob:http://localhost/abc' });
      const [path, init] = (globalThis.fetch as jest.Mock).mock.calls[0] as [string, RequestInit];
      expect(path).toBe('/api/v1/mandats/m1/attestation.pdf');
      expect(path).not.toContain('K7QF');
      expect(init).toMatchObject({ method: 'POST', body: '{"code":"K7QF-3XMP"}' });
      answer(new Response('{}', { status: 500 }));
      await expect(attestationWithCode('m1', 'K7QF-3XMP')).resolves.toMatchObject({ ok: false });
    } finally {
      URL.createObjectURL = realCreate;
    }
  });
});
