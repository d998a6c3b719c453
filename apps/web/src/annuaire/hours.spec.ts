import OpeningHours from 'opening_hours';
import { checkHours, checkWeek, describeWeek, emptyWeek, openingHoursToWeek, UNREADABLE, weekToOpeningHours, type TimeRange, type WeekHours } from './hours';

const r = (from: string, to: string): TimeRange => ({ from, to });
const week = (days: TimeRange[][], extra: Partial<WeekHours> = {}): WeekHours => ({ ...emptyWeek(), days: days.map((ranges) => ({ ranges })), ...extra });
const office = [r('09:00', '12:00'), r('14:00', '17:00')];

describe('hours editor: week → opening_hours', () => {
  it('groups the days with the same hours and closes public holidays', () => {
    expect(weekToOpeningHours(week([office, office, office, office, office, [r('09:00', '12:00')], []]))).toBe('Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off');
    expect(weekToOpeningHours(week([office, [], office, [], office, [], []], { holidaysClosed: false }))).toBe('Mo,We,Fr 09:00-12:00,14:00-17:00');
    expect(weekToOpeningHours(week([office, office, office, [], [], office, []], { holidaysClosed: false }))).toBe('Mo-We,Sa 09:00-12:00,14:00-17:00');
    expect(weekToOpeningHours(week([office, office, [], [], [], [], []], { holidaysClosed: false }))).toBe('Mo,Tu 09:00-12:00,14:00-17:00');
  });

  it('writes every day, 24/7, exceptions by date and nothing for a closed week', () => {
    expect(weekToOpeningHours(week(Array(7).fill([r('10:00', '18:00')]), { holidaysClosed: false }))).toBe('Mo-Su 10:00-18:00');
    expect(weekToOpeningHours(week(Array(7).fill([r('00:00', '24:00')]), { holidaysClosed: false }))).toBe('24/7');
    const withExceptions = week([office, [], [], [], [], [], []], { exceptions: [{ date: '2026-12-31', ranges: [r('09:00', '12:00')] }, { date: '2026-12-24', ranges: [] }] });
    expect(weekToOpeningHours(withExceptions)).toBe('Mo 09:00-12:00,14:00-17:00; PH off; 2026 Dec 24 off; 2026 Dec 31 09:00-12:00');
    expect(weekToOpeningHours(emptyWeek())).toBe('');
  });
});

describe('hours editor: opening_hours → week', () => {
  it('reads back what it writes', () => {
    const samples = [
      week([office, office, office, office, office, [r('09:00', '12:00')], []]),
      week([office, [], office, [], office, [], []], { holidaysClosed: false }),
      week([[r('08:30', '12:00')], [], [], [], [], [], []], { exceptions: [{ date: '2027-01-02', ranges: [] }, { date: '2027-01-09', ranges: [r('10:00', '11:00')] }] }),
      week(Array(7).fill([r('00:00', '24:00')]), { holidaysClosed: false }),
    ];
    for (const w of samples) expect(openingHoursToWeek(weekToOpeningHours(w))).toEqual({ ok: true, week: w });
  });

  it('reads the usual hand-written forms, later rules winning', () => {
    const read = openingHoursToWeek('Mo-Fr 09:00-17:00; We 09:00-12:00;PH closed');
    expect(read.ok && read.week.days.map((d) => d.ranges.length)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(read.ok && read.week.days[2].ranges).toEqual([r('09:00', '12:00')]);
    expect(read.ok && read.week.holidaysClosed).toBe(true);
    const plain = openingHoursToWeek('09:00-18:00');
    expect(plain.ok && plain.week.days.every((d) => d.ranges[0].to === '18:00')).toBe(true);
    expect(openingHoursToWeek('Mo-Su 00:00-24:00').ok).toBe(true);
    expect(openingHoursToWeek('Mo-Fr 09:00-12:00; Fr off')).toMatchObject({ ok: true, week: { days: [{ ranges: [r('09:00', '12:00')] }, {}, {}, {}, { ranges: [] }, {}, {}] } });
    expect(openingHoursToWeek('')).toEqual({ ok: true, week: emptyWeek() });
  });

  it('leaves to the expert field what the editor cannot show, with a French reason', () => {
    for (const text of ['Mo-Fr 09:00-12:00,13:00-15:00,16:00-18:00', 'Mo-Fr sunrise-sunset', 'Jan-Mar Mo 09:00-12:00', 'Mo 09:00-12:00 "sur rendez-vous"', 'Sa-Mo 10:00-12:00', 'Mo 22:00-02:00', 'week 1-53/2 Mo 09:00-12:00', 'nimportequoi']) {
      const read = openingHoursToWeek(text);
      expect(read.ok).toBe(false);
      expect(!read.ok && read.reason).toMatch(/saisie experte/);
    }
  });
});

describe('hours editor: checks and French wording', () => {
  it('says what is wrong with a day, in French', () => {
    expect(checkWeek(week([[r('12:00', '09:00')], [r('', '12:00')], [r('09:00', '12:00'), r('11:00', '14:00')], [], [], [], []]))).toEqual([
      { field: 'jour-0-0-fin', message: 'Lundi : l’heure de fermeture doit être après l’heure d’ouverture.' },
      { field: 'jour-1-0-debut', message: 'Mardi : indiquez l’heure d’ouverture (ex. 09:00).' },
      { field: 'jour-2-1-debut', message: 'Mercredi : la 2e plage doit commencer après la fin de la 1re.' },
    ]);
    expect(checkWeek(week([[], [], [], [], [], [], []], { exceptions: [{ date: '', ranges: [] }, { date: '2026-12-24', ranges: [] }, { date: '2026-12-24', ranges: [] }] })).map((p) => p.field)).toEqual(['exception-0-date', 'exception-2-date']);
    expect(checkWeek(week([office, office, [], [], [], [], []]))).toEqual([]);
  });

  it('describes the week in plain French', () => {
    expect(describeWeek(week([office, office, office, office, office, [r('09:30', '12:00')], []], { exceptions: [{ date: '2027-01-01', ranges: [] }] }))).toEqual([
      'Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h',
      'Samedi : de 9 h 30 à 12 h',
      'Dimanche : fermé',
      'Fermé les jours fériés',
      'Le 1er janvier 2027 : fermé',
    ]);
    expect(describeWeek(week([office, [], office, [], [], [], []], { holidaysClosed: false }))).toEqual([
      'Lundi et mercredi : de 9 h à 12 h et de 14 h à 17 h',
      'Mardi, jeudi, vendredi, samedi et dimanche : fermé',
      'Jours fériés : mêmes horaires que les autres jours',
    ]);
    expect(describeWeek(week(Array(7).fill([r('00:00', '24:00')])))[0]).toBe('Tous les jours : 24 h/24');
    expect(describeWeek(emptyWeek())).toEqual(['Aucun horaire : le lieu sera affiché « Horaires non renseignés ».']);
  });

  it('validates with the opening_hours library and finds the next opening (French holidays)', () => {
    // Thursday 24 December 2026, 18:00 in Paris; Friday 25 is Christmas (PH off).
    const now = new Date(2026, 11, 24, 18, 0);
    const check = checkHours('Mo-Fr 09:00-12:00; PH off', OpeningHours, now);
    expect(check).toEqual({ ok: true, empty: false, openNow: false, next: new Date(2026, 11, 28, 9, 0), normalized: 'Mo-Fr 09:00-12:00; PH off' });
    // Sloppy input the library understands comes back in its canonical form.
    expect(checkHours('Lundi 9h-12h', OpeningHours, now)).toMatchObject({ ok: true, normalized: 'Mo 09:00-12:00' });
    expect(checkHours('Mo-Su 00:00-24:00', OpeningHours, now)).toMatchObject({ ok: true, openNow: true, next: null });
    expect(checkHours('  ', OpeningHours, now)).toEqual({ ok: true, empty: true });
    expect(checkHours('Mo-Fr 09:00-', OpeningHours, now)).toEqual({ ok: false, message: UNREADABLE });
    expect(checkHours('du lundi au vendredi', OpeningHours, now)).toEqual({ ok: false, message: UNREADABLE });
  });
});
