import { create } from 'qrcode';

/** Error correction M (15 %): survives a crease or a stain on a printed sheet. */
export const QR_OPTIONS = { errorCorrectionLevel: 'M' } as const;

/** The dark modules of the QR code of `text`, row by row (true = dark). */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = create(text, QR_OPTIONS);
  return Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1));
}

/**
 * Draws the QR code as vector squares (sharp at any print resolution, no image decoder needed),
 * inside a white quiet zone of 4 modules; `size` is the total width including that zone.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(text);
  const modules = matrix.length + 8;
  const cell = size / modules;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
    }),
  );
  doc.fill('#000000');
  doc.restore();
}
