import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { MembersModule } from '../members/members.module';
import { AidantHabilitationPolicy } from './aidant-habilitation.policy';
import { HabilitationRepository } from './habilitation.repository';
import { HabilitationsHandler } from './habilitations.handler';
import { HabilitationsService } from './habilitations.service';

/** Habilitation of aidants, and the policy that only habilitated aidants create mandates. */
@Module({
  imports: [JournalModule, MembersModule],
  controllers: [HabilitationsHandler],
  providers: [HabilitationsService, HabilitationRepository, AidantHabilitationPolicy],
  exports: [AidantHabilitationPolicy, HabilitationRepository],
})
export class HabilitationsModule {}
