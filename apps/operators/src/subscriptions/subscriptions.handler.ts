import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { SubscriptionsService } from './subscriptions.service';

/** NATS request handlers of subscriptions. */
@Controller()
export class SubscriptionsHandler {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @MessagePattern(REQUESTS.operators.subscriptionList)
  list() {
    return this.subscriptions.list(caller());
  }

  /** The staff's console: one operator's subscriptions. */
  @MessagePattern(REQUESTS.operators.adminSubscriptionList)
  listSupervised(@Envelope() rpc: RpcEnvelope) {
    return this.subscriptions.list(caller(), rpc, 'supervised');
  }

  @MessagePattern(REQUESTS.operators.subscriptionCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.subscriptions.create(caller(), rpc);
  }

  @MessagePattern(REQUESTS.operators.subscriptionDelete)
  remove(@Envelope() rpc: RpcEnvelope) {
    return this.subscriptions.remove(caller(), rpc);
  }
}
