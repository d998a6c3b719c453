import { createEvents, type EventAttributes } from 'ics';

/**
 * iCalendar (RFC 5545) text of a registration, written by the `ics` library (CRLF line endings,
 * TEXT values escaped), times in UTC so that no VTIMEZONE is needed. The library folds long lines
 * by characters; they are folded again by octets (§3.1: 75 octets of UTF-8 at most per line).
 */

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  cancelled?: boolean;
  /** A display alarm (VALARM) this many hours before the start, with this text: the phone's own reminder. */
  alarm?: { hoursBefore: number; text: string };
}

export function renderIcs(events: readonly IcsEvent[]): string {
  const attributes: EventAttributes[] = events.map((e) => ({
    uid: e.uid,
    start: e.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: e.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: e.summary,
    ...(e.description ? { description: e.description } : {}),
    ...(e.location ? { location: e.location } : {}),
    ...(e.url ? { url: e.url } : {}),
    status: e.cancelled ? 'CANCELLED' : 'CONFIRMED',
    ...(e.alarm && !e.cancelled ? { alarms: [{ action: 'display' as const, description: e.alarm.text, trigger: { hours: e.alarm.hoursBefore, before: true } }] } : {}),
  }));
  const { error, value } = createEvents(attributes, { productId: '-//PIN Landes//Formations//FR', method: 'PUBLISH' });
  if (error || !value) throw error ?? new Error('calendar not rendered');
  const lines = value.replace(/\r\n[ \t]/g, '').split('\r\n');
  return lines.map((l) => foldLine(l)).join('\r\n');
}

/** §3.1: a content line longer than 75 octets continues on lines starting with one space, never splitting a character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** The UTC instant of a wall-clock time in Europe/Paris (either offset, DST included). */
export function parisTime(date: string, hour: number, minute: number): Date {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    if (parisWallClock(candidate) === wall) return candidate;
  }
  return new Date(wall - 3_600_000);
}

function parisWallClock(d: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
}

/** Morning 9:00–12:30, afternoon 13:30–17:00, Europe/Paris. */
export function halfDayTimes(date: string, periode: string): { start: Date; end: Date } {
  return periode === 'matin'
    ? { start: parisTime(date, 9, 0), end: parisTime(date, 12, 30) }
    : { start: parisTime(date, 13, 30), end: parisTime(date, 17, 0) };
}
