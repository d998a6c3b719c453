import pino, { type Logger } from 'pino';
import { RequestContext } from './request-context';

/** Paths never written to logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.clientSecret',
  '*.DATABASE_URL',
];

/** One pino logger per app: service name and correlation id on every line, secrets redacted. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[secret]' },
    mixin() {
      const store = RequestContext.get();
      return store ? { correlationId: store.correlationId } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
