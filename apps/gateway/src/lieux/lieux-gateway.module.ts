import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { DemarchesController } from './demarches.controller';
import { LieuxController } from './lieux.controller';
import { reportRateLimit } from './report-rate-limit';
import { SignalementsController } from './signalements.controller';

/** Gateway routes of the lieux core: edit and detail, démarches, signalements, référentiels. */
@Module({})
export class LieuxGatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    reportRateLimit.max = config.REPORT_RATE_LIMIT_MAX;
    reportRateLimit.timeWindow = config.REPORT_RATE_LIMIT_WINDOW_MS;
    return { module: LieuxGatewayModule, controllers: [LieuxController, DemarchesController, SignalementsController] };
  }
}
