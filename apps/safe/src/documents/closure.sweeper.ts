import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PortabilityService } from './portability.service';

/** Destroys the keys of safes whose recovery period is over (every replica may run it: each closure is one transaction). */
@Injectable()
export class ClosureSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ClosureSweeper');
  private timer?: NodeJS.Timeout;

  constructor(private readonly portability: PortabilityService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.portability.runDueClosures().catch((err) => this.logger.warn(`closure sweep failed: ${(err as Error).message}`));
    }, 10 * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
