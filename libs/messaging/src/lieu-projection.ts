import type { EntityManager } from 'typeorm';
import { LieuClosedV1, LieuCreatedV1, LieuUpdatedV1, STREAMS, type CloudEvent, type LieuSnapshot } from '@pin/contracts';
import type { EventConsumers } from './nest/messaging.module';

/**
 * A service's projection of the directory's lieux: one durable consumer on the directory stream,
 * every lieu event (created, updated, closed carry the whole snapshot) handed to `apply` in the
 * consumer's transaction. The service keeps its own table and columns; `apply` must ignore an
 * older `version` than the one it holds (redeliveries and replays).
 */
export function registerLieuProjection(
  consumers: EventConsumers,
  durable: string,
  apply: (event: CloudEvent<LieuSnapshot>, m: EntityManager) => Promise<void>,
): void {
  consumers.register({
    durable,
    stream: STREAMS.directory.name,
    filterSubject: 'pin.directory.lieu.>',
    handlers: [LieuCreatedV1, LieuUpdatedV1, LieuClosedV1].map((event) => ({ event, handle: (e: CloudEvent<LieuSnapshot>, m: EntityManager) => apply(e, m) })),
  });
}
