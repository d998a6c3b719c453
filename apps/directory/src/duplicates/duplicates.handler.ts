import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { DuplicatesService } from './duplicates.service';

/** NATS handlers of the review of possible duplicates (doublons); payloads are validated by the service. */
@Controller()
export class DuplicatesHandler {
  constructor(private readonly duplicates: DuplicatesService) {}

  @MessagePattern(REQUESTS.directory.doublonList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.duplicates.list(caller(), rpc.query);
  }

  @MessagePattern(REQUESTS.directory.doublonDecide)
  decide(@Envelope() rpc: RpcEnvelope) {
    return this.duplicates.decide(caller(), rpc.params.id, rpc.body);
  }
}
