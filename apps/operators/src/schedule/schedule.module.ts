import { Module } from '@nestjs/common';
import { OrientationsModule } from '../orientations/orientations.module';
import { OperatorsScheduleWorker } from './operators-schedule.worker';

/** The repeatable jobs of the operators service (BullMQ job schedulers): the purge of closed orientations. */
@Module({ imports: [OrientationsModule], providers: [OperatorsScheduleWorker] })
export class ScheduleModule {}
