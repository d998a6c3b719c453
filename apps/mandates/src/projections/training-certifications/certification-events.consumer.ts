import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificationGrantedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import { JOURNAL_INPUTS } from '../../journal/journal-inputs';
import { JournalService } from '../../journal/journal.service';

export const TRAINING_CONSUMER = 'mandates-training';

/**
 * Keeps `training_certification` from the training service's events, and fills the prerequisite
 * « formation suivie » of the aidant's pending habilitation requests (journaled): nobody ticks a box.
 */
@Injectable()
export class CertificationEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly journal: JournalService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: TRAINING_CONSUMER,
      stream: STREAMS.training.name,
      filterSubject: 'pin.training.certification.>',
      handlers: [{ event: CertificationGrantedV1, handle: (e, m) => recordCertification(e, m, this.journal) }],
    });
  }
}

export async function recordCertification(event: CloudEvent<EventData<typeof CertificationGrantedV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const c = event.data;
  await m.query(
    `INSERT INTO training_certification (aidant_sub, path_id, attestation_id, certified_at) VALUES ($1, $2, $3, $4) ON CONFLICT (aidant_sub, path_id) DO NOTHING`,
    [c.aidantSub, c.pathId, c.attestationId, event.time],
  );
  // UPDATE … RETURNING answers [rows, count].
  const [updated] = (await m.query(
    `UPDATE habilitation SET formation_suivie_le = $2 WHERE aidant_sub = $1 AND statut = 'demandee' AND formation_suivie_le IS NULL RETURNING id, structure_id`,
    [c.aidantSub, event.time],
  )) as [Array<{ id: string; structure_id: string }>, number];
  await journal.append(
    m,
    updated.map((h) => JOURNAL_INPUTS['habilitation.formation_certifiee']({ habilitationId: h.id, structureId: h.structure_id, aidantSub: c.aidantSub, pathId: c.pathId, attestationId: c.attestationId })),
  );
}
