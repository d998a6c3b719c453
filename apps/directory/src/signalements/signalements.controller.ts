import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { SignalementsService } from './signalements.service';

const user = () => RequestContext.get()?.user;

@Controller()
export class SignalementsController {
  constructor(private readonly signalements: SignalementsService) {}

  @MessagePattern(REQUESTS.directory.signalementCreate)
  create(@Payload() p: { lieuId?: unknown; body?: unknown }) {
    return this.signalements.create(p?.lieuId, p?.body);
  }

  @MessagePattern(REQUESTS.directory.signalementList)
  list(@Payload() p: unknown) {
    return this.signalements.list(user(), p);
  }

  @MessagePattern(REQUESTS.directory.signalementResolve)
  resolve(@Payload() p: { id?: unknown; body?: unknown }) {
    return this.signalements.resolve(user(), p?.id, p?.body);
  }
}
