import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { UsagerRepository } from './usager.repository';
import { UsagersHandler } from './usagers.handler';
import { UsagersService } from './usagers.service';

/** Usagers (identity checked on a document), their structures and the claim code that links their account. */
@Module({
  imports: [JournalModule],
  controllers: [UsagersHandler],
  providers: [UsagersService, UsagerRepository],
  exports: [UsagerRepository],
})
export class UsagersModule {}
