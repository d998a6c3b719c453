import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export interface CarnetPass {
  numero: number;
  code: string;
}

export interface CarnetData {
  financeur: string;
  valeurCentimes: number;
  /** YYYY-MM-DD */
  valideJusquAu: string;
  passes: readonly CarnetPass[];
}

/** A4 in points, 2 × 4 passes per sheet, each cut along the dashed lines. */
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const COLS = 2;
const ROWS = 4;
export const PASSES_PER_SHEET = COLS * ROWS;
const CELL_W = PAGE_W / COLS;
const CELL_H = PAGE_H / ROWS;
/** 80 pt ≈ 28 mm: comfortably above the 25 mm a phone camera reads at arm's length. */
const QR_SIZE = 80;
const BLUE = '#08365e';
const GREY = '#4a4a4a';

// pdfkit's standard fonts write Windows-1252: other characters become their closest Latin form.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const encodable = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch);
};
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\u202f/g, '\u00a0')) out += encodable(ch) ? ch : [...ch.normalize('NFKD')].filter(encodable).join('') || '?';
  return out;
}

/** A dark run of a QR row: `row`, from column `col`, `length` modules long. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

/**
 * The QR code of a pass as horizontal runs of dark modules (the vector drawing: one rectangle per
 * run, a few kB per pass instead of an image). The QR carries the bare code, which is what the
 * redemption page's scanner and manual entry both verify.
 */
export function qrRuns(text: string): { size: number; runs: QrRun[] } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}

const euros = (centimes: number) => `${(centimes / 100).toLocaleString('fr-FR', { minimumFractionDigits: centimes % 100 ? 2 : 0, maximumFractionDigits: 2 })} €`;
const frDay = (iso: string) => iso.split('-').reverse().join('/');

function drawPass(doc: PDFKit.PDFDocument, x: number, y: number, p: CarnetPass, d: CarnetData) {
  const text = (s: string, top: number, font: string, size: number, color = '#000000') =>
    doc.font(font).fontSize(size).fillColor(color).text(winAnsi(s), x + 10, y + top, { width: CELL_W - 20, align: 'center', lineBreak: false });
  text('Pass Numérique', 12, 'Helvetica-Bold', 13, BLUE);
  text(d.financeur.length > 60 ? `${d.financeur.slice(0, 59)}…` : d.financeur, 29, 'Helvetica', 9, GREY);
  text(euros(d.valeurCentimes), 42, 'Helvetica-Bold', 20);
  text(`valable jusqu’au ${frDay(d.valideJusquAu)}`, 66, 'Helvetica', 8.5);
  const { size, runs } = qrRuns(p.code);
  const m = QR_SIZE / size;
  const qx = x + (CELL_W - QR_SIZE) / 2;
  const qy = y + 81;
  for (const r of runs) doc.rect(qx + r.col * m, qy + r.row * m, r.length * m, m);
  doc.fillColor('#000000').fill();
  text(p.code, qy - y + QR_SIZE + 5, 'Courier-Bold', 9.5);
  text('À présenter dans un lieu labellisé #APTIC', qy - y + QR_SIZE + 20, 'Helvetica', 8, GREY);
}

function drawCutLines(doc: PDFKit.PDFDocument) {
  doc.save().lineWidth(0.5).strokeColor('#9a9a9a').dash(4, { space: 3 });
  for (let c = 1; c < COLS; c++) doc.moveTo(c * CELL_W, 0).lineTo(c * CELL_W, PAGE_H);
  for (let r = 1; r < ROWS; r++) doc.moveTo(0, r * CELL_H).lineTo(PAGE_W, r * CELL_H);
  doc.stroke().undash().restore();
}

/** The printable carnet: A4 sheets of 8 passes (2 × 4) with cut lines, each with its QR code and code. */
export function renderCarnet(d: CarnetData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: winAnsi(`Pass Numérique — ${d.financeur}`), Author: 'PIN' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (let i = 0; i < d.passes.length; i++) {
    const slot = i % PASSES_PER_SHEET;
    if (slot === 0) {
      doc.addPage();
      drawCutLines(doc);
    }
    drawPass(doc, (slot % COLS) * CELL_W, Math.floor(slot / COLS) * CELL_H, d.passes[i], d);
  }
  doc.end();
  return done;
}
