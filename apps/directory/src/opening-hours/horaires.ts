import OpeningHours from 'opening_hours';
import { assertParisTimeZone, parisStartOfDay } from './timezone';

/**
 * Opening hours ("horaires", OSM opening_hours syntax) evaluated with the `opening_hours` library:
 * country 'fr' (national public holidays, `PH off`), the département as state for
 * Alsace-Moselle (Good Friday, 26 December), the lieu's coordinates for sunrise/sunset.
 * Parsing is slow (≈1 ms) and heavy (≈27 KiB per object), so parsed objects and precomputed open
 * intervals are cached by (string, state[, rounded coordinates when sun times are used]).
 */

/** What the evaluation needs to know about a lieu besides its horaires. */
export interface HorairesPlace {
  codeInsee?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface LieuHoraires extends HorairesPlace {
  horaires?: string | null;
}

/** opening_hours "state" names of the départements with their own public holidays. */
const STATES_BY_DEPARTEMENT: Record<string, string> = { '57': 'Moselle', '67': 'Bas-Rhin', '68': 'Haut-Rhin' };
const SUN_WORDS = /\b(sunrise|sunset|dawn|dusk)\b/i;
/** Centre of mainland France, used for sun times when a lieu has no coordinates. */
const DEFAULT_POINT = { latitude: 46.6, longitude: 2.4 };
const DAY = 86_400_000;

export function stateForInsee(codeInsee?: string | null): string {
  return codeInsee ? (STATES_BY_DEPARTEMENT[codeInsee.slice(0, 2)] ?? '') : '';
}

function nominatim(place: HorairesPlace) {
  const lat = place.latitude ?? DEFAULT_POINT.latitude;
  const lon = place.longitude ?? DEFAULT_POINT.longitude;
  // The library wants lat/lon as strings for its sun calculations (numbers are silently ignored).
  return { lat: String(lat), lon: String(lon), address: { country_code: 'fr', state: stateForInsee(place.codeInsee) } } as never;
}

/** Cache key: same string and same state (and same place when sun times matter) ⇒ same hours. */
export function horairesKey(text: string, place: HorairesPlace): string {
  const sun = SUN_WORDS.test(text)
    ? `${(place.latitude ?? DEFAULT_POINT.latitude).toFixed(2)},${(place.longitude ?? DEFAULT_POINT.longitude).toFixed(2)}`
    : '';
  return `${stateForInsee(place.codeInsee)}|${sun}|${text}`;
}

export type ParseResult = { ok: true; oh: OpeningHours } | { ok: false; error: string };

/** Parses with the French context; never throws. */
export function parseHoraires(text: string, place: HorairesPlace = {}): ParseResult {
  try {
    return { ok: true, oh: new OpeningHours(text, nominatim(place), { mode: 0, locale: 'fr' } as never) };
  } catch (err) {
    return { ok: false, error: typeof err === 'string' ? err : String((err as Error)?.message ?? err) };
  }
}

/** Open intervals of one horaires key over [from, to), as sorted epoch-ms arrays. */
export interface Schedule {
  readonly key: string;
  readonly valid: boolean;
  readonly from: number;
  readonly to: number;
  /** Definitely open: starts[i] <= t < ends[i]. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Open "unknown" (e.g. a rule with only a comment such as "sur rendez-vous"). */
  readonly unknownStarts: Float64Array;
  readonly unknownEnds: Float64Array;
}

export interface HorairesCacheOptions {
  /** Days before the current day kept in the precomputed window. */
  pastDays?: number;
  /** Days after the current day precomputed. */
  horizonDays?: number;
  /** Parsed objects kept for on-demand evaluation beyond the horizon. */
  maxParsed?: number;
  now?: () => number;
}

/** Binary search: is t inside one of the [starts[i], ends[i]) intervals (sorted, disjoint)? */
function inside(starts: Float64Array, ends: Float64Array, t: number): boolean {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && t < ends[hi];
}

/**
 * Parsed horaires and their precomputed open intervals, shared by every lieu with the same key.
 * The request path only does binary searches on the intervals (time-zone independent); instants
 * outside the window fall back to evaluating the parsed object (which needs Europe/Paris).
 */
export class HorairesCache {
  private readonly parsed = new Map<string, ParseResult>();
  private readonly schedules = new Map<string, Schedule>();
  private readonly pastDays: number;
  private readonly horizonDays: number;
  private readonly maxParsed: number;
  private readonly now: () => number;
  private windowFrom: number;
  private windowTo: number;

  constructor(o: HorairesCacheOptions = {}) {
    assertParisTimeZone();
    this.pastDays = o.pastDays ?? 1;
    this.horizonDays = o.horizonDays ?? 35;
    this.maxParsed = o.maxParsed ?? 5_000;
    this.now = o.now ?? Date.now;
    [this.windowFrom, this.windowTo] = this.window();
  }

  private window(): [number, number] {
    const today = parisStartOfDay(this.now());
    // Midnights are found from the Paris calendar, so DST days (23 h / 25 h) are handled.
    return [parisStartOfDay(today - this.pastDays * DAY + DAY / 2), parisStartOfDay(today + this.horizonDays * DAY + DAY / 2)];
  }

  get horizon(): { from: number; to: number } {
    return { from: this.windowFrom, to: this.windowTo };
  }

  /** Parsed object for on-demand evaluation (LRU by insertion order). */
  parse(text: string, place: HorairesPlace = {}): ParseResult {
    const key = horairesKey(text, place);
    let r = this.parsed.get(key);
    if (r) {
      this.parsed.delete(key);
      this.parsed.set(key, r);
      return r;
    }
    r = parseHoraires(text, place);
    this.parsed.set(key, r);
    if (this.parsed.size > this.maxParsed) this.parsed.delete(this.parsed.keys().next().value as string);
    return r;
  }

  /** The schedule of these horaires at this place, computed once per key and window. */
  schedule(text: string, place: HorairesPlace = {}): Schedule {
    const key = horairesKey(text, place);
    const cached = this.schedules.get(key);
    if (cached && cached.from === this.windowFrom && cached.to === this.windowTo) return cached;
    const s = this.compute(key, text, place);
    this.schedules.set(key, s);
    return s;
  }

  private compute(key: string, text: string, place: HorairesPlace): Schedule {
    const from = this.windowFrom;
    const to = this.windowTo;
    const parsed = this.parse(text, place);
    const empty = new Float64Array(0);
    if (!parsed.ok) return { key, valid: false, from, to, starts: empty, ends: empty, unknownStarts: empty, unknownEnds: empty };
    const open: number[] = [];
    const unknown: number[] = [];
    try {
      for (const [start, end, isUnknown] of parsed.oh.getOpenIntervals(new Date(from), new Date(to))) {
        (isUnknown ? unknown : open).push(start.getTime(), end.getTime());
      }
    } catch {
      return { key, valid: false, from, to, starts: empty, ends: empty, unknownStarts: empty, unknownEnds: empty };
    }
    const split = (pairs: number[]) => {
      const starts = new Float64Array(pairs.length / 2);
      const ends = new Float64Array(pairs.length / 2);
      for (let i = 0; i < starts.length; i++) {
        starts[i] = pairs[2 * i];
        ends[i] = pairs[2 * i + 1];
      }
      return { starts, ends };
    };
    const o = split(open);
    const u = split(unknown);
    return { key, valid: true, from, to, starts: o.starts, ends: o.ends, unknownStarts: u.starts, unknownEnds: u.ends };
  }

  /**
   * Open (true), closed (false) or unknown (null: unparseable horaires, no horaires, or a rule
   * whose state is unknown at that instant).
   */
  stateAt(schedule: Schedule, text: string, place: HorairesPlace, instant: number): boolean | null {
    if (!schedule.valid) return null;
    if (instant >= schedule.from && instant < schedule.to) {
      if (inside(schedule.starts, schedule.ends, instant)) return true;
      if (inside(schedule.unknownStarts, schedule.unknownEnds, instant)) return null;
      return false;
    }
    return this.evaluate(text, place, instant);
  }

  /** On-demand evaluation (outside the precomputed window). */
  evaluate(text: string, place: HorairesPlace, instant: number): boolean | null {
    const parsed = this.parse(text, place);
    if (!parsed.ok) return null;
    try {
      const d = new Date(instant);
      if (parsed.oh.getUnknown(d)) return null;
      return parsed.oh.getState(d);
    } catch {
      return null;
    }
  }

  /** Is the lieu open at this instant? null when its horaires are missing, invalid or unknown then. */
  isOpenAt(lieu: LieuHoraires, instant: number | Date = this.now()): boolean | null {
    const text = lieu.horaires?.trim();
    if (!text) return null;
    const t = typeof instant === 'number' ? instant : instant.getTime();
    return this.stateAt(this.schedule(text, lieu), text, lieu, t);
  }

  /**
   * When a lieu closed at `instant` opens next, within the precomputed window (about five weeks):
   * null when it is open, unknown, or does not open in that window.
   */
  nextOpeningAfter(lieu: LieuHoraires, instant: number = this.now()): number | null {
    const text = lieu.horaires?.trim();
    if (!text) return null;
    const s = this.schedule(text, lieu);
    if (!s.valid || instant < s.from || instant >= s.to || inside(s.starts, s.ends, instant)) return null;
    // First interval starting after the instant (starts are sorted).
    let lo = 0;
    let hi = s.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.starts[mid] <= instant) lo = mid + 1;
      else hi = mid;
    }
    return lo < s.starts.length ? s.starts[lo] : null;
  }

  /**
   * Moves the window forward when a new day has started; returns true when schedules must be
   * recomputed (they are then recomputed lazily by `schedule()`).
   */
  roll(): boolean {
    const [from, to] = this.window();
    if (from === this.windowFrom && to === this.windowTo) return false;
    this.windowFrom = from;
    this.windowTo = to;
    this.schedules.clear();
    return true;
  }

  get size(): { parsed: number; schedules: number } {
    return { parsed: this.parsed.size, schedules: this.schedules.size };
  }
}
