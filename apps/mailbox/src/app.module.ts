import { Global, Module, type DynamicModule } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import { MAILBOX_CONFIG, type MailboxConfig } from './config/config.schema';
import { MailboxesModule } from './mailboxes/mailboxes.module';
import { migrations } from './migrations';
import { MandatsProjectionModule } from './projections/mandats/mandats.module';

export const SERVICE = 'mailbox';

@Global()
@Module({})
class MailboxConfigModule {
  static forRoot(config: MailboxConfig): DynamicModule {
    return { module: MailboxConfigModule, providers: [{ provide: MAILBOX_CONFIG, useValue: config }], exports: [MAILBOX_CONFIG] };
  }
}

/** Ethical mailboxes (prenom.nom@landesmail.fr) provisioned into the project's Dovecot, with their lifecycle. */
@Module({})
export class AppModule {
  static forRoot(config: MailboxConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forRoot({ service: SERVICE, config, entities: [], migrations, streams: [STREAMS.mailbox] }),
        MailboxConfigModule.forRoot(config),
        MandatsProjectionModule,
        MailboxesModule,
      ],
    };
  }
}
