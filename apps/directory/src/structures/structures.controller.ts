import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { StructuresService } from './structures.service';

const user = () => RequestContext.get()?.user;

/** NATS request handlers; payloads are validated by the service, never trusted. */
@Controller()
export class StructuresController {
  constructor(private readonly structures: StructuresService) {}

  @MessagePattern(REQUESTS.directory.structureCreate)
  create(@Payload() body: unknown) {
    return this.structures.create(user(), body);
  }

  @MessagePattern(REQUESTS.directory.structureGet)
  get(@Payload() p: { id?: unknown }) {
    return this.structures.get(user(), p?.id);
  }

  @MessagePattern(REQUESTS.directory.structureList)
  list(@Payload() p: unknown) {
    return this.structures.list(user(), p);
  }

  @MessagePattern(REQUESTS.directory.structureUpdate)
  update(@Payload() p: { id?: unknown; body?: unknown }) {
    return this.structures.update(user(), p?.id, p?.body);
  }
}
