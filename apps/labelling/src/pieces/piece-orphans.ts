import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OBJECT_STORAGE, sweepOrphans, type ObjectStorage } from '@pin/persistence/storage';

/** An upload in progress is never older than this: its object has no row yet. */
export const PIECE_ORPHAN_MIN_AGE_MS = 60 * 60_000;

/**
 * Objects of pieces no `dossier_piece` row references (an upload that crashed between its object
 * and its row, or a removal that crashed between its row and its object), removed by the hourly
 * scan once older than an hour.
 */
@Injectable()
export class PieceOrphans {
  private readonly logger = new Logger('LabellingPieceOrphans');

  constructor(
    private readonly ds: DataSource,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async sweep(now: Date = new Date()): Promise<number> {
    const removed = await sweepOrphans(this.storage, {
      minAgeMs: PIECE_ORPHAN_MIN_AGE_MS,
      now,
      referenced: async (keys) => {
        const rows = (await this.ds.query('SELECT cle FROM dossier_piece WHERE cle = ANY($1::text[])', [keys])) as { cle: string }[];
        return new Set(rows.map((r) => r.cle));
      },
    });
    if (removed > 0) this.logger.log(`${removed} orphaned piece object(s) removed`);
    return removed;
  }
}
