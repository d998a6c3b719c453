import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { WorkspaceService } from './workspace.service';

/** NATS request handler of the working-space summary. */
@Controller()
export class WorkspaceHandler {
  constructor(private readonly workspace: WorkspaceService) {}

  @MessagePattern(REQUESTS.mandates.espace)
  summary(@Envelope() rpc: RpcEnvelope) {
    return this.workspace.summary(caller(), rpc);
  }
}
