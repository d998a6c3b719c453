import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { OrientationPurge } from './orientation-purge';
import { OrientationsHandler } from './orientations.handler';
import { OrientationsService } from './orientations.service';

/** Orientations of people to lieux by operators, what became of them, and the purge of closed ones' personal data. */
@Module({ imports: [IntakeModule], controllers: [OrientationsHandler], providers: [OrientationsService, OrientationPurge], exports: [OrientationPurge] })
export class OrientationsModule {}
