import { format } from 'node:util';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Anything that could carry a secret, wherever it sits in a log object. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'id_token',
  '*.id_token',
  'cookieKeys',
  '*.cookieKeys',
  'jwks',
  '*.jwks',
  'DEV_IDP_GATEWAY_CLIENT_SECRET',
  'DEV_IDP_OPERATOR_CLIENT_SECRET',
  'DEV_IDP_CAF_CLIENT_SECRET',
  'DEV_IDP_CPAM_CLIENT_SECRET',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'dev-idp', pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}

/**
 * oidc-provider writes its notices with console.info/warn; routed through pino so that every
 * line of this process is JSON with `service: 'dev-idp'`.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const child = logger.child({ source: 'console' });
  console.log = (...args: unknown[]) => child.info(format(...args));
  console.info = (...args: unknown[]) => child.info(format(...args));
  console.warn = (...args: unknown[]) => child.warn(format(...args));
  console.error = (...args: unknown[]) => child.error(format(...args));
  console.debug = (...args: unknown[]) => child.debug(format(...args));
}
