import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { DoublonsService } from './doublons.service';
import { ExportService } from './export.service';
import { ImportService } from './import.service';

/** NATS handlers of imports, duplicates and exports; payloads are validated by the services. */
@Controller()
export class InteropController {
  constructor(
    private readonly imports: ImportService,
    private readonly doublons: DoublonsService,
    private readonly exports: ExportService,
  ) {}

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

  @MessagePattern(REQUESTS.directory.doublonList)
  doublonList(@Envelope() rpc: RpcEnvelope) {
    return this.doublons.list(caller(), rpc.query);
  }

  @MessagePattern(REQUESTS.directory.doublonDecide)
  doublonDecide(@Envelope() rpc: RpcEnvelope) {
    return this.doublons.decide(caller(), rpc.params.id, rpc.body);
  }

  /** Public: exports are open data. */
  @MessagePattern(REQUESTS.directory.exportPage)
  exportPage(@Envelope() rpc: RpcEnvelope) {
    return this.exports.page(rpc.query);
  }
}
