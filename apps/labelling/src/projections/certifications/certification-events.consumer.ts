import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificationGrantedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';

export const CERTIFICATIONS_CONSUMER = 'labelling-certifications';

/** Keeps `known_certification` from training's certifications: the « aidant formé » criterion is checked against it. */
@Injectable()
export class CertificationEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: CERTIFICATIONS_CONSUMER,
      stream: STREAMS.training.name,
      filterSubject: 'pin.training.certification.>',
      handlers: [{ event: CertificationGrantedV1, handle: (e, m) => recordCertification(e, m) }],
    });
  }
}

export async function recordCertification(event: CloudEvent<EventData<typeof CertificationGrantedV1>>, m: EntityManager): Promise<void> {
  const c = event.data;
  await m.query(
    `INSERT INTO known_certification (aidant_sub, path_id, attestation_id, certified_at) VALUES ($1, $2, $3, $4) ON CONFLICT (aidant_sub, path_id) DO NOTHING`,
    [c.aidantSub, c.pathId, c.attestationId, event.time],
  );
}
