import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { WebhooksService } from './webhooks.service';

const R = REQUESTS.operators;

/** NATS request handlers of webhook endpoints and their deliveries. */
@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @MessagePattern(R.webhookList)
  list() {
    return this.webhooks.list(caller());
  }

  @MessagePattern(R.webhookCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.create(caller(), rpc);
  }

  @MessagePattern(R.webhookUpdate)
  update(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.update(caller(), rpc);
  }

  @MessagePattern(R.webhookDelete)
  remove(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.remove(caller(), rpc);
  }

  @MessagePattern(R.webhookRotate)
  rotate(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.rotate(caller(), rpc);
  }

  @MessagePattern(R.webhookReplay)
  replayRange(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.replayRange(caller(), rpc);
  }

  @MessagePattern(R.deliveryList)
  deliveries(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.deliveries(caller(), rpc);
  }

  @MessagePattern(R.deliveryGet)
  delivery(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.delivery(caller(), rpc);
  }

  @MessagePattern(R.deliveryReplay)
  replayOne(@Envelope() rpc: RpcEnvelope) {
    return this.webhooks.replayOne(caller(), rpc);
  }
}
