import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { AuthorizationResponder } from './authorization.responder';
import { AuthorizationService } from './authorization.service';

/** `pin.rpc.mandates.authorization.check`: may this aidant act for this usager on this démarche, now? (journaled) */
@Module({ imports: [JournalModule], providers: [AuthorizationService, AuthorizationResponder] })
export class AuthorizationModule {}
