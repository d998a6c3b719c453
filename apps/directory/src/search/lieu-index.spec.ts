/** @jest-environment ./apps/directory/test/paris-tz.environment.js */
import { parseLieuSearchQuery, type LieuSearchQueryInput } from '@pin/contracts';
import { HorairesCache } from '../opening-hours/horaires';
import { parisWallClockToInstant } from '../opening-hours/timezone';
import { CommunesReferentiel } from './communes';
import { geodesicMeters, haversineMeters } from './geodesic';
import { foldWords, LieuIndex, type LieuRow } from './lieu-index';

const paris = (y: number, mo: number, d: number, h: number, mi = 0) => parisWallClockToInstant(y, mo, d, h, mi);
const NOW = paris(2026, 12, 21, 10); // Monday 10:00
const hours = new HorairesCache({ now: () => NOW, horizonDays: 14 });
const referentiel = new CommunesReferentiel();

let seq = 0;
function row(p: Partial<LieuRow>): LieuRow {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, nom: `Lieu ${seq}`, adresse: '1 rue du Test', complement_adresse: null,
    commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', latitude: 43.89, longitude: -0.5, typologie: [], horaires: null,
    services: ['aide-demarches-administratives'], demarches: [], publics_specifiquement_adresses: [], prise_en_charge_specifique: [],
    frais_a_charge: [], dispositif_programmes_nationaux: [], formations_labels: [], modalites_acces: [], modalites_accompagnement: [], flags: [], labels_reseau: [],
    ...p,
  };
}

/** A pseudo-random but reproducible spread over mainland France. */
function spread(count: number): LieuRow[] {
  let s = 42;
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i) =>
    row({
      nom: `Point ${i}`, latitude: 42.5 + rand() * 8.5, longitude: -4.5 + rand() * 12.5,
      services: rand() < 0.5 ? ['aide-demarches-administratives'] : ['acces-internet-materiel'],
      frais_a_charge: rand() < 0.3 ? ['payant'] : ['gratuit'],
      horaires: rand() < 0.5 ? 'Mo-Fr 09:00-12:00; PH off' : 'Sa 09:00-12:00',
    }),
  );
}

const q = (input: LieuSearchQueryInput) => parseLieuSearchQuery(input);

describe('LieuIndex', () => {
  const many = spread(3_000);
  const index = new LieuIndex(many, hours, referentiel, new Set(['caf', 'impots']));

  it('returns the nearest in true geodesic order with distances, like a full sort', () => {
    for (const [lon, lat] of [[-0.5, 43.89], [2.35, 48.85], [5.37, 43.3], [-1.55, 47.22]]) {
      const r = index.search({ query: q({ lat, lon, pageSize: 20, services: 'aide-demarches-administratives' }), instant: NOW });
      const expected = many
        .filter((x) => x.services.includes('aide-demarches-administratives'))
        .map((x) => ({ id: x.id, d: geodesicMeters(lon, lat, x.longitude!, x.latitude!) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 20);
      expect(r.items.map((x) => x.id)).toEqual(expected.map((x) => x.id));
      expect(r.items.map((x) => x.distance_m)).toEqual(expected.map((x) => Math.round(x.d)));
    }
  });

  it('pages through the nearest without gaps or repeats', () => {
    const all = index.search({ query: q({ lat: 45, lon: 2, pageSize: 100 }), instant: NOW }).items.map((x) => x.id);
    const pages = [1, 2, 3, 4, 5].flatMap((page) => index.search({ query: q({ lat: 45, lon: 2, pageSize: 20, page }), instant: NOW }).items.map((x) => x.id));
    expect(pages).toEqual(all);
  });

  it('filters: values of one filter are alternatives, filters combine; open now; counts', () => {
    const paying = index.search({ query: q({ frais: 'payant' }), instant: NOW });
    expect(paying.total).toBe(many.filter((x) => x.frais_a_charge.includes('payant')).length);
    const either = index.search({ query: q({ frais: 'payant,gratuit' }), instant: NOW });
    expect(either.total).toBe(many.length);
    const openNow = index.search({ query: q({ ouvert: 'maintenant', frais: 'payant', services: 'acces-internet-materiel' }), instant: NOW });
    const expected = many.filter((x) => x.frais_a_charge.includes('payant') && x.services.includes('acces-internet-materiel') && x.horaires!.startsWith('Mo'));
    expect(openNow.total).toBe(expected.length);
    expect(openNow.items.every((x) => x.ouvert === true)).toBe(true);
    // Christmas (PH off): only the Saturday lieux could be open, and it is a Friday.
    const christmas = index.search({ query: q({ ouvert_le: '2026-12-25T10:00' }), instant: paris(2026, 12, 25, 10) });
    expect(christmas.total).toBe(0);
  });

  it('sorts by name without a point, and by bbox', () => {
    const r = index.search({ query: q({ pageSize: 5 }), instant: NOW });
    expect(r.items.map((x) => x.nom)).toEqual(['Point 0', 'Point 1', 'Point 2', 'Point 3', 'Point 4']);
    const box = index.search({ query: q({ bbox: '-1,43,0,44', pageSize: 100 }), instant: NOW });
    expect(box.total).toBe(many.filter((x) => x.longitude! >= -1 && x.longitude! <= 0 && x.latitude! >= 43 && x.latitude! <= 44).length);
  });

  it('refuses an unknown démarche, commune or EPCI and a page past the end', () => {
    expect(() => index.search({ query: q({ demarches: 'inconnue' }), instant: NOW })).toThrow(expect.objectContaining({ code: 'SEARCH.UNKNOWN_FILTER' }));
    expect(() => index.search({ query: q({ commune: '40999' }), instant: NOW })).toThrow(expect.objectContaining({ code: 'SEARCH.UNKNOWN_FILTER' }));
    expect(() => index.search({ query: q({ epci: '123456789' }), instant: NOW })).toThrow(expect.objectContaining({ code: 'SEARCH.UNKNOWN_FILTER' }));
    expect(() => index.search({ query: q({ page: 1000, pageSize: 10 }), instant: NOW })).toThrow(expect.objectContaining({ code: 'SEARCH.INVALID_PAGINATION' }));
    expect(index.search({ query: q({ demarches: 'caf' }), instant: NOW }).total).toBe(0);
  });
});

describe('LieuIndex: commune, EPCI, text, horaires', () => {
  const mdm = row({ nom: 'Médiathèque du Marsan', code_insee: '40192', horaires: 'Mo-Fr 09:00-18:00', demarches: ['caf'] });
  const dax = row({ nom: 'France Services de Dax', commune: 'Dax', code_insee: '40088', latitude: 43.71, longitude: -1.05, horaires: 'n’importe quoi' });
  const paris11 = row({ nom: 'EPN Paris 11', commune: 'Paris', code_insee: '75111', latitude: 48.86, longitude: 2.38 });
  const noGeo = row({ nom: 'Sans coordonnées', latitude: null, longitude: null, code_insee: '40192' });
  const index = new LieuIndex([mdm, dax, paris11, noGeo], hours, referentiel, new Set(['caf']));

  it('filters by INSEE code (arrondissements belong to their city) and by EPCI', () => {
    expect(index.search({ query: q({ commune: '40192' }), instant: NOW }).items.map((x) => x.id)).toEqual([mdm.id, noGeo.id]);
    expect(index.search({ query: q({ commune: '75056' }), instant: NOW }).items.map((x) => x.id)).toEqual([paris11.id]);
    const epci = referentiel.epciOf('40192')!;
    expect(epci).toMatch(/^\d{9}$/);
    expect(index.search({ query: q({ epci }), instant: NOW }).items.map((x) => x.id)).toEqual([mdm.id, noGeo.id]);
  });

  it('keeps the text-search order and intersects it with the filters', () => {
    const r = index.search({ query: q({ q: 'x', demarches: 'caf' }), instant: NOW, textIds: [dax.id, mdm.id] });
    expect(r.items.map((x) => x.id)).toEqual([mdm.id]);
    expect(index.search({ query: q({ q: 'x' }), instant: NOW, textIds: [dax.id, mdm.id] }).items.map((x) => x.id)).toEqual([dax.id, mdm.id]);
  });

  it('matches word prefixes without accents, after the full-text hits', () => {
    expect(foldWords('Médiathèque  du MARSAN!')).toEqual(['mediatheque', 'du', 'marsan']);
    const r = index.search({ query: q({ q: 'mediath mars' }), instant: NOW, textIds: [], prefixWords: foldWords('mediath mars') });
    expect(r.items.map((x) => x.id)).toEqual([mdm.id]);
    const both = index.search({ query: q({ q: 'da' }), instant: NOW, textIds: [paris11.id], prefixWords: ['da'] });
    expect(both.items.map((x) => x.id)).toEqual([paris11.id, dax.id]);
    expect(index.search({ query: q({ q: 'ursul' }), instant: NOW, textIds: [], prefixWords: ['ursul'] }).total).toBe(0);
  });

  it('reports ouvert true/false/null and leaves lieux without coordinates out of geographic searches', () => {
    const r = index.search({ query: q({ lat: 43.89, lon: -0.5 }), instant: NOW });
    expect(r.items.map((x) => [x.nom, x.ouvert])).toEqual([['Médiathèque du Marsan', true], ['France Services de Dax', null], ['EPN Paris 11', null]]);
    expect(r.total).toBe(3);
    expect(index.search({ query: q({ ouvert: 'maintenant' }), instant: NOW }).items.map((x) => x.id)).toEqual([mdm.id]);
    expect(index.search({ query: q({ ouvert: 'maintenant' }), instant: paris(2026, 12, 21, 20) }).total).toBe(0);
  });
});

describe('LieuIndex: without a position, the platform’s own département first', () => {
  const aix = row({ nom: 'Atelier numérique d’Aix', commune: 'Aix-en-Provence', code_insee: '13001', latitude: 43.53, longitude: 5.45 });
  const bordeaux = row({ nom: 'Bibliothèque de Bordeaux', commune: 'Bordeaux', code_insee: '33063', latitude: 44.84, longitude: -0.58 });
  const dax = row({ nom: 'France Services de Dax', commune: 'Dax', code_insee: '40088', latitude: 43.71, longitude: -1.05 });
  const mdm = row({ nom: 'Médiathèque du Marsan', code_insee: '40192' });

  it('lists the Landes alphabetically, then the others alphabetically', () => {
    const landes = new LieuIndex([aix, mdm, bordeaux, dax], hours, referentiel, new Set(), '40');
    expect(landes.search({ query: q({}), instant: NOW }).items.map((x) => x.nom)).toEqual(['France Services de Dax', 'Médiathèque du Marsan', 'Atelier numérique d’Aix', 'Bibliothèque de Bordeaux']);
    const anywhere = new LieuIndex([aix, mdm, bordeaux, dax], hours, referentiel, new Set());
    expect(anywhere.search({ query: q({}), instant: NOW }).items.map((x) => x.nom)[0]).toBe('Atelier numérique d’Aix');
  });

  it('still sorts by distance when a position is given', () => {
    const landes = new LieuIndex([aix, mdm, bordeaux, dax], hours, referentiel, new Set(), '40');
    expect(landes.search({ query: q({ lat: 44.84, lon: -0.58 }), instant: NOW }).items[0].nom).toBe('Bibliothèque de Bordeaux');
  });
});

describe('LieuIndex: positions flagged outside France or the département are never served', () => {
  const good = row({ nom: 'Médiathèque de Dax', commune: 'Dax', code_insee: '40088', latitude: 43.7102, longitude: -1.0536 });
  // Latitude and longitude swapped: a point in the Indian Ocean.
  const swapped = row({ nom: 'Point numérique inversé', commune: 'Dax', code_insee: '40088', latitude: -1.0536, longitude: 43.7102, flags: ['hors-france'] });
  const elsewhere = row({ nom: 'Lieu placé à Paris', commune: 'Dax', code_insee: '40088', latitude: 48.8566, longitude: 2.3522, flags: ['demo', 'hors-departement'] });
  const index = new LieuIndex([good, swapped, elsewhere], hours, referentiel, new Set());

  it('are listed without coordinates nor distance, and never matched by bbox or nearest', () => {
    const all = index.search({ query: q({ commune: '40088' }), instant: NOW });
    expect(all.items.map((x) => [x.id, x.latitude, x.longitude])).toEqual([
      [elsewhere.id, null, null], [good.id, 43.7102, -1.0536], [swapped.id, null, null],
    ]);
    expect(all.items.find((x) => x.id === swapped.id)!.flags).toEqual(['hors-france']);
    const near = index.search({ query: q({ lat: -1.05, lon: 43.71, pageSize: 100 }), instant: NOW });
    expect(near.items.map((x) => [x.id, x.distance_m !== undefined])).toEqual([[good.id, true]]);
    expect(index.search({ query: q({ bbox: '43,-2,44,0' }), instant: NOW }).total).toBe(0);
    expect(index.search({ query: q({ bbox: '2,48,3,49' }), instant: NOW }).total).toBe(0);
    expect(index.search({ query: q({ bbox: '-1.2,43.6,-0.9,43.8' }), instant: NOW }).items.map((x) => x.id)).toEqual([good.id]);
  });
});

describe('geodesic distances', () => {
  it('match the WGS 84 ellipsoid (Paris – Mont-de-Marsan) and differ from the sphere by < 0.7 %', () => {
    const d = geodesicMeters(2.3522, 48.8566, -0.4999, 43.8902);
    // PostGIS: ST_Distance(geography) for the same two points = 593959.34666739 m.
    expect(d).toBeCloseTo(593_959.3467, 3);
    expect(Math.abs(d / haversineMeters(2.3522, 48.8566, -0.4999, 43.8902) - 1)).toBeLessThan(0.007);
    expect(geodesicMeters(1, 1, 1, 1)).toBe(0);
  });
});

describe('parseLieuSearchQuery', () => {
  const code = (input: unknown) => {
    try {
      parseLieuSearchQuery(input);
      return 'ok';
    } catch (err) {
      return (err as { code: string }).code;
    }
  };
  it('gives stable codes for bad input', () => {
    expect(code({ services: 'inconnu' })).toBe('SEARCH.UNKNOWN_FILTER');
    expect(code({ servicez: 'x' })).toBe('SEARCH.UNKNOWN_FILTER');
    expect(code({ lat: 'abc', lon: '1' })).toBe('SEARCH.INVALID_COORDINATES');
    expect(code({ lat: '91', lon: '1' })).toBe('SEARCH.INVALID_COORDINATES');
    expect(code({ lat: '45' })).toBe('SEARCH.INVALID_COORDINATES');
    expect(code({ bbox: '1,2,3' })).toBe('SEARCH.INVALID_COORDINATES');
    expect(code({ bbox: '3,2,1,4' })).toBe('SEARCH.INVALID_COORDINATES');
    expect(code({ pageSize: '101' })).toBe('SEARCH.INVALID_PAGINATION');
    expect(code({ page: '0' })).toBe('SEARCH.INVALID_PAGINATION');
    expect(code({ page: '2.5' })).toBe('SEARCH.INVALID_PAGINATION');
    expect(code({ ouvert_le: '2026-02-30T10:00' })).toBe('SEARCH.INVALID_TIME');
    expect(code({ ouvert: 'demain' })).toBe('SEARCH.INVALID_TIME');
    expect(code({ commune: 'Dax' })).toBe('SEARCH.UNKNOWN_FILTER');
  });
  it('accepts its own output (gateway → directory)', () => {
    const parsed = parseLieuSearchQuery({ services: 'aide-demarches-administratives,acces-internet-materiel', lat: '43.9', lon: '-0.5', bbox: '-1,43,0,44', page: '2' });
    expect(parsed).toMatchObject({ services: ['aide-demarches-administratives', 'acces-internet-materiel'], lat: 43.9, lon: -0.5, bbox: [-1, 43, 0, 44], page: 2, pageSize: 20 });
    expect(parseLieuSearchQuery(parsed)).toEqual(parsed);
  });
});

describe('filter by the labels granted by the network (label_reseau)', () => {
  it('matches a programme or a programme at a level; values of one filter are alternatives', () => {
    const labelled = row({ labels_reseau: ['pin-territorial', 'pin-territorial-accompagnement'] });
    const aptic = row({ labels_reseau: ['aptic'] });
    const none = row({});
    const index = new LieuIndex([labelled, aptic, none], hours, referentiel, new Set());
    const ids = (label_reseau: string[]) => index.search({ query: parseLieuSearchQuery({ label_reseau: label_reseau.join(',') }), instant: NOW }).items.map((i) => i.id);
    expect(ids(['pin-territorial'])).toEqual([labelled.id]);
    expect(ids(['pin-territorial-accompagnement'])).toEqual([labelled.id]);
    expect(ids(['pin-territorial-reference'])).toEqual([]);
    expect(ids(['pin-territorial', 'aptic']).sort()).toEqual([labelled.id, aptic.id].sort());
  });
});
