import { Module } from '@nestjs/common';
import { LabelEventsConsumer } from './label-events.consumer';

/** Projection of the labelling service's labels (`lieu_label`): lieu page and search filter `label_reseau`. */
@Module({ providers: [LabelEventsConsumer] })
export class LabelsModule {}
