import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { SignalementsService } from './signalements.service';

@Controller()
export class SignalementsHandler {
  constructor(private readonly signalements: SignalementsService) {}

  @MessagePattern(REQUESTS.directory.signalementCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.signalements.create(rpc.params.id, rpc.body);
  }

  @MessagePattern(REQUESTS.directory.signalementList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.signalements.list(caller(), rpc.query);
  }

  @MessagePattern(REQUESTS.directory.signalementResolve)
  resolve(@Envelope() rpc: RpcEnvelope) {
    return this.signalements.resolve(caller(), rpc.params.id, rpc.body);
  }
}
