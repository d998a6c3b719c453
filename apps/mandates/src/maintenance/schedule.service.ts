import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MandateExpiredV1, MandateExpiringV1 } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { JOURNAL_INPUTS } from '../journal/journal-inputs';
import { JournalService } from '../journal/journal.service';

export interface ScheduleSettings {
  retentionDays: number;
  noticeDays: number;
}
export const SCHEDULE_SETTINGS = Symbol('SCHEDULE_SETTINGS');

interface DueRow {
  id: string;
  usager_id: string;
  structure_id: string;
  fin: Date;
  email: string | null;
  telephone: string | null;
}

const BATCH = 200;

/**
 * The work of the scheduled jobs. Each mandate is handled in its own transaction and marked, so a
 * rerun (retry, two replicas) never notifies or emits twice.
 */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
  ) {}

  /** Notices 30 days before the end (no e-mail is sent here: a notification row and an event). */
  async notifyExpiring(noticeDays: number): Promise<number> {
    let done = 0;
    for (;;) {
      const due = (await this.dataSource.query(
        `SELECT m.id, m.usager_id, m.structure_id, m.fin, u.email, u.telephone FROM mandat m JOIN usager u ON u.id = m.usager_id
          WHERE m.revoque_le IS NULL AND m.expiring_notified_at IS NULL AND m.duree_jours > $1
            AND m.fin > now() AND m.fin <= now() + make_interval(days => $1)
            AND EXISTS (SELECT 1 FROM autorisation a WHERE a.mandat_id = m.id AND a.revoque_le IS NULL)
          ORDER BY m.fin LIMIT ${BATCH}`,
        [noticeDays],
      )) as DueRow[];
      if (due.length === 0) return done;
      for (const d of due) {
        await this.outbox.run(async (m, events) => {
          const [, n] = (await m.query(`UPDATE mandat SET expiring_notified_at = now() WHERE id = $1 AND expiring_notified_at IS NULL`, [d.id])) as [unknown, number];
          if (n === 0) return;
          const usagerNotifie = !!(d.email || d.telephone);
          const destinataires = { structure: d.structure_id, usager: usagerNotifie ? { email: d.email, telephone: d.telephone } : null };
          await m.query(`INSERT INTO mandat_notification (id, mandat_id, kind, destinataires) VALUES (gen_random_uuid(), $1, 'expiration_proche', $2) ON CONFLICT DO NOTHING`, [d.id, JSON.stringify(destinataires)]);
          await this.journal.append(m, [JOURNAL_INPUTS['mandat.expiration_proche']({ usagerId: d.usager_id, structureId: d.structure_id, mandatId: d.id, fin: d.fin, usagerNotifie })]);
          events.record(MandateExpiringV1, { subject: d.id, correlationId: `schedule-${d.id}`, data: { mandatId: d.id, usagerId: d.usager_id, structureId: d.structure_id, fin: d.fin.toISOString(), usagerNotifie } });
        });
        done += 1;
      }
    }
  }

  /** Emits `mandate.expired` once for every mandate whose end has passed while still in force. */
  async emitExpired(): Promise<number> {
    let done = 0;
    for (;;) {
      const due = (await this.dataSource.query(
        `SELECT m.id, m.usager_id, m.structure_id, m.fin, NULL AS email, NULL AS telephone FROM mandat m
          WHERE m.revoque_le IS NULL AND m.expired_emitted_at IS NULL AND m.fin <= now()
            AND EXISTS (SELECT 1 FROM autorisation a WHERE a.mandat_id = m.id AND a.revoque_le IS NULL)
          ORDER BY m.fin LIMIT ${BATCH}`,
      )) as DueRow[];
      if (due.length === 0) return done;
      for (const d of due) {
        await this.outbox.run(async (m, events) => {
          const [, n] = (await m.query(`UPDATE mandat SET expired_emitted_at = now() WHERE id = $1 AND expired_emitted_at IS NULL`, [d.id])) as [unknown, number];
          if (n === 0) return;
          await m.query(`INSERT INTO mandat_notification (id, mandat_id, kind, destinataires) VALUES (gen_random_uuid(), $1, 'expire', $2) ON CONFLICT DO NOTHING`, [d.id, JSON.stringify({ structure: d.structure_id })]);
          await this.journal.append(m, [JOURNAL_INPUTS['mandat.expire']({ usagerId: d.usager_id, structureId: d.structure_id, mandatId: d.id, fin: d.fin })]);
          events.record(MandateExpiredV1, { subject: d.id, correlationId: `schedule-${d.id}`, data: { mandatId: d.id, usagerId: d.usager_id, structureId: d.structure_id, fin: d.fin.toISOString() } });
        });
        done += 1;
      }
    }
  }

  /**
   * Erases the personal data of usagers whose last mandate ended more than `retentionDays` ago
   * (or who never had one, counted from their creation). The journal's hashed part stays intact.
   */
  async purge(retentionDays: number): Promise<number> {
    const due = (await this.dataSource.query(
      `SELECT u.id FROM usager u
        WHERE u.purged_at IS NULL
          AND COALESCE((SELECT max(LEAST(m.fin, COALESCE(m.revoque_le, m.fin))) FROM mandat m WHERE m.usager_id = u.id), u.created_at)
              < now() - make_interval(days => $1)
        LIMIT 1000`,
      [retentionDays],
    )) as Array<{ id: string }>;
    for (const { id } of due) {
      await this.outbox.run(async (m) => {
        await m.query(
          `UPDATE usager SET nom = NULL, prenoms = NULL, date_naissance = NULL, lieu_naissance = NULL, email = NULL, telephone = NULL,
                  identity_key = NULL, claim_code_hash = NULL, claim_code_expires_at = NULL, purged_at = now() WHERE id = $1`,
          [id],
        );
        await m.query(`UPDATE mandat SET revoque_par_nom = NULL WHERE usager_id = $1 AND revoque_par = 'usager'`, [id]);
        const [{ n }] = (await m.query(`SELECT journal_purge_personal($1) AS n`, [id])) as Array<{ n: number }>;
        await this.journal.append(m, [JOURNAL_INPUTS['donnees.purgees']({ usagerId: id, entreesEffacees: Number(n), conservationJours: retentionDays })]);
      });
    }
    return due.length;
  }

  /**
   * Erases the journal's personal details (the aidant's username and name, who decided) of
   * habilitations refused or withdrawn more than `retentionDays` ago; their hashed entries stay.
   */
  async purgeHabilitations(retentionDays: number): Promise<number> {
    const due = (await this.dataSource.query(
      `SELECT h.id, h.structure_id FROM habilitation h
        WHERE h.statut IN ('refusee', 'retiree', 'annulee') AND h.decidee_le < now() - make_interval(days => $1)
          AND EXISTS (SELECT 1 FROM journal_entry j JOIN journal_personal p ON p.seq = j.seq
                       WHERE j.action LIKE 'habilitation.%' AND j.data->>'habilitationId' = h.id::text)
        LIMIT 1000`,
      [retentionDays],
    )) as Array<{ id: string; structure_id: string }>;
    for (const h of due) {
      await this.outbox.run(async (m) => {
        const [{ n }] = (await m.query(`SELECT journal_purge_habilitation_personal($1) AS n`, [h.id])) as Array<{ n: number }>;
        if (Number(n) > 0) {
          await this.journal.append(m, [JOURNAL_INPUTS['donnees.purgees']({ habilitationId: h.id, structureId: h.structure_id, entreesEffacees: Number(n), conservationJours: retentionDays })]);
        }
      });
    }
    return due.length;
  }

  /** Deletes the members (username, display name) not seen for `retentionDays`: they are personal data. */
  async purgeMembers(retentionDays: number): Promise<number> {
    const [, n] = (await this.dataSource.query(`DELETE FROM structure_member WHERE last_seen < now() - make_interval(days => $1)`, [retentionDays])) as [unknown, number];
    return Number(n) || 0;
  }
}
