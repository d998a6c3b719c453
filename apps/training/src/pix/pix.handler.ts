import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { PixService } from './pix.service';

/** NATS request handlers of PIX results. */
@Controller()
export class PixHandler {
  constructor(private readonly pix: PixService) {}

  @MessagePattern(REQUESTS.training.pixRecord)
  record(@Envelope() rpc: RpcEnvelope) {
    return this.pix.record(caller(), rpc);
  }

  @MessagePattern(REQUESTS.training.pixList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.pix.list(caller(), rpc);
  }
}
