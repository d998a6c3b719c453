import { Module } from '@nestjs/common';
import { UsagersModule } from '../usagers/usagers.module';
import { JournalModule } from './journal.module';
import { JournalHandler } from './journal.handler';
import { JournalReadingService } from './journal-reading.service';

/** Reading the journal: the usager's own, a usager's in a structure, and the admin's chain verification. */
@Module({ imports: [JournalModule, UsagersModule], controllers: [JournalHandler], providers: [JournalReadingService] })
export class JournalReadingModule {}
