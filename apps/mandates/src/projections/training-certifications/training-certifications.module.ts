import { Module } from '@nestjs/common';
import { CertificationEventsConsumer } from './certification-events.consumer';

/** Projection of the training service's certifications (`training_certification`): the habilitation prerequisite « formation suivie ». */
@Module({ providers: [CertificationEventsConsumer] })
export class TrainingCertificationsModule {}
