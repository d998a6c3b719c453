import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { DossiersHandler } from '../dossiers/dossiers.handler';
import { DossiersService } from '../dossiers/dossiers.service';
import { LabelsHandler } from './labels.handler';
import { LabelsService } from './labels.service';

/** Dossiers (apply, answer, submit, review) and the labels they grant; national labels as facts. */
@Module({ imports: [JournalModule, ProgrammesModule], controllers: [DossiersHandler, LabelsHandler], providers: [DossiersService, LabelsService], exports: [LabelsService] })
export class LabelsModule {}
