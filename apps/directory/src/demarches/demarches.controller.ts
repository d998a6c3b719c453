import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { DemarchesService } from './demarches.service';

const user = () => RequestContext.get()?.user;

@Controller()
export class DemarchesController {
  constructor(private readonly demarches: DemarchesService) {}

  @MessagePattern(REQUESTS.directory.demarcheList)
  list(@Payload() p: unknown) {
    return this.demarches.list(user(), p);
  }

  @MessagePattern(REQUESTS.directory.demarcheCreate)
  create(@Payload() body: unknown) {
    return this.demarches.create(user(), body);
  }

  @MessagePattern(REQUESTS.directory.demarcheUpdate)
  update(@Payload() p: { slug?: unknown; body?: unknown }) {
    return this.demarches.update(user(), p?.slug, p?.body);
  }
}
