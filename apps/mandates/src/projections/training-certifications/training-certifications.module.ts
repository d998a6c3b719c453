import { Module } from '@nestjs/common';
import { JournalModule } from '../../journal/journal.module';
import { CertificationEventsConsumer } from './certification-events.consumer';

/** Projection of the training service's certifications (`training_certification`): the habilitation prerequisite « formation suivie ». */
@Module({ imports: [JournalModule], providers: [CertificationEventsConsumer] })
export class TrainingCertificationsModule {}
