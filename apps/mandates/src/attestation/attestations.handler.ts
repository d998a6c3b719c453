import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { AttestationsService } from './attestations.service';

/** NATS request handlers of the printable attestations. */
@Controller()
export class AttestationsHandler {
  constructor(private readonly attestations: AttestationsService) {}

  @MessagePattern(REQUESTS.mandates.attestationMandat)
  mandat(@Envelope() rpc: RpcEnvelope) {
    return this.attestations.mandat(caller(), rpc as RpcEnvelope<never>);
  }

  @MessagePattern(REQUESTS.mandates.attestationRevocation)
  revocation(@Envelope() rpc: RpcEnvelope) {
    return this.attestations.revocation(caller(), rpc as RpcEnvelope<never>);
  }
}
