import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { QUEUES, WebhookDisabledV1, type JobData, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { Outbox } from '@pin/messaging';
import { OPERATORS_CONFIG, type OperatorsConfig } from '../config/operators-config';
import { parseAllowedHosts } from './address-guard';
import { DELIVERY_CHANNEL, type Lane } from './lanes';
import { nextRetryDelay, parseSchedule } from './retry-schedule';
import { WebhookClient } from './webhook-client';
import { webhookHeaders } from './webhook-signature';
import { parseOperatorContacts, recordDisabledNotice } from './disabled-notice';
import type { EndpointRow } from './webhook.present';

const LANE_JOB = 'operators.webhook.lane' satisfies JobName;
const BACKOFF = 'webhook-schedule';

/** Thrown by a lane whose head delivery must wait: BullMQ retries the lane after `delayMs` (custom backoff). */
class RetryLater extends Error {
  constructor(readonly delayMs: number) {
    super(`retry in ${delayMs} ms`);
  }
}

interface HeadRow {
  id: string;
  payload: string;
  attempts: number;
  wait_ms: number;
  e_id: string;
  e_operator_id: string;
  e_url: string;
  e_secret: string;
  e_previous_secret: string | null;
  e_previous_secret_until: Date | null;
}

/** The lane's first pending delivery with what sending it needs of its endpoint (enabled only); `$3`: a delivery to pass over. */
const HEAD_COLUMNS = `d.id, d.payload, d.attempts, greatest(0, extract(epoch FROM d.next_attempt_at - now()) * 1000)::int AS wait_ms,
    e.id AS e_id, e.operator_id AS e_operator_id, e.url AS e_url, e.secret AS e_secret,
    e.previous_secret AS e_previous_secret, e.previous_secret_until AS e_previous_secret_until`;
const headQuery = (endpoint: string, subject: string, except: string | null) => `SELECT ${HEAD_COLUMNS}
  FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
  WHERE d.endpoint_id = ${endpoint} AND d.subject = ${subject} AND d.status = 'pending' AND e.enabled${except ? ` AND d.id <> ${except}` : ''}
  ORDER BY d.seq LIMIT 1`;
const HEAD_SQL = headQuery('$1', '$2', null);

/**
 * A success in one statement (atomic): attempt row, delivery status and the endpoint's failing
 * streak ended — and, in the same round trip, the lane's next head (the statement's snapshot still
 * sees the delivery just sent as pending: it is passed over by id).
 */
const DELIVERED_SQL = `WITH attempt AS (
    INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt)
    VALUES ($1, $2, $3, $4, $5, NULL, $6)
  ), delivered AS (
    UPDATE delivery SET status = 'delivered', attempts = $2, delivered_at = now() WHERE id = $1
  ), streak AS (
    UPDATE webhook_endpoint SET failing_since = NULL WHERE id = $7 AND failing_since IS NOT NULL
  )
  ${headQuery('$8', '$9', '$1')}`;

type SendingEndpoint = Pick<EndpointRow, 'id' | 'operator_id' | 'url' | 'secret' | 'previous_secret' | 'previous_secret_until'>;

const headEndpoint = (h: HeadRow): SendingEndpoint => ({
  id: h.e_id,
  operator_id: h.e_operator_id,
  url: h.e_url,
  secret: h.e_secret,
  previous_secret: h.e_previous_secret,
  previous_secret_until: h.e_previous_secret_until,
});

/**
 * Sends webhooks. Every (endpoint, subject) is a lane, one BullMQ job (jobId = the lane) that
 * sends the lane's pending deliveries one by one in commit order, so events about one subject
 * arrive in order; a failure delays the whole lane by the Standard Webhooks schedule (custom
 * backoff strategy, jitter, Retry-After). Lanes are woken by NOTIFY at the commit of the
 * intake transaction, and by a sweep as a safety net. Queue keys carry the database name, so
 * platforms sharing one Redis never send each other's deliveries.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorker');
  private queue?: Queue;
  private worker?: Worker;
  private listener?: Client;
  private sweeper?: NodeJS.Timeout;
  private stopping = false;
  private readonly client: WebhookClient;
  private readonly schedule: number[];
  private readonly contacts: Map<string, string>;

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(OPERATORS_CONFIG) private readonly config: OperatorsConfig,
  ) {
    this.schedule = parseSchedule(config.WEBHOOK_RETRY_SCHEDULE_MS);
    this.contacts = parseOperatorContacts(config.OPERATOR_CONTACTS);
    this.client = new WebhookClient({ allowedHosts: parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS), allowPrivate: config.WEBHOOK_ALLOW_PRIVATE }, config.WEBHOOK_TIMEOUT_MS);
  }

  private get prefix(): string {
    return `bull-operators-${new URL(this.config.DATABASE_URL).pathname.slice(1) || 'default'}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue = new Queue(QUEUES.operatorsWebhooks, { connection: this.redis, prefix: this.prefix });
    this.worker = new Worker(QUEUES.operatorsWebhooks, (job: Job<JobData<typeof LANE_JOB>>) => this.runLane(job.data), {
      connection: this.redis,
      prefix: this.prefix,
      concurrency: this.config.WEBHOOK_CONCURRENCY,
      settings: { backoffStrategy: (_attempts, _type, err) => (err instanceof RetryLater ? err.delayMs : 1_000) },
    });
    this.worker.on('failed', (job, err) => {
      if (!(err instanceof RetryLater)) this.logger.warn(`lane ${job?.id ?? '?'} failed: ${err.message}`);
    });
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
    await this.listen();
    this.sweeper = setInterval(() => void this.sweep().catch((err: Error) => this.logger.warn(`sweep: ${err.message}`)), this.config.WEBHOOK_SWEEP_MS);
    await this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweeper);
    await this.listener?.end().catch(() => undefined);
    await this.worker?.close();
    await this.queue?.close();
    await this.client.close();
  }

  /** Enqueues a lane unless it is already queued, delayed or running (same jobId). */
  async kick(lane: Lane): Promise<void> {
    const jobId = `lane-${lane.webhookId}-${createHash('sha256').update(lane.subject).digest('hex').slice(0, 32)}`;
    await this.queue!.add(LANE_JOB, lane, { jobId, attempts: 1_000_000, backoff: { type: BACKOFF }, removeOnComplete: true, removeOnFail: true });
  }

  /** Lanes whose first pending delivery is due, on enabled endpoints. */
  async sweep(): Promise<number> {
    const lanes: Lane[] = await this.ds.query(
      `SELECT DISTINCT d.endpoint_id AS "webhookId", d.subject FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND e.enabled AND d.next_attempt_at <= now()`,
    );
    for (const lane of lanes) await this.kick(lane);
    return lanes.length;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'operators-delivery-listener' });
    client.on('notification', (n) => {
      if (n.channel !== DELIVERY_CHANNEL || !n.payload) return;
      void this.kick(JSON.parse(n.payload) as Lane).catch((err: Error) => this.logger.warn(`kick: ${err.message}`));
    });
    client.on('error', (err) => {
      this.logger.warn(`listener: ${err.message}; the sweep keeps delivering`);
      if (!this.stopping) setTimeout(() => void this.listen().catch(() => undefined), 1_000);
    });
    await client.connect();
    await client.query(`LISTEN ${DELIVERY_CHANNEL}`);
    this.listener = client;
  }

  /** Sends the lane's pending deliveries in order until none is left or one must wait. */
  async runLane(lane: Lane): Promise<void> {
    // One round trip: the lane's head delivery and its endpoint, none when the endpoint is disabled.
    let [head]: Array<HeadRow | undefined> = await this.ds.query(HEAD_SQL, [lane.webhookId, lane.subject]);
    while (!this.stopping && head) {
      const endpoint = headEndpoint(head);
      if (head.wait_ms > 20) throw new RetryLater(head.wait_ms);
      const throttled = await this.throttle(endpoint.id);
      if (throttled > 0) throw new RetryLater(throttled);
      const previousValid = endpoint.previous_secret && endpoint.previous_secret_until && new Date(endpoint.previous_secret_until).getTime() > Date.now();
      const secrets = previousValid ? [endpoint.secret, endpoint.previous_secret!] : [endpoint.secret];
      const startedAt = new Date();
      const result = await this.client.send(endpoint.url, webhookHeaders(secrets, head.id, head.payload, startedAt), head.payload);
      const attempt = head.attempts + 1;
      if (result.status !== null && result.status >= 200 && result.status < 300) {
        // One statement (atomic): the attempt logged, the delivery delivered, the endpoint no longer failing; the next head.
        [head] = await this.ds.query(DELIVERED_SQL, [head.id, attempt, startedAt, result.durationMs, result.status, result.excerpt, endpoint.id, lane.webhookId, lane.subject]);
        continue;
      }
      await this.ds.query(
        `INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [head.id, attempt, startedAt, result.durationMs, result.status, result.error, result.excerpt],
      );
      if (result.status === 410) {
        // Gone: the receiver asks PIN to stop. The delivery is abandoned, the endpoint disabled.
        await this.ds.query(`UPDATE delivery SET status = 'abandoned', attempts = $2 WHERE id = $1`, [head.id, attempt]);
        await this.disable(endpoint, 'gone');
        return;
      }
      await this.ds.query('UPDATE webhook_endpoint SET failing_since = coalesce(failing_since, $2) WHERE id = $1', [endpoint.id, startedAt]);
      const delay = nextRetryDelay(attempt, this.schedule, { retryAfterMs: result.retryAfterMs });
      if (delay === null) {
        await this.ds.query(`UPDATE delivery SET status = 'failed', attempts = $2 WHERE id = $1`, [head.id, attempt]);
        const [{ failing_days }] = await this.ds.query(`SELECT extract(epoch FROM now() - failing_since) / 86400 AS failing_days FROM webhook_endpoint WHERE id = $1`, [endpoint.id]);
        if (Number(failing_days) >= this.config.WEBHOOK_DISABLE_AFTER_DAYS) {
          await this.disable(endpoint, 'echecs');
          return;
        }
        [head] = await this.ds.query(HEAD_SQL, [lane.webhookId, lane.subject]);
        continue;
      }
      await this.ds.query(`UPDATE delivery SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1`, [head.id, attempt, delay]);
      throw new RetryLater(delay);
    }
  }

  /**
   * Per-endpoint throttle (fixed one-second windows in Redis, shared by every lane and replica):
   * 0 when a request may go now, else the milliseconds until the next window.
   */
  private async throttle(endpointId: string): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / 1000);
    const key = `${this.prefix}:rate:${endpointId}:${window}`;
    const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, 2_000).exec()) as [[null, number], [null, number]];
    return count <= this.config.WEBHOOK_ENDPOINT_RATE_PER_SECOND ? 0 : (window + 1) * 1000 - now + Math.floor(Math.random() * 50);
  }

  private async disable(endpoint: SendingEndpoint, motif: 'gone' | 'echecs'): Promise<void> {
    await this.outbox.run(async (m, events) => {
      const [rows]: [{ disabled_at: Date }[]] = await m.query(
        `UPDATE webhook_endpoint SET enabled = false, disabled_reason = $2, disabled_at = now() WHERE id = $1 AND enabled RETURNING disabled_at`,
        [endpoint.id, motif],
      );
      if (rows.length === 0) return;
      this.logger.warn(`webhook ${endpoint.id} of ${endpoint.operator_id} disabled (${motif})`);
      await recordDisabledNotice(m, endpoint, motif, this.contacts.get(endpoint.operator_id) ?? null);
      events.record(WebhookDisabledV1, {
        subject: endpoint.id,
        data: { webhookId: endpoint.id, operatorId: endpoint.operator_id, motif, desactiveLe: new Date(rows[0].disabled_at).toISOString() },
        correlationId: randomUUID(),
      });
    });
  }
}
