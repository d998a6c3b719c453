import type { Server } from 'node:http';
import { ConfigValidationError, loadConfig } from '@pin/config';
import { configSchema } from '../config/config.schema';
import { healthPort, startHealthServer } from '../health/health.server';
import { createLogger, routeConsoleToLogger, type Logger } from './logger';

function fail(logger: Logger, error: unknown): never {
  if (error instanceof ConfigValidationError) {
    logger.fatal({ problems: error.problems }, 'invalid configuration');
  } else {
    logger.fatal({ err: error }, 'dev-idp failed to start');
  }
  logger.flush();
  process.exit(1);
}

function onShutdown(logger: Logger, servers: Server[], close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    Promise.all([close(), ...servers.map((s) => new Promise((resolve) => s.close(resolve)))])
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => fail(logger, error));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export async function bootstrap(): Promise<void> {
  let logger = createLogger('info');
  try {
    const config = loadConfig('dev-idp', configSchema);
    logger = createLogger(config.LOG_LEVEL);
    routeConsoleToLogger(logger);
    // Loaded after the console is routed: oidc-provider prints notices when its module loads.
    const { createDevIdp } = await import('../dev-idp.factory.js');
    const idp = await createDevIdp(config, logger);
    const health = config.HEALTH_PORT === 0 ? [] : [await startHealthServer(config.HEALTH_PORT, config.DEV_IDP_HOST)];
    if (health[0]) logger.info({ port: healthPort(health[0]) }, 'health endpoint listening');
    onShutdown(logger, health, () => idp.close());
  } catch (error) {
    fail(logger, error);
  }
}
