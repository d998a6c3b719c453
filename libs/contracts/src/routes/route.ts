import type { z } from 'zod';
import type { Policy } from '../policies';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One HTTP route of the API, as data. The gateway serves every declared route with one generic
 * forwarder (validate → check the policy → NATS request with an `RpcEnvelope` → answer) and
 * documents it in the OpenAPI document; the web app reads the same table for paths and policies.
 */
export interface RouteDef {
  method: HttpMethod;
  /** Under `/api/v1`, Fastify syntax (`/lieux/:id`). French segments: they are what users see. */
  path: string;
  /** NATS request pattern from `REQUESTS`. */
  request: string;
  policy: Policy;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success status (default: 200). */
  status?: 200 | 201 | 202 | 204;
  /** The caller acts for one selected structure: `structureId` of the body or query, else header `X-Pin-Structure`. */
  structure?: boolean;
  /** The `Idempotency-Key` header is required and forwarded. */
  idempotencyKey?: boolean;
  /** Named, tighter rate limit (configured at the gateway). */
  rateLimit?: 'report';
  /**
   * GET only: the gateway may answer from its cache of this route's successful answers (per exact
   * request: user context, params, query) until one of `events` names the resource — its
   * CloudEvents `subject` equals the path parameter `param` — or a write on the same path succeeds
   * through the gateway. Only for answers that are a function of the owning service's rows that
   * those events announce (an event is recorded in the same transaction as every such change).
   */
  cache?: { param: string; events: readonly string[] };
  tag: string;
  summary: string;
  description?: string;
}

/** Keeps literal types while checking the shape. */
export const defineRoutes = <const T extends Record<string, RouteDef>>(routes: T): T => routes;
