import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { SafeJournal } from '../journal/journal.service';

/**
 * Expiry reminders: once per document, when its expiry date is within the notice period
 * (`SAFE_EXPIRY_REMINDER_DAYS`), a journal entry « à renouveler » and a mark the usager's list
 * shows. No event: nothing leaves the safe (and no personal data anywhere but the usager's journal).
 */
@Injectable()
export class ExpiryReminders {
  constructor(
    private readonly ds: DataSource,
    private readonly journal: SafeJournal,
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
  ) {}

  /** Records the reminders that are due (`today` for tests); returns how many were recorded. */
  async scan(today: Date = new Date()): Promise<number> {
    const day = today.toISOString().slice(0, 10);
    const due = (await this.ds.query(
      `SELECT id FROM document
        WHERE deleted_at IS NULL AND wrapped_key IS NOT NULL AND expire_le IS NOT NULL AND expiry_reminded_at IS NULL
          AND expire_le <= $1::date + $2::int
        ORDER BY expire_le LIMIT 1000`,
      [day, this.config.SAFE_EXPIRY_REMINDER_DAYS],
    )) as { id: string }[];
    let recorded = 0;
    for (const { id } of due) {
      // One transaction per document: the mark and the journal entry together, exactly once even if replicas race.
      const done = await this.ds.transaction(async (m) => {
        const [rows] = (await m.query(
          `UPDATE document SET expiry_reminded_at = now() WHERE id = $1 AND expiry_reminded_at IS NULL AND deleted_at IS NULL
            RETURNING usager_id, categorie, to_char(expire_le, 'YYYY-MM-DD') AS expire_le`,
          [id],
        )) as [{ usager_id: string; categorie: string; expire_le: string }[], number];
        const row = rows[0];
        if (!row) return false;
        await this.journal.append({ usagerId: row.usager_id, action: 'document.a_renouveler', documentId: id, actorRole: 'systeme', data: { categorie: row.categorie, expireLe: row.expire_le } }, m);
        return true;
      });
      if (done) recorded++;
    }
    return recorded;
  }
}
