import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { CarnetService } from './carnet.service';
import { FundingService } from './funding.service';
import { LedgerService } from './ledger.service';

const R = REQUESTS.labelling;

@Controller()
export class LedgerHandler {
  constructor(
    private readonly ledger: LedgerService,
    private readonly funding: FundingService,
    private readonly carnets: CarnetService,
  ) {}

  @MessagePattern(R.passCarnet)
  carnet(@Envelope() rpc: RpcEnvelope) {
    return this.carnets.carnet(caller(), rpc);
  }

  @MessagePattern(R.passBatchCreate)
  createBatch(@Envelope() rpc: RpcEnvelope) {
    return this.ledger.createBatch(caller(), rpc);
  }

  @MessagePattern(R.passBatchList)
  listBatches() {
    return this.ledger.listBatches(caller());
  }

  @MessagePattern(R.passAllocated)
  allocated() {
    return this.ledger.allocated(caller());
  }

  @MessagePattern(R.claimList)
  listClaims() {
    return this.funding.listClaims(caller());
  }

  @MessagePattern(R.passAllocate)
  allocate(@Envelope() rpc: RpcEnvelope) {
    return this.ledger.allocate(caller(), rpc);
  }

  @MessagePattern(R.passDistribute)
  distribute(@Envelope() rpc: RpcEnvelope) {
    return this.ledger.distribute(caller(), rpc);
  }

  @MessagePattern(R.passRedeem)
  redeem(@Envelope() rpc: RpcEnvelope) {
    return this.ledger.redeem(caller(), rpc);
  }

  @MessagePattern(R.passLieux)
  lieux() {
    return this.ledger.lieux(caller());
  }

  @MessagePattern(R.passCancel)
  cancel(@Envelope() rpc: RpcEnvelope) {
    return this.ledger.cancel(caller(), rpc);
  }

  @MessagePattern(R.passGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.ledger.get(caller(), rpc);
  }

  @MessagePattern(R.passFigures)
  figures(@Envelope() rpc: RpcEnvelope) {
    return this.funding.figures(caller(), rpc);
  }

  @MessagePattern(R.claimCreate)
  createClaim(@Envelope() rpc: RpcEnvelope) {
    return this.funding.createClaim(caller(), rpc);
  }

  @MessagePattern(R.claimCsv)
  getClaim(@Envelope() rpc: RpcEnvelope) {
    return this.funding.getClaim(caller(), rpc);
  }

  @MessagePattern(R.claimPay)
  payClaim(@Envelope() rpc: RpcEnvelope) {
    return this.funding.payClaim(caller(), rpc);
  }
}
