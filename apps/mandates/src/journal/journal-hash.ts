import { canonicalJson, firstChainBreak, sha256Hex, type ChainBreak } from '@pin/persistence';
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

export type { ChainBreak } from '@pin/persistence';

/** The shared chain check (`@pin/persistence`) with this journal's entry hash. */
export function firstBreak(rows: readonly JournalRecord[], prev: { seq: number; hash: string }): ChainBreak | null {
  return firstChainBreak(rows, prev, entryHash);
}
