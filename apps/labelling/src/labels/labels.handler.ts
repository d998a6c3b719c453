import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { LabelsService } from './labels.service';

const R = REQUESTS.labelling;

@Controller()
export class LabelsHandler {
  constructor(private readonly labels: LabelsService) {}

  @MessagePattern(R.labelList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.labels.list(rpc);
  }

  @MessagePattern(R.labelRevoke)
  revoke(@Envelope() rpc: RpcEnvelope) {
    return this.labels.revoke(caller(), rpc);
  }

  @MessagePattern(R.labelRenew)
  renew(@Envelope() rpc: RpcEnvelope) {
    return this.labels.renew(caller(), rpc);
  }

  @MessagePattern(R.labelNational)
  national(@Envelope() rpc: RpcEnvelope) {
    return this.labels.national(caller(), rpc);
  }
}
