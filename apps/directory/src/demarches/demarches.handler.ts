import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { DemarchesService } from './demarches.service';

@Controller()
export class DemarchesHandler {
  constructor(private readonly demarches: DemarchesService) {}

  @MessagePattern(REQUESTS.directory.demarcheList)
  list() {
    return this.demarches.list(caller(), {});
  }

  @MessagePattern(REQUESTS.directory.demarcheListAll)
  listAll() {
    return this.demarches.list(caller(), { inactives: 'true' });
  }

  @MessagePattern(REQUESTS.directory.demarcheCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.demarches.create(caller(), rpc.body);
  }

  @MessagePattern(REQUESTS.directory.demarcheUpdate)
  update(@Envelope() rpc: RpcEnvelope) {
    return this.demarches.update(caller(), rpc.params.slug, rpc.body);
  }
}
