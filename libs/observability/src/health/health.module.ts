import { Controller, DynamicModule, Get, Inject, Module, type Provider } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';

/** A dependency the app needs to serve: PostgreSQL, NATS, Redis, the identity provider… */
export interface HealthProbe {
  name: string;
  check(): Promise<void>;
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');

const withTimeout = (p: Promise<void>, ms: number) =>
  Promise.race([p, new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`délai dépassé (${ms} ms)`)), ms).unref())]);

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbe[],
  ) {}

  /** Liveness: the process answers. Never checks dependencies (a restart would not fix them). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: every dependency answers within 2 s. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  ready() {
    return this.health.check(
      this.probes.map((probe) => async () => {
        const session = this.indicators.check(probe.name);
        try {
          await withTimeout(probe.check(), 2_000);
          return session.up();
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      }),
    );
  }
}

@Module({})
export class HealthModule {
  /** `probes` is a provider (useFactory + inject) returning the app's HealthProbe list. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static forRoot(probes: { inject?: any[]; useFactory: (...args: any[]) => HealthProbe[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_PROBES, ...probes } as Provider],
    };
  }
}
