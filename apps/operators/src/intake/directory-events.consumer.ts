import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STREAMS, StructureCreatedV1, StructureUpdatedV1, type CloudEvent, type LieuSnapshot, type StructureSnapshot } from '@pin/contracts';
import { EventConsumers, registerLieuProjection } from '@pin/messaging';
import type { Place } from '../subscriptions/subscription-match';
import { IntakeService } from './intake.service';
import { Territories } from './territory';

export const LIEUX_CONSUMER = 'operators-lieux';
export const STRUCTURES_CONSUMER = 'operators-structures';

/**
 * The directory's lieu events, matched against subscriptions, and the projections of where
 * lieux and structures are (`lieu_place`, `structure_place`): a lieu that moved reaches the
 * subscribers of its former territory too, a mandate event reaches those of its structure's.
 */
@Injectable()
export class DirectoryEventsConsumer implements OnModuleInit {
  private readonly territories = new Territories();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly intake: IntakeService,
  ) {}

  onModuleInit(): void {
    registerLieuProjection(this.consumers, LIEUX_CONSUMER, (e, m) => this.onLieu(e, m));
    this.consumers.register({
      durable: STRUCTURES_CONSUMER,
      stream: STREAMS.directory.name,
      filterSubject: 'pin.directory.structure.>',
      handlers: [StructureCreatedV1, StructureUpdatedV1].map((event) => ({ event, handle: (e: CloudEvent<StructureSnapshot>, m: EntityManager) => this.onStructure(e, m) })),
    });
  }

  private async onLieu(event: CloudEvent<LieuSnapshot>, m: EntityManager): Promise<void> {
    const lieu = event.data;
    const [before]: { code_insee: string | null }[] = await m.query('SELECT code_insee FROM lieu_place WHERE lieu_id = $1', [lieu.id]);
    await m.query(
      `INSERT INTO lieu_place (lieu_id, code_insee, structure_id, statut, source_version, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lieu_id) DO UPDATE SET code_insee = EXCLUDED.code_insee, structure_id = EXCLUDED.structure_id, statut = EXCLUDED.statut,
         source_version = EXCLUDED.source_version, updated_at = EXCLUDED.updated_at
       WHERE lieu_place.source_version < EXCLUDED.source_version`,
      [lieu.id, lieu.code_insee, lieu.structure_id, lieu.statut, lieu.version, event.time],
    );
    const codes = [...new Set([lieu.code_insee, before?.code_insee ?? null])];
    const places = codes.map((c) => this.territories.placeOf(c)).filter((p): p is Place => p !== null);
    await this.intake.ingest(m, event, { type: event.type, places });
  }

  private async onStructure(event: CloudEvent<StructureSnapshot>, m: EntityManager): Promise<void> {
    const s = event.data;
    await m.query(
      `INSERT INTO structure_place (structure_id, code_insee, source_version, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (structure_id) DO UPDATE SET code_insee = EXCLUDED.code_insee, source_version = EXCLUDED.source_version, updated_at = EXCLUDED.updated_at
       WHERE structure_place.source_version < EXCLUDED.source_version`,
      [s.id, s.codeInsee, s.version, event.time],
    );
  }
}
