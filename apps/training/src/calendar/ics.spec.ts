import { escapeText, foldLine, halfDayTimes, parisTime, renderIcs, utcStamp } from './ics';

describe('RFC 5545 text', () => {
  it('escapes backslash, semicolon, comma and newlines in TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets, continuation lines start with a space, UTF-8 characters never split', () => {
    const line = `SUMMARY:${'é'.repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('converts Paris wall-clock times to UTC in winter and summer', () => {
    expect(parisTime('2026-12-10', 9, 0).toISOString()).toBe('2026-12-10T08:00:00.000Z');
    expect(parisTime('2026-07-10', 9, 0).toISOString()).toBe('2026-07-10T07:00:00.000Z');
    expect(halfDayTimes('2026-12-10', 'apres-midi').end.toISOString()).toBe('2026-12-10T16:00:00.000Z');
    expect(utcStamp(new Date('2026-12-10T08:00:00.000Z'))).toBe('20261210T080000Z');
  });

  it('renders a calendar with CRLF line endings, one VEVENT per half-day', () => {
    const { start, end } = halfDayTimes('2026-12-10', 'matin');
    const ics = renderIcs(
      [
        { uid: 'r1-1@pin', start, end, summary: 'Parcours aidant 7 h, demi-journée 1', location: 'Médiathèque, Mont-de-Marsan; salle 2' },
        { uid: 'r1-2@pin', start, end, summary: 'Visio', url: 'https://visio.example.org/abc', cancelled: true },
      ],
      new Date('2026-12-01T10:00:00Z'),
    );
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('DTSTART:20261210T080000Z');
    expect(lines).toContain('DTEND:20261210T113000Z');
    expect(lines).toContain('DTSTAMP:20261201T100000Z');
    expect(lines).toContain('LOCATION:Médiathèque\\, Mont-de-Marsan\\; salle 2');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });
});
