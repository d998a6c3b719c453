/**
 * Delivery schedule of Standard Webhooks / Svix: immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h (one delay per attempt, the first one immediate); each delay gets a jitter so that
 * an endpoint coming back is not hit by every retry at the same instant.
 */
export const DEFAULT_RETRY_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const DEFAULT_JITTER = 0.2;
/** The longest wait a receiver's `Retry-After` can impose. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** `0,5000,300000` → [0, 5000, 300000]; throws on anything else (read at boot). */
export function parseSchedule(csv: string): number[] {
  const values = csv.split(',').map((s) => s.trim());
  if (values.length === 0 || values.some((v) => !/^\d{1,10}$/.test(v))) throw new Error('liste de délais en millisecondes séparés par des virgules');
  return values.map(Number);
}

/**
 * Delay before the next attempt after `attemptsMade` failed attempts, or null when the schedule
 * is exhausted (the delivery fails). `random` in [0, 1): the jitter is ±`jitter` of the delay.
 * A `Retry-After` asked by the receiver is honoured when longer (capped to 24 h).
 */
export function nextRetryDelay(
  attemptsMade: number,
  schedule: readonly number[],
  o: { random?: () => number; jitter?: number; retryAfterMs?: number | null } = {},
): number | null {
  if (attemptsMade < 1 || attemptsMade >= schedule.length) return null;
  const base = schedule[attemptsMade];
  const jitter = o.jitter ?? DEFAULT_JITTER;
  const random = o.random ?? Math.random;
  const jittered = Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
  const asked = o.retryAfterMs == null ? 0 : Math.min(o.retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}

/** `Retry-After`: delay-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
