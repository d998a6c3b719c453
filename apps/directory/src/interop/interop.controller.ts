import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { DoublonsService } from './doublons.service';
import { ExportService } from './export.service';
import { ImportService } from './import.service';

const user = () => RequestContext.get()?.user;

/** NATS handlers of imports, duplicates and exports; payloads are validated by the services. */
@Controller()
export class InteropController {
  constructor(
    private readonly imports: ImportService,
    private readonly doublons: DoublonsService,
    private readonly exports: ExportService,
  ) {}

  @MessagePattern(REQUESTS.directory.importStart)
  start(@Payload() p: unknown) {
    return this.imports.start(user(), p);
  }

  @MessagePattern(REQUESTS.directory.importGet)
  get(@Payload() p: { id?: unknown }) {
    return this.imports.get(user(), p?.id);
  }

  @MessagePattern(REQUESTS.directory.importList)
  list() {
    return this.imports.list(user());
  }

  @MessagePattern(REQUESTS.directory.doublonList)
  doublonList(@Payload() p: unknown) {
    return this.doublons.list(user(), p);
  }

  @MessagePattern(REQUESTS.directory.doublonDecide)
  doublonDecide(@Payload() p: { id?: unknown; body?: unknown }) {
    return this.doublons.decide(user(), p?.id, p?.body);
  }

  /** Public: exports are open data. */
  @MessagePattern(REQUESTS.directory.exportPage)
  exportPage(@Payload() p: unknown) {
    return this.exports.page(p);
  }
}
