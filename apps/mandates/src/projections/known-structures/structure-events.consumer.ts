import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STREAMS, StructureCreatedV1, StructureUpdatedV1, type CloudEvent, type StructureSnapshot } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';

export const STRUCTURES_CONSUMER = 'mandates-structures';

/** Keeps the `known_structure` projection from the directory's structure events. */
@Injectable()
export class StructureEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: STRUCTURES_CONSUMER,
      stream: STREAMS.directory.name,
      filterSubject: 'pin.directory.structure.>',
      handlers: [
        { event: StructureCreatedV1, handle: (e, m) => this.upsert(e, m) },
        { event: StructureUpdatedV1, handle: (e, m) => this.upsert(e, m) },
      ],
    });
  }

  private async upsert(event: CloudEvent<StructureSnapshot>, m: EntityManager): Promise<void> {
    const s = event.data;
    await m.query(
      `INSERT INTO known_structure (id, nom, commune, code_insee, source_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET nom = EXCLUDED.nom, commune = EXCLUDED.commune, code_insee = EXCLUDED.code_insee,
         source_version = EXCLUDED.source_version, updated_at = EXCLUDED.updated_at
       WHERE known_structure.source_version < EXCLUDED.source_version`,
      [s.id, s.nom, s.commune, s.codeInsee, s.version, event.time],
    );
  }
}
