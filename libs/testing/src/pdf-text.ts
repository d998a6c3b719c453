import { inflateSync } from 'node:zlib';

/** The text pdfkit drew (hex strings in Windows-1252), flattened. */
export function pdfText(pdf: Buffer): { pages: number; flat: string } {
  const raw = pdf.toString('latin1');
  const contents: string[] = [];
  const dict = /<<((?:(?!<<|>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = dict.exec(raw); m; m = dict.exec(raw)) {
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    const data = pdf.subarray(m.index + m[0].length, m.index + m[0].length + length);
    contents.push((/\/FlateDecode/.test(m[1]) ? inflateSync(data) : data).toString('latin1'));
  }
  const lines = [...contents.join('\n').matchAll(/\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\]\s*TJ/g)].map((tj) => [...tj[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
  return { pages: (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length, flat: lines.join('\n') };
}

/** The provisional password printed on the letter (three groups of five characters). */
export function passwordOnLetter(pdf: Buffer): string {
  const m = /\b([A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5})\b/.exec(pdfText(pdf).flat);
  if (!m) throw new Error('no password on the letter');
  return m[1];
}
