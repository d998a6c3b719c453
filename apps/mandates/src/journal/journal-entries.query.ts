import type { EntityManager } from 'typeorm';
import { DEMARCHES, type Demarche } from '@pin/contracts';
import { JOURNAL_ACTIONS, type JournalAction } from './journal.types';

/** Refusal reasons as the usager reads them. */
const REASONS: Record<string, string> = {
  AIDANT_NON_HABILITE: 'aidant non habilité',
  AUCUN_MANDAT: 'aucun mandat pour cette démarche',
  MANDAT_REVOQUE: 'mandat révoqué',
  MANDAT_EXPIRE: 'mandat expiré',
  MANDAT_A_VENIR: 'mandat pas encore commencé',
  DEMARCHE_INCONNUE: 'démarche inconnue',
};

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
  actor_sub: string | null;
}

/**
 * Consultations by the same person on the same day (Paris time) read as one line with how many
 * times — a page view each was noise (the hash chain still records every one). Lines come newest
 * first; the kept line is the latest consultation of that day.
 */
export function collapseConsultations<T extends { action: string; date: string; actorKey: string | null; fois: number }>(lines: readonly T[]): T[] {
  const day = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  const kept = new Map<string, T>();
  const out: T[] = [];
  for (const line of lines) {
    if (line.action !== 'usager.consulte') {
      out.push(line);
      continue;
    }
    const key = `${line.actorKey ?? '?'}|${day(line.date)}`;
    const first = kept.get(key);
    if (first) first.fois += 1;
    else {
      const copy = { ...line };
      kept.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

function present(r: EntryRow) {
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
    /** How many entries this line stands for (consultations of one day by one person). */
    fois: 1,
    actorKey: r.actor_sub,
  };
}

/** Entries about one usager (in one structure for an aidant), newest first. */
export async function journalEntriesOf(m: EntityManager, usagerId: string, structureId: string | null) {
  const rows = (await m.query(
    `SELECT j.seq, j.recorded_at, j.action, j.demarche, j.mandat_id, j.structure_id, j.data, j.hash, j.actor_sub, p.details, ks.nom AS structure_nom
       FROM journal_entry j LEFT JOIN journal_personal p ON p.seq = j.seq LEFT JOIN known_structure ks ON ks.id = j.structure_id
      WHERE j.usager_id = $1 ${structureId ? 'AND (j.structure_id = $2 OR j.structure_id IS NULL)' : ''}
      ORDER BY j.seq DESC LIMIT 500`,
    structureId ? [usagerId, structureId] : [usagerId],
  )) as EntryRow[];
  return collapseConsultations(rows.map(present)).map(({ actorKey: _actor, ...line }) => ({
    ...line,
    detail: line.fois > 1 ? `${line.fois} consultations ce jour-là` : line.detail,
  }));
}
