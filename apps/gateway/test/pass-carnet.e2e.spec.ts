import { pdfText } from '@pin/testing';
import { MandatesHarness } from './mandates.harness';

jest.setTimeout(240_000);

// The printable carnet of a Pass Numérique batch through the gateway: the labelling service draws the
// PDF (8 passes per A4 sheet, vector QR codes), the edge streams it; big batches come in files of 200.
describe('Pass Numérique: the printable carnet of a batch (PDF)', () => {
  const h = new MandatesHarness();
  h.withLabelling = true;
  const year = new Date().getFullYear();
  const batchBody = (premierNumero: number, nombre: number) => ({ financeur: 'Département des Landes', premierNumero, nombre, valeurCentimes: 1000, valideJusquAu: `${year + 1}-12-31` });

  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const download = async (path: string, user = 'animateur') => {
    const res = await fetch(h.url(`/api/v1/pass-numerique/lots/${path}`), { headers: { authorization: `Bearer ${await h.token(user)}` } });
    return { res, pdf: Buffer.from(await res.arrayBuffer()) };
  };

  it('an animateur downloads the carnet: a PDF of 8 passes per sheet carrying every code of the batch', async () => {
    const batch = await h.call('POST', '/api/v1/pass-numerique/lots', { user: 'animateur', body: batchBody(41_000_001, 10) });
    expect(batch.status).toBe(201);
    const { res, pdf } = await download(`${batch.json.id}/carnet.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="carnet-pass-numerique-41000001-41000010.pdf"');
    expect(res.headers.get('x-pages')).toBe('1');
    const text = pdfText(pdf);
    expect(text.pages).toBe(2);
    expect(batch.json.codes).toHaveLength(10);
    for (const code of batch.json.codes as string[]) expect(text.flat).toContain(code);
    expect(text.flat).toContain('À présenter dans un lieu labellisé #APTIC');
    expect(text.flat).toContain(`31/12/${year + 1}`);

    // Other roles: 403 with a code; anonymous: 401.
    for (const user of ['referent', 'aidant', 'usager', 'financeur']) {
      const r = await h.call('GET', `/api/v1/pass-numerique/lots/${batch.json.id}/carnet.pdf`, { user });
      expect({ user, status: r.status, code: r.json?.code }).toEqual({ user, status: 403, code: 'AUTH.FORBIDDEN' });
    }
    expect((await h.call('GET', `/api/v1/pass-numerique/lots/${batch.json.id}/carnet.pdf`)).status).toBe(401);
  });

  it('an unknown batch is a 404 with a code; a malformed id or page a 400', async () => {
    const unknown = await h.call('GET', '/api/v1/pass-numerique/lots/00000000-0000-4000-8000-000000000000/carnet.pdf', { user: 'animateur' });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'PASS.UNKNOWN_BATCH']);
    expect(unknown.json.message).toBe('Ce lot de pass est introuvable.');
    const badId = await h.call('GET', '/api/v1/pass-numerique/lots/pas-un-uuid/carnet.pdf', { user: 'animateur' });
    expect(badId.status).toBe(400);
    const badPage = await h.call('GET', '/api/v1/pass-numerique/lots/00000000-0000-4000-8000-000000000000/carnet.pdf?page=-1', { user: 'animateur' });
    expect([badPage.status, badPage.json.code]).toEqual([400, 'REQUEST.INVALID']);
  });

  it('a batch over 200 passes comes in files of 200 (`?page=`); a page past the end says how many there are', async () => {
    const batch = await h.call('POST', '/api/v1/pass-numerique/lots', { user: 'animateur', body: batchBody(41_100_001, 201) });
    expect(batch.status).toBe(201);
    const first = await download(`${batch.json.id}/carnet.pdf`);
    expect([first.res.status, first.res.headers.get('x-pages'), pdfText(first.pdf).pages]).toEqual([200, '2', 25]);
    expect(first.pdf.length).toBeLessThan(600_000);
    expect(pdfText(first.pdf).flat).toContain(batch.json.codes[199]);
    expect(pdfText(first.pdf).flat).not.toContain(batch.json.codes[200]);
    const second = await download(`${batch.json.id}/carnet.pdf?page=2`);
    expect([second.res.status, pdfText(second.pdf).pages]).toEqual([200, 1]);
    expect(pdfText(second.pdf).flat).toContain(batch.json.codes[200]);
    const past = await h.call('GET', `/api/v1/pass-numerique/lots/${batch.json.id}/carnet.pdf?page=3`, { user: 'animateur' });
    expect([past.status, past.json.code, past.json.message]).toEqual([400, 'PASS.CARNET_PAGE', 'Ce lot compte 201 pass : le carnet est découpé en fichiers de 200 pass au plus, pages 1 à 2 (paramètre « page »).']);
  });
});
