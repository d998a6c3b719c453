import { Module } from '@nestjs/common';
import { CertificationEventsConsumer } from './certification-events.consumer';

/** Projection of training's certifications (`known_certification`). */
@Module({ providers: [CertificationEventsConsumer] })
export class CertificationsModule {}
