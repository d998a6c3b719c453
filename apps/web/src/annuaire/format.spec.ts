import {
  countLabel, demarcheThemes, distanceLabel, fieldErrors, flagNotices, labelsOf, nextOpeningLabel, openLabel, phoneLabel, routeUrl, searchFromUrl, searchToApi, searchToUrl, validateSignalement, vocabularyOf,
} from './format';
import { importProgressLabel, isImportFinished } from './import-state';
import { formValuesOf, lieuDataOf, normalizePhone } from './lieu-form';
import { vocabulariesOf } from './referentiels';

describe('directory pages: search state', () => {
  it('reads the filters from the page URL and drops bad values', () => {
    const s = searchFromUrl('?demarches=caf,impots,<script>&services=aide-demarches-administratives&commune=40192&commune_nom=Mont-de-Marsan&ouvert=maintenant&lat=43.9&lon=-0.5&page=3');
    expect(s.lists.demarches).toEqual(['caf', 'impots']);
    expect(s.lists.services).toEqual(['aide-demarches-administratives']);
    expect(s).toMatchObject({ commune: '40192', communeNom: 'Mont-de-Marsan', ouvert: 'maintenant', lat: 43.9, lon: -0.5, page: 3 });
    expect(searchFromUrl('?commune=99&lat=91&lon=2&page=-1')).toMatchObject({ commune: '', lat: null, lon: null, page: 1 });
    expect(searchFromUrl('?ouvert_le=2026-12-24T10:30')).toMatchObject({ ouvert: 'le', date: '2026-12-24', heure: '10:30' });
  });

  it('writes the API query and the page URL back', () => {
    const s = searchFromUrl('?demarches=caf&ouvert_le=2026-12-24T10:30&commune=40192&commune_nom=Mont-de-Marsan');
    expect(new URLSearchParams(searchToApi(s, 20)).toString()).toBe('demarches=caf&commune=40192&ouvert_le=2026-12-24T10%3A30&page=1&pageSize=20');
    expect(searchFromUrl(searchToUrl(s))).toEqual(s);
    expect(searchToUrl(searchFromUrl(''))).toBe('');
  });
});

describe('directory pages: French wording', () => {
  it('announces the number of results', () => {
    expect(countLabel(0, 1, 20)).toBe('Aucun lieu ne correspond à votre recherche.');
    expect(countLabel(1, 1, 20)).toBe('1 lieu trouvé.');
    expect(countLabel(1234, 2, 20)).toBe('1\u202f234 lieux trouvés — page 2 sur 62.');
  });

  it('formats distances, phone numbers, badges and the route link', () => {
    expect(distanceLabel(347)).toBe('à 350 m');
    expect(distanceLabel(1234)).toBe('à 1,2 km');
    expect(distanceLabel(15400)).toBe('à 15 km');
    expect(phoneLabel('+33558000000')).toBe('05 58 00 00 00');
    expect(openLabel(true)).toEqual({ text: 'Ouvert maintenant', kind: 'ouvert' });
    expect(openLabel(false)).toEqual({ text: 'Fermé', kind: 'ferme' });
    expect(openLabel(null).kind).toBe('inconnu');
    expect(routeUrl(43.89, -0.5)).toBe('https://www.openstreetmap.org/directions?to=43.890000%2C-0.500000');
    expect(flagNotices(['a-verifier', 'hors-departement'])).toEqual([expect.stringMatching(/à vérifier/)]);
  });

  it('turns référentiels and the démarches catalogue into labels, whatever their shape', () => {
    expect(vocabularyOf([{ slug: 'gratuit', label: 'Gratuit' }])).toEqual({ gratuit: 'Gratuit' });
    expect(vocabularyOf({ gratuit: 'Gratuit' })).toEqual({ gratuit: 'Gratuit' });
    expect(labelsOf(['gratuit', { slug: 'payant', label: 'Payant' }, 'inconnu'], { gratuit: 'Gratuit' })).toEqual(['Gratuit', 'Payant', 'inconnu']);
    expect(vocabulariesOf({ frais: { gratuit: 'Gratuit' } }).frais_a_charge).toEqual({ gratuit: 'Gratuit' });
    const grouped = [{ theme: 'Social et famille', demarches: [{ slug: 'caf', libelle: 'CAF' }, { slug: 'msa', libelle: 'MSA', actif: false }] }];
    expect(demarcheThemes(grouped)).toEqual([{ theme: 'Social et famille', demarches: [{ slug: 'caf', libelle: 'CAF' }] }]);
    expect(demarcheThemes({ items: [{ slug: 'caf', libelle: 'CAF', theme: 'Social' }, { slug: 'impots', libelle: 'Impôts', theme: 'Argent' }] }).map((t) => t.theme)).toEqual(['Social', 'Argent']);
  });
});

describe('directory pages: forms', () => {
  it('checks the signalement form in French', () => {
    expect(validateSignalement({ motif: '', commentaire: '', email: '' })).toEqual([{ field: 'motif', message: 'Choisissez ce qui est inexact.' }]);
    expect(validateSignalement({ motif: 'autre', commentaire: '', email: 'pas-un-mail' }).map((e) => e.field)).toEqual(['commentaire', 'email']);
    expect(validateSignalement({ motif: 'horaires', commentaire: 'Fermé le lundi', email: 'marie@example.fr' })).toEqual([]);
  });

  it('maps API error details to form fields', () => {
    expect(fieldErrors([{ path: 'body.nom', message: 'Trop court.' }, { path: ['data', 'latitude'], message: 'Hors limites.' }, { path: 'nom', message: 'Doublon.' }])).toEqual([
      { field: 'nom', message: 'Trop court.' },
      { field: 'latitude', message: 'Hors limites.' },
    ]);
    expect(fieldErrors({ issues: [{ path: ['code_insee'], message: 'Code INSEE invalide.' }] })).toEqual([{ field: 'code_insee', message: 'Code INSEE invalide.' }]);
    // Details that are not validation issues (e.g. the values of a LIEU.OUTSIDE_DEPARTEMENT) name no field.
    expect(fieldErrors({ code_insee: '40192', latitude: 43.9 })).toEqual([]);
    expect(fieldErrors(undefined)).toEqual([]);
  });

  it('turns a lieu into form values and back into the write model', () => {
    const lieu = {
      nom: 'Médiathèque', adresse: '1 rue A', code_postal: '40000', commune: 'Mont-de-Marsan', code_insee: '40192', latitude: 43.89, longitude: -0.5,
      services: [{ slug: 'aide-demarches-administratives', label: 'Aide' }], courriels: ['a@b.fr', 'c@d.fr'], demarches: ['caf'], telephone: '+33558000000', horaires: '',
    };
    const values = formValuesOf(lieu);
    expect(values.lists.courriels).toBe('a@b.fr\nc@d.fr');
    const data = lieuDataOf({ ...values, text: { ...values.text, telephone: '05 58 11 22 33' } });
    expect(data).toMatchObject({ nom: 'Médiathèque', latitude: 43.89, longitude: -0.5, services: ['aide-demarches-administratives'], courriels: ['a@b.fr', 'c@d.fr'], demarches: ['caf'], telephone: '+33558112233' });
    expect(data).toMatchObject({ horaires: null, pivot: null });
    expect(normalizePhone('+33 5 58 00 00 00')).toBe('+33558000000');
  });

  it('words the import progress', () => {
    expect(isImportFinished({ statut: 'en-cours', progression: 40 })).toBe(false);
    expect(importProgressLabel({ statut: 'en-cours', progression: 40 })).toBe('Import en cours : 40 %.');
    expect(importProgressLabel({ statut: 'termine', progression: 100, importes: 680, rejetes: [{ ligne: 3, motif: 'x' }] })).toBe('Import terminé : 680 lieux importés, 1 ligne rejetée.');
  });

  it('says when a closed lieu opens next, in Paris time', () => {
    const now = new Date('2026-12-22T11:30:00Z'); // mardi 12 h 30 à Paris
    expect(nextOpeningLabel('2026-12-22T13:00:00Z', now)).toBe('ouvre aujourd’hui à 14 h');
    expect(nextOpeningLabel('2026-12-23T08:30:00Z', now)).toBe('ouvre demain à 9 h 30');
    expect(nextOpeningLabel('2026-12-26T08:00:00Z', now)).toBe('ouvre samedi à 9 h');
    expect(nextOpeningLabel('2027-01-05T08:00:00Z', now)).toBe('ouvre le 5 janvier à 9 h');
  });
});
