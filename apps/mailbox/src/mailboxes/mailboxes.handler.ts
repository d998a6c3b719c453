import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { MailboxesService } from './mailboxes.service';
import { SelfService } from './self.service';

const R = REQUESTS.mailbox;

/** NATS request handlers of the mailbox service. */
@Controller()
export class MailboxesHandler {
  constructor(
    private readonly mailboxes: MailboxesService,
    private readonly self: SelfService,
  ) {}

  @MessagePattern(R.addressPropose)
  propose(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.propose(caller(), rpc);
  }

  @MessagePattern(R.mailboxCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.create(caller(), rpc);
  }

  @MessagePattern(R.mailboxGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.get(caller(), rpc);
  }

  @MessagePattern(R.mailboxOfUsager)
  ofUsager(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.ofUsager(caller(), rpc);
  }

  @MessagePattern(R.mailboxLetter)
  letter(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.letter(caller(), rpc);
  }

  @MessagePattern(R.mailboxSuspend)
  suspend(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.transition(caller(), rpc, 'suspend');
  }

  @MessagePattern(R.mailboxReactivate)
  reactivate(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.transition(caller(), rpc, 'reactivate');
  }

  @MessagePattern(R.mailboxDisable)
  disable(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.transition(caller(), rpc, 'disable');
  }

  @MessagePattern(R.mailboxScheduleDeletion)
  scheduleDeletion(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.transition(caller(), rpc, 'scheduleDeletion');
  }

  @MessagePattern(R.mailboxResetPassword)
  resetPassword(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.resetPassword(caller(), rpc);
  }

  @MessagePattern(R.mailboxQuotaChange)
  quotaChange(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.quotaChange(caller(), rpc);
  }

  @MessagePattern(R.mailboxQuotaGet)
  quotaGet(@Envelope() rpc: RpcEnvelope) {
    return this.mailboxes.quotaGet(caller(), rpc);
  }

  @MessagePattern(R.myMailbox)
  mine() {
    return this.self.get(caller());
  }

  @MessagePattern(R.myPasswordChange)
  changePassword(@Envelope() rpc: RpcEnvelope) {
    return this.self.changePassword(caller(), rpc);
  }

  @MessagePattern(R.myAppPasswordList)
  appPasswords() {
    return this.self.listAppPasswords(caller());
  }

  @MessagePattern(R.myAppPasswordCreate)
  createAppPassword(@Envelope() rpc: RpcEnvelope) {
    return this.self.createAppPassword(caller(), rpc);
  }

  @MessagePattern(R.myAppPasswordRevoke)
  revokeAppPassword(@Envelope() rpc: RpcEnvelope) {
    return this.self.revokeAppPassword(caller(), rpc);
  }

  @MessagePattern(R.myQuota)
  quota() {
    return this.self.quota(caller());
  }
}
