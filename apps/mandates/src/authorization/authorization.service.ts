import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { authorizationCheckSchema, isDemarche, type AuthorizationCheck, type AuthorizationDecision, type AuthorizationReason } from '@pin/contracts';
import { JOURNAL_INPUTS } from '../journal/journal-inputs';
import { JournalService } from '../journal/journal.service';

interface CheckRow {
  i: number;
  habilite: boolean;
  aut: { id: string; mandat_id: string; debut: string; fin: string; revoque_le: string | null } | null;
}

interface Pending {
  q: AuthorizationCheck;
  resolve: (d: CheckRow) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 500;
/** Read batches that may run at once (each on its own pooled connection). */
const MAX_READS_IN_FLIGHT = 2;

/**
 * "May this aidant act for this usager on this démarche, now?" Answers from the autorisation
 * rows (status computed from dates, so expired or revoked never authorize) and journals every
 * answer — allowed as "autorisation utilisée", denied with its reason — before replying.
 *
 * Checks that arrive together are read with one query (unnest of the batch) while other
 * batches are read or journaled: reads and journal writes are pipelined stages.
 */
@Injectable()
export class AuthorizationService {
  private queue: Pending[] = [];
  private reading = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly journal: JournalService,
  ) {}

  async check(input: unknown): Promise<AuthorizationDecision> {
    const parsed = authorizationCheckSchema.safeParse(input);
    if (!parsed.success) return { allowed: false, reason: 'REQUETE_INVALIDE' };
    const q = parsed.data;
    // The aidant is the hashed `sub` only: `aidantUsername` (sent for matching) is never journaled.
    const base = { usagerId: q.usagerId, structureId: q.structureId, actorSub: q.aidantSub };
    if (!isDemarche(q.demarche)) {
      await this.journal.appendSoon(JOURNAL_INPUTS['autorisation.refusee']({ ...base, raison: 'DEMARCHE_INCONNUE', demarcheDemandee: q.demarche }));
      return { allowed: false, reason: 'DEMARCHE_INCONNUE' };
    }
    const row = await this.read(q);
    const decision = decide(row);
    const aut = row.aut;
    await this.journal.appendSoon(
      decision.allowed
        ? JOURNAL_INPUTS['autorisation.utilisee']({ ...base, mandatId: aut!.mandat_id, demarche: q.demarche, autorisationId: aut!.id })
        : JOURNAL_INPUTS['autorisation.refusee']({ ...base, mandatId: aut?.mandat_id ?? null, demarche: q.demarche, raison: decision.reason }),
    );
    return decision;
  }

  private read(q: AuthorizationCheck): Promise<CheckRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ q, resolve, reject });
      if (this.reading < MAX_READS_IN_FLIGHT) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.reading += 1;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const rows = await this.readBatch(batch.map((p) => p.q));
          batch.forEach((p, i) => p.resolve(rows[i]));
        } catch (err) {
          batch.forEach((p) => p.reject(err));
        }
      }
    } finally {
      this.reading -= 1;
    }
  }

  /** One named prepared statement for the whole batch: parsed and planned once per pooled connection. */
  private async readBatch(qs: readonly AuthorizationCheck[]): Promise<CheckRow[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<CheckRow>({
      name: 'authorization_check_batch',
      text: CHECK_BATCH,
      values: [qs.map((_, i) => i), qs.map((q) => q.aidantSub), qs.map((q) => q.structureId), qs.map((q) => q.usagerId), qs.map((q) => q.demarche), qs.map((q) => q.aidantUsername ?? null)],
    });
    const byIndex: CheckRow[] = [];
    for (const r of rows) byIndex[r.i] = r;
    return byIndex;
  }
}

/**
 * Per check: is the aidant habilitated in the structure (by sub, or by username for a
 * habilitation granted before the first login), and the autorisation that decides (active
 * first, then not revoked, then the latest end).
 */
const CHECK_BATCH = `SELECT q.i,
        EXISTS (SELECT 1 FROM habilitation h WHERE h.structure_id = q.structure_id AND h.statut = 'accordee'
                  AND (h.aidant_sub = q.aidant_sub OR (h.aidant_sub IS NULL AND h.aidant_username = q.aidant_username))) AS habilite,
        (SELECT json_build_object('id', a.id, 'mandat_id', a.mandat_id, 'debut', a.debut, 'fin', a.fin, 'revoque_le', a.revoque_le)
           FROM autorisation a WHERE a.usager_id = q.usager_id AND a.structure_id = q.structure_id AND a.demarche = q.demarche
          ORDER BY (a.revoque_le IS NULL AND a.debut <= now() AND a.fin > now()) DESC, (a.revoque_le IS NULL) DESC, a.fin DESC LIMIT 1) AS aut
   FROM unnest($1::int[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[]) AS q(i, aidant_sub, structure_id, usager_id, demarche, aidant_username)`;

export function decide(row: Pick<CheckRow, 'habilite' | 'aut'>, now = Date.now()): AuthorizationDecision {
  const deny = (reason: AuthorizationReason, extra: Partial<AuthorizationDecision> = {}): AuthorizationDecision => ({ allowed: false, reason, ...extra });
  if (!row.habilite) return deny('AIDANT_NON_HABILITE');
  const a = row.aut;
  if (!a) return deny('AUCUN_MANDAT');
  const ids = { mandatId: a.mandat_id, autorisationId: a.id };
  if (a.revoque_le) return deny('MANDAT_REVOQUE', ids);
  if (new Date(a.debut).getTime() > now) return deny('MANDAT_A_VENIR', ids);
  if (new Date(a.fin).getTime() <= now) return deny('MANDAT_EXPIRE', ids);
  return { allowed: true, reason: 'AUTORISE', ...ids, fin: new Date(a.fin).toISOString() };
}
