import type { DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import { loadConfig } from '@pin/config';
import { bootstrapService, natsEndpoint } from '@pin/messaging';

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
    const c = config as { NATS_URL: string; NATS_USER?: string; NATS_PASSWORD?: string; HEALTH_PORT: number };
    await bootstrapService({ module: o.module(config), nats: natsEndpoint(c), queue: o.service, healthPort: c.HEALTH_PORT });
  };
  start().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
