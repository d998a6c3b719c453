import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson, firstChainBreak, GENESIS_HASH, sha256Hex, type ChainBreak } from '@pin/persistence';
import type { SafeJournalInput, SafeJournalRecord } from './journal.types';

export function safeEntryHash(r: Omit<SafeJournalRecord, 'hash'>): string {
  return sha256Hex(canonicalJson({
    usagerId: r.usagerId, seq: r.seq, id: r.id, recordedAt: r.recordedAt.toISOString(), action: r.action, documentId: r.documentId,
    structureId: r.structureId, actorSub: r.actorSub, actorRole: r.actorRole, data: r.data, prevHash: r.prevHash,
  }));
}

interface Row {
  usager_id: string; seq: number; id: string; recorded_at: Date; action: SafeJournalRecord['action']; document_id: string | null;
  structure_id: string | null; actor_sub: string | null; actor_role: string; data: Record<string, unknown>; prev_hash: string; hash: string;
}
const toRecord = (r: Row): SafeJournalRecord => ({
  usagerId: r.usager_id, seq: r.seq, id: r.id, recordedAt: r.recorded_at, action: r.action, documentId: r.document_id, structureId: r.structure_id,
  actorSub: r.actor_sub, actorRole: r.actor_role, data: r.data, prevHash: r.prev_hash, hash: r.hash,
});

/**
 * The safe's journal: one hash chain per usager (the chain of `@pin/persistence`, shared with the
 * mandates journal), append-only (a trigger refuses UPDATE and DELETE). Appends of one usager are
 * serialized by a transaction-scoped advisory lock.
 */
@Injectable()
export class SafeJournal {
  constructor(private readonly ds: DataSource) {}

  /** Appends in the caller's transaction (`m`), or in its own. */
  async append(input: SafeJournalInput, m?: EntityManager): Promise<SafeJournalRecord> {
    if (!m) return this.ds.transaction((tx) => this.append(input, tx));
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('safe-journal'), hashtext($1))`, [input.usagerId]);
    const [last] = (await m.query(`SELECT seq, hash FROM journal_entry WHERE usager_id = $1 ORDER BY seq DESC LIMIT 1`, [input.usagerId])) as { seq: number; hash: string }[];
    const base: Omit<SafeJournalRecord, 'hash'> = {
      usagerId: input.usagerId, seq: (last?.seq ?? 0) + 1, id: randomUUID(), recordedAt: new Date(Math.floor(Date.now())), action: input.action,
      documentId: input.documentId ?? null, structureId: input.structureId ?? null, actorSub: input.actorSub ?? null, actorRole: input.actorRole,
      data: input.data ?? {}, prevHash: last?.hash ?? GENESIS_HASH,
    };
    const record = { ...base, hash: safeEntryHash(base) };
    await m.query(
      `INSERT INTO journal_entry (usager_id, seq, id, recorded_at, action, document_id, structure_id, actor_sub, actor_role, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [record.usagerId, record.seq, record.id, record.recordedAt, record.action, record.documentId, record.structureId, record.actorSub, record.actorRole, JSON.stringify(record.data), record.prevHash, record.hash],
    );
    return record;
  }

  async list(usagerId: string): Promise<SafeJournalRecord[]> {
    const rows = (await this.ds.query(`SELECT * FROM journal_entry WHERE usager_id = $1 ORDER BY seq`, [usagerId])) as Row[];
    return rows.map(toRecord);
  }

  async verify(usagerId: string): Promise<ChainBreak | null> {
    return firstChainBreak(await this.list(usagerId), { seq: 0, hash: GENESIS_HASH }, safeEntryHash);
  }
}
