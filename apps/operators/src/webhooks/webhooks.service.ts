import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  createWebhookSchema, listDeliveriesSchema, parsePayload, PinError, replaySchema, updateWebhookSchema, operatorResourceIdSchema as uuidParam, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { callingOperator, operatorFor, type OperatorScope } from '../operator/operator.policy';
import { OPERATORS_CONFIG, type OperatorsConfig } from '../config/operators-config';
import { parseAllowedHosts } from './address-guard';
import { checkReceiverUrl } from './webhook-client';
import { newWebhookSecret } from './webhook-signature';
import { notifyLanes, type Lane } from './lanes';
import {
  presentDelivery, presentWebhook, STATUS_OF_LABEL, type AttemptRow, type DeliveryRow, type EndpointRow,
} from './webhook.present';

const ROTATION_OVERLAP_HOURS = 24;
const webhookNotFound = () => new PinError('WEBHOOK.NOT_FOUND', 'Point de réception introuvable.');
const deliveryNotFound = () => new PinError('LIVRAISON.NOT_FOUND', 'Livraison introuvable.');

/** An operator's webhook endpoints, their deliveries, attempt logs and replays. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly ds: DataSource,
    @Inject(OPERATORS_CONFIG) private readonly config: OperatorsConfig,
  ) {}

  private policy() {
    return { allowedHosts: parseAllowedHosts(this.config.WEBHOOK_ALLOWED_HOSTS), allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE };
  }

  async list(user: UserContext | undefined, rpc?: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const rows: EndpointRow[] = await this.ds.query('SELECT * FROM webhook_endpoint WHERE operator_id = $1 ORDER BY created_at, id', [operatorId]);
    return { items: rows.map(presentWebhook) };
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const body = parsePayload(createWebhookSchema, rpc.body);
    const refused = await checkReceiverUrl(body.url, this.policy());
    if (refused) throw new PinError('WEBHOOK.URL_REFUSED', `Adresse de réception refusée : ${refused}.`, [{ path: 'url', message: refused }]);
    const id = randomUUID();
    const secret = newWebhookSecret();
    return this.ds.transaction(async (m) => {
      // One operator's endpoints are created one at a time (the limit holds under concurrency).
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhook:${operatorId}`]);
      const [{ n }] = await m.query('SELECT count(*)::int AS n FROM webhook_endpoint WHERE operator_id = $1', [operatorId]);
      if (n >= this.config.WEBHOOK_MAX_PER_OPERATOR) {
        throw new PinError('WEBHOOK.LIMIT_REACHED', `Nombre maximal de points de réception atteint (${this.config.WEBHOOK_MAX_PER_OPERATOR}).`);
      }
      const [row]: EndpointRow[] = await m.query(
        'INSERT INTO webhook_endpoint (id, operator_id, url, description, secret) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [id, operatorId, body.url, body.description ?? null, secret],
      );
      return { ...presentWebhook(row), secret };
    });
  }

  async update(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const id = parsePayload(uuidParam, rpc.params.id);
    const body = parsePayload(updateWebhookSchema, rpc.body);
    return this.ds.transaction(async (m) => {
      const row = await this.own(m, operatorId, id, true);
      const enabled = body.actif ?? row.enabled;
      const [updated]: [EndpointRow[]] = await m.query(
        `UPDATE webhook_endpoint SET description = $2, enabled = $3,
           disabled_reason = CASE WHEN $3 THEN NULL WHEN enabled THEN $4 ELSE disabled_reason END,
           disabled_at = CASE WHEN $3 THEN NULL WHEN enabled THEN now() ELSE disabled_at END,
           failing_since = CASE WHEN $3 AND NOT enabled THEN NULL ELSE failing_since END
         WHERE id = $1 RETURNING *`,
        // Disabled by hand: by the operator itself, or by the Département's staff.
        [id, body.description === undefined ? row.description : body.description, enabled, scope === 'own' ? 'operateur' : 'administration'],
      );
      // Re-enabled: what waited is sent now, in order.
      if (enabled && !row.enabled) await notifyLanes(m, await this.pendingLanes(m, id));
      return presentWebhook(updated[0]);
    });
  }

  async remove(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const id = parsePayload(uuidParam, rpc.params.id);
    const [, count] = await this.ds.query('DELETE FROM webhook_endpoint WHERE id = $1 AND operator_id = $2', [id, operatorId]);
    if (!count) throw webhookNotFound();
    return { supprime: true };
  }

  async rotate(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const id = parsePayload(uuidParam, rpc.params.id);
    const secret = newWebhookSecret();
    return this.ds.transaction(async (m) => {
      await this.own(m, operatorId, id, true);
      const [rows]: [EndpointRow[]] = await m.query(
        `UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_until = now() + make_interval(hours => $3), secret = $2 WHERE id = $1 RETURNING *`,
        [id, secret, ROTATION_OVERLAP_HOURS],
      );
      return { ...presentWebhook(rows[0]), secret, ancien_secret_valide_jusqua: new Date(rows[0].previous_secret_until!).toISOString() };
    });
  }

  /** Sends again, in order, every delivery of the endpoint whose event happened in [depuis, jusqua). */
  async replayRange(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const id = parsePayload(uuidParam, rpc.params.id);
    const body = parsePayload(replaySchema, rpc.body);
    return this.ds.transaction(async (m) => {
      await this.own(m, operatorId, id, true);
      const [rows]: [Lane[]] = await m.query(
        `UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = now()
         WHERE endpoint_id = $1 AND event_time >= $2 AND ($3::timestamptz IS NULL OR event_time < $3)
         RETURNING endpoint_id AS "webhookId", subject`,
        [id, body.depuis, body.jusqua ?? null],
      );
      await notifyLanes(m, rows);
      return { rejouees: rows.length };
    });
  }

  async replayOne(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const id = parsePayload(uuidParam, rpc.params.id);
    return this.ds.transaction(async (m) => {
      const [rows]: [Lane[]] = await m.query(
        `UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = now()
         WHERE id = $1 AND operator_id = $2 RETURNING endpoint_id AS "webhookId", subject`,
        [id, operatorId],
      );
      if (rows.length === 0) throw deliveryNotFound();
      await notifyLanes(m, rows);
      return { rejouees: 1 };
    });
  }

  async deliveries(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const id = parsePayload(uuidParam, rpc.params.id);
    const q = parsePayload(listDeliveriesSchema, rpc.query);
    await this.own(this.ds.manager, operatorId, id, false);
    const status = q.statut ? STATUS_OF_LABEL[q.statut] : null;
    const rows: (DeliveryRow & { total: number })[] = await this.ds.query(
      `SELECT *, count(*) OVER ()::int AS total FROM delivery WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY seq DESC LIMIT $3 OFFSET $4`,
      [id, status, q.pageSize, (q.page - 1) * q.pageSize],
    );
    return { items: rows.map((r) => presentDelivery(r)), total: rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async delivery(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const id = parsePayload(uuidParam, rpc.params.id);
    const [row]: DeliveryRow[] = await this.ds.query('SELECT * FROM delivery WHERE id = $1 AND operator_id = $2', [id, operatorId]);
    if (!row) throw deliveryNotFound();
    const attempts: AttemptRow[] = await this.ds.query('SELECT * FROM delivery_attempt WHERE delivery_id = $1 ORDER BY id', [id]);
    return presentDelivery(row, attempts);
  }

  private async own(m: EntityManager, operatorId: string, id: string, lock: boolean): Promise<EndpointRow> {
    const [row]: EndpointRow[] = await m.query(`SELECT * FROM webhook_endpoint WHERE id = $1 AND operator_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, operatorId]);
    if (!row) throw webhookNotFound();
    return row;
  }

  private pendingLanes(m: EntityManager, webhookId: string): Promise<Lane[]> {
    return m.query(`SELECT DISTINCT endpoint_id AS "webhookId", subject FROM delivery WHERE endpoint_id = $1 AND status = 'pending'`, [webhookId]);
  }
}
