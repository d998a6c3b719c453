import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { MandatesConfig } from '../config/config.schema';

export const HABILITATION_SETTINGS = Symbol('HABILITATION_SETTINGS');

export interface HabilitationSettings {
  /** `HABILITATION_PIX_REQUIRED`: a grant is refused (`HABILITATION.PIX_REQUIRED`) until « test PIX réussi ». */
  pixRequired: boolean;
}

/** The habilitation settings from the service's configuration, for every module that decides habilitations. */
@Global()
@Module({})
export class HabilitationSettingsModule {
  static forRoot(config: Pick<MandatesConfig, 'HABILITATION_PIX_REQUIRED'>): DynamicModule {
    return {
      module: HabilitationSettingsModule,
      providers: [{ provide: HABILITATION_SETTINGS, useValue: { pixRequired: config.HABILITATION_PIX_REQUIRED } satisfies HabilitationSettings }],
      exports: [HABILITATION_SETTINGS],
    };
  }
}
