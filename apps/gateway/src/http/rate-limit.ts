import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { SESSION_COOKIE } from '../auth/authenticator';

/**
 * Who a request says it is, before the guard checks it: a hash of its bearer token or of its
 * session cookie. Unverified on purpose (the limit runs before authentication): a forged value
 * only buys the caller its own bucket, still under the ceiling of its address.
 */
export function claimedIdentity(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  const sid = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
  const secret = auth ? `t:${auth}` : sid ? `s:${sid}` : undefined;
  if (secret === undefined) return undefined;
  // Asked up to three times per request (address ceiling, per-person hook and its key): hashed
  // once per request for the same credential.
  const memo = claimed.get(req);
  if (memo?.secret === secret) return memo.who;
  const who = `who:${createHash('sha256').update(secret).digest('base64url').slice(0, 32)}`;
  claimed.set(req, { secret, who });
  return who;
}

const claimed = new WeakMap<FastifyRequest, { secret: string; who: string }>();

export interface RateLimits {
  /** Requests per window of one person (token or session), and of one address when anonymous. */
  max: number;
  /** Ceiling of one address for signed-in traffic. */
  addressMax: number;
  windowMs: number;
  /** Redis key prefix (shared by the gateway replicas). */
  namespace: string;
}

/**
 * Both counters a request spends — its address's and, when signed in, its person's — incremented
 * in one Redis script (one round trip per request instead of one per bucket). A counter starts its
 * window at its first request (fixed window, as @fastify/rate-limit's store does); a key left
 * without expiry is given one.
 */
const SCRIPT = `
local window = tonumber(ARGV[1])
local out = {}
for _, key in ipairs(KEYS) do
  local current = redis.call('INCR', key)
  local ttl = window
  if current == 1 then
    redis.call('PEXPIRE', key, window)
  else
    ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = window
    end
  end
  out[#out + 1] = current
  out[#out + 1] = ttl
end
return out
`;

type RateLimitedRedis = Redis & { pinRateLimit(numKeys: number, ...args: Array<string | number>): Promise<number[]> };

/**
 * The API-wide limits as one `onRequest` hook: anonymous traffic counts against its address
 * (`max`), signed-in traffic against its person (`max`) and its address (`addressMax`). Headers as
 * @fastify/rate-limit sends them (the tighter bucket's); over a limit: 429 `REQUEST.RATE_LIMITED`.
 * Redis unreachable: the request goes through (a limit never takes the API down).
 */
export function rateLimitHook(redis: Redis, limits: RateLimits) {
  const client = redis as RateLimitedRedis;
  if (typeof client.pinRateLimit !== 'function') redis.defineCommand('pinRateLimit', { lua: SCRIPT });
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const who = claimedIdentity(req);
    const keys = [`${limits.namespace}addr:${req.ip}`, ...(who ? [`${limits.namespace}${who}`] : [])];
    let counts: number[];
    try {
      counts = await client.pinRateLimit(keys.length, ...keys, limits.windowMs);
    } catch {
      return;
    }
    const buckets = keys.map((_, i) => {
      const max = i === 0 && who ? limits.addressMax : limits.max;
      return { max, remaining: max - counts[2 * i], resetSeconds: Math.ceil(counts[2 * i + 1] / 1000) };
    });
    const tightest = buckets.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    void reply.header('x-ratelimit-limit', tightest.max);
    void reply.header('x-ratelimit-remaining', Math.max(0, tightest.remaining));
    void reply.header('x-ratelimit-reset', tightest.resetSeconds);
    if (tightest.remaining < 0) {
      void reply.header('retry-after', tightest.resetSeconds);
      throw { statusCode: 429, code: 'REQUEST.RATE_LIMITED', message: 'Trop de requêtes.' };
    }
  };
}
