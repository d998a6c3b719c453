import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { MAILBOX_DOMAIN, MailboxProvisionedV1, QUEUES, type JobData } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { Outbox } from '@pin/messaging';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';
import { DoveadmClient } from '../dovecot/doveadm.client';
import { MailDatabase } from '../dovecot/mail-database';
import { Credentials } from './credentials.service';
import { ROW_COLUMNS, type MailboxRow } from './mailbox.row';
import { MailboxesService } from './mailboxes.service';
import { ProvisionQueue, queuePrefix } from './provision.queue';

type ProvisionJob = Job<JobData<'mailbox.provision'>>;

/** Relative maildir of an address: `landesmail.fr/jean.martin/`. */
export const maildirOf = (local: string) => `${MAILBOX_DOMAIN}/${local}/`;

/**
 * Provisioning (BullMQ, jobId = request id, retried with exponential backoff), each step
 * idempotent and its progress visible to the aidant (row `progress` and the job's progress):
 * 1. credentials prepared (hash + letter with the same password, in pin_mailbox);
 * 2. the virtual user written to the mail server's database (upsert by request id);
 * 3. Dovecot resolves and initializes it (doveadm HTTP API) — Dovecot or PostgreSQL down: retried;
 * 4. active, letter printable, `pin.mailbox.mailbox.provisioned.v1` (same transaction).
 * Given up after the last attempt: the mail server's row is removed and the request marked failed
 * (never a mailbox without its row, a row without its letter, or a letter whose password fails).
 *
 * Also the sweep, run by `MailboxScheduleWorker` (BullMQ job scheduler, every MAILBOX_SWEEP_MS):
 * scheduled deletions past their grace period lose their maildir (Dovecot never removes one) and
 * their mail server row; requests whose job was lost are enqueued again.
 */
@Injectable()
export class ProvisionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProvisionWorker');
  private worker?: Worker;
  private sweeping?: Promise<number>;

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly mail: MailDatabase,
    private readonly doveadm: DoveadmClient,
    private readonly credentials: Credentials,
    private readonly mailboxes: MailboxesService,
    private readonly queue: ProvisionQueue,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUES.mailboxProvision, (job: ProvisionJob) => this.provision(job), {
      connection: this.redis,
      prefix: queuePrefix(this.config),
      concurrency: this.config.PROVISION_CONCURRENCY,
    });
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeping?.catch(() => undefined);
    await this.worker?.close();
  }

  /** Holds provisioning (mail server maintenance): queued requests wait, nothing is lost. */
  async pause(): Promise<void> {
    await this.worker?.pause();
  }

  resume(): void {
    void this.worker?.resume();
  }

  private async step(job: ProvisionJob, id: string, progress: number): Promise<void> {
    await this.ds.query(`UPDATE mailbox SET progress = GREATEST(progress, $2), status = CASE WHEN status = 'demandee' THEN 'en_cours' ELSE status END, updated_at = now() WHERE id = $1`, [id, progress]);
    await job.updateProgress(progress);
  }

  async provision(job: ProvisionJob): Promise<string> {
    const id = job.data.requestId;
    const [row]: MailboxRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM mailbox WHERE id = $1`, [id]);
    if (!row) throw new UnrecoverableError(`no mailbox request ${id}`);
    if (row.status !== 'demandee' && row.status !== 'en_cours') return row.status; // done already (idempotent)
    await this.step(job, id, 10);
    const hash = row.pending_hash ?? (await this.credentials.prepare(row, false));
    await this.step(job, id, 30);
    try {
      await this.mail.query(
        `INSERT INTO mailbox (username, local_part, domain, password, maildir, quota_bytes, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (request_id) DO UPDATE SET password = EXCLUDED.password, modified_at = now()`,
        [row.address, row.local_part, MAILBOX_DOMAIN, hash, maildirOf(row.local_part), row.quota_bytes, id],
      );
    } catch (err) {
      if ((err as { constraint?: string }).constraint === 'mailbox_pkey') throw new UnrecoverableError(`address ${row.id} already in the mail server for another request`);
      throw err;
    }
    await this.step(job, id, 60);
    await this.doveadm.initialize(row.address);
    await this.step(job, id, 85);
    await this.outbox.run(async (m, events) => {
      const [[done]]: [MailboxRow[]] = await m.query(
        `UPDATE mailbox SET status = 'active', progress = 100, pending_hash = NULL, provisioned_at = now(), last_error = NULL, updated_at = now()
          WHERE id = $1 AND status = 'en_cours' RETURNING id, usager_id, structure_id`,
        [id],
      );
      if (!done) return;
      events.record(MailboxProvisionedV1, {
        subject: id,
        data: { mailboxId: id, usagerId: done.usager_id, structureId: done.structure_id, provisionneeLe: new Date().toISOString() },
        correlationId: id,
      });
    });
    await job.updateProgress(100);
    return 'active';
  }

  private async onFailed(job: ProvisionJob | undefined, err: Error): Promise<void> {
    if (!job) return;
    const id = job.data.requestId;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    try {
      await this.ds.query('UPDATE mailbox SET last_error = $2, updated_at = now() WHERE id = $1', [id, err.message.slice(0, 500)]);
      if (final) await this.giveUp(id);
    } catch (e) {
      this.logger.warn(`provision ${id}: could not record the failure: ${(e as Error).message}`);
    }
    this.logger.warn(`provision ${id} attempt ${job.attemptsMade} failed${final ? ' (given up)' : ''}: ${err.message}`);
  }

  /** Undo: the mail server's row goes, the request is failed, its letter destroyed. */
  async giveUp(id: string): Promise<void> {
    await this.mail.query('DELETE FROM mailbox WHERE request_id = $1', [id]);
    await this.ds.query(
      `UPDATE mailbox SET status = 'echec', pending_hash = NULL, letter_pdf = NULL, updated_at = now() WHERE id = $1 AND status IN ('demandee', 'en_cours')`,
      [id],
    );
  }

  /**
   * Removes the mail of scheduled deletions past their grace period; re-enqueues requests whose job was lost.
   * Returns how many were deleted. A call while a sweep runs in this process joins it.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const stuck: { id: string }[] = await this.ds.query(`SELECT id FROM mailbox WHERE status IN ('demandee', 'en_cours') AND updated_at < now() - interval '10 minutes'`);
    for (const s of stuck) await this.queue.enqueue(s.id);
    const due: MailboxRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM mailbox WHERE status = 'suppression_programmee' AND delete_after <= now() ORDER BY delete_after LIMIT 100`);
    for (const row of due) {
      await this.doveadm.kick(row.address).catch(() => undefined);
      const root = resolve(this.config.MAILDIR_ROOT);
      const dir = resolve(root, maildirOf(row.local_part));
      if (!dir.startsWith(root + sep)) throw new Error(`maildir outside the root: ${dir}`);
      await rm(dir, { recursive: true, force: true });
      await this.mail.query('DELETE FROM mailbox WHERE request_id = $1', [row.id]);
      await this.outbox.run(async (m, events) => {
        const [[u]]: [MailboxRow[]] = await m.query(
          `UPDATE mailbox SET status = 'supprimee', letter_pdf = NULL, pending_hash = NULL, updated_at = now() WHERE id = $1 AND status = 'suppression_programmee' RETURNING ${ROW_COLUMNS}`,
          [row.id],
        );
        if (u) this.mailboxes.recordStatus(events, u);
      });
    }
    return due.length;
  }
}
