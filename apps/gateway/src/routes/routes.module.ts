import { Module, type DynamicModule } from '@nestjs/common';
import { API_ROUTES } from '@pin/contracts';
import type { GatewayConfig } from '../config/config.schema';
import { declaredRoutesController } from './declared-routes.controller';
import { reportRateLimit } from './report-rate-limit';
import { RouteForwarder } from './route-forwarder';

/** Every route declared in libs/contracts (`API_ROUTES`), served by the generic forwarder. */
@Module({})
export class DeclaredRoutesModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    reportRateLimit.max = config.REPORT_RATE_LIMIT_MAX;
    reportRateLimit.timeWindow = config.REPORT_RATE_LIMIT_WINDOW_MS;
    return { module: DeclaredRoutesModule, controllers: [declaredRoutesController(API_ROUTES)], providers: [RouteForwarder] };
  }
}
