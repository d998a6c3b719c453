import { Module } from '@nestjs/common';
import { JournalModule } from '../../journal/journal.module';
import { CharterEventsConsumer } from './charter-events.consumer';

/** Projection of the labelling service's charter signatures (`charter_signature`): the habilitation prerequisite « charte signée ». */
@Module({ imports: [JournalModule], providers: [CharterEventsConsumer] })
export class LabellingCharterModule {}
