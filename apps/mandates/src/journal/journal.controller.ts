import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { DEMARCHES, PinError, REQUESTS, type Demarche } from '@pin/contracts';
import { hasRole, requireRole, requireUser } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { acting } from '../common/acting';
import { visibleUsager } from '../usagers/usagers.controller';
import { JournalService } from './journal.service';
import { JOURNAL_ACTIONS, type JournalAction } from './journal.types';

const REASONS: Record<string, string> = {
  AIDANT_NON_HABILITE: 'aidant non habilité',
  AUCUN_MANDAT: 'aucun mandat pour cette démarche',
  MANDAT_REVOQUE: 'mandat révoqué',
  MANDAT_EXPIRE: 'mandat expiré',
  MANDAT_A_VENIR: 'mandat pas encore commencé',
  DEMARCHE_INCONNUE: 'démarche inconnue',
};

/** The journal as the usager reads it (their own entries), and the admin's chain verification. */
@Controller()
export class JournalController {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
  ) {}

  @MessagePattern(REQUESTS.mandates.myJournal)
  async mine() {
    const user = requireUser(RequestContext.get()?.user);
    if (!hasRole(user, 'usager')) throw new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
    return this.outbox.run(async (m) => {
      const rows = (await m.query(`SELECT id FROM usager WHERE account_sub = $1`, [user.sub])) as Array<{ id: string }>;
      if (!rows[0]) return { items: [] };
      return { items: await entriesOf(m, rows[0].id, null) };
    });
  }

  @MessagePattern(REQUESTS.mandates.usagerJournal)
  async ofUsager(@Payload() p: { id?: unknown; structureId?: unknown }) {
    const { structureId } = acting(RequestContext.get()?.user, p?.structureId);
    return this.outbox.run(async (m) => {
      const usager = await visibleUsager(m, p?.id, structureId);
      return { items: await entriesOf(m, usager.id, structureId) };
    });
  }

  @MessagePattern(REQUESTS.mandates.journalVerify)
  async verify() {
    requireRole(RequestContext.get()?.user, 'admin');
    return this.journal.verify();
  }
}

interface EntryRow {
  seq: string;
  recorded_at: Date;
  action: JournalAction;
  demarche: string | null;
  mandat_id: string | null;
  structure_id: string | null;
  data: Record<string, unknown>;
  hash: string;
  details: { acteur?: string } | null;
  structure_nom: string | null;
}

/** Entries about one usager (in one structure for an aidant), newest first. */
async function entriesOf(m: EntityManager, usagerId: string, structureId: string | null) {
  const rows = (await m.query(
    `SELECT j.seq, j.recorded_at, j.action, j.demarche, j.mandat_id, j.structure_id, j.data, j.hash, p.details, ks.nom AS structure_nom
       FROM journal_entry j LEFT JOIN journal_personal p ON p.seq = j.seq LEFT JOIN known_structure ks ON ks.id = j.structure_id
      WHERE j.usager_id = $1 ${structureId ? 'AND (j.structure_id = $2 OR j.structure_id IS NULL)' : ''}
      ORDER BY j.seq DESC LIMIT 500`,
    structureId ? [usagerId, structureId] : [usagerId],
  )) as EntryRow[];
  return rows.map((r) => {
    const reason = typeof r.data?.raison === 'string' ? REASONS[r.data.raison] : undefined;
    return {
      seq: Number(r.seq),
      date: r.recorded_at.toISOString(),
      action: r.action,
      libelle: JOURNAL_ACTIONS[r.action] ?? r.action,
      acteur: r.details?.acteur ?? null,
      structure: r.structure_nom,
      demarche: r.demarche ? (DEMARCHES[r.demarche as Demarche] ?? r.demarche) : null,
      mandatId: r.mandat_id,
      detail: reason ? `Motif : ${reason}` : null,
      hash: r.hash,
    };
  });
}
