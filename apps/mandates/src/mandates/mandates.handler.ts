import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { CreateMandateService } from './create-mandate.service';
import { MandateQueriesService } from './mandate-queries.service';
import { RevokeMandateService } from './revoke-mandate.service';

/** NATS request handlers of mandates. */
@Controller()
export class MandatesHandler {
  constructor(
    private readonly createMandate: CreateMandateService,
    private readonly revokeMandate: RevokeMandateService,
    private readonly queries: MandateQueriesService,
  ) {}

  @MessagePattern(REQUESTS.mandates.mandatCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.createMandate.execute(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.mandatRevoke)
  revoke(@Envelope() rpc: RpcEnvelope) {
    return this.revokeMandate.execute(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.mandatGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.queries.get(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.usagerMandats)
  forUsager(@Envelope() rpc: RpcEnvelope) {
    return this.queries.forUsager(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.myMandats)
  mine() {
    return this.queries.mine(caller());
  }

  @MessagePattern(REQUESTS.mandates.mandatVerify)
  verify(@Envelope() rpc: RpcEnvelope) {
    return this.queries.verify(rpc);
  }
}
