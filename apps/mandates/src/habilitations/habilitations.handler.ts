import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { HabilitationsService } from './habilitations.service';

/** NATS request handlers of habilitations. */
@Controller()
export class HabilitationsHandler {
  constructor(private readonly habilitations: HabilitationsService) {}

  @MessagePattern(REQUESTS.mandates.habilitationList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.habilitations.list(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.habilitationCreate)
  request(@Envelope() rpc: RpcEnvelope) {
    return this.habilitations.request(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.habilitationDecide)
  decide(@Envelope() rpc: RpcEnvelope) {
    return this.habilitations.decide(caller(), rpc);
  }
}
