import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { DuplicatesService } from './duplicates.service';

const user = () => RequestContext.get()?.user;

/** NATS handlers of the review of possible duplicates (doublons); payloads are validated by the service. */
@Controller()
export class DuplicatesController {
  constructor(private readonly doublons: DuplicatesService) {}

  @MessagePattern(REQUESTS.directory.doublonList)
  doublonList(@Payload() p: unknown) {
    return this.doublons.list(user(), p);
  }

  @MessagePattern(REQUESTS.directory.doublonDecide)
  doublonDecide(@Payload() p: { id?: unknown; body?: unknown }) {
    return this.doublons.decide(user(), p?.id, p?.body);
  }
}
