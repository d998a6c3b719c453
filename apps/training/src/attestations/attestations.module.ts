import { Module } from '@nestjs/common';
import { AttestationRepository } from './attestation.repository';
import { AttestationsHandler } from './attestations.handler';
import { AttestationsService } from './attestations.service';
import { CompletionService } from './completion.service';

/** Attestations of training, their public verification and the certification event. */
@Module({
  controllers: [AttestationsHandler],
  providers: [AttestationsService, AttestationRepository, CompletionService],
  exports: [CompletionService, AttestationRepository],
})
export class AttestationsModule {}
