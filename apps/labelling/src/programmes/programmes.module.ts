import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammesHandler } from './programmes.handler';
import { ProgrammesService } from './programmes.service';

/** Label programmes: the territorial label (levels, criteria, validity) and the national labels tracked as facts. */
@Module({ imports: [JournalModule], controllers: [ProgrammesHandler], providers: [ProgrammesService, ProgrammeRepository], exports: [ProgrammeRepository] })
export class ProgrammesModule {}
