/**
 * The opening_hours library reads a Date's *local* fields (hours, weekday, date), so every
 * evaluation must run in a process whose time zone is Europe/Paris. `main.ts` imports
 * `./opening-hours/paris-tz` first, which calls `useParisTimeZone()` before anything else loads.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris';

export function resolvedTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Sets the process time zone to Europe/Paris (Node honours runtime changes of TZ) and checks it. */
export function useParisTimeZone(): void {
  process.env.TZ = PARIS_TIME_ZONE;
  assertParisTimeZone();
}

/** Throws when the process does not run in Europe/Paris: evaluations would be silently wrong. */
export function assertParisTimeZone(zone: string = resolvedTimeZone()): void {
  if (zone !== PARIS_TIME_ZONE) {
    throw new Error(`opening hours need the process time zone ${PARIS_TIME_ZONE}, got ${zone} (set TZ=${PARIS_TIME_ZONE})`);
  }
}

const wallFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS_TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});

/** Offset of Paris from UTC at `instant`, in ms (3,600,000 in winter, 7,200,000 in summer). */
function parisOffset(instant: number): number {
  const p = Object.fromEntries(wallFormat.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant of a Paris wall-clock time, independent of the process time zone. A time in the
 * spring-forward gap (02:30 on the last Sunday of March) resolves to the instant one hour later on
 * the clock (03:30); an ambiguous autumn time resolves to its first occurrence (summer time).
 */
export function parisWallClockToInstant(year: number, month: number, day: number, hour: number, minute: number): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - parisOffset(naive - 2 * 3_600_000);
  const second = naive - parisOffset(naive);
  // Prefer the earlier candidate whose wall clock matches; otherwise (gap) the later one.
  for (const t of [Math.min(first, second), Math.max(first, second)]) {
    if (t + parisOffset(t) === naive) return t;
  }
  return Math.max(first, second);
}

/** Midnight (Paris) of the day containing `instant`. */
export function parisStartOfDay(instant: number): number {
  const p = Object.fromEntries(wallFormat.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return parisWallClockToInstant(Number(p.year), Number(p.month), Number(p.day), 0, 0);
}
