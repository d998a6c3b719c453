// Orphaned objects: the safe in-process against the machine's real PostgreSQL and Redis (BullMQ
// job scheduler), a private nats-server and the filesystem storage in a temporary directory. A
// crash between the object's write and the document's row (or during the write) leaves ciphertext
// no row references: the repeatable sweep removes it once it is older than SAFE_ORPHAN_MIN_AGE_MS,
// and never an object a row references, nor a young one (a deposit in progress).
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { REQUESTS, rpc, type UserContext } from '@pin/contracts';
import { nestRequest } from '@pin/testing';
import { OrphanSweep } from '../src/storage/orphan-sweep.service';
import { pdfWith, until, usagerUser } from './safe.fixtures';
import { useSafeTestEnv } from './safe-test-env';

jest.setTimeout(120_000);

const HOUR = 3_600_000;

describe('safe: sweep of orphaned objects (BullMQ repeatable job)', () => {
  const env = useSafeTestEnv({ name: 'orphans', config: { SAFE_ORPHAN_SWEEP_EVERY_MS: '1000', SAFE_ORPHAN_MIN_AGE_MS: String(HOUR) } });

  it('removes old unreferenced objects and interrupted writes, keeps referenced and young ones, and the document still opens', async () => {
    const user: UserContext = usagerUser();
    env.mandates.accounts.set(user.sub, randomUUID());
    const doc = (await env.edge.deposit(user, { categorie: 'logement', nom: 'quittance.pdf' }, await pdfWith('quittance'))).body as { id: string; sha256: string };
    const ds = env.app.get(DataSource);
    const [{ object_key: kept }] = (await ds.query(`SELECT object_key FROM document WHERE id = $1`, [doc.id])) as { object_key: string }[];
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    // The referenced object is old too: age alone never removes anything.
    await utimes(join(env.dir, kept!), twoHoursAgo, twoHoursAgo);
    const orphan = randomUUID();
    const partial = `${randomUUID()}.partial`;
    const young = randomUUID();
    for (const name of [orphan, partial, young]) await writeFile(join(env.dir, name), randomBytes(1000));
    await utimes(join(env.dir, orphan), twoHoursAgo, twoHoursAgo);
    await utimes(join(env.dir, partial), twoHoursAgo, twoHoursAgo);

    // The repeatable job (every second here) sweeps on its own.
    const left = await until(async () => {
      const names = (await readdir(env.dir)).sort();
      return names.includes(orphan) || names.includes(partial) ? undefined : names;
    }, 20_000);
    expect(left).toEqual([kept, young].sort());

    // A young orphan goes once it is old enough; a later sweep has nothing more to do.
    const sweep = env.app.get(OrphanSweep);
    expect(await sweep.sweep(new Date(Date.now() + 2 * HOUR))).toBe(1);
    expect(await readdir(env.dir)).toEqual([kept]);
    expect(await sweep.sweep(new Date(Date.now() + 2 * HOUR))).toBe(0);

    const link = await nestRequest<{ url: string }>(env.nc, REQUESTS.safe.documentLink, rpc({ params: { id: doc.id } }), { user });
    expect((await env.edge.download(link.url, user)).status).toBe(200);
  });
});
