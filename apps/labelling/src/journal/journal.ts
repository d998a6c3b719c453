import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson, firstChainBreak, GENESIS_HASH, sha256Hex } from '@pin/persistence';

/**
 * The labelling journal: every transition of a dossier, a label, the charter and the claims.
 *
 * The chain of `@pin/persistence` shared with the mandates and safe journals (each entry's
 * SHA-256 over its RFC 8785 canonical JSON, including the previous entry's hash, checked by
 * `firstChainBreak`); writers lock the single head row in their transaction, so entries chain in
 * commit order. The service's own table sits behind the `Journal` port below.
 */
export interface JournalInput {
  action: string;
  subjectId: string | null;
  structureId?: string | null;
  actorSub?: string | null;
  /** Ids and codes only: the journal is append-only and cannot be purged. */
  data?: Record<string, unknown>;
}

export interface JournalRecord extends Required<Omit<JournalInput, 'data'>> {
  seq: number;
  id: string;
  recordedAt: Date;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ChainBreak {
  seq: number;
  raison: string;
}

/** The port: what the services need from a hash-chained journal. */
export abstract class Journal {
  /** Appends inside the caller's transaction (entries commit or roll back with the change). */
  abstract append(m: EntityManager, inputs: readonly JournalInput[]): Promise<JournalRecord[]>;
  abstract entriesOf(m: EntityManager, subjectId: string): Promise<JournalRecord[]>;
  abstract verify(): Promise<{ ok: boolean; entrees: number; premiereRupture: ChainBreak | null }>;
}

export function entryHash(r: Omit<JournalRecord, 'hash'>): string {
  return sha256Hex(canonicalJson({
    seq: r.seq, id: r.id, recordedAt: r.recordedAt.toISOString(), action: r.action, subjectId: r.subjectId,
    structureId: r.structureId, actorSub: r.actorSub, data: r.data, prevHash: r.prevHash,
  }));
}

/** The first broken entry of rows in seq order continuing from `prev`: gap, wrong link or edited content. */
export function firstBreak(rows: readonly JournalRecord[], prev: { seq: number; hash: string }): ChainBreak | null {
  const broken = firstChainBreak(rows, prev, entryHash);
  return broken ? { seq: broken.seq, raison: broken.raison } : null;
}

const COLUMNS = 'seq, id, recorded_at, action, subject_id, structure_id, actor_sub, data, prev_hash, hash';

function toRecord(r: Record<string, unknown>): JournalRecord {
  return {
    seq: Number(r.seq), id: r.id as string, recordedAt: r.recorded_at as Date, action: r.action as string, subjectId: (r.subject_id as string | null) ?? null,
    structureId: (r.structure_id as string | null) ?? null, actorSub: (r.actor_sub as string | null) ?? null, data: r.data as Record<string, unknown>,
    prevHash: r.prev_hash as string, hash: r.hash as string,
  };
}

/** The labelling service's own table (`labelling_journal_entry`, `labelling_journal_head`). */
@Injectable()
export class ChainedJournal extends Journal {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async append(m: EntityManager, inputs: readonly JournalInput[]): Promise<JournalRecord[]> {
    if (inputs.length === 0) return [];
    const [head] = (await m.query(`SELECT seq, hash FROM labelling_journal_head WHERE id = 1 FOR UPDATE`)) as Array<{ seq: string; hash: string }>;
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const now = new Date();
    const records = inputs.map((i) => {
      seq += 1;
      const base = { seq, id: randomUUID(), recordedAt: now, action: i.action, subjectId: i.subjectId, structureId: i.structureId ?? null, actorSub: i.actorSub ?? null, data: i.data ?? {}, prevHash };
      const rec: JournalRecord = { ...base, hash: entryHash(base) };
      prevHash = rec.hash;
      return rec;
    });
    await m.query(
      `INSERT INTO labelling_journal_entry (${COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::jsonb[], $9::text[], $10::text[])`,
      [
        records.map((r) => r.seq), records.map((r) => r.id), records.map((r) => r.recordedAt.toISOString()), records.map((r) => r.action),
        records.map((r) => r.subjectId), records.map((r) => r.structureId), records.map((r) => r.actorSub), records.map((r) => JSON.stringify(r.data)),
        records.map((r) => r.prevHash), records.map((r) => r.hash),
      ],
    );
    const last = records[records.length - 1];
    await m.query(`UPDATE labelling_journal_head SET seq = $1, hash = $2 WHERE id = 1`, [last.seq, last.hash]);
    return records;
  }

  async entriesOf(m: EntityManager, subjectId: string): Promise<JournalRecord[]> {
    const rows = (await m.query(`SELECT ${COLUMNS} FROM labelling_journal_entry WHERE subject_id = $1 ORDER BY seq`, [subjectId])) as Array<Record<string, unknown>>;
    return rows.map(toRecord);
  }

  async verify(): Promise<{ ok: boolean; entrees: number; premiereRupture: ChainBreak | null }> {
    let prev = { seq: 0, hash: GENESIS_HASH };
    let count = 0;
    for (;;) {
      const rows = ((await this.ds.query(`SELECT ${COLUMNS} FROM labelling_journal_entry WHERE seq > $1 ORDER BY seq LIMIT 5000`, [prev.seq])) as Array<Record<string, unknown>>).map(toRecord);
      if (rows.length === 0) break;
      const broken = firstBreak(rows, prev);
      if (broken) return { ok: false, entrees: broken.seq - 1, premiereRupture: broken };
      count += rows.length;
      prev = { seq: rows[rows.length - 1].seq, hash: rows[rows.length - 1].hash };
    }
    const [head] = (await this.ds.query(`SELECT seq, hash FROM labelling_journal_head WHERE id = 1`)) as Array<{ seq: string; hash: string }>;
    if (Number(head.seq) !== prev.seq || head.hash !== prev.hash) return { ok: false, entrees: count, premiereRupture: { seq: prev.seq + 1, raison: 'des entrées récentes ont disparu (tête du journal)' } };
    return { ok: true, entrees: count, premiereRupture: null };
  }
}
