import PDFDocument from 'pdfkit';

export interface LetterData {
  adresse: string;
  motDePasse: string;
  imapHost: string;
  imapPort: number;
  smtpHost: string;
  webmailUrl: string;
  espaceUrl: string;
  telephone: string;
  date: Date;
  /** A new password after a reset (another title). */
  reinitialisation: boolean;
}

const MARGIN = 50;
const BLUE = '#08365e';
const GREY = '#4a4a4a';
const dateLong = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

// pdfkit's standard fonts write Windows-1252: other characters become their closest Latin form.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const encodable = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch) || ch === '\n';
};
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\u202f/g, '\u00a0')) out += encodable(ch) ? ch : [...ch.normalize('NFKD')].filter(encodable).join('') || '?';
  return out;
}

/**
 * The one-page French letter handed to the usager: their address, their initial password (to
 * change at first login, from their PIN space), how to read mail on a phone and a computer, who
 * to call. The same data gives the same document.
 */
export function renderLetter(l: LetterData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: 20, left: MARGIN, right: MARGIN },
    lang: 'fr-FR',
    info: { Title: winAnsi('Votre boîte aux lettres électronique'), Author: 'PIN', Creator: 'PIN', CreationDate: l.date, ModDate: l.date },
  });
  const width = doc.page.width - MARGIN * 2;
  const text = (t: string, opts: PDFKit.Mixins.TextOptions = {}) => doc.text(winAnsi(t), MARGIN, doc.y, { width, ...opts });
  const heading = (t: string) => {
    doc.moveDown(0.7);
    doc.font('Helvetica-Bold').fontSize(12.5).fillColor(BLUE);
    text(t);
    doc.moveDown(0.2);
    doc.font('Helvetica').fontSize(10.5).fillColor('#000000');
  };
  const item = (t: string) => text(`•  ${t}`, { indent: 8 });

  doc.font('Helvetica').fontSize(9).fillColor(GREY);
  text(`PIN — Plateforme d’Inclusion Numérique des Landes · le ${dateLong.format(l.date)}`);
  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(20).fillColor(BLUE);
  text(l.reinitialisation ? 'Votre nouveau mot de passe de messagerie' : 'Votre boîte aux lettres électronique');
  doc.moveDown(0.4);
  doc.font('Helvetica').fontSize(10.5).fillColor('#000000');
  text('Hébergée en Europe, sans publicité : vos messages et vos données ne sont jamais revendus ni réutilisés.');

  doc.moveDown(0.8);
  const boxTop = doc.y;
  doc.rect(MARGIN, boxTop, width, 74).lineWidth(1).strokeColor(BLUE).stroke();
  doc.y = boxTop + 12;
  doc.font('Helvetica').fontSize(10.5);
  text('Votre adresse', { indent: 12 });
  doc.font('Courier-Bold').fontSize(14);
  text(l.adresse, { indent: 12 });
  doc.font('Helvetica').fontSize(10.5);
  text('Votre mot de passe provisoire', { indent: 12 });
  doc.font('Courier-Bold').fontSize(14);
  text(l.motDePasse, { indent: 12 });
  doc.y = boxTop + 84;

  heading('1. Changez d’abord votre mot de passe');
  text(`Ce mot de passe provisoire ne permet pas encore de lire vos messages. Connectez-vous à votre espace PIN (${l.espaceUrl}), rubrique « Ma messagerie », et choisissez votre propre mot de passe (12 caractères au moins). Gardez-le pour vous : votre aidant n’a pas à le connaître.`);

  heading('2. Sur un téléphone');
  item('Ouvrez l’application « Mail » (iPhone) ou « Gmail » / « E-mail » (Android), puis « Ajouter un compte » et « Autre ».');
  item(`Adresse : ${l.adresse}. Serveur de réception (IMAP) : ${l.imapHost}, port ${l.imapPort}. Serveur d’envoi (SMTP) : ${l.smtpHost}.`);
  item('Mot de passe : créez dans votre espace PIN un « mot de passe d’application » pour ce téléphone, et saisissez-le ici.');

  heading('3. Sur un ordinateur');
  item(`Ouvrez ${l.webmailUrl} dans votre navigateur, ou ajoutez le compte dans Thunderbird ou Outlook avec les mêmes réglages que sur le téléphone.`);

  heading('Besoin d’aide ?');
  text(`Appelez le ${l.telephone} (du lundi au vendredi, 9 h – 17 h) ou retournez voir votre aidant numérique. Personne de PIN ne vous demandera jamais votre mot de passe, ni par téléphone ni par message.`);

  doc.moveDown(1);
  doc.font('Helvetica').fontSize(8.5).fillColor(GREY);
  text('Conservez ce courrier en lieu sûr, puis détruisez-le quand vous aurez choisi votre mot de passe.');
  doc.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
