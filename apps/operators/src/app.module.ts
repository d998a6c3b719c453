import { Global, Module, type DynamicModule } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import type { OperatorsConfig } from './config/config.schema';
import { OPERATORS_CONFIG } from './config/operators-config';
import { AnnouncementsModule } from './announcements/announcements.module';
import { IntakeModule } from './intake/intake.module';
import { JetstreamModule } from './jetstream/jetstream.module';
import { migrations } from './migrations';
import { OrientationsModule } from './orientations/orientations.module';
import { ScheduleModule } from './schedule/schedule.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export const SERVICE = 'operators';

@Global()
@Module({})
class OperatorsConfigModule {
  static forRoot(config: OperatorsConfig): DynamicModule {
    return { module: OperatorsConfigModule, providers: [{ provide: OPERATORS_CONFIG, useValue: config }], exports: [OPERATORS_CONFIG] };
  }
}

/** Public-service operators (CAF, CPAM…): subscriptions to PIN's events, delivered by Standard Webhooks or on their JetStream subjects. */
@Module({})
export class AppModule {
  static forRoot(config: OperatorsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forRoot({ service: SERVICE, config, entities: [], migrations, streams: [STREAMS.operators] }),
        OperatorsConfigModule.forRoot(config),
        JetstreamModule,
        WebhooksModule,
        SubscriptionsModule,
        IntakeModule,
        AnnouncementsModule,
        OrientationsModule,
        ScheduleModule,
      ],
    };
  }
}
