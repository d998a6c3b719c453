import { Module } from '@nestjs/common';
import { JournalService } from './journal.service';

/** The hash-chained journal every feature appends to (in its own transaction). */
@Module({ providers: [JournalService], exports: [JournalService] })
export class JournalModule {}
