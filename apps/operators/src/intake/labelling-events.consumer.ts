import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LabelExpiredV1, LabelGrantedV1, LabelRevokedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import type { Place } from '../subscriptions/subscription-match';
import { IntakeService } from './intake.service';
import { Territories } from './territory';

export const LABELS_CONSUMER = 'operators-labels';

type LabelEvent = CloudEvent<EventData<typeof LabelGrantedV1>>;

/**
 * The labelling service's label events (granted, revoked, expired: ids, programme and level
 * only), matched by the territory of the labelled lieu (from the directory's lieu events; a lieu
 * not yet known reaches only the subscriptions without territory).
 */
@Injectable()
export class LabellingEventsConsumer implements OnModuleInit {
  private readonly territories = new Territories();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly intake: IntakeService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: LABELS_CONSUMER,
      stream: STREAMS.labelling.name,
      filterSubject: 'pin.labelling.label.>',
      handlers: [LabelGrantedV1, LabelRevokedV1, LabelExpiredV1].map((event) => ({ event, handle: (e: LabelEvent, m: EntityManager) => this.onLabel(e, m) })),
    });
  }

  private async onLabel(event: LabelEvent, m: EntityManager): Promise<void> {
    const [lieu]: { code_insee: string | null }[] = await m.query('SELECT code_insee FROM lieu_place WHERE lieu_id = $1', [event.data.lieuId]);
    const place = this.territories.placeOf(lieu?.code_insee);
    const places: Place[] = place ? [place] : [];
    await this.intake.ingest(m, event, { type: event.type, places });
  }
}
