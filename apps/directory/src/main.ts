// First: the process runs in Europe/Paris (opening hours read local time); asserted at boot.
import './opening-hours/paris-tz';
import 'reflect-metadata';
import { loadConfig } from '@pin/config';
import { bootstrapService } from '@pin/messaging';
import { QUEUE_GROUPS } from '@pin/contracts';
import { configSchema } from './config/config.schema';
import { AppModule, SERVICE } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig(SERVICE, configSchema);
  await bootstrapService({ module: AppModule.forRoot(config), natsUrl: config.NATS_URL, queue: QUEUE_GROUPS.directory, healthPort: config.HEALTH_PORT });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
