import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { ImportService } from './import.service';

const user = () => RequestContext.get()?.user;

/** NATS handlers of imports of lieux; payloads are validated by the service. */
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

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
}
