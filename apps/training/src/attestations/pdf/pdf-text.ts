/**
 * Text helpers of the printed attestation (the approach of mandates' attestations, not its code:
 * services never import each other): French dates, and the PDF standard fonts' character set
 * (Windows-1252), other characters replaced by their closest Latin form.
 */

const dateLong = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** « 3 décembre 2026 » (Paris time). */
export function frenchDate(d: Date): string {
  return winAnsi(dateLong.format(d));
}

/** « 7 h », « 1 h 30 », « 14 h ». */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = { '\u202f': '\u00a0', '\u2009': ' ', '\u2010': '-', '\u2011': '-', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ø: 'o' };

function encodable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch) || ch === '\n';
}

export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (encodable(ch)) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else out += [...ch.normalize('NFKD')].filter((c) => encodable(c)).join('') || '?';
  }
  return out;
}
