import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { OBJECT_STORAGE, sweepOrphans, type ObjectStorage } from '@pin/persistence/storage';

/**
 * Removes the objects no document row references, older than SAFE_ORPHAN_MIN_AGE_MS (a deposit
 * writes its object first and its row after: see `sweepOrphans`). A row of a deleted document
 * still references its object, so nothing a row points to is ever removed here.
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
    const removed = await sweepOrphans(this.storage, {
      minAgeMs: this.config.SAFE_ORPHAN_MIN_AGE_MS,
      now,
      referenced: async (keys) => {
        const rows = (await this.ds.query(`SELECT object_key FROM document WHERE object_key = ANY($1::text[])`, [keys])) as { object_key: string }[];
        return new Set(rows.map((r) => r.object_key));
      },
    });
    if (removed > 0) this.logger.log(`${removed} orphaned object(s) removed`);
    return removed;
  }
}
