import { Module, type DynamicModule } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import type { TrainingConfig } from './config/config.schema';
import { migrations } from './migrations';
import { AttestationsModule } from './attestations/attestations.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { KnownLieu } from './projections/known-lieux/known-lieu.entity';
import { KnownLieuxModule } from './projections/known-lieux/known-lieux.module';
import { DiagnosticModule } from './diagnostic/diagnostic.module';
import { PixModule } from './pix/pix.module';
import { ScheduleModule } from './schedule/schedule.module';
import { SessionsModule } from './sessions/sessions.module';

export const SERVICE = 'training';

/** Référentiel de formation, sessions with waiting lists and reminders, attendance, attestations and the certification event, the diagnostic. */
@Module({})
export class AppModule {
  static forRoot(config: TrainingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forRoot({ service: SERVICE, config, entities: [KnownLieu], migrations, streams: [STREAMS.training] }),
        KnownLieuxModule,
        CatalogueModule,
        SessionsModule,
        AttestationsModule,
        PixModule.forRoot(config),
        DiagnosticModule,
        ScheduleModule.forRoot(config),
      ],
    };
  }
}
