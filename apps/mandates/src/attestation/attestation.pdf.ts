import PDFDocument from 'pdfkit';
import type { AttestationDemarche, AttestationParties, MandateAttestationData, RevocationAttestationData } from './attestation.types';
import { durationLabel, frenchCalendarDate, frenchDate, frenchDateTime, winAnsi } from './pdf-format';
import { drawQrCode } from './qr-code';

/*
 * One-page A4 attestations in French, drawn with pdfkit's standard fonts. Pure functions: the
 * same data gives the same document (the dates in the metadata come from the data).
 */

const MARGIN = 48;
const BLUE = '#08365e';
const GREY = '#4a4a4a';
const BODY = 9.5;
const QR_SIZE = 118;

export const LEGAL_BASIS = [
  'Le présent mandat est un mandat au sens des articles 1984 et suivants du Code civil : le mandataire accomplit, au nom et pour le compte du mandant, les seules démarches énumérées ci-dessus, pendant la durée indiquée. Il est gratuit.',
  'Les données personnelles du mandant sont traitées sur le fondement de l’article 6, paragraphe 1, points a) et b) du règlement (UE) 2016/679 (RGPD) : consentement du mandant et exécution du présent mandat. Elles sont conservées au plus trois ans après la fin du dernier mandat. Le mandant peut y accéder, les faire rectifier ou effacer auprès de la structure.',
  'Ce mandat suit le modèle du mandat Aidants Connect de l’Agence nationale de la cohésion des territoires. Chaque utilisation est inscrite dans un journal infalsifiable que le mandant peut consulter dans son espace PIN.',
].join('\n');

export const CONSENT_STATEMENT =
  'L’aidant atteste avoir vérifié l’identité du mandant sur présentation d’une pièce d’identité, l’avoir informé de la portée du présent mandat, de l’utilisation de ses données et de son droit de le révoquer à tout moment, et avoir recueilli son consentement, en sa présence, le';

function newDocument(title: string, editeLe: Date): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: 24, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    info: { Title: winAnsi(title), Author: 'PIN — Plateforme d’Inclusion Numérique des Landes', Creator: 'PIN', CreationDate: editeLe, ModDate: editeLe },
  });
}

/** Collects the document's bytes; a second page would mean the layout broke: refuse it. */
function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
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

const width = (doc: PDFKit.PDFDocument) => doc.page.width - MARGIN * 2;

function header(doc: PDFKit.PDFDocument, title: string, mandatId: string, editeLe: Date): void {
  doc.font('Helvetica').fontSize(8.5).fillColor(GREY).text(winAnsi('PIN — Plateforme d’Inclusion Numérique des Landes'), MARGIN, MARGIN);
  doc.moveDown(0.3);
  doc.font('Helvetica-Bold').fontSize(17).fillColor(BLUE).text(winAnsi(title));
  doc.moveDown(0.2);
  doc.font('Helvetica').fontSize(8.5).fillColor(GREY).text(winAnsi(`Mandat n° ${mandatId} · document édité le ${frenchDateTime(editeLe)}`));
  const y = doc.y + 6;
  doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(1).strokeColor(BLUE).stroke();
  doc.y = y + 4;
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  doc.moveDown(0.45);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(BLUE).text(winAnsi(title), MARGIN, doc.y, { width: width(doc) });
  doc.moveDown(0.25);
  body(doc);
}

function body(doc: PDFKit.PDFDocument): void {
  doc.font('Helvetica').fontSize(BODY).fillColor('#000000');
}

function paragraph(doc: PDFKit.PDFDocument, text: string, opts: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(winAnsi(text), MARGIN, doc.y, { width: width(doc), ...opts });
}

const LABEL_WIDTH = 165;

/** A bold label in a left column, its value beside it (pdfkit's `continued` text misplaces a change of font). */
function field(doc: PDFKit.PDFDocument, label: string, value: string): void {
  const top = doc.y;
  doc.font('Helvetica-Bold').text(winAnsi(label), MARGIN, top, { width: LABEL_WIDTH - 8 });
  const labelBottom = doc.y;
  doc.font('Helvetica').text(winAnsi(value), MARGIN + LABEL_WIDTH, top, { width: width(doc) - LABEL_WIDTH });
  doc.x = MARGIN;
  doc.y = Math.max(labelBottom, doc.y) + 3;
}

function parties(doc: PDFKit.PDFDocument, p: AttestationParties): void {
  section(doc, 'Les parties');
  const u = p.usager;
  field(doc, 'Le mandant (usager)', `${u.nom.toLocaleUpperCase('fr-FR')} ${u.prenoms}, né(e) le ${frenchCalendarDate(u.dateNaissance)} à ${u.lieuNaissance}`);
  field(doc, 'Le mandataire (aidant habilité)', `${p.aidant.nom}, aidant numérique habilité, agissant pour la structure ci-dessous`);
  field(doc, 'La structure', p.structure.commune ? `${p.structure.nom} (${p.structure.commune})` : p.structure.nom);
}

/** Démarches in two columns, so that all ten fit on the page. */
function demarchesList(doc: PDFKit.PDFDocument, demarches: AttestationDemarche[]): void {
  const colWidth = width(doc) / 2;
  const half = Math.ceil(demarches.length / 2);
  const top = doc.y;
  let bottom = top;
  demarches.forEach((d, i) => {
    const col = i < half ? 0 : 1;
    const row = col === 0 ? i : i - half;
    const y = top + row * (BODY + 5);
    doc.font('Helvetica').text(winAnsi(`•  ${d.label}`), MARGIN + 8 + col * colWidth, y, { width: colWidth - 12, lineBreak: false });
    bottom = Math.max(bottom, y + BODY + 5);
  });
  doc.x = MARGIN;
  doc.y = bottom;
}

/** The QR code on the left, what it is for on the right. */
function verification(doc: PDFKit.PDFDocument, url: string, intro: string, empreinte?: string | null): void {
  section(doc, 'Vérifier ce document');
  const top = doc.y;
  drawQrCode(doc, url, MARGIN - 6, top - 4, QR_SIZE);
  const x = MARGIN + QR_SIZE + 4;
  const w = width(doc) - QR_SIZE - 4;
  body(doc);
  doc.text(winAnsi(intro), x, top + 6, { width: w });
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').text(winAnsi('Adresse de vérification :'), x, doc.y, { width: w });
  doc.font('Courier').fontSize(8).text(url, x, doc.y, { width: w });
  if (empreinte) {
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(8).fillColor(GREY).text(winAnsi('Empreinte de l’inscription au journal :'), x, doc.y, { width: w });
    doc.font('Courier').fontSize(7).text(winAnsi(empreinte), x, doc.y, { width: w });
  }
  doc.moveDown(0.4);
  doc.font('Helvetica').fontSize(8).fillColor(GREY).text(winAnsi('La page de vérification fait foi : ce papier seul ne prouve pas que le mandat est toujours en vigueur.'), x, doc.y, { width: w });
  doc.x = MARGIN;
  doc.y = Math.max(doc.y, top + QR_SIZE - 4);
  body(doc);
}

function signatures(doc: PDFKit.PDFDocument, left: string, right: string): void {
  doc.moveDown(0.8);
  const top = doc.y;
  const w = width(doc) / 2 - 10;
  doc.font('Helvetica-Bold').fontSize(BODY).fillColor('#000000');
  doc.text(winAnsi(left), MARGIN, top, { width: w });
  doc.text(winAnsi(right), MARGIN + w + 20, top, { width: w });
  doc.rect(MARGIN, top + 14, w, 40).lineWidth(0.5).strokeColor(GREY).stroke();
  doc.rect(MARGIN + w + 20, top + 14, w, 40).lineWidth(0.5).strokeColor(GREY).stroke();
  doc.x = MARGIN;
  doc.y = top + 56;
}

export function renderMandateAttestation(m: MandateAttestationData): Promise<Buffer> {
  const doc = newDocument('Mandat d’aide aux démarches administratives', m.editeLe);
  header(doc, 'Mandat d’aide aux démarches administratives', m.mandatId, m.editeLe);
  parties(doc, m);

  section(doc, 'Démarches couvertes par le mandat');
  paragraph(doc, 'Le mandant autorise le mandataire, au sein de la structure ci-dessus, à réaliser en son nom les démarches administratives en ligne des domaines suivants, et elles seules :');
  doc.moveDown(0.3);
  demarchesList(doc, m.demarches);

  section(doc, 'Durée');
  paragraph(doc, `Du ${frenchDateTime(m.debut)} au ${frenchDateTime(m.fin)} (${durationLabel(m.dureeJours)}). Le mandat prend fin à cette date sans renouvellement tacite : un nouveau mandat demande un nouveau consentement. Le mandant comme la structure peuvent le révoquer à tout moment, avec effet immédiat.`);

  section(doc, 'Consentement du mandant');
  paragraph(doc, `${CONSENT_STATEMENT} ${frenchDateTime(m.consentementLe)}.`);

  section(doc, 'Cadre juridique');
  paragraph(doc, LEGAL_BASIS, { paragraphGap: 3 });

  if (m.codeReclamation) {
    section(doc, 'Votre espace personnel');
    paragraph(doc, `Pour consulter vos mandats et le journal de leurs utilisations, et révoquer ce mandat vous-même : rendez-vous sur ${spaceUrl(m.verificationUrl)}, connectez-vous à votre compte PIN, puis saisissez ce code à usage unique :`, { continued: false });
    doc.moveDown(0.2);
    doc.font('Courier-Bold').fontSize(14).fillColor('#000000').text(winAnsi(m.codeReclamation), MARGIN + 8, doc.y);
    body(doc);
  }

  verification(doc, m.verificationUrl, 'Scannez ce QR code ou saisissez l’adresse ci-dessous : la page publique indique si le mandat est valide, révoqué ou expiré, et les démarches couvertes, sans aucune donnée personnelle.', m.empreinte);
  signatures(doc, 'Signature du mandant', 'Signature et cachet de l’aidant');
  return finish(doc);
}

export function renderRevocationAttestation(r: RevocationAttestationData): Promise<Buffer> {
  const whole = r.demarchesMaintenues.length === 0;
  const title = whole ? 'Attestation de révocation de mandat' : 'Attestation de révocation partielle de mandat';
  const doc = newDocument(title, r.editeLe);
  header(doc, title, r.mandatId, r.editeLe);
  parties(doc, r);

  section(doc, 'Révocation');
  const by = r.revoquePar.role === 'usager' ? `par le mandant lui-même (${r.revoquePar.nom}), depuis son espace PIN` : `par ${r.revoquePar.nom}, aidant de la structure`;
  paragraph(doc, `Le mandat établi pour la période du ${frenchDate(r.debut)} au ${frenchDate(r.fin)} a été révoqué le ${frenchDateTime(r.revoqueLe)}, ${by}.`);
  doc.moveDown(0.3);
  paragraph(doc, whole ? 'La révocation porte sur l’ensemble du mandat, c’est-à-dire sur les démarches suivantes :' : 'La révocation porte sur les démarches suivantes :');
  doc.moveDown(0.3);
  demarchesList(doc, r.demarchesRevoquees);
  if (!whole) {
    doc.moveDown(0.3);
    paragraph(doc, 'Le mandat reste en vigueur, jusqu’à sa date de fin, pour les démarches suivantes :');
    doc.moveDown(0.3);
    demarchesList(doc, r.demarchesMaintenues);
  }

  section(doc, 'Effets');
  paragraph(doc, `La révocation a pris effet immédiatement : depuis le ${frenchDateTime(r.revoqueLe)}, l’aidant et la structure ne peuvent plus agir au nom du mandant pour ${whole ? 'aucune de ces démarches' : 'les démarches révoquées'}. Toute tentative est refusée et inscrite au journal du mandant. Une nouvelle aide demandera un nouveau mandat, avec un nouveau consentement.`);

  section(doc, 'Cadre juridique');
  paragraph(doc, 'Le mandant peut révoquer son mandat quand bon lui semble (article 2004 du Code civil). Cette révocation est inscrite au journal infalsifiable du mandant, qu’il peut consulter dans son espace PIN.');

  verification(doc, r.verificationUrl, whole ? 'Scannez ce QR code ou saisissez l’adresse ci-dessous : la page publique indique que le mandat est révoqué, sans aucune donnée personnelle.' : 'Scannez ce QR code ou saisissez l’adresse ci-dessous : la page publique indique les démarches encore couvertes, sans aucune donnée personnelle.');
  return finish(doc);
}

/** The usager's space, on the same site as the verification page printed on the attestation. */
function spaceUrl(verificationUrl: string): string {
  const base = verificationUrl.replace(/\/verifier\/[^/]*$/, '');
  return `${base || ''}/app/mes-mandats`;
}
