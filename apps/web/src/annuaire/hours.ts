/**
 * The weekly opening hours of a lieu as the visual editor sees them, and their OpenStreetMap
 * `opening_hours` text (the standard's `horaires` field), both ways; plain French wording.
 * Pure functions (no DOM): tested in hours.spec.ts. The `opening_hours` library (1 MB) is not
 * imported here: `checkHours` is given its constructor (the editor loads it on demand).
 */
import type OpeningHoursLib from 'opening_hours';

/** "09:00"–"12:00" (24-hour clock; "24:00" as an end means midnight). */
export interface TimeRange {
  from: string;
  to: string;
}

/** An opening day: no range (closed), one range or two. */
export interface DayHours {
  ranges: TimeRange[];
}

/** A date whose hours differ from the week (closed when `ranges` is empty). */
export interface HoursException {
  /** YYYY-MM-DD */
  date: string;
  ranges: TimeRange[];
}

export interface WeekHours {
  /** Monday first. */
  days: DayHours[];
  /** « Fermé les jours fériés » (`PH off`). */
  holidaysClosed: boolean;
  exceptions: HoursException[];
}

export const DAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const MONTH_CODES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'] as const;
/** Ranges per day the editor offers (closed, one or two). */
export const MAX_RANGES = 2;

export function emptyWeek(): WeekHours {
  return { days: DAY_CODES.map(() => ({ ranges: [] })), holidaysClosed: true, exceptions: [] };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const rangesText = (ranges: readonly TimeRange[]) => (ranges.length ? ranges.map((r) => `${r.from}-${r.to}`).join(',') : 'off');
const sameRanges = (a: readonly TimeRange[], b: readonly TimeRange[]) => rangesText(a) === rangesText(b);

/** Day indexes → "Mo-Fr", "Mo,We,Fr", "Mo-We,Sa". */
function daySelector(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; i++) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${DAY_CODES[days[i]]}-${DAY_CODES[days[j]]}`);
    else for (let k = i; k <= j; k++) parts.push(DAY_CODES[days[k]]);
    i = j;
  }
  return parts.join(',');
}

/** "2026-12-24" → "2026 Dec 24". */
function dateSelector(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y} ${MONTH_CODES[Number(m) - 1]} ${d}`;
}

/**
 * The week → `opening_hours` text: days with the same hours grouped ("Mo-Fr 09:00-12:00,14:00-17:00;
 * Sa 09:00-12:00"), then `PH off`, then the exceptions by date (later rules win). Closed days are
 * left out (closed is the default). Nothing open at all → "" (no horaires).
 */
export function weekToOpeningHours(week: WeekHours): string {
  const rules: string[] = [];
  const done = new Set<number>();
  week.days.forEach((day, i) => {
    if (done.has(i) || day.ranges.length === 0) return;
    const same = week.days.map((_, k) => k).filter((k) => !done.has(k) && sameRanges(week.days[k].ranges, day.ranges));
    for (const k of same) done.add(k);
    const ranges = rangesText(day.ranges);
    // « 24/7 » followed by other rules is ambiguous to the library: written out then.
    if (same.length === 7) rules.push(ranges === '00:00-24:00' && !week.holidaysClosed && !week.exceptions.length ? '24/7' : `Mo-Su ${ranges}`);
    else rules.push(`${daySelector(same)} ${ranges}`);
  });
  if (rules.length === 0 && !week.exceptions.some((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.date))) return '';
  if (week.holidaysClosed) rules.push('PH off');
  const dated = week.exceptions.filter((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.date));
  for (const e of dated.sort((a, b) => a.date.localeCompare(b.date))) rules.push(`${dateSelector(e.date)} ${rangesText(e.ranges)}`);
  return rules.join('; ');
}

export type ReadResult = { ok: true; week: WeekHours } | { ok: false; reason: string };

const DAY_ITEM = /^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$/;
const DATE_RULE = /^(\d{4}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2})(?: (.+))?$/;
const TOO_COMPLEX = 'L’éditeur visuel ne sait pas afficher ces horaires (règles par période ou par semaine, commentaires, ou saisie illisible) : modifiez-les dans la saisie experte ci-dessous.';

function readRanges(text: string): TimeRange[] | null {
  const t = text.trim();
  if (t === 'off' || t === 'closed') return [];
  const ranges: TimeRange[] = [];
  for (const part of t.split(',')) {
    const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part.trim());
    if (!m || !TIME.test(m[1]) || !TIME.test(m[2]) || m[1] === '24:00') return null;
    ranges.push({ from: m[1], to: m[2] });
  }
  return ranges;
}

function readDays(text: string): number[] | null {
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const m = DAY_ITEM.exec(item.trim());
    if (!m) return null;
    const a = DAY_CODES.indexOf(m[1] as (typeof DAY_CODES)[number]);
    const b = m[2] ? DAY_CODES.indexOf(m[2] as (typeof DAY_CODES)[number]) : a;
    if (b < a) return null; // Sa-Mo: wraps the week; the visual editor does not write it
    for (let d = a; d <= b; d++) days.add(d);
  }
  return [...days];
}

/**
 * `opening_hours` text → the week, when it only uses what the editor shows (days, one or two
 * ranges a day, `PH off`, dated exceptions); else why not (French), for the expert field.
 */
export function openingHoursToWeek(text: string): ReadResult {
  const week = emptyWeek();
  week.holidaysClosed = false;
  const value = text.trim();
  if (!value) return { ok: true, week: { ...week, holidaysClosed: true } };
  if (value.includes('"') || value.includes('||') || value.includes('[') || /\b(sunrise|sunset|dawn|dusk|week|SH|easter|open|unknown)\b/.test(value)) {
    return { ok: false, reason: TOO_COMPLEX };
  }
  for (const raw of value.split(';')) {
    const rule = raw.trim().replace(/\s+/g, ' ');
    if (!rule) continue;
    if (rule === '24/7') {
      for (const d of week.days) d.ranges = [{ from: '00:00', to: '24:00' }];
      continue;
    }
    if (rule === 'PH off' || rule === 'PH closed') {
      week.holidaysClosed = true;
      continue;
    }
    const date = DATE_RULE.exec(rule);
    if (date) {
      const ranges = readRanges(date[4] ?? 'off');
      const day = Number(date[3]);
      if (!ranges || ranges.length > MAX_RANGES || day < 1 || day > 31) return { ok: false, reason: TOO_COMPLEX };
      const iso = `${date[1]}-${String(MONTH_CODES.indexOf(date[2] as (typeof MONTH_CODES)[number]) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      week.exceptions = [...week.exceptions.filter((e) => e.date !== iso), { date: iso, ranges }];
      continue;
    }
    const m = /^((?:Mo|Tu|We|Th|Fr|Sa|Su)[A-Za-z,-]*) (.+)$/.exec(rule);
    const days = m ? readDays(m[1]) : [0, 1, 2, 3, 4, 5, 6];
    const ranges = readRanges(m ? m[2] : rule);
    if (!days || !ranges) return { ok: false, reason: TOO_COMPLEX };
    if (ranges.length > MAX_RANGES) return { ok: false, reason: `L’éditeur visuel propose au plus ${MAX_RANGES} plages par jour : modifiez ces horaires dans la saisie experte.` };
    // A later rule replaces the earlier ones for its days (opening_hours semantics).
    for (const d of days) week.days[d].ranges = ranges.map((r) => ({ ...r }));
  }
  const problems = checkWeek(week);
  if (problems.length) return { ok: false, reason: TOO_COMPLEX };
  week.exceptions.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, week };
}

/** A problem of the visual editor, tied to the input it is about. */
export interface HoursProblem {
  /** `jour-<i>-<r>-debut|fin`, `exception-<i>-date`, `exception-<i>-<r>-debut|fin`. */
  field: string;
  message: string;
}

function checkRanges(ranges: readonly TimeRange[], prefix: string, where: string): HoursProblem[] {
  const out: HoursProblem[] = [];
  ranges.forEach((r, i) => {
    const nth = ranges.length > 1 ? (i === 0 ? ' (1re plage)' : ' (2e plage)') : '';
    if (!TIME.test(r.from) || r.from === '24:00') out.push({ field: `${prefix}-${i}-debut`, message: `${where}${nth} : indiquez l’heure d’ouverture (ex. 09:00).` });
    else if (!TIME.test(r.to)) out.push({ field: `${prefix}-${i}-fin`, message: `${where}${nth} : indiquez l’heure de fermeture (ex. 12:00).` });
    else if (minutes(r.to === '24:00' ? '24:00' : r.to) <= minutes(r.from)) out.push({ field: `${prefix}-${i}-fin`, message: `${where}${nth} : l’heure de fermeture doit être après l’heure d’ouverture.` });
    else if (i > 0 && TIME.test(ranges[i - 1].to) && minutes(r.from) < minutes(ranges[i - 1].to)) {
      out.push({ field: `${prefix}-${i}-debut`, message: `${where} : la 2e plage doit commencer après la fin de la 1re.` });
    }
  });
  return out;
}

/** French problems of the week as typed (empty: it can be written). */
export function checkWeek(week: WeekHours): HoursProblem[] {
  const out: HoursProblem[] = [];
  week.days.forEach((d, i) => out.push(...checkRanges(d.ranges, `jour-${i}`, capitalize(DAY_NAMES[i]))));
  const seen = new Set<string>();
  week.exceptions.forEach((e, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date) || Number.isNaN(Date.parse(e.date))) out.push({ field: `exception-${i}-date`, message: `Exception ${i + 1} : indiquez la date (jj/mm/aaaa).` });
    else if (seen.has(e.date)) out.push({ field: `exception-${i}-date`, message: `Exception ${i + 1} : le ${dateText(e.date)} est déjà indiqué.` });
    else {
      seen.add(e.date);
      out.push(...checkRanges(e.ranges, `exception-${i}`, `Le ${dateText(e.date)}`));
    }
  });
  return out;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "09:00" → "9 h", "14:30" → "14 h 30", "24:00" → "minuit". */
export function timeText(t: string): string {
  if (t === '24:00') return 'minuit';
  const h = Number(t.slice(0, 2));
  const m = t.slice(3, 5);
  return m === '00' ? `${h} h` : `${h} h ${m}`;
}

/** "2026-12-24" → "24 décembre 2026", "1er janvier 2027". */
export function dateText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTH_NAMES[m - 1] ?? ''} ${y}`;
}

function rangesFrench(ranges: readonly TimeRange[]): string {
  if (ranges.length === 0) return 'fermé';
  if (ranges.length === 1 && ranges[0].from === '00:00' && ranges[0].to === '24:00') return '24 h/24';
  return ranges.map((r) => `de ${timeText(r.from)} à ${timeText(r.to)}`).join(' et ');
}

/** "Du lundi au vendredi", "Lundi, mercredi et vendredi", "Samedi". */
function daysFrench(days: readonly number[]): string {
  if (days.length >= 3 && days.every((d, i) => i === 0 || d === days[i - 1] + 1)) return `Du ${DAY_NAMES[days[0]]} au ${DAY_NAMES[days[days.length - 1]]}`;
  const names = days.map((d) => DAY_NAMES[d]);
  const text = names.length > 1 ? `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}` : names[0];
  return capitalize(text);
}

/**
 * The week in plain French, one line per group of days with the same hours, in week order
 * (« Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h », « Samedi et dimanche : fermé »),
 * then the public holidays and the exceptions.
 */
export function describeWeek(week: WeekHours): string[] {
  if (week.days.every((d) => d.ranges.length === 0) && week.exceptions.length === 0) return ['Aucun horaire : le lieu sera affiché « Horaires non renseignés ».'];
  const lines: string[] = [];
  const done = new Set<number>();
  week.days.forEach((day, i) => {
    if (done.has(i)) return;
    const same = week.days.map((_, k) => k).filter((k) => !done.has(k) && sameRanges(week.days[k].ranges, day.ranges));
    for (const k of same) done.add(k);
    if (same.length === 7) lines.push(day.ranges.length && rangesFrench(day.ranges) === '24 h/24' ? 'Tous les jours : 24 h/24' : `Tous les jours : ${rangesFrench(day.ranges)}`);
    else lines.push(`${daysFrench(same)} : ${rangesFrench(day.ranges)}`);
  });
  if (week.days.some((d) => d.ranges.length)) lines.push(week.holidaysClosed ? 'Fermé les jours fériés' : 'Jours fériés : mêmes horaires que les autres jours');
  for (const e of [...week.exceptions].sort((a, b) => a.date.localeCompare(b.date))) lines.push(`Le ${dateText(e.date)} : ${rangesFrench(e.ranges)}`);
  return lines;
}

type OpeningHoursCtor = new (...args: ConstructorParameters<typeof OpeningHoursLib>) => OpeningHoursLib;

export type HoursCheck =
  | { ok: true; empty: true }
  | { ok: true; empty: false; openNow: boolean; next: Date | null; normalized: string }
  | { ok: false; message: string };

export const UNREADABLE = 'Ces horaires ne sont pas lisibles. Vérifiez la syntaxe, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (du lundi au vendredi, fermé les jours fériés).';

/**
 * Checks the text with the `opening_hours` library (French public holidays) and says whether the
 * lieu is open at `now` and when it next opens; `normalized` is the library's reading of sloppy
 * input (« lundi 9h-12h » → « Mo 09:00-12:00 »). The library's own (English) messages are never shown.
 */
export function checkHours(text: string, OpeningHours: OpeningHoursCtor, now: Date = new Date(), place: { lat?: number | null; lon?: number | null } = {}): HoursCheck {
  const value = text.trim();
  if (!value) return { ok: true, empty: true };
  if (value.length > 500) return { ok: false, message: 'Les horaires doivent faire 500 caractères au plus.' };
  try {
    const oh = new OpeningHours(
      value,
      { lat: String(place.lat ?? 43.9), lon: String(place.lon ?? -0.5), address: { country_code: 'fr', state: '' } } as never,
      { mode: 0 } as never,
    );
    const openNow = oh.getState(now);
    const max = new Date(now.getTime() + 60 * 86_400_000);
    let next: Date | null = null;
    if (!openNow) {
      let t: Date | undefined = now;
      for (let i = 0; i < 100 && t; i++) {
        t = oh.getNextChange(t, max);
        if (t && oh.getState(t)) {
          next = t;
          break;
        }
      }
    }
    let normalized = value;
    try {
      normalized = oh.prettifyValue();
    } catch {
      // Kept as typed when the library cannot pretty-print it.
    }
    return { ok: true, empty: false, openNow, next, normalized };
  } catch {
    return { ok: false, message: UNREADABLE };
  }
}
