import { canonicalJson, sha256Hex } from './canonical';
import type { JournalRecord } from './journal.types';

/** The hashed part of an entry: every column but the hash itself, never personal details. */
export function hashedPart(r: Omit<JournalRecord, 'hash'>) {
  return {
    seq: r.seq,
    id: r.id,
    recordedAt: r.recordedAt.toISOString(),
    action: r.action,
    usagerId: r.usagerId,
    structureId: r.structureId,
    mandatId: r.mandatId,
    demarche: r.demarche,
    actorSub: r.actorSub,
    data: r.data,
    prevHash: r.prevHash,
  };
}

export function entryHash(r: Omit<JournalRecord, 'hash'>): string {
  return sha256Hex(canonicalJson(hashedPart(r)));
}

export interface ChainBreak {
  seq: number;
  id: string | null;
  raison: string;
}

/**
 * Checks rows (in seq order, continuing from `prev`) and returns the first broken entry: a
 * recomputed hash that differs, a prev_hash that is not the previous hash, or a gap in seq.
 */
export function firstBreak(rows: readonly JournalRecord[], prev: { seq: number; hash: string }): ChainBreak | null {
  let expectedSeq = prev.seq + 1;
  let prevHash = prev.hash;
  for (const r of rows) {
    if (r.seq !== expectedSeq) return { seq: expectedSeq, id: null, raison: `entrée ${expectedSeq} manquante` };
    if (r.prevHash !== prevHash) return { seq: r.seq, id: r.id, raison: 'le lien vers l’entrée précédente ne correspond pas' };
    if (entryHash(r) !== r.hash) return { seq: r.seq, id: r.id, raison: 'le contenu de l’entrée a été modifié' };
    prevHash = r.hash;
    expectedSeq += 1;
  }
  return null;
}
