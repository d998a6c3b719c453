import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { AttestationsController, MANDATES_PUBLIC_URL } from './attestations.controller';
import { HabilitationsController } from './habilitations.controller';
import { MandatesController } from './mandates.controller';

/** Routes of the mandates service (usagers, mandates, habilitations, attestations, verification). */
@Module({})
export class MandatesGatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: MandatesGatewayModule,
      controllers: [MandatesController, HabilitationsController, AttestationsController],
      providers: [{ provide: MANDATES_PUBLIC_URL, useValue: config.PUBLIC_URL.replace(/\/$/, '') }],
    };
  }
}
