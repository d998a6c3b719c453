import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { IntakeService } from './intake.service';
import { LabellingEventsConsumer } from './labelling-events.consumer';
import { MandatesEventsConsumer } from './mandates-events.consumer';

/** Event intake: durable consumers of the directory's, mandates' and labelling's events → deliveries. */
@Module({ providers: [IntakeService, DirectoryEventsConsumer, MandatesEventsConsumer, LabellingEventsConsumer], exports: [IntakeService] })
export class IntakeModule {}
