import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { pdfText } from '@pin/testing';
import { qrRuns, renderCarnet } from './carnet.pdf';
import { PassCodes } from './pass-code';

const codes = new PassCodes('test-key-0123456789');
const passes = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ numero: from + i, code: codes.code(from + i) }));

/** The page content streams of a pdfkit document, inflated. */
function contentStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const dict = /<<((?:(?!<<|>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = dict.exec(raw); m; m = dict.exec(raw)) {
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    const data = pdf.subarray(m.index + m[0].length, m.index + m[0].length + length);
    out.push((/\/FlateDecode/.test(m[1]) ? inflateSync(data) : data).toString('latin1'));
  }
  return out.filter((s) => / re\b/.test(s));
}

/** Rasterizes the rectangles drawn inside one cell of the sheet (in points, top-left origin) and reads the QR code in it. */
function decodeCell(stream: string, cx: number, cy: number, w: number, h: number): string | null {
  const scale = 3;
  const W = Math.round(w * scale);
  const H = Math.round(h * scale);
  const rgba = new Uint8ClampedArray(W * H * 4).fill(255);
  for (const m of stream.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)) {
    const [x, y, rw, rh] = m.slice(1, 5).map(Number);
    if (x < cx || x >= cx + w || y < cy || y >= cy + h) continue;
    for (let py = Math.round((y - cy) * scale); py < Math.round((y - cy + rh) * scale); py++) {
      for (let px = Math.round((x - cx) * scale); px < Math.round((x - cx + rw) * scale); px++) {
        const i = (py * W + px) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
      }
    }
  }
  return jsQR(rgba, W, H)?.data ?? null;
}

describe('the printed carnet of a batch', () => {
  it('draws the QR matrix of the bare code, module for module', () => {
    const code = codes.code(1001);
    const { size, runs } = qrRuns(code);
    const expected = QRCode.create(code, { errorCorrectionLevel: 'M' }).modules;
    expect(size).toBe(expected.size);
    const drawn = new Set(runs.flatMap((r) => Array.from({ length: r.length }, (_, i) => `${r.row},${r.col + i}`)));
    for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) expect(drawn.has(`${row},${col}`)).toBe(expected.get(row, col) === 1);
  });

  it('prints 8 passes per A4 sheet with their codes, the funder, the value and the validity, in French', async () => {
    const list = passes(1001, 10);
    const pdf = await renderCarnet({ financeur: 'Département des Landes', valeurCentimes: 1000, valideJusquAu: '2027-12-31', passes: list });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    // pdfText reads the Windows-1252 bytes as Latin-1: « € » is 0x80 and « ’ » 0x92 there.
    text.flat = text.flat.replace(/\x80/g, '€').replace(/\x92/g, '’');
    expect(text.pages).toBe(2);
    for (const p of list) expect(text.flat).toContain(p.code);
    expect(text.flat).toContain('Pass Numérique');
    expect(text.flat).toContain('Département des Landes');
    expect(text.flat).toContain('10 €');
    expect(text.flat).toContain('valable jusqu’au 31/12/2027');
    expect(text.flat).toContain('À présenter dans un lieu labellisé #APTIC');
  });

  it('each QR code drawn on the sheet decodes to its pass code (what the redemption scanner reads)', async () => {
    const list = passes(5000, 8);
    const pdf = await renderCarnet({ financeur: 'CAF', valeurCentimes: 1000, valideJusquAu: '2027-12-31', passes: list });
    const [page] = contentStreams(pdf);
    const cellW = 595.28 / 2;
    const cellH = 841.89 / 4;
    const read = list.map((_, i) => decodeCell(page, (i % 2) * cellW, Math.floor(i / 2) * cellH, cellW, cellH));
    expect(read).toEqual(list.map((p) => p.code));
  });

  it('a file of 200 passes (the download unit) stays well under 1 MB', async () => {
    const pdf = await renderCarnet({ financeur: 'Département des Landes', valeurCentimes: 1500, valideJusquAu: '2027-12-31', passes: passes(9_999_999_000, 200) });
    expect(pdfText(pdf).pages).toBe(25);
    expect(pdf.length * 4 / 3).toBeLessThan(600_000);
  });
});
