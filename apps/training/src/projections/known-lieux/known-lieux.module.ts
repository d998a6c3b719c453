import { Module } from '@nestjs/common';
import { LieuEventsConsumer } from './lieu-events.consumer';

/** Projection of the directory's lieux (`known_lieu`), fed by its events. */
@Module({ providers: [LieuEventsConsumer] })
export class KnownLieuxModule {}
