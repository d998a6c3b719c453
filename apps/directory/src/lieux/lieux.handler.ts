import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { LieuxService } from './lieux.service';

/** NATS request handlers of lieux; payloads are validated by the service, never trusted. */
@Controller()
export class LieuxHandler {
  constructor(private readonly lieux: LieuxService) {}

  @MessagePattern(REQUESTS.directory.lieuCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.lieux.create(caller(), rpc.body);
  }

  @MessagePattern(REQUESTS.directory.lieuUpdate)
  update(@Envelope() rpc: RpcEnvelope) {
    return this.lieux.update(caller(), rpc.params.id, rpc.body);
  }

  @MessagePattern(REQUESTS.directory.lieuClose)
  close(@Envelope() rpc: RpcEnvelope) {
    return this.lieux.close(caller(), rpc.params.id, rpc.body);
  }

  @MessagePattern(REQUESTS.directory.lieuGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.lieux.get(rpc.params.id);
  }

  @MessagePattern(REQUESTS.directory.lieuMine)
  mine(@Envelope() rpc: RpcEnvelope) {
    return this.lieux.mine(caller(), rpc.query);
  }
}
