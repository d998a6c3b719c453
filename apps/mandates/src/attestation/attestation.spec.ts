import { inflateSync } from 'node:zlib';
import { renderMandateAttestation, renderRevocationAttestation } from './attestation.pdf';
import type { MandateAttestationData } from './attestation.types';
import { winAnsi } from './pdf-format';
import { qrMatrix } from './qr-code';

/** Reads a pdfkit document back: page count, the text of its content streams, the squares drawn. */
function inspect(pdf: Buffer) {
  const raw = pdf.toString('latin1');
  const contents: string[] = [];
  const dict = /<<((?:(?!<<|>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = dict.exec(raw); m; m = dict.exec(raw)) {
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    const data = pdf.subarray(m.index + m[0].length, m.index + m[0].length + length);
    contents.push((/\/FlateDecode/.test(m[1]) ? inflateSync(data) : data).toString('latin1'));
  }
  const stream = contents.join('\n');
  const lines = [...stream.matchAll(/\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\]\s*TJ/g)].map((tj) =>
    [...tj[1].matchAll(/<([0-9a-f]*)>/g)].map((hex) => cp1252(Buffer.from(hex[1], 'hex'))).join(''),
  );
  const squares = [...stream.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)]
    .map((r) => r.slice(1, 5).map(Number))
    .filter(([, , w, hgt]) => w === hgt && w < 5);
  return { pages: (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length, lines, text: lines.join('\n'), flat: lines.join('').replace(/\s+/g, ' '), squares };
}

// Node's TextDecoder treats windows-1252 as Latin-1: the 0x80–0x9f range (’, —, œ, €…) is decoded here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const cp1252 = (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

/** The QR code's modules rebuilt from the squares drawn (its top-left module is always dark). */
function qrFromSquares(squares: number[][], size: number): boolean[][] {
  const cell = squares[0][2];
  const x0 = Math.min(...squares.map((s) => s[0]));
  const y0 = Math.min(...squares.map((s) => s[1]));
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [x, y] of squares) grid[Math.round((y - y0) / cell)][Math.round((x - x0) / cell)] = true;
  return grid;
}

const ALL_DEMARCHES = [
  ['papiers', 'Papiers - Citoyenneté'],
  ['famille', 'Famille - Scolarité'],
  ['social', 'Social - Santé'],
  ['travail', 'Travail - Formation'],
  ['logement', 'Logement'],
  ['transports', 'Transports'],
  ['argent', 'Argent - Impôts - Consommation'],
  ['justice', 'Justice'],
  ['etranger', 'Étranger - Europe'],
  ['loisirs', 'Loisirs - Sports - Culture'],
].map(([slug, label]) => ({ slug, label }));

const URL = 'https://pin.landes.fr/verifier/mv1.3f9a2c0e-6b1d-4b8e-9d65-0e8b5f2a1c44.Zx8kQ2vN5pLr7TbY0aWcHg';

const mandate = (over: Partial<MandateAttestationData> = {}): MandateAttestationData => ({
  mandatId: '3f9a2c0e-6b1d-4b8e-9d65-0e8b5f2a1c44',
  usager: { nom: 'Dupont', prenoms: 'Marie Jeanne', dateNaissance: '1950-03-02', lieuNaissance: 'Mont-de-Marsan' },
  aidant: { nom: 'Alex Aidant' },
  structure: { nom: '[Démo] Médiathèque du Marsan', commune: 'Mont-de-Marsan' },
  demarches: [ALL_DEMARCHES[0], ALL_DEMARCHES[6]],
  dureeJours: 365,
  debut: new Date('2026-11-23T13:05:00Z'),
  fin: new Date('2027-11-23T13:05:00Z'),
  consentementLe: new Date('2026-11-23T13:04:00Z'),
  codeReclamation: 'K7QF-3XMP-9TRA',
  verificationUrl: URL,
  editeLe: new Date('2026-11-23T13:06:00Z'),
  ...over,
});

describe('printed mandate attestation', () => {
  it('is a one-page French PDF with the parties, the scope, the dates, the legal basis, the code and the verification URL', async () => {
    const pdf = await renderMandateAttestation(mandate());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text, flat } = inspect(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Mandat d’aide aux démarches administratives');
    expect(flat).toContain('DUPONT Marie Jeanne, né(e) le 02/03/1950 à Mont-de-Marsan');
    expect(flat).toContain('Alex Aidant');
    expect(flat).toContain('[Démo] Médiathèque du Marsan (Mont-de-Marsan)');
    expect(text).toContain('Papiers - Citoyenneté');
    expect(text).toContain('Argent - Impôts - Consommation');
    expect(text).not.toContain('Justice');
    // Paris time: 13:05 UTC is 14 h 05 in November.
    expect(flat).toContain('Du 23 novembre 2026 à 14 h 05 au 23 novembre 2027 à 14 h 05 (365 jours)');
    expect(flat).toContain('recueilli son consentement, en sa présence, le 23 novembre 2026 à 14 h 04');
    expect(flat).toContain('articles 1984 et suivants du Code civil');
    expect(flat).toContain('article 6, paragraphe 1');
    expect(flat).toContain('RGPD');
    expect(flat).toContain('Aidants Connect');
    expect(text).toContain('K7QF-3XMP-9TRA');
    expect(flat).toContain(URL);
    // Where the usager goes with the code: the same site's « Mes mandats ».
    expect(flat).toContain(`rendez-vous sur ${URL.replace(/\/verifier\/.*$/, '')}/app/mes-mandats`);
  });

  it('draws the QR code of the verification URL', async () => {
    const { squares } = inspect(await renderMandateAttestation(mandate()));
    const expected = qrMatrix(URL);
    expect(squares.length).toBe(expected.flat().filter(Boolean).length);
    expect(qrFromSquares(squares, expected.length)).toEqual(expected);
    // Another URL would give another pattern: the comparison is meaningful.
    expect(qrMatrix(`${URL}x`)).not.toEqual(expected);
  });

  it('keeps all ten démarches, long names and no claim code on one page', async () => {
    const long = 'Marie-Amélie Bénédicte Geneviève Françoise Hortense Éléonore Anne-Sophie';
    const pdf = await renderMandateAttestation(
      mandate({
        demarches: ALL_DEMARCHES,
        usager: { nom: 'De La Tour d’Auvergne-Lauraguais-Castelnau', prenoms: long, dateNaissance: '1932-12-31', lieuNaissance: 'Saint-Martin-de-Seignanx (Landes, France)' },
        structure: { nom: 'Centre communal d’action sociale de la communauté d’agglomération du Grand Dax', commune: 'Saint-Paul-lès-Dax' },
        codeReclamation: null,
        empreinte: 'f'.repeat(64),
      }),
    );
    const { pages, text } = inspect(pdf);
    expect(pages).toBe(1);
    for (const d of ALL_DEMARCHES) expect(text).toContain(d.label);
    expect(text).not.toContain('usage unique');
    expect(text).toContain('f'.repeat(64));
    // The longest variant: the same with a claim code as well.
    const withCode = inspect(
      await renderMandateAttestation(
        mandate({
          demarches: ALL_DEMARCHES,
          usager: { nom: 'De La Tour d’Auvergne-Lauraguais-Castelnau', prenoms: long, dateNaissance: '1932-12-31', lieuNaissance: 'Saint-Martin-de-Seignanx (Landes, France)' },
          structure: { nom: 'Centre communal d’action sociale de la communauté d’agglomération du Grand Dax', commune: 'Saint-Paul-lès-Dax' },
          empreinte: 'f'.repeat(64),
        }),
      ),
    );
    expect(withCode.pages).toBe(1);
    expect(withCode.text).toContain('K7QF-3XMP-9TRA');
  });

  it('prints 1-day mandates and names outside the standard font’s character set legibly', async () => {
    const { flat } = inspect(
      await renderMandateAttestation(mandate({ dureeJours: 1, fin: new Date('2026-11-24T13:05:00Z'), usager: { nom: 'Wałęsa', prenoms: 'Gökhan', dateNaissance: '1970-01-01', lieuNaissance: 'Gdańsk' } })),
    );
    expect(flat).toContain('(1 jour)');
    expect(flat).toContain('WALESA Gökhan, né(e) le 01/01/1970 à Gdansk');
    expect(winAnsi('Œuvre « 14\u202f:05 » – ok')).toBe('Œuvre « 14\u00a0:05 » – ok');
  });

  it('gives the same bytes for the same data', async () => {
    expect((await renderMandateAttestation(mandate())).equals(await renderMandateAttestation(mandate()))).toBe(true);
  });
});

describe('printed revocation attestation', () => {
  const base = {
    mandatId: '3f9a2c0e-6b1d-4b8e-9d65-0e8b5f2a1c44',
    usager: { nom: 'Dupont', prenoms: 'Marie', dateNaissance: '1950-03-02', lieuNaissance: 'Dax' },
    aidant: { nom: 'Alex Aidant' },
    structure: { nom: '[Démo] Médiathèque du Marsan', commune: 'Mont-de-Marsan' },
    revoqueLe: new Date('2026-12-01T09:30:00Z'),
    debut: new Date('2026-11-23T13:05:00Z'),
    fin: new Date('2027-11-23T13:05:00Z'),
    verificationUrl: URL,
    editeLe: new Date('2026-12-01T09:31:00Z'),
  };

  it('states a whole revocation by the usager, its date and its immediate effect, on one page', async () => {
    const pdf = await renderRevocationAttestation({ ...base, revoquePar: { role: 'usager', nom: 'Marie Dupont' }, demarchesRevoquees: ALL_DEMARCHES, demarchesMaintenues: [] });
    const { pages, text, flat, squares } = inspect(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Attestation de révocation de mandat');
    expect(flat).toContain('révoqué le 1 décembre 2026 à 10 h 30, par le mandant lui-même (Marie Dupont)');
    expect(flat).toContain('l’ensemble du mandat');
    expect(flat).toContain('effet immédiatement');
    for (const d of ALL_DEMARCHES) expect(text).toContain(d.label);
    expect(flat).toContain(URL);
    expect(qrFromSquares(squares, qrMatrix(URL).length)).toEqual(qrMatrix(URL));
  });

  it('lists what stays covered after a partial revocation by an aidant', async () => {
    const pdf = await renderRevocationAttestation({ ...base, revoquePar: { role: 'aidant', nom: 'Alex Aidant' }, demarchesRevoquees: [ALL_DEMARCHES[7]], demarchesMaintenues: [ALL_DEMARCHES[0]] });
    const { pages, text, flat } = inspect(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Attestation de révocation partielle de mandat');
    expect(flat).toContain('par Alex Aidant, aidant de la structure');
    expect(flat).toMatch(/révocation porte sur les démarches suivantes :\s*• Justice/);
    expect(flat).toMatch(/reste en vigueur, jusqu’à sa date de fin, pour les démarches suivantes :\s*• Papiers - Citoyenneté/);
  });
});
