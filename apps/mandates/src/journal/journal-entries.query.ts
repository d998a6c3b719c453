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
}

/** Entries about one usager (in one structure for an aidant), newest first. */
export async function journalEntriesOf(m: EntityManager, usagerId: string, structureId: string | null) {
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
