import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { CharterService } from './charter.service';

const R = REQUESTS.labelling;

@Controller()
export class CharterHandler {
  constructor(private readonly charter: CharterService) {}

  @MessagePattern(R.charterCurrent)
  current() {
    return this.charter.current(caller());
  }

  @MessagePattern(R.charterPublish)
  publish(@Envelope() rpc: RpcEnvelope) {
    return this.charter.publish(caller(), rpc);
  }

  @MessagePattern(R.charterSign)
  sign(@Envelope() rpc: RpcEnvelope) {
    return this.charter.sign(caller(), rpc);
  }
}
