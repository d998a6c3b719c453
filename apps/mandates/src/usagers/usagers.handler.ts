import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { UsagersService } from './usagers.service';

/** NATS request handlers of usagers: thin, the service validates and checks access. */
@Controller()
export class UsagersHandler {
  constructor(private readonly usagers: UsagersService) {}

  @MessagePattern(REQUESTS.mandates.usagerSearch)
  search(@Envelope() rpc: RpcEnvelope) {
    return this.usagers.search(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.usagerCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.usagers.create(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.usagerGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.usagers.get(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.usagerUpdate)
  update(@Envelope() rpc: RpcEnvelope) {
    return this.usagers.update(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.usagerClaimCode)
  claimCode(@Envelope() rpc: RpcEnvelope) {
    return this.usagers.issueClaimCode(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.usagerClaim)
  claim(@Envelope() rpc: RpcEnvelope) {
    return this.usagers.claim(caller(), rpc);
  }
}
