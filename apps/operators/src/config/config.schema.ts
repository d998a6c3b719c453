import { z } from 'zod';
import { envBoolean, redisUrl, serviceConfigSchema } from '@pin/config';
import { OPERATOR_ID_PATTERN } from '@pin/contracts';
import { DEFAULT_RETRY_SCHEDULE_MS, parseSchedule } from '../webhooks/retry-schedule';

const schedule = z.string().trim().refine((v) => {
  try {
    return parseSchedule(v).length >= 1;
  } catch {
    return false;
  }
}, 'liste de délais en millisecondes séparés par des virgules (le premier : 0)');

export const configSchema = serviceConfigSchema.extend({
  /** BullMQ (webhook deliveries). */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Delay before each attempt, ms (Standard Webhooks: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); jitter ±20 %. */
  WEBHOOK_RETRY_SCHEDULE_MS: schedule.default(DEFAULT_RETRY_SCHEDULE_MS.join(',')),
  /** One attempt's time limit (connection, headers and body). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** Hosts or IP addresses that may be private or loopback (comma-separated), e.g. a test receiver on 127.0.0.1. */
  WEBHOOK_ALLOWED_HOSTS: z.string().trim().default(''),
  /** Allow every private, loopback or link-local receiver (never in production). */
  WEBHOOK_ALLOW_PRIVATE: envBoolean(false),
  /** An endpoint failing without a single success for this many days is disabled (with an event). */
  WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().min(0).default(5),
  /** How often lanes with due deliveries are looked for (safety net of the commit notifications). */
  WEBHOOK_SWEEP_MS: z.coerce.number().int().min(100).default(5_000),
  /** Deliveries in flight at once (each lane sends one at a time, in order). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Per-endpoint throttle: requests per second to one endpoint, all lanes and replicas together (Redis counter). */
  WEBHOOK_ENDPOINT_RATE_PER_SECOND: z.coerce.number().int().min(1).default(20),
  /** A closed orientation (accompagnée, non venue, réorientée) loses its personal data (the operator's reference) after this many days. */
  ORIENTATION_PURGE_AFTER_DAYS: z.coerce.number().min(0).default(30),
  /** How often closed orientations are looked for to purge (BullMQ job scheduler `operators.orientations.purge`). */
  ORIENTATION_PURGE_EVERY_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** Contacts told when one of their endpoints is disabled: `pin-caf=webhooks@caf.fr,pin-cpam=…` (client id = e-mail). */
  OPERATOR_CONTACTS: z.string().trim().default('').refine(
    (v) => v === '' || v.split(',').every((pair) => {
      const [id, email, ...rest] = pair.trim().split('=');
      return rest.length === 0 && OPERATOR_ID_PATTERN.test(id ?? '') && z.email().safeParse(email).success;
    }),
    'liste client=adresse e-mail séparée par des virgules',
  ),
  /** Webhook endpoints per operator. */
  WEBHOOK_MAX_PER_OPERATOR: z.coerce.number().int().min(1).default(10),
});

export type OperatorsConfig = z.infer<typeof configSchema>;
