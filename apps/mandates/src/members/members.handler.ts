import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { MembersService } from './members.service';

/** NATS request handlers of structure members. */
@Controller()
export class MembersHandler {
  constructor(private readonly members: MembersService) {}

  @MessagePattern(REQUESTS.mandates.memberList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.members.list(caller(), rpc);
  }
}
