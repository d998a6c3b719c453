import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { ProgrammesService } from './programmes.service';

@Controller()
export class ProgrammesHandler {
  constructor(private readonly programmes: ProgrammesService) {}

  @MessagePattern(REQUESTS.labelling.programmeList)
  list() {
    return this.programmes.list();
  }

  @MessagePattern(REQUESTS.labelling.programmeGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.programmes.get(rpc);
  }

  @MessagePattern(REQUESTS.labelling.programmeCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.programmes.create(caller(), rpc);
  }

  @MessagePattern(REQUESTS.labelling.programmeUpdate)
  update(@Envelope() rpc: RpcEnvelope) {
    return this.programmes.update(caller(), rpc);
  }
}
