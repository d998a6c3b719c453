import { foldLine, halfDayTimes, parisTime, renderIcs } from './ics';

/** Content lines with their folding undone (RFC 5545 §3.1: CRLF followed by a space or a tab). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('calendar of a registration (RFC 5545)', () => {
  it('converts Paris wall-clock times to UTC in winter and summer', () => {
    expect(parisTime('2026-12-10', 9, 0).toISOString()).toBe('2026-12-10T08:00:00.000Z');
    expect(parisTime('2026-07-10', 9, 0).toISOString()).toBe('2026-07-10T07:00:00.000Z');
    // The night of the change to summer time.
    expect(parisTime('2027-03-28', 9, 0).toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(halfDayTimes('2026-12-10', 'apres-midi').end.toISOString()).toBe('2026-12-10T16:00:00.000Z');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(80)}`;
    const parts = foldLine(line).split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes CRLF lines of 75 octets at most, escapes TEXT values, one VEVENT per half-day', () => {
    const { start, end } = halfDayTimes('2026-12-10', 'matin');
    const ics = renderIcs([
      { uid: 'r1-1@pin', start, end, summary: `Formation : ${'Enjeux sociétaux de l’inclusion numérique '.repeat(3)}`, location: 'Médiathèque, Mont-de-Marsan; salle 2', description: 'a\\b\nligne 2' },
      { uid: 'r1-2@pin', start, end, summary: 'Visio', url: 'https://visio.example.org/abc', cancelled: true, alarm: { hoursBefore: 24, text: 'Rappel' } },
      { uid: 'r1-3@pin', start, end, summary: 'Avec rappel', alarm: { hoursBefore: 24, text: 'Rappel : formation demain' } },
    ]);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const physical of ics.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(3);
    // One display alarm a day before, only on the event that is not cancelled.
    expect(lines.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(1);
    const alarm = lines.slice(lines.indexOf('BEGIN:VALARM'), lines.indexOf('END:VALARM') + 1);
    expect(alarm).toEqual(expect.arrayContaining(['ACTION:DISPLAY', 'DESCRIPTION:Rappel : formation demain']));
    expect(alarm.find((l) => l.startsWith('TRIGGER'))).toMatch(/^TRIGGER:-P(1D|T24H)$/);
    expect(lines).toContain('DTSTART:20261210T080000Z');
    expect(lines).toContain('DTEND:20261210T113000Z');
    expect(lines.some((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toBe(true);
    expect(lines).toContain('LOCATION:Médiathèque\\, Mont-de-Marsan\\; salle 2');
    expect(lines).toContain('DESCRIPTION:a\\\\b\\nligne 2');
    expect(lines.find((l) => l.startsWith('SUMMARY:Formation'))).toBe(`SUMMARY:Formation : ${'Enjeux sociétaux de l’inclusion numérique '.repeat(3)}`);
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines).toContain('URL:https://visio.example.org/abc');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });
});
