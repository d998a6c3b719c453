/**
 * Append-only hash chains (the mandates journal, the safe's journal): each entry stores the hash of
 * the previous one, and its own hash covers its content and that link. Moved here from the mandates
 * service so that both journals use the same chain and the same verification.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  seq: number;
  id: string;
  prevHash: string;
  hash: string;
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
export function firstChainBreak<R extends ChainLink>(rows: readonly R[], prev: { seq: number; hash: string }, hashOf: (r: R) => string): ChainBreak | null {
  let expectedSeq = prev.seq + 1;
  let prevHash = prev.hash;
  for (const r of rows) {
    if (r.seq !== expectedSeq) return { seq: expectedSeq, id: null, raison: `entrée ${expectedSeq} manquante` };
    if (r.prevHash !== prevHash) return { seq: r.seq, id: r.id, raison: 'le lien vers l’entrée précédente ne correspond pas' };
    if (hashOf(r) !== r.hash) return { seq: r.seq, id: r.id, raison: 'le contenu de l’entrée a été modifié' };
    prevHash = r.hash;
    expectedSeq += 1;
  }
  return null;
}
