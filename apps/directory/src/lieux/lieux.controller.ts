import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { LieuxService } from './lieux.service';

const user = () => RequestContext.get()?.user;

/** NATS request handlers of lieux; payloads are validated by the service, never trusted. */
@Controller()
export class LieuxController {
  constructor(private readonly lieux: LieuxService) {}

  @MessagePattern(REQUESTS.directory.lieuCreate)
  create(@Payload() body: unknown) {
    return this.lieux.create(user(), body);
  }

  @MessagePattern(REQUESTS.directory.lieuUpdate)
  update(@Payload() p: { id?: unknown; body?: unknown }) {
    return this.lieux.update(user(), p?.id, p?.body);
  }

  @MessagePattern(REQUESTS.directory.lieuClose)
  close(@Payload() p: { id?: unknown; body?: unknown }) {
    return this.lieux.close(user(), p?.id, p?.body);
  }

  @MessagePattern(REQUESTS.directory.lieuGet)
  get(@Payload() p: { id?: unknown }) {
    return this.lieux.get(p?.id);
  }

  @MessagePattern(REQUESTS.directory.lieuMine)
  mine(@Payload() p: unknown) {
    return this.lieux.mine(user(), p);
  }
}
