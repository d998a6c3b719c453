import { v7 as uuidv7 } from 'uuid';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { entryHash, firstBreak, type ChainBreak } from './journal-hash';
import type { JournalInput, JournalRecord } from './journal.types';

interface Pending {
  input: JournalInput;
  resolve: (r: JournalRecord) => void;
  reject: (e: unknown) => void;
  attempts: number;
}

const MAX_BATCH = 1_000;
const MAX_ATTEMPTS = 20;
const VERIFY_PAGE = 5_000;

/**
 * Appends to the hash-chained journal. Business writers lock the single `journal_head` row
 * (SELECT … FOR UPDATE) in their transaction, so entries are chained in commit order even with
 * several replicas. Authorization checks go through `appendSoon`: entries that arrive together
 * are written by one statement that moves the head only if it is still where this process saw
 * it (group commit + compare-and-set); each caller waits for that commit.
 */
@Injectable()
export class JournalService {
  private queue: Pending[] = [];
  private writing = false;
  private loadingHead = false;
  /** The head as this process last wrote or read it; undefined: reload before chaining. */
  private head?: { seq: number; hash: string };

  constructor(private readonly dataSource: DataSource) {}

  /** Appends inside the caller's transaction (the entries commit or roll back with the change). */
  async append(manager: EntityManager, inputs: readonly JournalInput[]): Promise<JournalRecord[]> {
    if (inputs.length === 0) return [];
    const [head] = (await manager.query(`SELECT seq, hash FROM journal_head WHERE id = 1 FOR UPDATE`)) as Array<{ seq: string; hash: string }>;
    const records = chainRecords(inputs, { seq: Number(head.seq), hash: head.hash });
    await manager.query(`INSERT INTO journal_entry (${COLUMNS}) SELECT * FROM ${UNNEST}`, unnestParams(records));
    const personal = records.map((r, i) => ({ r, p: inputs[i].personal })).filter((x) => x.p && Object.keys(x.p).length > 0);
    if (personal.length > 0) {
      await manager.query(`INSERT INTO journal_personal (seq, usager_id, details) SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::jsonb[])`, [
        personal.map((x) => x.r.seq),
        personal.map((x) => x.r.usagerId),
        personal.map((x) => JSON.stringify(x.p)),
      ]);
    }
    const last = records[records.length - 1];
    await manager.query(`UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 1`, [last.seq, last.hash]);
    return records;
  }

  /** Appends together with other concurrent callers; resolves once committed. */
  appendSoon(input: JournalInput): Promise<JournalRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject, attempts: 0 });
      this.pump();
    });
  }

  /**
   * Group commit for detached entries (authorization checks): one batch in flight at a time,
   * and every entry that arrived meanwhile goes into the next one, so the batch grows with the
   * load. Batches of one process would only queue behind each other on the `journal_head` row
   * anyway (each waits for the previous commit), so a single batch in flight loses no
   * throughput and every caller waits for one commit instead of several. The statement moves
   * `journal_head` only if it is still where this process last saw it (compare-and-set, for
   * other replicas and the locked `append`), and inserts only then. A batch that finds the head
   * elsewhere (another writer, a failed batch) goes back to the queue; the head is reloaded and
   * chaining resumes.
   */
  private pump(): void {
    if (this.writing || this.queue.length === 0) return;
    if (!this.head) {
      if (!this.loadingHead) void this.loadHead();
      return;
    }
    const batch = this.queue.splice(0, MAX_BATCH);
    const from = this.head;
    let records: JournalRecord[];
    try {
      records = chainRecords(batch.map((p) => p.input), from);
    } catch {
      // An entry that cannot be hashed (a lone surrogate, say) fails alone; the others go on.
      const ok = batch.filter((p) => {
        try {
          chainRecords([p.input], from);
          return true;
        } catch (err) {
          p.reject(err);
          return false;
        }
      });
      this.queue.unshift(...ok);
      queueMicrotask(() => this.pump());
      return;
    }
    this.writing = true;
    this.write(records, from).then(
      (written) => this.settle(batch, records, written ? null : 'moved'),
      (err: unknown) => this.settle(batch, records, (err as { code?: string }).code === '23505' ? 'moved' : err),
    );
  }

  private settle(batch: Pending[], records: JournalRecord[], failure: unknown): void {
    this.writing = false;
    if (failure === null) {
      const last = records[records.length - 1];
      this.head = { seq: last.seq, hash: last.hash };
      batch.forEach((p, i) => p.resolve(records[i]));
    } else {
      this.head = undefined;
      const retry = batch.filter((p) => ++p.attempts <= MAX_ATTEMPTS);
      batch.filter((p) => p.attempts > MAX_ATTEMPTS).forEach((p) => p.reject(failure === 'moved' ? new Error('journal head kept moving') : failure));
      if (failure !== 'moved') retry.forEach((p) => p.reject(failure));
      else this.queue.unshift(...retry);
    }
    this.pump();
  }

  private async loadHead(): Promise<void> {
    this.loadingHead = true;
    try {
      const [h] = (await this.dataSource.query(`SELECT seq, hash FROM journal_head WHERE id = 1`)) as Array<{ seq: string; hash: string }>;
      this.head = { seq: Number(h.seq), hash: h.hash };
    } catch (err) {
      this.queue.splice(0).forEach((p) => p.reject(err));
    } finally {
      this.loadingHead = false;
    }
    this.pump();
  }

  /**
   * One statement, autocommit: moves the head from `from` to the batch's last entry and inserts
   * the batch, or does nothing. A named prepared statement: parsed and planned once per pooled
   * connection instead of at every batch.
   */
  private async write(records: JournalRecord[], from: { seq: number; hash: string }): Promise<boolean> {
    const last = records[records.length - 1];
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<{ written: number }>({
      name: 'journal_append_group',
      text: APPEND_GROUP,
      values: [...unnestParams(records), last.seq, last.hash, from.seq, from.hash],
    });
    return rows[0].written === records.length;
  }

  /** Recomputes the whole chain; names the first broken entry. */
  async verify(): Promise<{ ok: boolean; entrees: number; premiereRupture: ChainBreak | null }> {
    let prev = { seq: 0, hash: '0'.repeat(64) };
    let count = 0;
    for (;;) {
      const rows = await this.page(prev.seq);
      if (rows.length === 0) break;
      const broken = firstBreak(rows, prev);
      if (broken) return { ok: false, entrees: broken.seq - 1, premiereRupture: broken };
      count += rows.length;
      const last = rows[rows.length - 1];
      prev = { seq: last.seq, hash: last.hash };
    }
    const [head] = (await this.dataSource.query(`SELECT seq, hash FROM journal_head WHERE id = 1`)) as Array<{ seq: string; hash: string }>;
    if (Number(head.seq) !== prev.seq || head.hash !== prev.hash) {
      return { ok: false, entrees: count, premiereRupture: { seq: prev.seq + 1, id: null, raison: 'des entrées récentes ont disparu (tête du journal)' } };
    }
    return { ok: true, entrees: count, premiereRupture: null };
  }

  private async page(afterSeq: number): Promise<JournalRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT seq, id, recorded_at, action, usager_id, structure_id, mandat_id, demarche, actor_sub, data, prev_hash, hash
         FROM journal_entry WHERE seq > $1 ORDER BY seq LIMIT ${VERIFY_PAGE}`,
      [afterSeq],
    )) as Array<Record<string, unknown>>;
    return rows.map(toRecord);
  }
}

const COLUMNS = 'seq, id, recorded_at, action, usager_id, structure_id, mandat_id, demarche, actor_sub, data, prev_hash, hash';
const UNNEST = `unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`;
const APPEND_GROUP = `WITH head AS (UPDATE journal_head SET seq = $13, hash = $14 WHERE id = 1 AND seq = $15 AND hash = $16 RETURNING 1),
      ins AS (INSERT INTO journal_entry (${COLUMNS}) SELECT * FROM ${UNNEST} WHERE EXISTS (SELECT 1 FROM head) RETURNING 1)
  SELECT (SELECT count(*) FROM ins)::int AS written`;

function unnestParams(records: readonly JournalRecord[]): unknown[] {
  return [
    records.map((r) => r.seq),
    records.map((r) => r.id),
    records.map((r) => r.recordedAt.toISOString()),
    records.map((r) => r.action),
    records.map((r) => r.usagerId),
    records.map((r) => r.structureId),
    records.map((r) => r.mandatId),
    records.map((r) => r.demarche),
    records.map((r) => r.actorSub),
    records.map((r) => JSON.stringify(r.data)),
    records.map((r) => r.prevHash),
    records.map((r) => r.hash),
  ];
}

/** Numbers and chains entries after `head` (exported for the tests: exactly what is hashed). */
export function chainRecords(inputs: readonly JournalInput[], head: { seq: number; hash: string }): JournalRecord[] {
  let seq = head.seq;
  let prevHash = head.hash;
  const now = new Date();
  return inputs.map((input) => {
    seq += 1;
    const base = {
      seq,
      id: uuidv7(),
      recordedAt: now,
      action: input.action,
      usagerId: input.usagerId ?? null,
      structureId: input.structureId ?? null,
      mandatId: input.mandatId ?? null,
      demarche: input.demarche ?? null,
      actorSub: input.actorSub ?? null,
      data: input.data ?? {},
      prevHash,
    };
    const record: JournalRecord = { ...base, hash: entryHash(base) };
    prevHash = record.hash;
    return record;
  });
}

export function toRecord(row: Record<string, unknown>): JournalRecord {
  return {
    seq: Number(row.seq),
    id: row.id as string,
    recordedAt: row.recorded_at as Date,
    action: row.action as string,
    usagerId: (row.usager_id as string | null) ?? null,
    structureId: (row.structure_id as string | null) ?? null,
    mandatId: (row.mandat_id as string | null) ?? null,
    demarche: (row.demarche as string | null) ?? null,
    actorSub: (row.actor_sub as string | null) ?? null,
    data: row.data as JournalRecord['data'],
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
