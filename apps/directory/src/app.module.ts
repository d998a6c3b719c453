import { resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import type { DirectoryConfig } from './config/config.schema';
import { migrations } from './migrations';
import { Structure } from './structures/structure.entity';
import { StructuresModule } from './structures/structures.module';
import { Lieu } from './lieux/lieu.entity';
import { LieuxModule } from './lieux/lieux.module';
import { Demarche } from './demarches/demarche.entity';
import { DemarchesModule } from './demarches/demarches.module';
import { Signalement } from './signalements/signalement.entity';
import { SignalementsModule } from './signalements/signalements.module';
import { SearchModule } from './search/search.module';
import { ImportsModule } from './imports/imports.module';
import { ExportsModule } from './exports/exports.module';
import { DuplicatesModule } from './duplicates/duplicates.module';
import { DemoModule } from './demo/demo.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { LabelsModule } from './labels/labels.module';

export const SERVICE = 'directory';

/** Structures, lieux, démarches, signalements, search, imports, exports, duplicates review, dashboard and demo data. */
@Module({})
export class AppModule {
  static forRoot(config: DirectoryConfig): DynamicModule {
    // One instance, imported here and by DemoModule (dynamic modules are identified by reference).
    const imports = ImportsModule.forRoot({ databaseUrl: config.DATABASE_URL, jobLockMs: config.IMPORT_JOB_LOCK_MS });
    return {
      module: AppModule,
      imports: [
        ServiceKit.forRoot({ service: SERVICE, config, entities: [Structure, Lieu, Demarche, Signalement], migrations, streams: [STREAMS.directory] }),
        StructuresModule,
        LieuxModule,
        DemarchesModule,
        SignalementsModule,
        SearchModule.forRoot({ homeDepartement: config.HOME_DEPARTEMENT }),
        imports,
        ExportsModule,
        DuplicatesModule,
        DashboardModule.forRoot(imports),
        LabelsModule,
        DemoModule.forRoot({
          seed: config.SEED_DEMO_DATA,
          import: {
            enabled: config.SEED_DEMO_DATA,
            fixturePath: config.DEMO_FIXTURE_PATH ?? resolve(__dirname, '../data/hinaura-687-lieux-v0.1.json'),
          },
          imports,
        }),
      ],
    };
  }
}
