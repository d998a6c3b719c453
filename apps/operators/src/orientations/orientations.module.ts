import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { OrientationsHandler } from './orientations.handler';
import { OrientationsService } from './orientations.service';

/** Orientations of people to lieux by operators, and what became of them. */
@Module({ imports: [IntakeModule], controllers: [OrientationsHandler], providers: [OrientationsService] })
export class OrientationsModule {}
