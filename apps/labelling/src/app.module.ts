import { Module, type DynamicModule } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import type { LabellingConfig } from './config/config.schema';
import { migrations } from './migrations';
import { CharterModule } from './charter/charter.module';
import { LabelsModule } from './labels/labels.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { PassModule } from './pass/pass.module';
import { PiecesModule } from './pieces/pieces.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { CertificationsModule } from './projections/certifications/certifications.module';
import { KnownLieuxModule } from './projections/known-lieux/known-lieux.module';

export const SERVICE = 'labelling';

/** Territorial label (programmes, dossiers, labels), charte de l'aidant and the Pass Numérique ledger. */
@Module({})
export class AppModule {
  static forRoot(config: LabellingConfig): DynamicModule {
    const pass = PassModule.forRoot(config);
    const pieces = PiecesModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        ServiceKit.forRoot({ service: SERVICE, config, entities: [], migrations, streams: [STREAMS.labelling] }),
        KnownLieuxModule,
        CertificationsModule,
        ProgrammesModule,
        LabelsModule,
        CharterModule,
        pass,
        MaintenanceModule.forRoot(config, pass, pieces),
        pieces,
      ],
    };
  }
}
