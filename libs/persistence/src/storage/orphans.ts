import type { ObjectStorage } from './object-storage';

const BATCH = 500;

export interface OrphanSweepOptions {
  /** Objects younger than this are left alone: a write in progress has no row yet. */
  minAgeMs: number;
  /** Which of these object keys a row still references (one query per batch of keys). */
  referenced(keys: string[]): Promise<Set<string>>;
  now?: Date;
}

/**
 * Deletes the stored objects no row references and older than `minAgeMs`. Services write an
 * object first and its row after, so a crash between the two (or during the write: an fs
 * `.partial`, referenced when its object is) leaves bytes nobody can list nor delete. Idempotent:
 * replicas may race, deleting a missing object is a no-op. Returns how many objects were removed.
 */
export async function sweepOrphans(storage: ObjectStorage, o: OrphanSweepOptions): Promise<number> {
  const cutoff = (o.now ?? new Date()).getTime() - o.minAgeMs;
  const old = (await storage.entries()).filter((e) => e.modified.getTime() < cutoff).map((e) => e.key);
  const base = (key: string) => key.replace(/\.partial$/, '');
  let removed = 0;
  for (let i = 0; i < old.length; i += BATCH) {
    const keys = old.slice(i, i + BATCH);
    const referenced = await o.referenced([...new Set(keys.map(base))]);
    for (const key of keys) {
      if (referenced.has(base(key))) continue;
      await storage.delete(key);
      removed += 1;
    }
  }
  return removed;
}
