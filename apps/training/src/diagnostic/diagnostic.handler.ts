import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { DiagnosticService } from './diagnostic.service';

/** NATS request handlers of the diagnostic de premier niveau. */
@Controller()
export class DiagnosticHandler {
  constructor(private readonly diagnostics: DiagnosticService) {}

  @MessagePattern(REQUESTS.training.diagnosticQuestions)
  questions() {
    return this.diagnostics.questions();
  }

  @MessagePattern(REQUESTS.training.diagnosticCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.diagnostics.create(caller(), rpc);
  }
}
