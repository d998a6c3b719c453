import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { POLICIES, REQUESTS } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { caller } from '@pin/service-kit';

interface OverviewRow {
  operator_id: string;
  webhooks: number;
  webhooks_desactives: number;
  abonnements: number;
  en_attente: number;
  en_echec: number;
  derniere_livraison: Date | null;
}

/** The admin view: every operator with its endpoints, subscriptions and deliveries waiting or failed. */
@Controller()
export class AdminHandler {
  constructor(private readonly ds: DataSource) {}

  @MessagePattern(REQUESTS.operators.adminOverview)
  async overview() {
    requirePolicy(caller(), POLICIES.operator.supervise);
    const rows: OverviewRow[] = await this.ds.query(`
      SELECT e.operator_id,
        count(*)::int AS webhooks,
        (count(*) FILTER (WHERE NOT e.enabled))::int AS webhooks_desactives,
        (SELECT count(*) FROM subscription s WHERE s.operator_id = e.operator_id)::int AS abonnements,
        (SELECT count(*) FROM delivery d WHERE d.operator_id = e.operator_id AND d.status = 'pending')::int AS en_attente,
        (SELECT count(*) FROM delivery d WHERE d.operator_id = e.operator_id AND d.status IN ('failed', 'abandoned'))::int AS en_echec,
        (SELECT max(delivered_at) FROM delivery d WHERE d.operator_id = e.operator_id) AS derniere_livraison
      FROM webhook_endpoint e GROUP BY e.operator_id ORDER BY e.operator_id`);
    return { items: rows.map((r) => ({ ...r, operateur: r.operator_id, operator_id: undefined, derniere_livraison: r.derniere_livraison && new Date(r.derniere_livraison).toISOString() })) };
  }
}
