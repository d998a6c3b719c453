import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { IntakeService } from './intake.service';
import { MandatesEventsConsumer } from './mandates-events.consumer';

/** Event intake: durable consumers of the directory's and mandates' events → deliveries. */
@Module({ providers: [IntakeService, DirectoryEventsConsumer, MandatesEventsConsumer], exports: [IntakeService] })
export class IntakeModule {}
