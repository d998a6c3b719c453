import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { OBJECT_STORAGE, type ObjectStorage } from '@pin/persistence/storage';

const BATCH = 500;

/**
 * Removes the objects no document row references, older than SAFE_ORPHAN_MIN_AGE_MS: a deposit
 * writes its object first and its row after, so a crash between the two (or during the write: an
 * fs `.partial`) leaves ciphertext nobody can list nor delete. The age keeps deposits in progress
 * out of reach; a row of a deleted document still references its object, so nothing a row points
 * to is ever removed here. Idempotent: replicas may race, a delete of a missing object is a no-op.
 */
@Injectable()
export class OrphanSweep {
  private readonly logger = new Logger('SafeOrphanSweep');

  constructor(
    private readonly ds: DataSource,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
  ) {}

  /** Deletes the orphans as of `now` (for tests); returns how many objects were removed. */
  async sweep(now: Date = new Date()): Promise<number> {
    const cutoff = now.getTime() - this.config.SAFE_ORPHAN_MIN_AGE_MS;
    const old = (await this.storage.entries()).filter((e) => e.modified.getTime() < cutoff).map((e) => e.key);
    let removed = 0;
    for (let i = 0; i < old.length; i += BATCH) {
      const keys = old.slice(i, i + BATCH);
      // A partial write's key is `<object key>.partial`: it is referenced when its object is.
      const candidates = keys.map((k) => k.replace(/\.partial$/, ''));
      const rows = (await this.ds.query(`SELECT object_key FROM document WHERE object_key = ANY($1::text[])`, [candidates])) as { object_key: string }[];
      const referenced = new Set(rows.map((r) => r.object_key));
      for (const key of keys) {
        if (referenced.has(key.replace(/\.partial$/, ''))) continue;
        await this.storage.delete(key);
        removed += 1;
      }
    }
    if (removed > 0) this.logger.log(`${removed} orphaned object(s) removed`);
    return removed;
  }
}
