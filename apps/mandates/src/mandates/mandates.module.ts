import { Module } from '@nestjs/common';
import { HabilitationsModule } from '../habilitations/habilitations.module';
import { JournalModule } from '../journal/journal.module';
import { UsagersModule } from '../usagers/usagers.module';
import { CreateMandateService } from './create-mandate.service';
import { MandateAccessPolicy } from './mandate-access.policy';
import { MandateQueriesService } from './mandate-queries.service';
import { MandateRepository } from './mandate.repository';
import { MandatesHandler } from './mandates.handler';
import { RevokeMandateService } from './revoke-mandate.service';

/** Mandates and their autorisations: creation (with renewal), reading, revocation, public verification. */
@Module({
  imports: [JournalModule, UsagersModule, HabilitationsModule],
  controllers: [MandatesHandler],
  providers: [CreateMandateService, RevokeMandateService, MandateQueriesService, MandateRepository, MandateAccessPolicy],
  exports: [MandateRepository, MandateAccessPolicy],
})
export class MandatesModule {}
