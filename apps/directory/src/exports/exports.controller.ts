import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { ExportService } from './export.service';

/** NATS handler of the open-data exports; the payload is validated by the service. */
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportService) {}

  /** Public: exports are open data. */
  @MessagePattern(REQUESTS.directory.exportPage)
  exportPage(@Payload() p: unknown) {
    return this.exports.page(p);
  }
}
