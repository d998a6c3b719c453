import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { OrientationsService } from './orientations.service';

const R = REQUESTS.operators;

/** NATS request handlers of orientations. */
@Controller()
export class OrientationsHandler {
  constructor(private readonly orientations: OrientationsService) {}

  @MessagePattern(R.orientationCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.create(caller(), rpc);
  }

  @MessagePattern(R.orientationMine)
  mine(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.mine(caller(), rpc);
  }

  @MessagePattern(R.orientationList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.list(caller(), rpc);
  }

  @MessagePattern(R.orientationAidantCreate)
  createByAidant(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.createByAidant(caller(), rpc);
  }

  /** Public: the person's code is the credential (POST body only). */
  @MessagePattern(R.orientationPersonView)
  personView(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.personView(rpc);
  }

  @MessagePattern(R.orientationPersonCancel)
  personCancel(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.personCancel(rpc);
  }

  @MessagePattern(R.adminOrientationList)
  adminList(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.mine(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.orientationStatus)
  setStatus(@Envelope() rpc: RpcEnvelope) {
    return this.orientations.setStatus(caller(), rpc);
  }
}
