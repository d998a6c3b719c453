import { Module } from '@nestjs/common';
import { ChainedJournal, Journal } from './journal';

/** The journal port, bound to this service's own chained table (switchable to a shared library later). */
@Module({ providers: [{ provide: Journal, useClass: ChainedJournal }], exports: [Journal] })
export class JournalModule {}
