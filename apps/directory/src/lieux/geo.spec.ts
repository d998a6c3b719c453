import { communeOfInsee, DEPARTEMENT_BOXES, geoIssues, isInDepartement, isInFrance } from './geo';
import { horairesMessage } from './lieu-writer';

describe('France and département checks of a lieu position', () => {
  it('knows the Landes communes of the demo data set from @etalab/decoupage-administratif', () => {
    for (const [code, nom] of [['40192', 'Mont-de-Marsan'], ['40088', 'Dax'], ['40282', 'Saint-Sever'], ['40184', 'Mimizan'], ['40001', "Aire-sur-l'Adour"], ['40046', 'Biscarrosse']]) {
      expect(communeOfInsee(code)).toEqual({ nom, departement: '40' });
    }
    expect(communeOfInsee('2A004')?.departement).toBe('2A');
    expect(communeOfInsee('97411')?.departement).toBe('974');
    expect(communeOfInsee('99999')).toBeUndefined();
  });

  it('accepts points in mainland France, Corsica and the DROM, refuses neighbours and the sea', () => {
    expect(isInFrance(43.8935, -0.4994)).toBe(true); // Mont-de-Marsan
    expect(isInFrance(41.9192, 8.7386)).toBe(true); // Ajaccio
    expect(isInFrance(-20.8789, 55.4481)).toBe(true); // Saint-Denis (La Réunion)
    expect(isInFrance(16.2411, -61.5331)).toBe(true); // Pointe-à-Pitre
    expect(isInFrance(4.9372, -52.326)).toBe(true); // Cayenne
    expect(isInFrance(-12.7806, 45.2278)).toBe(true); // Mamoudzou
    expect(isInFrance(40.4168, -3.7038)).toBe(false); // Madrid
    expect(isInFrance(-0.4994, 43.8935)).toBe(false); // swapped latitude / longitude
    expect(isInFrance(0, 0)).toBe(false);
    expect(isInFrance(45, -20)).toBe(false); // Atlantic
  });

  it('checks the département of the INSEE code with a small tolerance at the borders', () => {
    expect(isInDepartement('40', 43.7102, -1.0536)).toBe(true); // Dax
    expect(isInDepartement('40', 44.8378, -0.5792)).toBe(false); // Bordeaux (33)
    expect(isInDepartement('33', 44.8378, -0.5792)).toBe(true);
    expect(isInDepartement('75', 48.8566, 2.3522)).toBe(true);
    expect(isInDepartement('40', 48.8566, 2.3522)).toBe(false);
    expect(isInDepartement('988', -22.27, 166.45)).toBeUndefined(); // no box: nothing said
    // Every département of decoupage-administratif (mainland, Corsica, DROM) has a box.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deps = require('@etalab/decoupage-administratif/data/departements.json') as Array<{ code: string; zone: string }>;
    expect(deps.filter((d) => d.zone !== 'com').map((d) => d.code).filter((c) => !DEPARTEMENT_BOXES[c])).toEqual([]);
  });

  it('lists every issue of a position', () => {
    expect(geoIssues({ latitude: 43.8935, longitude: -0.4994, code_insee: '40192' })).toEqual([]);
    expect(geoIssues({ latitude: 48.8566, longitude: 2.3522, code_insee: '40192' })).toEqual(['hors-departement']);
    expect(geoIssues({ latitude: 40.4168, longitude: -3.7038, code_insee: '40192' })).toEqual(['hors-france']);
    expect(geoIssues({ latitude: null, longitude: null, code_insee: '40192' })).toEqual(['coordonnees-manquantes']);
    expect(geoIssues({ latitude: 43.8935, longitude: -0.4994, code_insee: '40999' })).toEqual(['insee-inconnu']);
    expect(geoIssues({ latitude: 43.8935, longitude: -0.4994 })).toEqual([]);
  });

  it('keeps the explanation of the opening_hours error', () => {
    expect(horairesMessage('Mo-Fr 25:00 <--- (La plage horaire commence en dehors du jour actuel.)')).toBe('La plage horaire commence en dehors du jour actuel.');
    expect(horairesMessage(undefined)).toBe('syntaxe non reconnue.');
  });
});
