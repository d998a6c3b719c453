import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { DossiersService } from './dossiers.service';

const R = REQUESTS.labelling;

@Controller()
export class DossiersHandler {
  constructor(private readonly dossiers: DossiersService) {}

  @MessagePattern(R.dossierCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.create(caller(), rpc);
  }

  @MessagePattern(R.dossierList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.list(caller(), rpc);
  }

  @MessagePattern(R.dossierGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.get(caller(), rpc);
  }

  @MessagePattern(R.dossierAnswer)
  answer(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.answer(caller(), rpc);
  }

  @MessagePattern(R.dossierSubmit)
  submit(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.submit(caller(), rpc);
  }

  @MessagePattern(R.dossierTake)
  take(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.take(caller(), rpc);
  }

  @MessagePattern(R.dossierReview)
  review(@Envelope() rpc: RpcEnvelope) {
    return this.dossiers.review(caller(), rpc);
  }
}
