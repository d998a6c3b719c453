import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { Envelope } from '@pin/service-kit';
import { ExportService } from './export.service';

/** NATS handler of the open-data exports; the payload is validated by the service. */
@Controller()
export class ExportsHandler {
  constructor(private readonly exports: ExportService) {}

  /** Public: exports are open data. */
  @MessagePattern(REQUESTS.directory.exportPage)
  exportPage(@Envelope() rpc: RpcEnvelope) {
    return this.exports.page(rpc.query);
  }
}
