import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
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
