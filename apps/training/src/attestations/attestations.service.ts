import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { attestationCodeParamsSchema, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { normalizeCode } from './attestation-code';
import { AttestationRepository, presentAttestation, presentVerification } from './attestation.repository';
import { CompletionService } from './completion.service';

const attestationNotFound = () => new PinError('ATTESTATION.NOT_FOUND', 'Aucune attestation de formation ne porte ce code.');

/** Attestations: the holder's list, the public verification by code. */
@Injectable()
export class AttestationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly attestations: AttestationRepository,
    private readonly completion: CompletionService,
  ) {}

  async mine(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.formation.mine);
    return this.outbox.run(async (m, events) => {
      await this.completion.identify(m, events, u);
      return { items: (await this.attestations.mine(m, u.username)).map(presentAttestation) };
    });
  }

  async verify(rpc: RpcEnvelope) {
    const p = attestationCodeParamsSchema.safeParse(rpc.params);
    if (!p.success) throw attestationNotFound();
    const a = await this.attestations.byCode(this.ds.manager, normalizeCode(p.data.code));
    if (!a) throw attestationNotFound();
    return presentVerification(a);
  }
}
