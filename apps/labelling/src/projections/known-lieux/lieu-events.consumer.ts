import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloudEvent, LieuSnapshot } from '@pin/contracts';
import { EventConsumers, registerLieuProjection } from '@pin/messaging';

export const LIEUX_CONSUMER = 'labelling-lieux';

/** Keeps `known_lieu` (which structure a lieu belongs to, its public name, open or closed) from the directory's lieu events. */
@Injectable()
export class LieuEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    registerLieuProjection(this.consumers, LIEUX_CONSUMER, upsertLieu);
  }
}

export async function upsertLieu(event: CloudEvent<LieuSnapshot>, m: EntityManager): Promise<void> {
  const l = event.data;
  await m.query(
    `INSERT INTO known_lieu (id, structure_id, nom, commune, statut, source_version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET structure_id = EXCLUDED.structure_id, nom = EXCLUDED.nom, commune = EXCLUDED.commune, statut = EXCLUDED.statut,
       source_version = EXCLUDED.source_version, updated_at = EXCLUDED.updated_at
     WHERE known_lieu.source_version <= EXCLUDED.source_version`,
    [l.id, l.structure_id, l.nom, l.commune, l.statut, l.version, event.time],
  );
}
