import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { StructuresService } from './structures.service';

/** NATS request handlers; payloads are validated by the service, never trusted. */
@Controller()
export class StructuresHandler {
  constructor(private readonly structures: StructuresService) {}

  @MessagePattern(REQUESTS.directory.structureCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.structures.create(caller(), rpc.body);
  }

  @MessagePattern(REQUESTS.directory.structureGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.structures.get(caller(), rpc.params.id);
  }

  @MessagePattern(REQUESTS.directory.structureList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.structures.list(caller(), rpc.query);
  }

  @MessagePattern(REQUESTS.directory.structureUpdate)
  update(@Envelope() rpc: RpcEnvelope) {
    return this.structures.update(caller(), rpc.params.id, rpc.body);
  }
}
