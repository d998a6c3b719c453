const DAY_MS = 86_400_000;
const PARIS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer), from the platform's time-zone data. */
function parisOffsetMinutes(at: Date): number {
  const p = Object.fromEntries(PARIS.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The end of a mandate of `days` days: the same time of day in Paris, `days` calendar days later —
 * across a daylight-saving change it is not `days × 24 h` (a mandate signed at 14 h 05 in November
 * ends at 14 h 05 in May, not 15 h 05).
 */
export function addParisDays(start: Date, days: number): Date {
  const naive = new Date(start.getTime() + days * DAY_MS);
  return new Date(naive.getTime() + (parisOffsetMinutes(start) - parisOffsetMinutes(naive)) * 60_000);
}
