import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { HEADERS, type UserContext } from '@pin/contracts';

/**
 * A request to a PIN service as another service sends it: NestJS's NATS wire format
 * (`{pattern, data, id}` → `{response | err, isDisposed, id}`), correlation id and optional user
 * in headers. Used by the mandates benchmark and e2e tests to call the authorization check (tests and benchmarks only).
 */
export async function nestRequest<T>(nc: NatsConnection, pattern: string, data: unknown, opts: { user?: UserContext; timeoutMs?: number } = {}): Promise<T> {
  const h = natsHeaders();
  h.set(HEADERS.correlationId, randomUUID());
  if (opts.user) h.set(HEADERS.user, Buffer.from(JSON.stringify(opts.user), 'utf8').toString('base64url'));
  const msg = await nc.request(pattern, JSON.stringify({ pattern, data, id: randomUUID() }), { timeout: opts.timeoutMs ?? 5_000, headers: h });
  const body = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: T; err?: unknown };
  if (body.err !== undefined && body.err !== null) throw Object.assign(new Error(`request ${pattern} failed: ${JSON.stringify(body.err)}`), { body: body.err });
  return body.response as T;
}
