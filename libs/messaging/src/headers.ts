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
  clientId: z.string().optional(),
});

export function encodeUser(user: UserContext): string {
  return Buffer.from(JSON.stringify(user), 'utf8').toString('base64url');
}

/** Decodes the `pin-user` header; undefined when absent or malformed (treated as anonymous). */
export function decodeUser(value: string | undefined | null): UserContext | undefined {
  if (!value) return undefined;
  try {
    const parsed = userContextSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
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
