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
  return sha256Hex(entryCanonical(r));
}

/**
 * `canonicalJson(hashedPart(r))`, written field by field (RFC 8785: keys in code-unit order) for
 * the usual entry; any value out of the plain cases goes through `canonicalJson` instead, so the
 * bytes hashed never differ. Hashing is on every authorization check's path, and the generic
 * form costs several times more (a per-character surrogate scan in JavaScript, cycle bookkeeping).
 */
export function entryCanonical(r: Omit<JournalRecord, 'hash'>): string {
  const parts = [
    r.action, r.actorSub, plainCanonical(r.data), r.demarche, r.id, r.mandatId, r.prevHash, r.recordedAt.toISOString(), r.seq, r.structureId, r.usagerId,
  ].map((v, i) => (i === 2 ? v : plainScalar(v)));
  if (parts.includes(undefined)) return canonicalJson(hashedPart(r));
  const [action, actorSub, data, demarche, id, mandatId, prevHash, recordedAt, seq, structureId, usagerId] = parts;
  return `{"action":${action},"actorSub":${actorSub},"data":${data},"demarche":${demarche},"id":${id},"mandatId":${mandatId},"prevHash":${prevHash},"recordedAt":${recordedAt},"seq":${seq},"structureId":${structureId},"usagerId":${usagerId}}`;
}

function plainScalar(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? undefined : plainCanonical(v);
}

/**
 * RFC 8785 canonical JSON, byte for byte what `canonicalJson` gives, for the plain values a
 * journal entry holds (null, booleans, finite numbers, well-formed strings, arrays, plain
 * objects); `undefined` for anything else (the caller then uses `canonicalJson`, and its errors).
 */
export function plainCanonical(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return wellFormed(value) ? JSON.stringify(value) : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v = plainCanonical(value[i]);
      if (v === undefined) return undefined;
      out += i === 0 ? v : `,${v}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key] === undefined ? undefined : plainCanonical(obj[key]);
    if (v === undefined) return undefined;
    const k = plainCanonical(key);
    if (k === undefined) return undefined;
    out += first ? `${k}:${v}` : `,${k}:${v}`;
    first = false;
  }
  return `${out}}`;
}

export type { ChainBreak } from '@pin/persistence';

/** The shared chain check (`@pin/persistence`) with this journal's entry hash. */
export function firstBreak(rows: readonly JournalRecord[], prev: { seq: number; hash: string }): ChainBreak | null {
  return firstChainBreak(rows, prev, entryHash);
}

/** No lone surrogate (Node's native String.prototype.isWellFormed; the project's TS lib predates it). */
function wellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}
