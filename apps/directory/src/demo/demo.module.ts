import { Module, type DynamicModule } from '@nestjs/common';
import { LieuxModule } from '../lieux/lieux.module';
import { DEMO_IMPORT, DemoImport, type DemoImportSettings } from './demo-import';
import { DemoSeeder } from './demo-seeder';

export interface DemoModuleOptions {
  /** SEED_DEMO_DATA: demo structures and lieux (DemoSeeder). */
  seed: boolean;
  /** The demo import of the Hinaura fixture (DemoImport). */
  import: DemoImportSettings;
  /** The application's ImportsModule (the same instance, so that one queue and one worker run). */
  imports: DynamicModule;
}

/** Demo data for `npm start`: seeded structures and lieux, and the Hinaura import. Off in production. */
@Module({})
export class DemoModule {
  static forRoot(o: DemoModuleOptions): DynamicModule {
    return {
      module: DemoModule,
      imports: [LieuxModule, o.imports],
      providers: [
        { provide: DEMO_IMPORT, useValue: o.import },
        { provide: 'SEED_DEMO_DATA', useValue: o.seed },
        DemoImport, DemoSeeder,
      ],
    };
  }
}
