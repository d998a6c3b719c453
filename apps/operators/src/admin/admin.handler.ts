import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { POLICIES, REQUESTS, type OperatorNoticeView, type OperatorOverview, type RpcEnvelope } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { caller, Envelope } from '@pin/service-kit';
import { operatorFor } from '../operator/operator.policy';
import { WebhooksService } from '../webhooks/webhooks.service';

const R = REQUESTS.operators;

interface OverviewRow {
  operator_id: string;
  webhooks: number;
  webhooks_desactives: number;
  abonnements: number;
  en_attente: number;
  en_echec: number;
  derniere_livraison: Date | null;
}

/**
 * The Département's staff console (animateurs, admins): every operator with its endpoints,
 * subscriptions and deliveries waiting or failed, then one operator's endpoints, delivery log,
 * replays, secret rotation and re-enabling — the operators' own use cases, scoped to the operator
 * named in the path.
 */
@Controller()
export class AdminHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  @MessagePattern(R.adminOverview)
  async overview(): Promise<{ items: OperatorOverview[] }> {
    requirePolicy(caller(), POLICIES.operator.supervise);
    const rows: OverviewRow[] = await this.ds.query(`
      WITH operators AS (SELECT operator_id FROM webhook_endpoint UNION SELECT operator_id FROM subscription)
      SELECT o.operator_id,
        (SELECT count(*) FROM webhook_endpoint e WHERE e.operator_id = o.operator_id)::int AS webhooks,
        (SELECT count(*) FROM webhook_endpoint e WHERE e.operator_id = o.operator_id AND NOT e.enabled)::int AS webhooks_desactives,
        (SELECT count(*) FROM subscription s WHERE s.operator_id = o.operator_id)::int AS abonnements,
        (SELECT count(*) FROM delivery d WHERE d.operator_id = o.operator_id AND d.status = 'pending')::int AS en_attente,
        (SELECT count(*) FROM delivery d WHERE d.operator_id = o.operator_id AND d.status IN ('failed', 'abandoned'))::int AS en_echec,
        (SELECT max(delivered_at) FROM delivery d WHERE d.operator_id = o.operator_id) AS derniere_livraison
      FROM operators o ORDER BY o.operator_id`);
    return {
      items: rows.map(({ operator_id, derniere_livraison, ...counts }) => ({
        operateur: operator_id,
        ...counts,
        derniere_livraison: derniere_livraison && new Date(derniere_livraison).toISOString(),
      })),
    };
  }

  /** The notices recorded for the operator's contact, newest first. */
  @MessagePattern(R.adminNoticeList)
  async notices(@Envelope() rpc: RpcEnvelope): Promise<{ items: OperatorNoticeView[] }> {
    const operatorId = operatorFor(caller(), rpc, 'supervised');
    const rows: { id: string; kind: 'webhook-disabled'; endpoint_id: string | null; motif: string | null; recipient: string | null; subject: string; body: string; created_at: Date }[] =
      await this.ds.query('SELECT * FROM operator_notice WHERE operator_id = $1 ORDER BY created_at DESC, id LIMIT 100', [operatorId]);
    return {
      items: rows.map((r) => ({
        id: r.id, type: r.kind, webhookId: r.endpoint_id, motif: r.motif, destinataire: r.recipient, objet: r.subject, texte: r.body, cree_le: new Date(r.created_at).toISOString(),
      })),
    };
  }

  @MessagePattern(R.adminWebhookList)
  webhookList(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.list(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.adminWebhookUpdate)
  webhookUpdate(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.update(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.adminWebhookRotate)
  webhookRotate(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.rotate(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.adminWebhookReplay)
  webhookReplay(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.replayRange(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.adminDeliveryList)
  deliveryList(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.deliveries(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.adminDeliveryGet)
  deliveryGet(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.delivery(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.adminDeliveryReplay)
  deliveryReplay(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.replayOne(caller(), rpc, 'supervised');
  }
}
