import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { parsePayload, rpc, type RouteDef, type RpcEnvelope } from '@pin/contracts';
import { ServiceClient } from '../services/service-client';

/**
 * Serves a declared route: validates params, query and body with the route's schemas (400
 * `REQUEST.INVALID` with `[{path, message}]`), builds the one `RpcEnvelope` every service reads,
 * and forwards it to the route's NATS request pattern. The policy was checked by the AuthGuard.
 */
@Injectable()
export class RouteForwarder {
  constructor(private readonly services: ServiceClient) {}

  forward(route: RouteDef, req: FastifyRequest): Promise<unknown> {
    return this.services.request(route.request, envelopeOf(route, req));
  }
}

export function envelopeOf(route: RouteDef, req: FastifyRequest): RpcEnvelope {
  const params = (route.params ? parsePayload(route.params, req.params) : {}) as Record<string, string>;
  const query = (route.query ? parsePayload(route.query, req.query) : {}) as Record<string, unknown>;
  const body = route.body ? parsePayload(route.body, req.body) : undefined;
  return rpc({
    params,
    query,
    body,
    ...(route.structure ? { structureId: selectedStructure(req, body, query) } : {}),
    ...(route.idempotencyKey ? { idempotencyKey: header(req, 'idempotency-key') } : {}),
  });
}

/** The structure an aidant acts for: `structureId` of the body or query, else header `X-Pin-Structure` (the service checks it). */
export function selectedStructure(req: FastifyRequest, ...sources: unknown[]): string | undefined {
  for (const s of sources) {
    const id = (s as { structureId?: unknown } | undefined)?.structureId;
    if (typeof id === 'string' && id) return id;
  }
  return header(req, 'x-pin-structure');
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}
