import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CharterSignedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import { JOURNAL_INPUTS } from '../../journal/journal-inputs';
import { JournalService } from '../../journal/journal.service';

export const LABELLING_CONSUMER = 'mandates-labelling';

/**
 * Keeps `charter_signature` from the labelling service's events, and fills the prerequisite
 * « charte signée » of the aidant's pending habilitation requests (journaled), as training's
 * certifications fill « formation suivie ».
 */
@Injectable()
export class CharterEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly journal: JournalService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: LABELLING_CONSUMER,
      stream: STREAMS.labelling.name,
      filterSubject: 'pin.labelling.charter.>',
      handlers: [{ event: CharterSignedV1, handle: (e, m) => recordCharterSignature(e, m, this.journal) }],
    });
  }
}

export async function recordCharterSignature(event: CloudEvent<EventData<typeof CharterSignedV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const s = event.data;
  await m.query(
    `INSERT INTO charter_signature (aidant_sub, version, signature_id, signed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (aidant_sub, version) DO NOTHING`,
    [s.aidantSub, s.version, s.signatureId, event.time],
  );
  // UPDATE … RETURNING answers [rows, count].
  const [updated] = (await m.query(
    `UPDATE habilitation SET charte_signee_le = $2 WHERE aidant_sub = $1 AND statut = 'demandee' AND charte_signee_le IS NULL RETURNING id, structure_id`,
    [s.aidantSub, event.time],
  )) as [Array<{ id: string; structure_id: string }>, number];
  await journal.append(
    m,
    updated.map((h) => JOURNAL_INPUTS['habilitation.charte_signee']({ habilitationId: h.id, structureId: h.structure_id, aidantSub: s.aidantSub, version: s.version, signatureId: s.signatureId })),
  );
}
