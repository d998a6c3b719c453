import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { API_ROUTES, parsePayload, rpc, type RouteDef, type RpcEnvelope } from '@pin/contracts';
import { encodeUser } from '@pin/messaging/nats';
import { RequestContext } from '@pin/observability';
import { ServiceClient } from '../services/service-client';
import { AnswerCache } from './answer-cache';

export const ANSWER_CACHE = Symbol('ANSWER_CACHE');

/**
 * Serves a declared route: validates params, query and body with the route's schemas (400
 * `REQUEST.INVALID` with `[{path, message}]`), builds the one `RpcEnvelope` every service reads,
 * and forwards it to the route's NATS request pattern. The policy was checked by the AuthGuard.
 * Routes marked `cache` are answered from the AnswerCache when it holds the same request's answer.
 */
@Injectable()
export class RouteForwarder {
  /** For each write route, the cached GET routes of the same path (its success invalidates them). */
  private readonly invalidatedByWrite: Map<string, Array<{ key: string; param: string }>>;

  constructor(
    private readonly services: ServiceClient,
    @Inject(ANSWER_CACHE) private readonly cache: AnswerCache,
  ) {
    this.invalidatedByWrite = writesOnCachedPaths(API_ROUTES);
  }

  async forward(key: string, route: RouteDef, req: FastifyRequest): Promise<unknown> {
    const envelope = envelopeOf(route, req);
    if (route.cache && this.cache.enabled) {
      const user = RequestContext.get()?.user;
      const cacheKey = AnswerCache.keyOf(key, user ? encodeUser(user) : undefined, envelope);
      const hit = this.cache.get(cacheKey);
      if (hit) return hit.value;
      const mark = this.cache.mark();
      const value = await this.services.request(route.request, envelope);
      this.cache.set(cacheKey, key, envelope.params[route.cache.param], value, mark);
      return value;
    }
    const value = await this.services.request(route.request, envelope);
    for (const cached of this.invalidatedByWrite.get(key) ?? []) {
      const id = envelope.params[cached.param];
      if (id) this.cache.invalidate(cached.key, id);
    }
    return value;
  }
}

/** Write routes (not GET) sharing their path with a cached GET route: same resource. */
export function writesOnCachedPaths(routes: Record<string, RouteDef>): Map<string, Array<{ key: string; param: string }>> {
  const map = new Map<string, Array<{ key: string; param: string }>>();
  for (const [key, route] of Object.entries(routes)) {
    if (!route.cache) continue;
    for (const [writeKey, write] of Object.entries(routes)) {
      if (write.method !== 'GET' && write.path === route.path) map.set(writeKey, [...(map.get(writeKey) ?? []), { key, param: route.cache.param }]);
    }
  }
  return map;
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
