import type { DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import { loadConfig } from '@pin/config';
import { bootstrapService } from '@pin/messaging';

export interface RunServiceOptions<S extends z.ZodObject> {
  service: string;
  configSchema: S;
  /** The service's root module for a validated configuration. */
  module: (config: z.infer<S>) => DynamicModule;
}

/**
 * `main.ts` of every service: validates the configuration (the process stops listing every bad
 * variable), starts the NATS request listener (queue group = service name) and the health port,
 * and stops gracefully on SIGTERM.
 */
export function runService<S extends z.ZodObject>(o: RunServiceOptions<S>): void {
  const start = async () => {
    const config = loadConfig(o.service, o.configSchema);
    const { NATS_URL, HEALTH_PORT } = config as { NATS_URL: string; HEALTH_PORT: number };
    await bootstrapService({ module: o.module(config), natsUrl: NATS_URL, queue: o.service, healthPort: HEALTH_PORT });
  };
  start().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
