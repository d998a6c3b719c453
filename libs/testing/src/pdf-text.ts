import { inflateSync } from 'node:zlib';

/** Windows-1252's 0x80–0x9F (where it differs from Latin-1: €, ’, «…). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const decode = (hex: string) => [...Buffer.from(hex, 'hex')].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

/** The text pdfkit drew (standard fonts: hex strings in Windows-1252), one line per text run, and the page count. */
export function pdfText(pdf: Buffer): { pages: number; flat: string } {
  const raw = pdf.toString('latin1');
  const contents: string[] = [];
  const dict = /<<((?:(?!<<|>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = dict.exec(raw); m; m = dict.exec(raw)) {
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    const data = pdf.subarray(m.index + m[0].length, m.index + m[0].length + length);
    contents.push((/\/FlateDecode/.test(m[1]) ? inflateSync(data) : data).toString('latin1'));
  }
  const lines = [...contents.join('\n').matchAll(/\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\]\s*TJ/g)].map((tj) => [...tj[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => decode(h[1])).join(''));
  return { pages: (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length, flat: lines.join('\n') };
}

/** The provisional password printed on the letter (three groups of five characters). */
export function passwordOnLetter(pdf: Buffer): string {
  const m = /\b([A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5})\b/.exec(pdfText(pdf).flat);
  if (!m) throw new Error('no password on the letter');
  return m[1];
}
