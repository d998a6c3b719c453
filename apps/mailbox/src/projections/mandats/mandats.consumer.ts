import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MandateCreatedV1, MandateExpiredV1, MandateRevokedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';

export const MANDATS_CONSUMER = 'mailbox-mandats';

/**
 * Projection of the mandates service's mandate events (ids, structure, démarches, dates): the
 * démarche (papiers or social) to ask the authorization check first. The check itself stays the
 * authority: a projection may lag behind a mandate created a moment ago.
 */
@Injectable()
export class MandatsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: MANDATS_CONSUMER,
      stream: STREAMS.mandates.name,
      filterSubject: 'pin.mandates.mandate.>',
      handlers: [
        { event: MandateCreatedV1, handle: (e, m) => this.created(e, m) },
        { event: MandateRevokedV1, handle: (e, m) => this.revoked(e.data.mandatId, e.data.revoqueLe, m) },
        { event: MandateExpiredV1, handle: (e, m) => this.revoked(e.data.mandatId, e.data.fin, m) },
      ],
    });
  }

  private async created(e: CloudEvent<EventData<typeof MandateCreatedV1>>, m: EntityManager): Promise<void> {
    const d = e.data;
    await m.query(
      `INSERT INTO mandat_projection (mandat_id, usager_id, structure_id, demarches, debut, fin) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (mandat_id) DO NOTHING`,
      [d.mandatId, d.usagerId, d.structureId, d.autorisations.map((a) => a.demarche), d.debut, d.fin],
    );
  }

  private async revoked(mandatId: string, at: string, m: EntityManager): Promise<void> {
    await m.query('UPDATE mandat_projection SET revoked_at = COALESCE(revoked_at, $2), updated_at = now() WHERE mandat_id = $1', [mandatId, at]);
  }
}

/** The démarches to ask the check for, the one a current projected mandate covers first. */
export async function demarchesToCheck(m: { query: EntityManager['query'] }, usagerId: string, structureId: string, preferred?: string): Promise<string[]> {
  const rows: { demarches: string[] }[] = await m.query(
    `SELECT demarches FROM mandat_projection WHERE usager_id = $1 AND structure_id = $2 AND revoked_at IS NULL AND debut <= now() AND fin > now()`,
    [usagerId, structureId],
  );
  const covered = new Set(rows.flatMap((r) => r.demarches));
  const all = preferred ? [preferred, ...['papiers', 'social'].filter((d) => d !== preferred)] : ['papiers', 'social'];
  return [...all.filter((d) => covered.has(d)), ...all.filter((d) => !covered.has(d))];
}
