import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { Envelope } from '@pin/service-kit';
import { CatalogueService } from './catalogue.service';

/** NATS request handlers of the public catalogue. */
@Controller()
export class CatalogueHandler {
  constructor(private readonly catalogue: CatalogueService) {}

  @MessagePattern(REQUESTS.training.moduleList)
  modules() {
    return this.catalogue.modules();
  }

  @MessagePattern(REQUESTS.training.moduleGet)
  module(@Envelope() rpc: RpcEnvelope) {
    return this.catalogue.module(rpc);
  }

  @MessagePattern(REQUESTS.training.pathList)
  paths() {
    return this.catalogue.paths();
  }

  @MessagePattern(REQUESTS.training.pathGet)
  path(@Envelope() rpc: RpcEnvelope) {
    return this.catalogue.path(rpc);
  }
}
