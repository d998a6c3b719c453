import PDFDocument from 'pdfkit';
import { create } from 'qrcode';
import { durationLabel, frenchDate, winAnsi } from './pdf-text';

export interface TrainingAttestationData {
  code: string;
  titulaire: string;
  type: 'module' | 'parcours';
  intitule: string;
  dureeMinutes: number;
  /** Modules of a path (title, duration), or the objectives of a module. */
  contenu: string[];
  requisHabilitation: boolean;
  delivreeLe: Date;
  verificationUrl: string;
}

const MARGIN = 56;
const BLUE = '#08365e';
const GREY = '#4a4a4a';
const QR_SIZE = 110;

/** One A4 page in French, pdfkit's standard fonts; the same data gives the same document. */
export function renderTrainingAttestation(a: TrainingAttestationData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: 24, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    info: { Title: winAnsi(`Attestation de formation ${a.code}`), Author: winAnsi('PIN — Plateforme d’Inclusion Numérique des Landes'), Creator: 'PIN', CreationDate: a.delivreeLe, ModDate: a.delivreeLe },
  });
  const width = doc.page.width - MARGIN * 2;
  const text = (t: string, opts: PDFKit.Mixins.TextOptions = {}) => doc.text(winAnsi(t), MARGIN, doc.y, { width, ...opts });

  doc.font('Helvetica').fontSize(9).fillColor(GREY);
  text('PIN — Plateforme d’Inclusion Numérique des Landes · réseau départemental de l’inclusion numérique');
  doc.moveDown(1.2);
  doc.font('Helvetica-Bold').fontSize(22).fillColor(BLUE);
  text('Attestation de formation');
  const y = doc.y + 6;
  doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(1).strokeColor(BLUE).stroke();
  doc.y = y + 18;

  doc.font('Helvetica').fontSize(11).fillColor('#000000');
  text('Le réseau d’inclusion numérique des Landes atteste que');
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(16);
  text(a.titulaire, { align: 'center' });
  doc.moveDown(0.6);
  doc.font('Helvetica').fontSize(11);
  text(`a suivi ${a.type === 'parcours' ? 'le parcours' : 'le module'} de formation « ${a.intitule} » (${durationLabel(a.dureeMinutes)}) du référentiel de formation des aidants et médiateurs numériques des Landes.`);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(BLUE);
  text(a.type === 'parcours' ? 'Modules suivis' : 'Objectifs du module');
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(10).fillColor('#000000');
  for (const line of a.contenu) text(`•  ${line}`, { indent: 8 });
  if (a.requisHabilitation) {
    doc.moveDown(0.8);
    text('Ce parcours est celui que demande l’habilitation à agir par mandat (type Aidants Connect) : il est pris en compte sans autre démarche dans la demande d’habilitation faite par le référent de la structure.');
  }
  doc.moveDown(0.8);
  text(`Délivrée le ${frenchDate(a.delivreeLe)}.`);

  doc.moveDown(1.2);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(BLUE);
  text('Vérifier cette attestation');
  doc.moveDown(0.3);
  const top = doc.y;
  drawQrCode(doc, a.verificationUrl, MARGIN - 6, top - 4, QR_SIZE);
  const x = MARGIN + QR_SIZE + 6;
  const w = width - QR_SIZE - 6;
  doc.font('Helvetica').fontSize(10).fillColor('#000000').text(winAnsi('Code de vérification :'), x, top + 6, { width: w });
  doc.font('Courier-Bold').fontSize(14).text(a.code, x, doc.y, { width: w });
  doc.moveDown(0.3);
  doc.font('Courier').fontSize(8).text(a.verificationUrl, x, doc.y, { width: w });
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(8).fillColor(GREY).text(winAnsi('La page de vérification indique l’intitulé, la date et la validité de l’attestation, sans aucune donnée personnelle.'), x, doc.y, { width: w });

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const pages = doc.bufferedPageRange().count;
    if (pages !== 1) {
      reject(new Error(`attestation sur ${pages} pages au lieu d’une`));
      return;
    }
    doc.end();
  });
}

/** The QR code as vector squares inside a white quiet zone of 4 modules; `size` includes that zone. */
function drawQrCode(doc: PDFKit.PDFDocument, value: string, x: number, y: number, size: number): void {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 8);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c) === 1) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
  doc.fill('#000000');
  doc.restore();
}
