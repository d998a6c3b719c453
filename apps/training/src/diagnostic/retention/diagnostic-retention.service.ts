import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const BATCH = 1000;

/**
 * Deletes the diagnostics kept with consent once older than the retention period: answers and
 * orientation go, the anonymous counts by territory stay. Batches keep each statement short.
 */
@Injectable()
export class DiagnosticRetentionService {
  constructor(private readonly ds: DataSource) {}

  async purge(retentionDays: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, n] = (await this.ds.query(
        `DELETE FROM diagnostic WHERE id IN (SELECT id FROM diagnostic WHERE cree_le < now() - make_interval(days => $1) ORDER BY cree_le LIMIT ${BATCH})`,
        [retentionDays],
      )) as [unknown, number];
      total += Number(n) || 0;
      if (!n || n < BATCH) return total;
    }
  }
}
