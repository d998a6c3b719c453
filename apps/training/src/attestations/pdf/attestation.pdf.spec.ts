import { inflateSync } from 'node:zlib';
import { renderTrainingAttestation, type TrainingAttestationData } from './attestation.pdf';
import { durationLabel, winAnsi } from './pdf-text';

/** Page count and the text drawn (pdfkit writes text as hex strings in Windows-1252). */
function inspect(pdf: Buffer) {
  const raw = pdf.toString('latin1');
  const contents: string[] = [];
  const dict = /<<((?:(?!<<|>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = dict.exec(raw); m; m = dict.exec(raw)) {
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    const data = pdf.subarray(m.index + m[0].length, m.index + m[0].length + length);
    contents.push((/\/FlateDecode/.test(m[1]) ? inflateSync(data) : data).toString('latin1'));
  }
  const lines = [...contents.join('\n').matchAll(/\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\]\s*TJ/g)].map((tj) => [...tj[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
  return { pages: (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length, flat: lines.join('').replace(/\s+/g, ' ') };
}

const data: TrainingAttestationData = {
  code: 'F-ABCDE-FGHJK',
  titulaire: 'Alex Aidant',
  type: 'parcours',
  intitule: 'Parcours aidant 7 h',
  dureeMinutes: 420,
  contenu: ['Enjeux sociétaux de l’inclusion numérique (1 h)', 'Cadre juridique de l’intervention (1 h 30)', 'Données personnelles et sécurité (1 h 30)', 'Savoir-être et posture d’accompagnement (1 h)', 'Diagnostic de premier niveau (2 h)'],
  requisHabilitation: true,
  delivreeLe: new Date('2026-12-03T10:00:00Z'),
  verificationUrl: 'https://pin.example.fr/app/formations/verifier/F-ABCDE-FGHJK',
};

describe('printed training attestation', () => {
  it('is one page in French with the holder, the path, its modules, the date and the verification code', async () => {
    const pdf = await renderTrainingAttestation(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, flat } = inspect(pdf);
    expect(pages).toBe(1);
    for (const expected of ['Attestation de formation', 'Alex Aidant', 'Parcours aidant 7 h', 'Diagnostic de premier niveau', '3 décembre 2026', 'F-ABCDE-FGHJK', 'habilitation']) {
      expect(flat.replace(/\s+/g, '')).toContain(winAnsi(expected).replace(/\s+/g, ''));
    }
  });

  it('is the same document for the same data', async () => {
    expect((await renderTrainingAttestation(data)).equals(await renderTrainingAttestation(data))).toBe(true);
  });

  it('labels durations the French way', () => {
    expect([durationLabel(420), durationLabel(90), durationLabel(45), durationLabel(840)]).toEqual(['7 h', '1 h 30', '45 min', '14 h']);
  });
});
