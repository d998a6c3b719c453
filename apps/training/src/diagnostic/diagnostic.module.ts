import { Module } from '@nestjs/common';
import { DiagnosticHandler } from './diagnostic.handler';
import { DiagnosticService } from './diagnostic.service';

/** The diagnostic de premier niveau (orientation, consent, anonymous counts by territory); the purge of stored ones is a scheduled job (ScheduleModule). */
@Module({ controllers: [DiagnosticHandler], providers: [DiagnosticService] })
export class DiagnosticModule {}
