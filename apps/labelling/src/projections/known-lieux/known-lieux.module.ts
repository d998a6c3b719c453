import { Module } from '@nestjs/common';
import { LieuEventsConsumer } from './lieu-events.consumer';

/** Projection of the directory's lieux (`known_lieu`): a referent applies for a lieu of their structure. */
@Module({ providers: [LieuEventsConsumer] })
export class KnownLieuxModule {}
