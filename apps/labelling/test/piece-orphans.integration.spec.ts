import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { rpc } from '@pin/contracts';
import { FsStorage } from '@pin/persistence/storage';
import { PIECE_ORPHAN_MIN_AGE_MS, PieceOrphans } from '../src/pieces/piece-orphans';
import { labellingFixture, REFERENT } from './labelling.fixture';

// The hourly scan's sweep of piece objects no `dossier_piece` row references, on the real
// PostgreSQL and a real directory: a referenced object stays, an old orphan (and a crash's
// `.partial`) goes, a young one (an upload in progress) stays.
describe('labelling: orphaned piece objects', () => {
  let f: Awaited<ReturnType<typeof labellingFixture>>;
  const dir = mkdtempSync(join(tmpdir(), 'pin-pieces-'));
  const storage = new FsStorage(dir);

  beforeAll(async () => {
    f = await labellingFixture('lab_orphans');
  });
  afterAll(async () => {
    await f?.t.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes old objects without a row, keeps referenced and recent ones', async () => {
    const lieuId = await f.lieu();
    const dossier = (await f.dossiers.create(REFERENT, rpc({ body: { programmeId: 'pin-territorial', niveau: 'accueil', lieuId } }))) as { id: string };
    const [kept, orphan, young, partial] = [randomUUID(), randomUUID(), randomUUID(), `${randomUUID()}.partial`];
    for (const key of [kept, orphan, young]) await storage.put(key, Readable.from([Buffer.from('%PDF-1.4 test')]));
    writeFileSync(join(dir, partial), 'half a file');
    await f.ds.query(
      `INSERT INTO dossier_piece (id, dossier_id, critere_id, cle, nom, type, taille, sha256, depose_par) VALUES ($1, $2, 'c1', $3, 'preuve.pdf', 'application/pdf', 13, 'x', 'referent')`,
      [randomUUID(), dossier.id, kept],
    );
    // Everything but the young object was written long ago (the referenced one too: age alone removes nothing).
    const old = new Date(Date.now() - PIECE_ORPHAN_MIN_AGE_MS - 60 * 60_000);
    for (const key of [kept, orphan, partial]) utimesSync(join(dir, key), old, old);
    const sweeper = new PieceOrphans(f.ds, storage);
    expect(await sweeper.sweep()).toBe(2);
    expect((await storage.list()).sort()).toEqual([kept, young].sort());
    expect(await sweeper.sweep()).toBe(0);
  });
});
