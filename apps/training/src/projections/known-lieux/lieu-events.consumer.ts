import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloudEvent, LieuSnapshot } from '@pin/contracts';
import { EventConsumers, registerLieuProjection } from '@pin/messaging';

export const LIEUX_CONSUMER = 'training-lieux';

/** Keeps the `known_lieu` projection (name, commune, open or closed) from the directory's lieu events. */
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
    `INSERT INTO known_lieu (id, nom, commune, code_postal, statut, source_version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET nom = EXCLUDED.nom, commune = EXCLUDED.commune, code_postal = EXCLUDED.code_postal, statut = EXCLUDED.statut,
       source_version = EXCLUDED.source_version, updated_at = EXCLUDED.updated_at
     WHERE known_lieu.source_version <= EXCLUDED.source_version`,
    [l.id, l.nom, l.commune, l.code_postal, l.statut, l.version, event.time],
  );
}
