import { Module, type DynamicModule } from '@nestjs/common';
import type { LabellingConfig } from '../config/config.schema';
import { JournalModule } from '../journal/journal.module';
import { CarnetService } from './carnet.service';
import { FundingService } from './funding.service';
import { LedgerHandler } from './ledger.handler';
import { LedgerService, PASS_CODES } from './ledger.service';
import { PassCodes } from './pass-code';

/** The Pass Numérique ledger: batches, allocations, distribution, redemption; the funder's figures and monthly claims. */
@Module({})
export class PassModule {
  static forRoot(config: LabellingConfig): DynamicModule {
    return {
      module: PassModule,
      imports: [JournalModule],
      controllers: [LedgerHandler],
      providers: [LedgerService, FundingService, CarnetService, { provide: PASS_CODES, useValue: new PassCodes(config.PASS_SIGNING_KEY) }],
      exports: [LedgerService],
    };
  }
}
