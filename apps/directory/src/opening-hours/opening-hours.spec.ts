/** @jest-environment ./apps/directory/test/paris-tz.environment.js */
import { describeHoraires, describeHorairesDetail } from './describe';
import { HorairesCache, horairesKey, stateForInsee } from './horaires';
import { OpeningHoursService } from './opening-hours.service';
import { assertParisTimeZone, parisWallClockToInstant, resolvedTimeZone } from './timezone';
import { validateHoraires } from './validate';

const paris = (y: number, mo: number, d: number, h: number, mi = 0) => parisWallClockToInstant(y, mo, d, h, mi);
const LANDES = { codeInsee: '40192', latitude: 43.89, longitude: -0.5 };
const OFFICE = 'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off';

describe('time zone', () => {
  it('runs in Europe/Paris and refuses another zone', () => {
    expect(resolvedTimeZone()).toBe('Europe/Paris');
    expect(() => assertParisTimeZone()).not.toThrow();
    expect(() => assertParisTimeZone('UTC')).toThrow(/Europe\/Paris, got UTC/);
  });

  it('converts Paris wall-clock times to instants, whatever the process zone', () => {
    expect(new Date(paris(2026, 3, 31, 9, 30)).toISOString()).toBe('2026-03-31T07:30:00.000Z'); // CEST
    expect(new Date(paris(2026, 12, 25, 10)).toISOString()).toBe('2026-12-25T09:00:00.000Z'); // CET
    // Spring-forward gap: 02:30 does not exist, 03:30 CEST is used.
    expect(new Date(paris(2026, 3, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // Autumn: 02:30 happens twice, the first (CEST) is used.
    expect(new Date(paris(2026, 10, 25, 2, 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('HorairesCache.isOpenAt (precomputed intervals)', () => {
  // A fixed "now" so that the dates below fall inside the precomputed window.
  const atChristmas = new HorairesCache({ now: () => paris(2026, 12, 20, 12), horizonDays: 14 });
  const atSpring = new HorairesCache({ now: () => paris(2026, 3, 27, 12), horizonDays: 14 });
  const lieu = { horaires: OFFICE, ...LANDES };

  it('is closed on 25 December at 10:00 with "PH off", open on 24 December', () => {
    expect(atChristmas.isOpenAt(lieu, paris(2026, 12, 25, 10))).toBe(false);
    expect(atChristmas.isOpenAt(lieu, paris(2026, 12, 24, 10))).toBe(true);
    // Without a PH rule the lieu follows its weekday hours (OSM semantics).
    expect(atChristmas.isOpenAt({ ...lieu, horaires: 'Mo-Fr 09:00-12:00' }, paris(2026, 12, 25, 10))).toBe(true);
  });

  it('is closed on Sunday and outside the hours', () => {
    expect(atChristmas.isOpenAt(lieu, paris(2026, 12, 20, 10))).toBe(false); // Sunday
    expect(atChristmas.isOpenAt(lieu, paris(2026, 12, 21, 12, 30))).toBe(false); // lunch break
    expect(atChristmas.isOpenAt(lieu, paris(2026, 12, 21, 11, 59))).toBe(true);
    expect(atChristmas.isOpenAt(lieu, paris(2026, 12, 21, 12, 0))).toBe(false); // end is exclusive
  });

  it('uses summer time: Tuesday 31 March 2026 09:30 CEST open, 08:30 closed', () => {
    expect(atSpring.isOpenAt(lieu, paris(2026, 3, 31, 9, 30))).toBe(true);
    expect(atSpring.isOpenAt(lieu, paris(2026, 3, 31, 8, 30))).toBe(false);
    expect(atSpring.isOpenAt(lieu, new Date('2026-03-31T07:30:00Z'))).toBe(true);
    expect(atSpring.isOpenAt(lieu, new Date('2026-03-31T06:30:00Z'))).toBe(false);
  });

  it('counts real hours across the DST night (Sa 22:00-04:00 is 5 hours on 28-29 March 2026)', () => {
    const night = { horaires: 'Sa 22:00-04:00', ...LANDES };
    const start = paris(2026, 3, 28, 22);
    expect(atSpring.isOpenAt(night, start - 60_000)).toBe(false);
    expect(atSpring.isOpenAt(night, start)).toBe(true);
    expect(atSpring.isOpenAt(night, start + 4.99 * 3_600_000)).toBe(true);
    expect(atSpring.isOpenAt(night, start + 5 * 3_600_000)).toBe(false);
    const s = atSpring.schedule('Sa 22:00-04:00', LANDES);
    const i = Array.from(s.starts).indexOf(start);
    expect((s.ends[i] - s.starts[i]) / 3_600_000).toBe(5);
  });

  it('applies Alsace-Moselle holidays from the INSEE département', () => {
    const goodFriday = paris(2026, 4, 3, 10);
    const cache = new HorairesCache({ now: () => paris(2026, 3, 30, 12), horizonDays: 14 });
    expect(stateForInsee('57463')).toBe('Moselle');
    expect(cache.isOpenAt({ horaires: OFFICE, codeInsee: '40192' }, goodFriday)).toBe(true);
    expect(cache.isOpenAt({ horaires: OFFICE, codeInsee: '57463' }, goodFriday)).toBe(false); // Metz
    expect(cache.isOpenAt({ horaires: OFFICE, codeInsee: '67482' }, goodFriday)).toBe(false); // Strasbourg
    expect(horairesKey(OFFICE, { codeInsee: '57463' })).not.toBe(horairesKey(OFFICE, { codeInsee: '40192' }));
  });

  it('falls back to on-demand evaluation beyond the window, with the same answers', () => {
    const cache = new HorairesCache({ now: () => paris(2026, 1, 5, 12), horizonDays: 14 });
    expect(cache.isOpenAt(lieu, paris(2026, 12, 25, 10))).toBe(false);
    expect(cache.isOpenAt(lieu, paris(2026, 12, 24, 10))).toBe(true);
    expect(cache.isOpenAt(lieu, paris(2027, 3, 30, 9, 30))).toBe(true); // Tuesday, CEST
  });

  it('shares one schedule per (string, state) and rolls the window with the days', () => {
    let now = paris(2026, 12, 20, 12);
    const cache = new HorairesCache({ now: () => now, horizonDays: 14 });
    expect(cache.schedule(OFFICE, { codeInsee: '40192' })).toBe(cache.schedule(OFFICE, { codeInsee: '40001' }));
    expect(cache.roll()).toBe(false);
    now += 86_400_000;
    expect(cache.roll()).toBe(true);
    expect(cache.schedule(OFFICE, LANDES).from).toBe(paris(2026, 12, 20, 0));
  });

  it('answers null, never throws, for unparseable, empty or "unknown" horaires', () => {
    expect(atChristmas.isOpenAt({ horaires: 'du lundi au vendredi de 9h à 18h', ...LANDES }, paris(2026, 12, 21, 10))).toBeNull();
    expect(atChristmas.isOpenAt({ horaires: 'n’importe quoi ;;; 99:99', ...LANDES }, paris(2030, 1, 1, 10))).toBeNull();
    expect(atChristmas.isOpenAt({ horaires: null }, paris(2026, 12, 21, 10))).toBeNull();
    expect(atChristmas.isOpenAt({ horaires: '  ' }, paris(2026, 12, 21, 10))).toBeNull();
    expect(atChristmas.isOpenAt({ horaires: 'Mo-Fr "sur rendez-vous"', ...LANDES }, paris(2026, 12, 21, 10))).toBeNull();
  });
});

describe('validateHoraires', () => {
  it('accepts and normalizes sloppy input the library understands, with warnings', () => {
    const r = validateHoraires('lundi-vendredi 9h-18h');
    expect(r.ok).toBe(true);
    expect(r.normalized).toBe('Mo-Fr 09:00-18:00');
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(validateHoraires(OFFICE)).toEqual({ ok: true, normalized: OFFICE, warnings: [] });
  });

  it('rejects unreadable input with a reason', () => {
    const r = validateHoraires('du lundi au vendredi de 9h à 18h');
    expect(r.ok).toBe(false);
    expect(r.normalized).toBeUndefined();
    expect(r.warnings[0]).toEqual(expect.any(String));
    expect(validateHoraires('').ok).toBe(false);
  });
});

describe('describeHoraires (plain French)', () => {
  const ref = paris(2026, 12, 21, 12); // week of Christmas: the description skips it

  it('lists each weekday and the public-holiday rule', () => {
    expect(describeHoraires(OFFICE, LANDES, ref)).toEqual([
      'Lundi : 9 h – 12 h, 14 h – 17 h',
      'Mardi : 9 h – 12 h, 14 h – 17 h',
      'Mercredi : 9 h – 12 h, 14 h – 17 h',
      'Jeudi : 9 h – 12 h, 14 h – 17 h',
      'Vendredi : 9 h – 12 h, 14 h – 17 h',
      'Samedi : 9 h – 12 h',
      'Dimanche : fermé',
      'Fermé les jours fériés',
    ]);
  });

  it('shows minutes, ranges over midnight, comments and 24/7', () => {
    const lines = describeHoraires('Tu 08:30-12:15; Sa 22:00-04:00; We 14:00-17:00 "sur rendez-vous"', LANDES, ref);
    expect(lines).toContain('Mardi : 8 h 30 – 12 h 15');
    expect(lines).toContain('Samedi : 22 h – 4 h');
    expect(lines).toContain('Dimanche : fermé');
    expect(lines).toContain('Mercredi : 14 h – 17 h (sur rendez-vous)');
    expect(describeHoraires('24/7', LANDES, ref)).toEqual(['Ouvert 24 h/24, 7 jours sur 7']);
    expect(describeHoraires('Mo-Fr 10:00-18:00; PH 10:00-12:00', LANDES, ref)).toContain('Jours fériés : 10 h – 12 h');
  });

  it('gives the raw text back for unreadable horaires', () => {
    expect(describeHorairesDetail('du lundi au vendredi de 9h à 18h', LANDES, ref)).toEqual({ valid: false, lines: ['du lundi au vendredi de 9h à 18h'] });
  });
});

describe('OpeningHoursService (for the lieu page)', () => {
  it('gives ouvert maintenant, the plain-French lines and validation from one cache', () => {
    const service = new OpeningHoursService();
    try {
      const lieu = { horaires: OFFICE, ...LANDES };
      expect(service.isOpenAt(lieu, paris(2026, 12, 25, 10))).toBe(false);
      expect(service.isOpenAt({ horaires: 'Mo-Su 00:00-24:00', ...LANDES })).toBe(true);
      expect(service.isOpenAt({ horaires: 'pas des horaires', ...LANDES })).toBeNull();
      expect(service.describe(lieu)).toEqual({ valid: true, lines: expect.arrayContaining(['Lundi : 9 h – 12 h, 14 h – 17 h', 'Fermé les jours fériés']) });
      expect(service.describe({ horaires: null })).toEqual({ valid: false, lines: [] });
      expect(service.validate('Mo-Fr 9:00-12:00').normalized).toBe('Mo-Fr 09:00-12:00');
    } finally {
      service.onModuleDestroy();
    }
  });
});

describe('when a closed lieu opens next', () => {
  const cache = new HorairesCache({ now: () => paris(2026, 12, 22, 12), horizonDays: 14 });
  const office = { horaires: OFFICE, ...LANDES };

  it('is the next opening of the same day, of the next day, or after a public holiday', () => {
    expect(cache.nextOpeningAfter(office, paris(2026, 12, 22, 12, 30))).toBe(paris(2026, 12, 22, 14));
    expect(cache.nextOpeningAfter(office, paris(2026, 12, 22, 18))).toBe(paris(2026, 12, 23, 9));
    // Thursday 24th evening → Friday 25th is Christmas (PH off) → Saturday 26th 9 h.
    expect(cache.nextOpeningAfter(office, paris(2026, 12, 24, 18))).toBe(paris(2026, 12, 26, 9));
  });

  it('is null while open, for unreadable horaires, and beyond the precomputed window', () => {
    expect(cache.nextOpeningAfter(office, paris(2026, 12, 22, 10))).toBeNull();
    expect(cache.nextOpeningAfter({ horaires: 'du lundi au vendredi', ...LANDES }, paris(2026, 12, 22, 18))).toBeNull();
    expect(cache.nextOpeningAfter({ horaires: 'Mo-Fr 09:00-17:00; 2026 Dec 21-2027 Feb 28 off', ...LANDES }, paris(2026, 12, 22, 12))).toBeNull();
  });
});
