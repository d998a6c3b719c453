import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { JetstreamChannel } from './jetstream-channel.service';

/** NATS request handlers of the JetStream channel. */
@Controller()
export class JetstreamHandler {
  constructor(private readonly channel: JetstreamChannel) {}

  @MessagePattern(REQUESTS.operators.jetstreamGet)
  describe() {
    return this.channel.describe(caller());
  }

  @MessagePattern(REQUESTS.operators.jetstreamReplay)
  replay(@Envelope() rpc: RpcEnvelope) {
    return this.channel.replay(caller(), rpc);
  }
}
