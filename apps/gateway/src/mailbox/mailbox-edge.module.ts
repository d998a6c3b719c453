import { Module } from '@nestjs/common';
import { MailboxLetterController } from './letter.controller';

/** Mailbox routes whose edge does more than forward: the printable letter (PDF). */
@Module({ controllers: [MailboxLetterController] })
export class MailboxEdgeModule {}
