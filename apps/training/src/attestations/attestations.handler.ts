import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { AttestationsService } from './attestations.service';

/** NATS request handlers of attestations. */
@Controller()
export class AttestationsHandler {
  constructor(private readonly attestations: AttestationsService) {}

  @MessagePattern(REQUESTS.training.myAttestations)
  mine() {
    return this.attestations.mine(caller());
  }

  @MessagePattern(REQUESTS.training.attestationPdf)
  pdf(@Envelope() rpc: RpcEnvelope) {
    return this.attestations.pdf(caller(), rpc as RpcEnvelope<{ publicUrl?: unknown } | undefined>);
  }

  @MessagePattern(REQUESTS.training.certificationWithdraw)
  withdraw(@Envelope() rpc: RpcEnvelope) {
    return this.attestations.withdraw(caller(), rpc);
  }

  @MessagePattern(REQUESTS.training.attestationVerify)
  verify(@Envelope() rpc: RpcEnvelope) {
    return this.attestations.verify(rpc);
  }
}
