import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { ImportService } from './import.service';

/** NATS handlers of imports of lieux; payloads are validated by the service. */
@Controller()
export class ImportsHandler {
  constructor(private readonly imports: ImportService) {}

  @MessagePattern(REQUESTS.directory.importStart)
  start(@Envelope() rpc: RpcEnvelope) {
    return this.imports.start(caller(), rpc.body);
  }

  @MessagePattern(REQUESTS.directory.importGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.imports.get(caller(), rpc.params.id);
  }

  @MessagePattern(REQUESTS.directory.importList)
  list() {
    return this.imports.list(caller());
  }
}
