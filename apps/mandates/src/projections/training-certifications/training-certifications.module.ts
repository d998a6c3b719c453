import { Module } from '@nestjs/common';
import { JournalModule } from '../../journal/journal.module';
import { CertificationEventsConsumer } from './certification-events.consumer';

/** Projection of the training service's certifications and PIX results (`training_certification`, `training_pix`): the habilitation prerequisites « formation suivie » and « test PIX réussi ». */
@Module({ imports: [JournalModule], providers: [CertificationEventsConsumer] })
export class TrainingCertificationsModule {}
