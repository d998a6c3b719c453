import { createHash } from 'node:crypto';
import { DEMO_STRUCTURES, DOSSIER_PIECE_MAX_BYTES } from '@pin/contracts';
import { MandatesHarness } from './mandates.harness';
import { eventually } from './platform.harness';

// Pieces (evidence files) of a label dossier through the gateway, on the real platform (dev-idp,
// directory, mandates, training, labelling and gateway from dist/, PostgreSQL, NATS, Redis): the
// multipart upload is streamed to the labelling service's internal file port (never NATS), typed
// from its magic bytes; removal is a declared route; both are journaled; the animateur downloads.
jest.setTimeout(240_000);

const MDM = DEMO_STRUCTURES.montDeMarsan;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2_000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// A Windows executable (MZ header) renamed to .pdf and declared as a PDF.
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(400, 0x90)]);

describe('labelling: pieces of a dossier, streamed to the labelling service', () => {
  const h = new MandatesHarness();
  h.withLabelling = true;
  let dossierId: string;
  let pieceId: string;

  const piecesUrl = (critereId: string, id = dossierId) => `/api/v1/labellisation/dossiers/${id}/criteres/${critereId}/pieces`;
  const upload = async (path: string, user: string | undefined, file: Buffer, name: string, type = 'application/pdf') => {
    const form = new FormData();
    form.append('fichier', new Blob([new Uint8Array(file)], { type }), name);
    const auth: Record<string, string> = user ? { authorization: `Bearer ${await h.token(user)}` } : {};
    const res = await fetch(h.url(path), { method: 'POST', body: form, headers: auth });
    return { status: res.status, json: await res.json().catch(() => undefined) };
  };
  const download = async (id: string, user: string, dossier = dossierId) => {
    const res = await fetch(h.url(`/api/v1/labellisation/dossiers/${dossier}/pieces/${id}`), { headers: { authorization: `Bearer ${await h.token(user)}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    let json: any;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, bytes, json };
  };

  beforeAll(async () => {
    await h.start();
    const lieu = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: {
        structure_id: MDM, nom: 'Tiers-lieu des pièces', adresse: '4 rue Gambetta', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192',
        latitude: 43.89, longitude: -0.5, services: ['aide-demarches-administratives'], frais_a_charge: ['gratuit'],
      },
    });
    expect(lieu.status).toBe(201);
    const body = { programmeId: 'pin-territorial', niveau: 'accueil', lieuId: lieu.json.id };
    const created = await eventually(() => h.call('POST', '/api/v1/labellisation/dossiers', { user: 'referent', body }), (r) => r.status !== 400, 30_000);
    expect(created.status).toBe(201);
    dossierId = created.json.id;
  });
  afterAll(() => h.stop());

  it('the referent attaches a PDF to a criterion: typed from its bytes, name sanitized, listed with the answer, journaled', async () => {
    const r = await upload(piecesUrl('accueil-public'), 'referent', PDF, '../../Horaires\u0007 d’ouverture.pdf');
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ critereId: 'accueil-public', nom: 'Horaires d’ouverture.pdf', type: 'application/pdf', taille: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    pieceId = r.json.id;
    const d = await h.call('GET', `/api/v1/labellisation/dossiers/${dossierId}`, { user: 'referent' });
    expect(d.json.criteres.find((c: any) => c.id === 'accueil-public').pieces).toEqual([r.json]);
    expect(d.json.criteres.find((c: any) => c.id === 'charte-adoptee').pieces).toEqual([]);
    expect(d.json.historique.map((e: any) => e.action)).toContain('dossier.piece_ajoutee');
  });

  it('refuses a forged type (an .exe renamed .pdf), an oversize file, an unknown criterion, with codes', async () => {
    const forged = await upload(piecesUrl('accueil-public'), 'referent', EXE, 'attestation.pdf');
    expect([forged.status, forged.json.code]).toEqual([415, 'DOSSIER.PIECE_UNSUPPORTED_TYPE']);
    expect(forged.json.message).toContain('PDF, JPEG et PNG');
    const big = Buffer.concat([PDF, Buffer.alloc(DOSSIER_PIECE_MAX_BYTES, 0x20)]);
    const oversize = await upload(piecesUrl('accueil-public'), 'referent', big, 'gros.pdf');
    expect([oversize.status, oversize.json.code]).toEqual([413, 'DOSSIER.PIECE_TOO_LARGE']);
    expect(oversize.json.message).toContain('10 Mo');
    const unknown = await upload(piecesUrl('critere-inconnu'), 'referent', PDF, 'x.pdf');
    expect([unknown.status, unknown.json.code]).toEqual([400, 'DOSSIER.UNKNOWN_CRITERION']);
    const badParam = await upload(piecesUrl('Critère!'), 'referent', PDF, 'x.pdf');
    expect([badParam.status, badParam.json.code]).toEqual([400, 'REQUEST.INVALID']);
    const noFile = await fetch(h.url(piecesUrl('accueil-public')), { method: 'POST', headers: { authorization: `Bearer ${await h.token('referent')}`, 'content-type': 'application/json' }, body: '{}' });
    expect([noFile.status, ((await noFile.json()) as any).code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    // Nothing of the refused files was kept.
    const d = await h.call('GET', `/api/v1/labellisation/dossiers/${dossierId}`, { user: 'referent' });
    expect(d.json.criteres.flatMap((c: any) => c.pieces).map((p: any) => p.id)).toEqual([pieceId]);
  });

  it('another structure, other roles and anonymous callers are refused (403/401/404 with codes)', async () => {
    const other = await upload(piecesUrl('accueil-public'), 'referent-dax', PDF, 'x.pdf');
    expect([other.status, other.json.code]).toEqual([403, 'AUTH.STRUCTURE_SCOPE']);
    const otherGet = await download(pieceId, 'referent-dax');
    expect([otherGet.status, otherGet.json.code]).toEqual([403, 'AUTH.STRUCTURE_SCOPE']);
    const otherRemove = await h.call('DELETE', `/api/v1/labellisation/dossiers/${dossierId}/pieces/${pieceId}`, { user: 'referent-dax' });
    expect([otherRemove.status, otherRemove.json.code]).toEqual([403, 'AUTH.STRUCTURE_SCOPE']);
    for (const user of ['aidant', 'usager']) {
      expect((await upload(piecesUrl('accueil-public'), user, PDF, 'x.pdf')).json.code).toBe('AUTH.FORBIDDEN');
      expect((await download(pieceId, user)).json.code).toBe('AUTH.FORBIDDEN');
    }
    expect((await upload(piecesUrl('accueil-public'), undefined, PDF, 'x.pdf')).status).toBe(401);
    const missingDossier = await upload(piecesUrl('accueil-public', '0a1b2c3d-0000-4000-8000-00000000dead'), 'referent', PDF, 'x.pdf');
    expect([missingDossier.status, missingDossier.json.code]).toEqual([404, 'DOSSIER.NOT_FOUND']);
    const missingPiece = await download('0a1b2c3d-0000-4000-8000-00000000beef', 'referent');
    expect([missingPiece.status, missingPiece.json.code]).toEqual([404, 'DOSSIER.PIECE_NOT_FOUND']);
  });

  it('the referent removes a piece while the dossier is editable (journaled); not once it is submitted', async () => {
    const png = await upload(piecesUrl('charte-adoptee'), 'referent', PNG, 'charte.png', 'image/png');
    expect([png.status, png.json.type]).toEqual([201, 'image/png']);
    const removed = await h.call('DELETE', `/api/v1/labellisation/dossiers/${dossierId}/pieces/${png.json.id}`, { user: 'referent' });
    expect(removed.status).toBe(200);
    expect((await download(png.json.id, 'referent')).json.code).toBe('DOSSIER.PIECE_NOT_FOUND');
    const again = await h.call('DELETE', `/api/v1/labellisation/dossiers/${dossierId}/pieces/${png.json.id}`, { user: 'referent' });
    expect([again.status, again.json.code]).toEqual([404, 'DOSSIER.PIECE_NOT_FOUND']);
    const d = await h.call('GET', `/api/v1/labellisation/dossiers/${dossierId}`, { user: 'referent' });
    expect(d.json.historique.map((e: any) => e.action).filter((a: string) => a.startsWith('dossier.piece'))).toEqual(['dossier.piece_ajoutee', 'dossier.piece_ajoutee', 'dossier.piece_retiree']);

    const answers = [{ critereId: 'charte-adoptee', reponse: 'Charte signée par tous.' }, { critereId: 'accueil-public', reponse: 'Sans rendez-vous le mardi.' }];
    expect((await h.call('PUT', `/api/v1/labellisation/dossiers/${dossierId}/reponses`, { user: 'referent', body: { reponses: answers } })).status).toBe(200);
    expect((await h.call('POST', `/api/v1/labellisation/dossiers/${dossierId}/depot`, { user: 'referent' })).json.statut).toBe('depose');
    const late = await upload(piecesUrl('accueil-public'), 'referent', PDF, 'tard.pdf');
    expect([late.status, late.json.code]).toEqual([409, 'DOSSIER.INVALID_TRANSITION']);
    const lateRemove = await h.call('DELETE', `/api/v1/labellisation/dossiers/${dossierId}/pieces/${pieceId}`, { user: 'referent' });
    expect([lateRemove.status, lateRemove.json.code]).toEqual([409, 'DOSSIER.INVALID_TRANSITION']);
  });

  it('the animateur reviewing downloads the piece, byte for byte, as an attachment', async () => {
    expect((await h.call('POST', `/api/v1/labellisation/dossiers/${dossierId}/instruction`, { user: 'animateur' })).json.statut).toBe('en_instruction');
    const got = await download(pieceId, 'animateur');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toContain('attachment;');
    expect(got.bytes.equals(PDF)).toBe(true);
    expect((await download(pieceId, 'referent')).status).toBe(200);
  });
});
