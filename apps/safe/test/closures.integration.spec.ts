// Closures of safes: the safe in-process against the machine's real PostgreSQL and Redis (BullMQ
// job scheduler), a private nats-server and the filesystem storage in a temporary directory. Once
// the recovery period of a closure is over, the repeatable job `safe.closures.run` destroys the
// data keys and removes the objects by itself, once; a closure still in its recovery period is
// left alone.
import { readdir } from 'node:fs/promises';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, REQUESTS, type SafeDocument, type SafeJournalLine } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { PortabilityService } from '../src/documents/portability.service';
import { RemindersWorker } from '../src/reminders/reminders.worker';
import { pdfWith, until } from './safe.fixtures';
import { useSafeTestEnv } from './safe-test-env';

jest.setTimeout(120_000);

const R = REQUESTS.safe;

describe('safe: due closures (BullMQ repeatable job)', () => {
  const env = useSafeTestEnv({ name: 'closures', config: { SAFE_CLOSURE_SWEEP_EVERY_MS: '1000' } });
  const { call } = env;

  it('destroys the keys of a closed safe once its recovery period is over, by itself and once; a safe still in its period keeps them', async () => {
    expect(await env.app.get(RemindersWorker).schedulers()).toContain('safe-closures-run');
    const due = env.newUsager();
    const waiting = env.newUsager();
    const a = (await env.edge.deposit(due.user, { categorie: 'sante', nom: 'vitale.pdf' }, await pdfWith('vitale'))).body as SafeDocument;
    const b = (await env.edge.deposit(waiting.user, { categorie: 'sante', nom: 'ordonnance.pdf' }, await pdfWith('ordonnance'))).body as SafeDocument;
    const objectKey = async (id: string) => ((await env.ds.query(`SELECT object_key FROM document WHERE id = $1`, [id])) as { object_key: string }[])[0]!.object_key;
    const keyA = await objectKey(a.id);
    const keyB = await objectKey(b.id);
    expect((await readdir(env.dir)).sort()).toEqual([keyA, keyB].sort());

    await call(R.closureRequest, due.user, { body: { confirmer: true } });
    await call(R.closureRequest, waiting.user, { body: { confirmer: true } });
    // The recovery period of the first one is over.
    await env.ds.query(`UPDATE closure SET destroy_after = now() - interval '1 minute' WHERE usager_id = $1`, [due.usagerId]);

    // The repeatable job (every second here) performs the closure on its own.
    const destroyedAt = await until(async () => {
      const [row] = (await env.ds.query(`SELECT destroyed_at FROM closure WHERE usager_id = $1`, [due.usagerId])) as { destroyed_at: Date | null }[];
      return row?.destroyed_at ?? undefined;
    }, 20_000);
    expect(await env.ds.query(`SELECT wrapped_key, kek_version, deleted_at IS NOT NULL AS deleted FROM document WHERE id = $1`, [a.id])).toEqual([{ wrapped_key: null, kek_version: null, deleted: true }]);
    const leftObjects = await until(async () => {
      const names = await readdir(env.dir);
      return names.includes(keyA) ? undefined : names;
    }, 20_000);
    expect(leftObjects).toEqual([keyB]);
    expect((await call<{ documents: SafeDocument[] }>(R.myDocuments, due.user)).documents).toEqual([]);

    // The other safe is still in its recovery period: nothing destroyed.
    expect(await env.ds.query(`SELECT destroyed_at FROM closure WHERE usager_id = $1`, [waiting.usagerId])).toEqual([{ destroyed_at: null }]);
    expect(await env.ds.query(`SELECT wrapped_key IS NOT NULL AS keyed, deleted_at FROM document WHERE id = $1`, [b.id])).toEqual([{ keyed: true, deleted_at: null }]);

    // Once: a later scheduled run performs nothing more, nor does a direct one; the journal says it once.
    const queue = new Queue(QUEUES.safeSchedule, { connection: env.app.get<Redis>(REDIS_CONNECTION), prefix: `pin-${env.db.name}` });
    try {
      const runs = async () => (await queue.getJobs(['completed'])).filter((j) => j.name === 'safe.closures.run');
      expect((await runs()).some((j) => (j.returnvalue as { closed: number }).closed === 1)).toBe(true);
      await until(async () => (await runs()).some((j) => (j.processedOn ?? 0) > destroyedAt.getTime() && (j.returnvalue as { closed: number }).closed === 0), 20_000);
    } finally {
      await queue.close();
    }
    expect(await env.app.get(PortabilityService).runDueClosures()).toBe(0);
    const journal = await call<SafeJournalLine[]>(R.journal, due.user);
    expect(journal.filter((l) => l.action === 'fermeture.effectuee')).toHaveLength(1);
  });
});
