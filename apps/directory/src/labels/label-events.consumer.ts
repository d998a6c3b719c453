import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LabelExpiredV1, LabelGrantedV1, LabelRevokedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import { SEARCH_CHANNEL } from '../search/search.service';

export const LABELS_CONSUMER = 'directory-labels';

type LabelEvent = CloudEvent<EventData<typeof LabelGrantedV1>>;

/**
 * Keeps `lieu_label` from the labelling service's events: a grant supersedes the lieu's label of
 * the same programme; a withdrawal or an expiry removes it. The search snapshot reloads the lieu
 * (NOTIFY on commit), so a granted label is filterable at once.
 */
@Injectable()
export class LabelEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: LABELS_CONSUMER,
      stream: STREAMS.labelling.name,
      filterSubject: 'pin.labelling.label.>',
      handlers: [
        { event: LabelGrantedV1, handle: (e, m) => grantLabel(e, m) },
        { event: LabelRevokedV1, handle: (e, m) => removeLabel(e, m) },
        { event: LabelExpiredV1, handle: (e, m) => removeLabel(e, m) },
      ],
    });
  }
}

export async function grantLabel(event: LabelEvent, m: EntityManager): Promise<void> {
  const l = event.data;
  await m.query(`DELETE FROM lieu_label WHERE lieu_id = $1 AND programme_id = $2 AND label_id <> $3 AND accorde_le <= $4`, [l.lieuId, l.programmeId, l.labelId, event.time]);
  await m.query(
    `INSERT INTO lieu_label (label_id, lieu_id, programme_id, niveau, valide_jusqu_au, accorde_le) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (label_id) DO NOTHING`,
    [l.labelId, l.lieuId, l.programmeId, l.niveau, l.validUntil, event.time],
  );
  await m.query(`SELECT pg_notify($1, $2)`, [SEARCH_CHANNEL, l.lieuId]);
}

export async function removeLabel(event: LabelEvent, m: EntityManager): Promise<void> {
  await m.query(`DELETE FROM lieu_label WHERE label_id = $1`, [event.data.labelId]);
  await m.query(`SELECT pg_notify($1, $2)`, [SEARCH_CHANNEL, event.data.lieuId]);
}
