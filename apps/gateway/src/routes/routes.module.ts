import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { API_ROUTES } from '@pin/contracts';
import type { GatewayConfig } from '../config/config.schema';
import { GATEWAY_NATS } from '../services/services.module';
import { AnswerCache } from './answer-cache';
import { declaredRoutesController } from './declared-routes.controller';
import { reportRateLimit } from './report-rate-limit';
import { ANSWER_CACHE, RouteForwarder } from './route-forwarder';

/** Subscribes the answer cache to the events that invalidate it, for the gateway's lifetime. */
@Injectable()
class AnswerCacheListener implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ANSWER_CACHE) private readonly cache: AnswerCache,
    @Inject(GATEWAY_NATS) private readonly nc: NatsConnection,
  ) {}
  onApplicationBootstrap(): void {
    this.cache.listen(this.nc, API_ROUTES);
  }
  onApplicationShutdown(): void {
    this.cache.close();
  }
}

/** Every route declared in libs/contracts (`API_ROUTES`), served by the generic forwarder. */
@Module({})
export class DeclaredRoutesModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    reportRateLimit.max = config.REPORT_RATE_LIMIT_MAX;
    reportRateLimit.timeWindow = config.REPORT_RATE_LIMIT_WINDOW_MS;
    for (const [key, route] of Object.entries(API_ROUTES)) {
      if ((route as { cache?: unknown }).cache && route.method !== 'GET') throw new Error(`route ${key}: only GET routes may be cached`);
    }
    return {
      module: DeclaredRoutesModule,
      controllers: [declaredRoutesController(API_ROUTES)],
      providers: [
        { provide: ANSWER_CACHE, useValue: new AnswerCache({ max: config.ANSWER_CACHE_MAX, ttlMs: config.ANSWER_CACHE_TTL_MS }) },
        RouteForwarder,
        AnswerCacheListener,
      ],
    };
  }
}
