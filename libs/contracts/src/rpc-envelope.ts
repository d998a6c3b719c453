import { z } from 'zod';
import { invalidRequest } from './validation';

/**
 * The one payload shape of every NATS request (`pin.rpc.…`): what the edge read from the HTTP
 * request, already validated there and validated again by the service.
 */
export interface RpcEnvelope<B = unknown> {
  /** Path parameters (`/lieux/:id` → `{ id }`). */
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: B;
  /** The structure an aidant acts for (header `X-Pin-Structure` or `structureId`), when the route has one. */
  structureId?: string;
  /** `Idempotency-Key` header, for routes that take one. */
  idempotencyKey?: string;
}

const envelopeSchema = z.object({
  params: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.unknown()).default({}),
  body: z.unknown().optional(),
  structureId: z.string().max(100).optional(),
  idempotencyKey: z.string().max(200).optional(),
});

/** Builds an envelope (the edge, other services, tests). */
export function rpc<B = unknown>(parts: Partial<RpcEnvelope<B>> = {}): RpcEnvelope<B> {
  return { params: {}, query: {}, body: undefined as B, ...parts };
}

/** Reads the envelope of an incoming request; anything else is a 400, never a crash. */
export function readEnvelope(value: unknown): RpcEnvelope {
  const r = envelopeSchema.safeParse(value ?? {});
  if (!r.success) throw invalidRequest(r.error);
  return r.data as RpcEnvelope;
}
