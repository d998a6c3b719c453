// The safe in-process (NATS listener, mandate projection, internal file port) against the
// machine's real PostgreSQL and Redis, a private nats-server, and the filesystem storage in a
// temporary directory. Mandates' two answers come from a stand-in responder on the same NATS.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { MandateCreatedV1, MandateRevokedV1, REQUESTS, type UserContext } from '@pin/contracts';
import { DocumentsService } from '../src/documents/documents.service';
import { PortabilityService } from '../src/documents/portability.service';
import { PRIME_BYTES } from '../src/documents/verified-stream';
import { SafeJournal } from '../src/journal/journal.service';
import { aidantUser, MandatesStandIn, pdfWith, publish, until, usagerUser } from './safe.fixtures';
import { useSafeTestEnv } from './safe-test-env';

jest.setTimeout(120_000);

const R = REQUESTS.safe;
const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('base64');

describe('safe: encrypted documents, mandates, shares, journal, export', () => {
  const env = useSafeTestEnv({ keks: `v1:${K1}`, config: { SAFE_QUOTA_BYTES: '3000000' } });
  const { call, failure, newUsager } = env;
  const objectPath = async (id: string) => join(env.dir, ((await env.ds.query(`SELECT object_key FROM document WHERE id = $1`, [id])) as { object_key: string }[])[0]!.object_key);

  it('stores a deposit encrypted: neither the database dump nor the storage holds its text or its name; the owner reads both back', async () => {
    const { user, usagerId } = newUsager();
    const nameMarker = `MARQUEUR-NOM-${randomUUID().slice(0, 8)}`;
    const pdf = await pdfWith(`Contenu ${nameMarker}`);
    const res = await env.edge.deposit(user, { categorie: 'identite', nom: `${nameMarker}.pdf`, description: 'Carte d’identité recto verso', expireLe: '2031-05-01' }, pdf);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ usagerId, categorie: 'identite', nom: `${nameMarker}.pdf`, type: 'application/pdf', deposePar: 'usager' });

    const mine = await call(R.myDocuments, user);
    expect(mine.documents.map((d: { nom: string }) => d.nom)).toEqual([`${nameMarker}.pdf`]);

    const link = await call<{ url: string }>(R.documentLink, user, { params: { id: res.body.id } });
    const got = await env.edge.download(link.url, user);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent(`${nameMarker}.pdf`));
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(res.body.sha256);

    // Markers: the file's name, its description, and stretches of the stored plaintext itself
    // (pdf-lib compresses the page text, so the typed marker is not a byte string of the file).
    const samples = [Buffer.from(nameMarker), Buffer.from('Carte d’identité recto verso'), got.bytes.subarray(0, 48), got.bytes.subarray(got.bytes.length / 2, got.bytes.length / 2 + 48)];
    const dump = execFileSync('pg_dump', ['--data-only', env.db.url], { maxBuffer: 64 * 1024 * 1024 });
    expect(dump.includes(Buffer.from(res.body.id))).toBe(true);
    for (const m of samples) expect(dump.includes(m)).toBe(false);
    for (const f of await readdir(env.dir)) {
      const bytes = await readFile(join(env.dir, f));
      for (const m of samples) expect(bytes.includes(m)).toBe(false);
    }
    // Single use.
    expect((await env.edge.download(link.url, user)).status).toBe(404);
    // A link serves only the person it was made for.
    const again = await call<{ url: string }>(R.documentLink, user, { params: { id: res.body.id } });
    expect((await env.edge.download(again.url, usagerUser())).status).toBe(404);
    expect((await env.edge.download(again.url, user)).status).toBe(200);
    const journal = await call<{ action: string; texte: string }[]>(R.journal, user);
    expect(journal.map((l) => l.action)).toEqual(['document.consulte', 'document.consulte', 'document.depose']);
    expect(journal[0]!.texte).toBe(`Vous avez ouvert « ${nameMarker}.pdf ».`);
    expect(await env.app.get(SafeJournal).verify(usagerId)).toBeNull();
  });

  it('refuses a flipped byte, a truncated object, swapped objects and a wrong key version, with a code, and journals each refusal', async () => {
    const { user, usagerId } = newUsager();
    const a = (await env.edge.deposit(user, { categorie: 'logement', nom: 'quittance.pdf' }, await pdfWith('quittance'))).body;
    const b = (await env.edge.deposit(user, { categorie: 'logement', nom: 'bail.pdf' }, await pdfWith('bail'))).body;
    const open = async (id: string) => env.edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id } })).url, user);
    const pathA = await objectPath(a.id);
    const original = await readFile(pathA);

    const flipped = Buffer.from(original);
    flipped[flipped.length - 40] ^= 0x01;
    await writeFile(pathA, flipped);
    let r = await open(a.id);
    expect([r.status, JSON.parse(r.bytes.toString()).code]).toEqual([409, 'DOCUMENT.INTEGRITY_FAILED']);

    await writeFile(pathA, original.subarray(0, original.length - 100));
    r = await open(a.id);
    expect([r.status, JSON.parse(r.bytes.toString()).code]).toEqual([409, 'DOCUMENT.INTEGRITY_FAILED']);

    await writeFile(pathA, await readFile(await objectPath(b.id)));
    r = await open(a.id);
    expect([r.status, JSON.parse(r.bytes.toString()).code]).toEqual([409, 'DOCUMENT.INTEGRITY_FAILED']);

    await writeFile(pathA, original);
    expect((await open(a.id)).status).toBe(200);

    await env.ds.query(`UPDATE document SET kek_version = 'v9' WHERE id = $1`, [a.id]);
    r = await open(a.id);
    expect([r.status, JSON.parse(r.bytes.toString()).code]).toEqual([409, 'DOCUMENT.KEY_UNAVAILABLE']);
    await env.ds.query(`UPDATE document SET kek_version = 'v1' WHERE id = $1`, [a.id]);

    const refusals = (await env.app.get(SafeJournal).list(usagerId)).filter((e) => e.action === 'document.refuse').map((e) => e.data['code']);
    expect(refusals).toEqual(['DOCUMENT.INTEGRITY_FAILED', 'DOCUMENT.INTEGRITY_FAILED', 'DOCUMENT.INTEGRITY_FAILED', 'DOCUMENT.KEY_UNAVAILABLE']);
    const lines = await call<{ texte: string }[]>(R.journal, user);
    expect(lines.some((l) => l.texte.includes('a été refusée : le document a été altéré'))).toBe(true);
  });

  it('decrypts a large document once as it streams; an altered frame past the first megabyte aborts the answer (never wrong bytes) and is journaled', async () => {
    const { user, usagerId } = newUsager();
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(randomBytes(2_400_000), 'donnees.bin', { mimeType: 'application/octet-stream' });
    const big = Buffer.from(await doc.save());
    const a = (await env.edge.deposit(user, { categorie: 'autre', nom: 'gros.pdf' }, big)).body;
    expect(a.taille).toBeGreaterThan(2 * PRIME_BYTES);
    const open = async () => env.edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: a.id } })).url, user);
    const whole = await open();
    expect(whole.status).toBe(200);
    expect(createHash('sha256').update(whole.bytes).digest('hex')).toBe(a.sha256);

    const path = await objectPath(a.id);
    const original = await readFile(path);
    const flipped = Buffer.from(original);
    flipped[Math.floor(original.length * 0.8)] ^= 0x01;
    await writeFile(path, flipped);
    // The status left before the altered frame was reached: the answer is cut short, so the body fails.
    await expect(open()).rejects.toThrow();
    await writeFile(path, original.subarray(0, original.length - 70_000));
    await expect(open()).rejects.toThrow();
    await writeFile(path, original);
    expect((await open()).status).toBe(200);
    const actions = await until(async () => {
      const list = (await env.app.get(SafeJournal).list(usagerId)).map((e) => e.action);
      return list.filter((x) => x === 'document.refuse').length === 2 ? list : undefined;
    });
    expect(actions.filter((x) => x === 'document.consulte')).toHaveLength(4);
  });

  it('types by magic bytes (415), limits size (413), strips EXIF, and leaves no row nor object after a refusal', async () => {
    const { user } = newUsager();
    const before = (await readdir(env.dir)).length;
    let r = await env.edge.deposit(user, { categorie: 'autre', nom: 'faux.pdf' }, Buffer.from('<html>MARQUEUR</html>'));
    expect([r.status, r.body.code]).toEqual([415, 'DOCUMENT.UNSUPPORTED_TYPE']);
    r = await env.edge.deposit(user, { categorie: 'autre', nom: 'gros.pdf' }, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024)]));
    expect([r.status, r.body.code]).toEqual([413, 'DOCUMENT.TOO_LARGE']);
    // Bytes that only start like a PDF (pdf-lib loads them without a catalog): 422, not a 500.
    r = await env.edge.deposit(user, { categorie: 'autre', nom: 'faux.pdf' }, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(6_000)]));
    expect([r.status, r.body.code]).toEqual([422, 'DOCUMENT.UNREADABLE']);
    expect((await readdir(env.dir)).length).toBe(before);

    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: 'green' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'MARQUEUR-EXIF' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 53/1 0/1' } })
      .toBuffer();
    r = await env.edge.deposit(user, { categorie: 'emploi', nom: 'photo-cv.heic' }, photo);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ type: 'image/jpeg', nom: 'photo-cv.jpg' });
    const got = await env.edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: r.body.id } })).url, user);
    expect((await sharp(got.bytes).metadata()).exif).toBeUndefined();
    expect(got.bytes.toString('latin1')).not.toContain('MARQUEUR-EXIF');
  });

  it('lets an aidant deposit and open only under mandate and share; a revocation closes it at once, even with mandates answering « yes » or down; 404 never 403', async () => {
    const { user, usagerId } = newUsager();
    const structureId = randomUUID();
    const aidant = aidantUser(structureId);
    const other = aidantUser(randomUUID());
    const pdf = await pdfWith('attestation CAF');

    let r = await env.edge.deposit(aidant, { categorie: 'ressources', nom: 'caf.pdf', usagerId }, pdf, structureId);
    expect([r.status, r.body.code]).toEqual([404, 'USAGER.NOT_FOUND']);

    const mandatId = randomUUID();
    await publish(env.js, MandateCreatedV1, mandatId, {
      mandatId, usagerId, structureId, autorisations: [{ autorisationId: randomUUID(), demarche: 'social' }],
      debut: new Date(Date.now() - 60_000).toISOString(), fin: new Date(Date.now() + 86_400_000).toISOString(), dureeJours: 1, remplace: [],
    });
    env.mandates.allowed.add(MandatesStandIn.key(aidant.sub, structureId, usagerId, 'social'));
    await until(async () => ((await env.ds.query(`SELECT 1 FROM mandate_autorisation WHERE mandat_id = $1`, [mandatId])) as unknown[]).length > 0);

    r = await env.edge.deposit(aidant, { categorie: 'ressources', nom: 'caf.pdf', usagerId }, pdf, structureId);
    expect(r.status).toBe(201);
    expect(r.body.deposePar).toBe('aidant');
    // Another démarche (logement) is not covered; an aidant of another structure is not either.
    expect((await env.edge.deposit(aidant, { categorie: 'logement', nom: 'x.pdf', usagerId }, pdf, structureId)).status).toBe(404);
    expect((await env.edge.deposit(other, { categorie: 'ressources', nom: 'x.pdf', usagerId }, pdf, structureId)).status).toBe(404);

    // Deposited is not shared: the aidant sees nothing until the usager shares the category.
    const aidantCall = (pattern: string, params: Record<string, string>) => call(pattern, aidant, { params, structureId });
    expect((await aidantCall(R.usagerDocuments, { id: usagerId })).documents).toEqual([]);
    expect(await failure(aidantCall(R.usagerDocumentLink, { id: usagerId, documentId: r.body.id }))).toBe('DOCUMENT.NOT_FOUND');
    const share = await call(R.shareCreate, user, { body: { categorie: 'ressources', structureId, jusquAu: new Date(Date.now() + 3_600_000).toISOString() } });
    expect((await aidantCall(R.usagerDocuments, { id: usagerId })).documents.map((d: { nom: string }) => d.nom)).toEqual(['caf.pdf']);
    const link = await aidantCall(R.usagerDocumentLink, { id: usagerId, documentId: r.body.id });
    expect((await env.edge.download(link.url, aidant)).status).toBe(200);
    expect(await failure(call(R.usagerDocuments, other, { params: { id: usagerId }, structureId }))).toBe('DOCUMENT.NOT_FOUND');

    const journal = await call<{ action: string; texte: string }[]>(R.journal, user);
    expect(journal[0]).toMatchObject({ action: 'document.consulte', texte: 'Un aidant de la structure qui vous accompagne a ouvert « caf.pdf ».' });

    // Mandates down: the projection (active mandate) decides.
    env.mandates.stop();
    expect((await aidantCall(R.usagerDocuments, { id: usagerId })).documents).toHaveLength(1);
    env.mandates.start();

    // Revoked: mandates (stale) still says yes, the projection refuses at once; mandates down changes nothing.
    const pending = await aidantCall(R.usagerDocumentLink, { id: usagerId, documentId: r.body.id });
    await publish(env.js, MandateRevokedV1, mandatId, { mandatId, usagerId, structureId, revoqueLe: new Date().toISOString(), par: 'usager' });
    await until(async () => ((await env.ds.query(`SELECT 1 FROM mandate_autorisation WHERE mandat_id = $1 AND revoked_at IS NOT NULL`, [mandatId])) as unknown[]).length > 0, 1_000);
    expect((await env.edge.download(pending.url, aidant)).status).toBe(404);
    expect(await failure(aidantCall(R.usagerDocumentLink, { id: usagerId, documentId: r.body.id }))).toBe('DOCUMENT.NOT_FOUND');
    expect((await aidantCall(R.usagerDocuments, { id: usagerId })).documents).toEqual([]);
    env.mandates.stop();
    expect((await aidantCall(R.usagerDocuments, { id: usagerId })).documents).toEqual([]);
    env.mandates.start();

    // The usager revokes the share.
    await call(R.shareRevoke, user, { params: { id: share.id } });
    expect(await failure(call(R.shareRevoke, user, { params: { id: share.id } }))).toBe('PARTAGE.ALREADY_REVOKED');
    expect((await call<{ revoqueLe: string | null }[]>(R.shareList, user))[0]!.revoqueLe).not.toBeNull();
  });

  it('warns at 90 % of the quota and refuses beyond it, leaving no object', async () => {
    const { user } = newUsager();
    const noise = await sharp({ create: { width: 500, height: 500, channels: 3, background: 'black', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    let alert = false;
    let refused = false;
    for (let i = 0; i < 20 && !refused; i += 1) {
      const objects = (await readdir(env.dir)).length;
      const r = await env.edge.deposit(user, { categorie: 'autre', nom: `bruit-${i}.png` }, noise);
      if (r.status === 413) {
        expect(r.body.code).toBe('COFFRE.QUOTA_EXCEEDED');
        expect((await readdir(env.dir)).length).toBe(objects);
        refused = true;
      } else {
        expect(r.status).toBe(201);
        if (r.body.espace.alerte) alert = true;
      }
    }
    expect([alert, refused]).toEqual([true, true]);
    const usage = await call(R.usage, user);
    expect(usage.octets).toBeLessThanOrEqual(usage.quota);
  });

  it('exports everything in one ZIP (original names, manifest with hashes, journal CSV and JSON)', async () => {
    const { user } = newUsager();
    const a = (await env.edge.deposit(user, { categorie: 'impots', nom: 'avis d’impôt 2025.pdf' }, await pdfWith('avis'))).body;
    const b = (await env.edge.deposit(user, { categorie: 'famille', nom: 'livret.pdf', description: 'Livret de famille' }, await pdfWith('livret'))).body;
    const link = await call<{ url: string }>(R.exportLink, user);
    const zip = await env.edge.download(link.url, user);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const file = join(env.dir, '..', `export-${randomUUID()}.zip`);
    await writeFile(file, zip.bytes);
    try {
      const names = execFileSync('zipinfo', ['-1', file]).toString().trim().split('\n').sort();
      expect(names).toEqual(['documents/famille/livret.pdf', 'documents/impots/avis d’impôt 2025.pdf', 'journal.csv', 'journal.json', 'manifest.json']);
      const manifest = JSON.parse(execFileSync('unzip', ['-p', file, 'manifest.json']).toString());
      expect(manifest.documents.map((d: { sha256: string }) => d.sha256).sort()).toEqual([a.sha256, b.sha256].sort());
      const pdf = execFileSync('unzip', ['-p', file, 'documents/impots/avis d’impôt 2025.pdf']);
      expect(createHash('sha256').update(pdf).digest('hex')).toBe(a.sha256);
      const csv = execFileSync('unzip', ['-p', file, 'journal.csv']).toString();
      expect(csv).toContain('Vous avez déposé « livret.pdf » (Famille).');
    } finally {
      await rm(file, { force: true });
    }
  });

  it('deletes by destroying the data key (crypto-shredding), and closes a safe after its recovery period', async () => {
    const { user, usagerId } = newUsager();
    const a = (await env.edge.deposit(user, { categorie: 'sante', nom: 'vitale.pdf' }, await pdfWith('vitale'))).body;
    const path = await objectPath(a.id);
    await call(R.documentDelete, user, { params: { id: a.id } });
    const [row] = (await env.ds.query(`SELECT wrapped_key, kek_version, deleted_at FROM document WHERE id = $1`, [a.id])) as { wrapped_key: Buffer | null; kek_version: string | null; deleted_at: Date | null }[];
    expect(row).toMatchObject({ wrapped_key: null, kek_version: null });
    await expect(readFile(path)).rejects.toThrow();
    expect(await failure(call(R.documentLink, user, { params: { id: a.id } }))).toBe('DOCUMENT.NOT_FOUND');

    const b = (await env.edge.deposit(user, { categorie: 'sante', nom: 'ordonnance.pdf' }, await pdfWith('ordonnance'))).body;
    type Space = { octets: number; delaiFermetureJours: number; fermeture: { demandeeLe: string; destructionLe: string; effectueeLe: string | null } | null };
    expect(await call<Space>(R.usage, user)).toMatchObject({ fermeture: null, delaiFermetureJours: 30 });
    const requested = await call<{ destructionLe: string }>(R.closureRequest, user, { body: { confirmer: true } });
    // The usager reads the pending closure (cancellable until its date) in their space and with their documents.
    const pending = (await call<Space>(R.usage, user)).fermeture!;
    expect(pending).toMatchObject({ destructionLe: requested.destructionLe, effectueeLe: null });
    expect(new Date(pending.destructionLe).getTime() - new Date(pending.demandeeLe).getTime()).toBeGreaterThan(29 * 86_400_000);
    expect((await call<{ espace: Space }>(R.myDocuments, user)).espace.fermeture).toEqual(pending);
    expect((await env.edge.deposit(user, { categorie: 'sante', nom: 'x.pdf' }, await pdfWith('x'))).body.code).toBe('COFFRE.CLOSED');
    await call(R.closureCancel, user);
    expect((await call<Space>(R.usage, user)).fermeture).toBeNull();
    await call(R.closureRequest, user, { body: { confirmer: true } });
    await env.ds.query(`UPDATE closure SET destroy_after = now() WHERE usager_id = $1`, [usagerId]);
    expect(await env.app.get(PortabilityService).runDueClosures()).toBeGreaterThanOrEqual(1);
    const done = await call<Space>(R.usage, user);
    expect(done.octets).toBe(0);
    expect(done.fermeture!.effectueeLe).not.toBeNull();
    expect((await env.ds.query(`SELECT count(*)::int AS n FROM document WHERE usager_id = $1 AND wrapped_key IS NOT NULL`, [usagerId]))[0].n).toBe(0);
    expect((await call(R.myDocuments, user)).documents).toEqual([]);
    const journal = await call<{ action: string }[]>(R.journal, user);
    expect(journal[0]!.action).toBe('fermeture.effectuee');
    void b;
  });

  it('rotates key-encryption keys: data keys re-wrapped under the new version, content untouched, still readable', async () => {
    const { user } = newUsager();
    const a = (await env.edge.deposit(user, { categorie: 'emploi', nom: 'cv.pdf' }, await pdfWith('cv'))).body;
    const path = await objectPath(a.id);
    const objectBefore = await readFile(path);
    await env.app.close();
    await env.startApp(`v1:${K1},v2:${K2}`);
    const admin: UserContext = { sub: randomUUID(), username: 'admin', roles: ['admin'], structures: [] };
    expect(await failure(call(R.keyRotate, user))).toBe('AUTH.FORBIDDEN');
    const out = await call<{ rewrapped: number; version: string }>(R.keyRotate, admin);
    expect(out.version).toBe('v2');
    expect(out.rewrapped).toBeGreaterThanOrEqual(1);
    expect((await env.ds.query(`SELECT kek_version FROM document WHERE id = $1`, [a.id]))[0].kek_version).toBe('v2');
    expect(Buffer.compare(await readFile(path), objectBefore)).toBe(0);
    const link = await call<{ url: string }>(R.documentLink, user, { params: { id: a.id } });
    const got = await env.edge.download(link.url, user);
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(a.sha256);
    // A data key wrapped by v2 presented as v1: refused.
    await env.ds.query(`UPDATE document SET kek_version = 'v1' WHERE id = $1`, [a.id]);
    const r = await env.edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: a.id } })).url, user);
    expect([r.status, JSON.parse(r.bytes.toString()).code]).toEqual([409, 'DOCUMENT.INTEGRITY_FAILED']);
    expect(env.app.get(DocumentsService)).toBeDefined();
  });
});
