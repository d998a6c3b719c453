import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { HEADERS, ROLES, type Role, type UserContext } from '@pin/contracts';
import { z } from 'zod';

const userContextSchema = z.object({
  sub: z.string().min(1),
  username: z.string(),
  name: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  roles: z.array(z.string()).transform((roles) => roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r))),
  structures: z.array(z.string()),
  financeur: z.string().optional(),
  clientId: z.string().optional(),
});

/**
 * The gateway sends the same user object for every request of one token (the verifier caches it
 * until the token expires): its header value is encoded once per object. User contexts are never
 * modified once built.
 */
const encoded = new WeakMap<UserContext, string>();

export function encodeUser(user: UserContext): string {
  let value = encoded.get(user);
  if (value === undefined) {
    value = Buffer.from(JSON.stringify(user), 'utf8').toString('base64url');
    encoded.set(user, value);
  }
  return value;
}

/**
 * Decoded headers by value, least recently used evicted first: a user sends the same header for
 * every request of one token. Entries are frozen (they are shared by requests), and only valid
 * users are kept.
 */
const decoded = new Map<string, UserContext>();
const DECODED_MAX = 1_000;

/** Decodes the `pin-user` header; undefined when absent or malformed (treated as anonymous). */
export function decodeUser(value: string | undefined | null): UserContext | undefined {
  if (!value) return undefined;
  const cached = decoded.get(value);
  if (cached) {
    decoded.delete(value);
    decoded.set(value, cached);
    return cached;
  }
  try {
    const parsed = userContextSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const user = Object.freeze({ ...parsed.data, roles: Object.freeze(parsed.data.roles), structures: Object.freeze(parsed.data.structures) }) as UserContext;
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value as string);
    decoded.set(value, user);
    return user;
  } catch {
    return undefined;
  }
}

export function requestHeaders(correlationId: string, user?: UserContext): MsgHdrs {
  const h = natsHeaders();
  h.set(HEADERS.correlationId, correlationId);
  if (user) h.set(HEADERS.user, encodeUser(user));
  return h;
}
