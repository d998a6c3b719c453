import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AutorisationRevokedV1, MandateCreatedV1, MandateExpiredV1, MandateRevokedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';

export const MANDATS_CONSUMER = 'safe-mandats';

/**
 * Projection of mandate events (ids, démarches and dates only): a revocation or an expiry closes
 * the safe to the structure's aidants as soon as the event arrives, even if mandates is down.
 */
@Injectable()
export class MandateEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: MANDATS_CONSUMER,
      stream: STREAMS.mandates.name,
      filterSubject: 'pin.mandates.>',
      handlers: [
        { event: MandateCreatedV1, handle: (e, m) => this.created(e, m) },
        { event: MandateRevokedV1, handle: (e, m) => this.closed(e.data.mandatId, e.data.revoqueLe, m) },
        { event: MandateExpiredV1, handle: (e, m) => this.closed(e.data.mandatId, e.data.fin, m) },
        { event: AutorisationRevokedV1, handle: (e, m) => this.autorisationRevoked(e, m) },
      ],
    });
  }

  private async created(e: CloudEvent<EventData<typeof MandateCreatedV1>>, m: EntityManager): Promise<void> {
    for (const a of e.data.autorisations) {
      await m.query(
        `INSERT INTO mandate_autorisation (autorisation_id, mandat_id, usager_id, structure_id, demarche, debut, fin) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (autorisation_id) DO NOTHING`,
        [a.autorisationId, e.data.mandatId, e.data.usagerId, e.data.structureId, a.demarche, e.data.debut, e.data.fin],
      );
    }
    if (e.data.remplace.length > 0) await m.query(`UPDATE mandate_autorisation SET revoked_at = COALESCE(revoked_at, now()) WHERE autorisation_id = ANY($1::uuid[])`, [e.data.remplace]);
  }

  private async closed(mandatId: string, at: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE mandate_autorisation SET revoked_at = COALESCE(revoked_at, $2) WHERE mandat_id = $1`, [mandatId, at]);
  }

  private async autorisationRevoked(e: CloudEvent<EventData<typeof AutorisationRevokedV1>>, m: EntityManager): Promise<void> {
    const d = e.data;
    await m.query(
      `INSERT INTO mandate_autorisation (autorisation_id, mandat_id, usager_id, structure_id, demarche, debut, fin, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
       ON CONFLICT (autorisation_id) DO UPDATE SET revoked_at = COALESCE(mandate_autorisation.revoked_at, EXCLUDED.revoked_at)`,
      [d.autorisationId, d.mandatId, d.usagerId, d.structureId, d.demarche, d.revoqueLe],
    );
  }
}
