import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import sharp from 'sharp';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PDFDocument } from 'pdf-lib';
import { MandatesHarness, MDM } from './mandates.harness';
import { eventually } from './platform.harness';
import { pdf, startWithClaimedUsager, upload as uploadAs } from './safe.fixtures';

// The safe (issue 10) through the gateway on the real platform (dev-idp, directory, mandates,
// training, operators, safe and gateway processes from dist/, PostgreSQL, NATS with its users and
// permissions, Redis): multipart uploads streamed to the safe's internal port, single-use links,
// the real mandates service deciding the aidant path, and the roles refused.
jest.setTimeout(240_000);

describe('safe through the gateway', () => {
  const h = new MandatesHarness();
  let usagerId: string;
  let mandatId: string;
  let objects: string;

  const upload = (path: string, user: string | undefined, fields: Record<string, string>, file: Buffer, headers?: Record<string, string>) => uploadAs(h, path, user, fields, file, headers);
  const download = async (url: string, user: string) => {
    const res = await fetch(h.url(url), { headers: { authorization: `Bearer ${await h.token(user)}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    objects = await mkdtemp(join(tmpdir(), 'pin-gw-safe-'));
    const started = await startWithClaimedUsager(h, (...args) => h.start(...args), { demarches: ['papiers', 'logement'], safeEnv: { SAFE_STORAGE_DIR: objects } });
    usagerId = started.usagerId;
    mandatId = started.mandate.id;
    expect(started.claim.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await h.stop();
    await rm(objects, { recursive: true, force: true });
  });

  it('the usager deposits (multipart streamed to the safe), lists, and downloads once by a single-use link', async () => {
    const file = await pdf('Avis d’imposition');
    const r = await upload('/api/v1/moi/coffre/documents', 'usager', { categorie: 'impots', nom: 'avis-impot.pdf', description: 'Avis 2025' }, file);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ usagerId, categorie: 'impots', nom: 'avis-impot.pdf', type: 'application/pdf', deposePar: 'usager' });

    const list = await h.call('GET', '/api/v1/moi/coffre/documents', { user: 'usager' });
    expect(list.status).toBe(200);
    expect(list.json.documents.map((d: { nom: string }) => d.nom)).toEqual(['avis-impot.pdf']);

    const link = await h.call('POST', `/api/v1/moi/coffre/documents/${r.json.id}/lien`, { user: 'usager', body: {} });
    expect(link.status).toBe(201);
    const got = await download(link.json.url, 'usager');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(r.json.sha256);
    expect((await download(link.json.url, 'usager')).status).toBe(404);

    const bad = await upload('/api/v1/moi/coffre/documents', 'usager', { categorie: 'impots', nom: 'faux.pdf' }, Buffer.from('pas un pdf du tout'));
    expect([bad.status, bad.json.code]).toEqual([415, 'DOCUMENT.UNSUPPORTED_TYPE']);
  });

  it('a large document streams through the gateway decrypted once; an altered frame past the first megabyte aborts the download, never wrong bytes', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(randomBytes(6 * 1024 * 1024), 'donnees.bin', { mimeType: 'application/octet-stream' });
    const r = await upload('/api/v1/moi/coffre/documents', 'usager', { categorie: 'autre', nom: 'gros.pdf' }, Buffer.from(await doc.save()));
    expect(r.status).toBe(201);
    const link = async () => (await h.call('POST', `/api/v1/moi/coffre/documents/${r.json.id}/lien`, { user: 'usager', body: {} })).json.url as string;
    const got = await download(await link(), 'usager');
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(r.json.sha256);

    const pg = new Client({ connectionString: h.safeDb!.url });
    await pg.connect();
    const key = ((await pg.query(`SELECT object_key FROM document WHERE id = $1`, [r.json.id])).rows[0] as { object_key: string }).object_key;
    await pg.end();
    const path = join(objects, key);
    const original = await readFile(path);
    const flipped = Buffer.from(original);
    flipped[Math.floor(original.length * 0.8)] ^= 0x01;
    await writeFile(path, flipped);
    await expect(download(await link(), 'usager')).rejects.toThrow();
    await writeFile(path, original);
    expect((await download(await link(), 'usager')).status).toBe(200);
  });

  it('refuses the roles the policies do not name, and anonymous callers', async () => {
    const file = await pdf('x');
    expect((await upload('/api/v1/moi/coffre/documents', undefined, { categorie: 'autre' }, file)).status).toBe(401);
    for (const user of ['aidant', 'animateur', 'admin']) {
      expect((await upload('/api/v1/moi/coffre/documents', user, { categorie: 'autre' }, file)).status).toBe(403);
      expect((await h.call('GET', '/api/v1/moi/coffre/documents', { user })).status).toBe(403);
    }
    expect((await upload(`/api/v1/usagers/${usagerId}/coffre/documents`, 'usager', { categorie: 'identite' }, file)).status).toBe(403);
    expect((await h.call('GET', `/api/v1/usagers/${usagerId}/coffre/documents`, { user: 'usager' })).status).toBe(403);
    expect((await h.call('POST', '/api/v1/coffre/cles/rotation', { user: 'usager', body: {} })).status).toBe(403);
  });

  it('an aidant deposits under mandate, sees only what is shared, and loses access as soon as the mandate is revoked; another structure gets 404', async () => {
    const headers = { 'x-pin-structure': MDM };
    const dep = await upload(`/api/v1/usagers/${usagerId}/coffre/documents`, 'aidant', { categorie: 'identite', nom: 'cni.pdf' }, await pdf('CNI'), headers);
    expect(dep.status).toBe(201);
    expect(dep.json.deposePar).toBe('aidant');
    // Not covered: santé (démarche social) is not in the mandate.
    expect((await upload(`/api/v1/usagers/${usagerId}/coffre/documents`, 'aidant', { categorie: 'sante', nom: 'x.pdf' }, await pdf('x'), headers)).status).toBe(404);
    // The médiatrice of Dax has no mandate from this usager.
    expect((await upload(`/api/v1/usagers/${usagerId}/coffre/documents`, 'mediateur', { categorie: 'identite', nom: 'x.pdf' }, await pdf('x'))).status).toBe(404);

    const listAidant = () => h.call('GET', `/api/v1/usagers/${usagerId}/coffre/documents`, { user: 'aidant', headers });
    expect((await listAidant()).json.documents).toEqual([]);
    const share = await h.call('POST', '/api/v1/moi/coffre/partages', { user: 'usager', body: { categorie: 'identite', structureId: MDM, jusquAu: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(share.status).toBe(201);
    expect((await listAidant()).json.documents.map((d: { nom: string }) => d.nom)).toEqual(['cni.pdf']);
    const link = await h.call('POST', `/api/v1/usagers/${usagerId}/coffre/documents/${dep.json.id}/lien`, { user: 'aidant', headers, body: {} });
    expect(link.status).toBe(201);
    expect((await download(link.json.url, 'aidant')).status).toBe(200);

    const journal = await h.call('GET', '/api/v1/moi/coffre/journal', { user: 'usager' });
    expect(journal.json[0].texte).toBe('Un aidant de la structure qui vous accompagne a ouvert « cni.pdf ».');

    const revoked = await h.call('POST', `/api/v1/mandats/${mandatId}/revocation`, { user: 'usager', body: {} });
    expect(revoked.status).toBeLessThan(300);
    await eventually(() => listAidant(), (r) => r.status === 200 && r.json.documents.length === 0, 5_000);
    const after = await h.call('POST', `/api/v1/usagers/${usagerId}/coffre/documents/${dep.json.id}/lien`, { user: 'aidant', headers, body: {} });
    expect([after.status, after.json.code]).toEqual([404, 'DOCUMENT.NOT_FOUND']);
  });

  it('exports everything as one ZIP through a single-use link', async () => {
    const link = await h.call('POST', '/api/v1/moi/coffre/export', { user: 'usager', body: {} });
    expect(link.status).toBe(201);
    const zip = await download(link.json.url, 'usager');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(zip.bytes.includes(Buffer.from('manifest.json'))).toBe(true);
  });

  it('hostile files reach the deposit (typed by their bytes, rewritten or refused): a 4xx with the envelope or a 201, never a 5xx, nothing kept from a refusal', async () => {
    const realPdf = await pdf('Quittance de loyer');
    const realJpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'blue' } }).jpeg().toBuffer();
    const realPng = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'red' } }).png().toBuffer();
    const heicBrand = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6d, 0x69, 0x66, 0x31, 0x68, 0x65, 0x69, 0x63]);
    const tail = fc.uint8Array({ minLength: 1, maxLength: 9_000 }).map((b) => Buffer.from(b));
    const cut = (real: Buffer) => fc.integer({ min: 1, max: real.length - 1 }).map((n) => real.subarray(0, n));
    const flipped = (real: Buffer) =>
      fc.array(fc.tuple(fc.nat({ max: real.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
        const b = Buffer.from(real);
        for (const [at, x] of flips) b[at]! ^= x;
        return b;
      });
    const file = fc.oneof(
      tail.map((t) => Buffer.concat([Buffer.from('%PDF-1.7\n'), t])), // only starts like a PDF
      cut(realPdf),
      flipped(realPdf),
      tail.map((t) => Buffer.concat([realJpeg.subarray(0, 4), t])),
      cut(realJpeg),
      flipped(realPng),
      tail.map((t) => Buffer.concat([heicBrand, t])),
    );
    const before = (await h.call('GET', '/api/v1/moi/coffre/documents', { user: 'usager' })).json.documents.length as number;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(file, async (bytes) => {
        const r = await upload('/api/v1/moi/coffre/documents', 'usager', { categorie: 'logement', nom: 'piece.pdf' }, bytes);
        const label = `${bytes.length} bytes starting ${bytes.subarray(0, 12).toString('hex')} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`;
        if (r.status >= 500) throw new Error(label);
        if (r.status === 201) accepted += 1;
        else if (r.status < 400 || r.status >= 500 || typeof r.json?.code !== 'string' || typeof r.json?.message !== 'string') throw new Error(`${label}: neither stored nor refused with the envelope`);
      }),
      { numRuns: 60 },
    );
    // A refusal leaves nothing: the safe lists exactly the documents it accepted.
    const after = (await h.call('GET', '/api/v1/moi/coffre/documents', { user: 'usager' })).json.documents.length as number;
    expect(after - before).toBe(accepted);
  });
});
