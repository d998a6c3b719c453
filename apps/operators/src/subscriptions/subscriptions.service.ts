import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createSubscriptionSchema, operatorResourceIdSchema, parsePayload, PinError, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { JetstreamChannel } from '../jetstream/jetstream-channel.service';
import { callingOperator, operatorFor, type OperatorScope } from '../operator/operator.policy';
import { presentSubscription, type SubscriptionRow } from '../webhooks/webhook.present';

/** An operator's subscriptions: event types and territory, delivered to one of its webhook endpoints. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly jetstream: JetstreamChannel,
  ) {}

  async list(user: UserContext | undefined, rpc?: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const rows: SubscriptionRow[] = await this.ds.query('SELECT * FROM subscription WHERE operator_id = $1 ORDER BY created_at, id', [operatorId]);
    return { items: rows.map(presentSubscription) };
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const body = parsePayload(createSubscriptionSchema, rpc.body);
    if (body.canal === 'webhook') {
      const [endpoint] = await this.ds.query('SELECT id FROM webhook_endpoint WHERE id = $1 AND operator_id = $2', [body.webhookId, operatorId]);
      if (!endpoint) throw new PinError('WEBHOOK.NOT_FOUND', 'Point de réception introuvable : déclarez-le d’abord (POST /api/v1/operateur/webhooks).');
    } else {
      // The operator's durable consumer exists before the first event is published for it.
      await this.jetstream.ensureConsumer(operatorId);
    }
    const t = body.territoire;
    const [row]: SubscriptionRow[] = await this.ds.query(
      `INSERT INTO subscription (id, operator_id, channel, endpoint_id, types, departements, epcis, communes, demarches)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [randomUUID(), operatorId, body.canal, body.webhookId ?? null, body.types, t.departements, t.epcis, t.communes, body.demarches],
    );
    return presentSubscription(row);
  }

  async remove(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const id = parsePayload(operatorResourceIdSchema, rpc.params.id);
    const [, count] = await this.ds.query('DELETE FROM subscription WHERE id = $1 AND operator_id = $2', [id, operatorId]);
    if (!count) throw new PinError('ABONNEMENT.NOT_FOUND', 'Abonnement introuvable.');
    return { supprime: true };
  }
}
