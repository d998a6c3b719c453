import type OpeningHours from 'opening_hours';
import { parseHoraires, type HorairesPlace, type ParseResult } from './horaires';
import { assertParisTimeZone, parisStartOfDay } from './timezone';

const DAY = 86_400_000;
const DAY_NAMES = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const SEASONAL = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|week|SH|easter|\d{4})\b/;
const PUBLIC_HOLIDAY = /\bPH\b/;

export interface HorairesDescription {
  /** False when the value could not be read: `lines` then holds the raw text. */
  valid: boolean;
  lines: string[];
}

/** 9 h, 9 h 30, minuit (end of day). */
function clock(d: Date, isEnd: boolean): string {
  const h = d.getHours();
  const m = d.getMinutes();
  if (isEnd && h === 0 && m === 0) return 'minuit';
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

interface Slot {
  start: number;
  end: number;
  unknown: boolean;
  comment?: string;
}

function formatSlots(slots: Slot[]): string {
  if (slots.length === 0) return 'fermé';
  if (slots.length === 1 && slots[0].end - slots[0].start >= DAY - 3_600_000 && new Date(slots[0].start).getHours() === 0) {
    return `24 h/24${slots[0].unknown ? ` (${slots[0].comment ?? 'à confirmer'})` : ''}`;
  }
  const parts = slots.map((s) => {
    const range = `${clock(new Date(s.start), false)} – ${clock(new Date(s.end), true)}`;
    return s.unknown || s.comment ? `${range} (${s.comment ?? 'à confirmer'})` : range;
  });
  return parts.join(', ');
}

/**
 * Plain-French description of opening hours, one line per weekday of a reference week without
 * public holidays ("Lundi : 9 h – 12 h, 14 h – 17 h"), then the public-holiday rule
 * ("Fermé les jours fériés") and a note when the hours vary with the period of the year.
 * Needs the process in Europe/Paris. Never throws: unreadable horaires come back as given.
 */
export function describeHorairesDetail(
  text: string,
  place: HorairesPlace = {},
  reference: number = Date.now(),
  /** Parser to use (e.g. HorairesCache.parse, to reuse parsed values). */
  parse: (text: string, place: HorairesPlace) => ParseResult = parseHoraires,
): HorairesDescription {
  const value = text.trim();
  if (!value) return { valid: false, lines: [] };
  const parsed = parse(value, place);
  if (!parsed.ok) return { valid: false, lines: [value] };
  assertParisTimeZone();
  const holidays = parse('PH', place);
  const isHoliday = (dayStart: number) => holidays.ok && holidays.oh.getState(new Date(dayStart + DAY / 2));
  try {
    // Monday of the reference week, skipping weeks that contain a public holiday.
    const today = parisStartOfDay(reference);
    let monday = parisStartOfDay(today - ((new Date(today).getDay() + 6) % 7) * DAY + DAY / 2);
    const weekDays = (m: number) => Array.from({ length: 8 }, (_, i) => parisStartOfDay(m + i * DAY + DAY / 2));
    let days = weekDays(monday);
    for (let w = 0; w < 8 && days.slice(0, 7).some(isHoliday); w++) {
      monday = days[7];
      days = weekDays(monday);
    }
    const intervals = parsed.oh.getOpenIntervals(new Date(days[0]), new Date(parisStartOfDay(days[7] + DAY + DAY / 2)));
    const perDay: Slot[][] = Array.from({ length: 7 }, () => []);
    for (const [s, e, unknown, comment] of intervals) {
      const start = s.getTime();
      const end = e.getTime();
      for (let i = 0; i < 7; i++) {
        const dayStart = days[i];
        const dayEnd = days[i + 1];
        if (end <= dayStart || start >= dayEnd) continue;
        // A range over midnight (Sa 22:00-04:00) is shown on its first day, as written.
        if (start > dayStart && end > dayEnd && end - dayEnd < DAY / 2) {
          perDay[i].push({ start, end, unknown, comment });
          break;
        }
        if (start < dayStart && start > days[0] && end - dayStart < DAY / 2 && end < dayEnd) continue; // shown on the day before
        perDay[i].push({ start: Math.max(start, dayStart), end: Math.min(end, dayEnd), unknown, comment });
      }
    }
    // Merge the continuation pieces the library returns as separate intervals after midnight.
    for (let i = 0; i < 7; i++) {
      const slots = perDay[i];
      for (let j = slots.length - 1; j > 0; j--) {
        if (slots[j - 1].end === slots[j].start && slots[j - 1].unknown === slots[j].unknown) {
          slots[j - 1].end = slots[j].end;
          slots.splice(j, 1);
        }
      }
    }
    const lines = perDay.map((slots, i) => `${DAY_NAMES[i]} : ${formatSlots(slots)}`);
    if (perDay.every((s) => formatSlots(s) === '24 h/24')) lines.splice(0, 7, 'Ouvert 24 h/24, 7 jours sur 7');
    if (PUBLIC_HOLIDAY.test(value)) lines.push(describeHolidays(parsed.oh, perDay, days, isHoliday));
    if (SEASONAL.test(value)) {
      const date = new Date(monday).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
      lines.push(`Horaires de la semaine du ${date} : ils varient selon la période de l'année.`);
    }
    return { valid: true, lines };
  } catch {
    return { valid: false, lines: [value] };
  }
}

/** "Fermé les jours fériés", or the hours of the next public holiday falling on an open weekday. */
function describeHolidays(
  oh: OpeningHours,
  perDay: Slot[][],
  days: number[],
  isHoliday: (dayStart: number) => boolean,
): string {
  let d = days[0];
  for (let i = 0; i < 400; i++, d = parisStartOfDay(d + DAY + DAY / 2)) {
    const weekday = (new Date(d).getDay() + 6) % 7;
    if (perDay[weekday].length === 0 || !isHoliday(d)) continue;
    const slots = oh
      .getOpenIntervals(new Date(d), new Date(parisStartOfDay(d + DAY + DAY / 2)))
      // The library's comment on a holiday is its name (« Lundi de Pâques »): not a condition.
      .map(([s, e, unknown, comment]) => ({ start: s.getTime(), end: e.getTime(), unknown, comment: unknown ? comment : undefined }));
    return slots.length === 0 ? 'Fermé les jours fériés' : `Jours fériés : ${formatSlots(slots)}`;
  }
  return 'Jours fériés : voir les horaires';
}

/** Plain-French lines for the lieu page ("Lundi : 9 h – 12 h, 14 h – 17 h", "Fermé les jours fériés"). */
export function describeHoraires(text: string, place: HorairesPlace = {}, reference: number = Date.now()): string[] {
  return describeHorairesDetail(text, place, reference).lines;
}
