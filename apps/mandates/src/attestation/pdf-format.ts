/** Text helpers for the printed attestations: French dates and the PDF standard fonts' character set. */

const TIME_ZONE = 'Europe/Paris';
const dateLong = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dateShort = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const time = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });

/** « 23 novembre 2026 » (Paris time). */
export function frenchDate(d: Date): string {
  return winAnsi(dateLong.format(d));
}

/** « 23 novembre 2026 à 14 h 05 » (Paris time). */
export function frenchDateTime(d: Date): string {
  return `${frenchDate(d)} à ${winAnsi(time.format(d)).replace(':', ' h ')}`;
}

/** A calendar date `YYYY-MM-DD` (date of birth) as « 02/03/1950 », without a time-zone shift. */
export function frenchCalendarDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : winAnsi(isoDate);
}

export function frenchShortDate(d: Date): string {
  return dateShort.format(d);
}

export function durationLabel(days: number): string {
  return days === 1 ? '1 jour' : `${days} jours`;
}

/*
 * The attestations use the PDF standard fonts (Helvetica), whose encoding is Windows-1252: no
 * font file to ship, and the text stays searchable and easy to check. Characters outside that set
 * (a Polish « ł », a Turkish « ğ », a narrow no-break space from Intl) are replaced by their closest
 * Latin form rather than printed as garbage.
 */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = { '\u202f': '\u00a0', '\u2009': ' ', '\u2010': '-', '\u2011': '-', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ø: 'o' };

function encodable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch) || ch === '\n';
}

export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (encodable(ch)) {
      out += ch;
      continue;
    }
    if (REPLACEMENTS[ch] !== undefined) {
      out += REPLACEMENTS[ch];
      continue;
    }
    // Decompose (ğ → g + breve), keep what the font can print, drop combining marks.
    const base = [...ch.normalize('NFKD')].filter((c) => encodable(c)).join('');
    out += base || '?';
  }
  return out;
}
