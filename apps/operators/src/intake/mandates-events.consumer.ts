import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AutorisationRevokedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import type { Place } from '../subscriptions/subscription-match';
import { IntakeService } from './intake.service';
import { Territories } from './territory';

export const AUTORISATIONS_CONSUMER = 'operators-autorisations';

/**
 * Revoked démarches of mandates (`pin.mandates.autorisation.revoked.v1`: ids, structure and
 * démarche only), matched by démarche and by the territory of the structure (from the
 * directory's structure events; unknown structure: only subscriptions without territory).
 */
@Injectable()
export class MandatesEventsConsumer implements OnModuleInit {
  private readonly territories = new Territories();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly intake: IntakeService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: AUTORISATIONS_CONSUMER,
      stream: STREAMS.mandates.name,
      filterSubject: 'pin.mandates.autorisation.>',
      handlers: [{ event: AutorisationRevokedV1, handle: (e, m) => this.onRevoked(e, m) }],
    });
  }

  private async onRevoked(event: CloudEvent<EventData<typeof AutorisationRevokedV1>>, m: EntityManager): Promise<void> {
    const [structure]: { code_insee: string | null }[] = await m.query('SELECT code_insee FROM structure_place WHERE structure_id = $1', [event.data.structureId]);
    const place = this.territories.placeOf(structure?.code_insee);
    const places: Place[] = place ? [place] : [];
    await this.intake.ingest(m, event, { type: event.type, places, demarche: event.data.demarche });
  }
}
