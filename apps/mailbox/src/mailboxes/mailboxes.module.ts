import { Module } from '@nestjs/common';
import { DoveadmClient } from '../dovecot/doveadm.client';
import { MailDatabase } from '../dovecot/mail-database';
import { MandatesClient } from '../dovecot/mandates.client';
import { Credentials } from './credentials.service';
import { MailboxScheduleWorker } from './mailbox-schedule.worker';
import { MailboxesHandler } from './mailboxes.handler';
import { MailboxesService } from './mailboxes.service';
import { ProvisionQueue } from './provision.queue';
import { ProvisionWorker } from './provision.worker';
import { SelfService } from './self.service';

/** Mailboxes: request, provisioning into the mail server, lifecycle, the usager's space. */
@Module({
  controllers: [MailboxesHandler],
  providers: [MailDatabase, DoveadmClient, MandatesClient, Credentials, ProvisionQueue, ProvisionWorker, MailboxScheduleWorker, MailboxesService, SelfService],
  exports: [MailboxesService, ProvisionWorker, MailDatabase],
})
export class MailboxesModule {}
