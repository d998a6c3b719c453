import { Controller, Delete, Get, HttpCode, Inject, Patch, Post, Put, Req, type Type } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HttpMethod, RouteDef } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { REPORT_ROUTE_CONFIG } from './report-rate-limit';
import { RouteForwarder } from './route-forwarder';

const METHODS: Record<HttpMethod, (path: string) => MethodDecorator> = { GET: Get, POST: Post, PATCH: Patch, PUT: Put, DELETE: Delete };
const RATE_LIMITS = { report: REPORT_ROUTE_CONFIG } as const;

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, object>; required?: string[] };

/** The documentation of a route, from its schemas: path and query parameters, body, headers, status. */
function docs(route: RouteDef): MethodDecorator[] {
  const d: MethodDecorator[] = [ApiOperation({ summary: route.summary, description: route.description }), ApiResponse({ status: route.status ?? 200, description: 'Succès' })];
  if (route.policy.access !== 'public') d.push(ApiBearerAuth() as MethodDecorator);
  for (const [name, schema] of Object.entries(route.params ? (jsonSchema(route.params).properties ?? {}) : {})) d.push(ApiParam({ name, required: true, schema }));
  const query = route.query ? jsonSchema(route.query) : undefined;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) d.push(ApiQuery({ name, required: query?.required?.includes(name) ?? false, schema }));
  if (route.body) d.push(ApiBody({ schema: jsonSchema(route.body) as object }));
  if (route.structure) d.push(ApiHeader({ name: 'X-Pin-Structure', required: false, description: 'Structure au nom de laquelle l’aidant agit (sinon celle du jeton, si unique)' }));
  if (route.idempotencyKey) d.push(ApiHeader({ name: 'Idempotency-Key', required: true, description: '8 à 128 caractères A-Z a-z 0-9 _ - ; la même clé rejoue la même réponse' }));
  return d;
}

/**
 * One Nest controller for the whole route table: a method per declared route, decorated from the
 * route's data (HTTP method and path, status, access policy, rate limit, OpenAPI documentation),
 * each forwarding through the RouteForwarder. The route's key names the OpenAPI operation.
 */
export function declaredRoutesController(routes: Record<string, RouteDef>): Type<unknown> {
  @ApiTags()
  @Controller('api/v1')
  class DeclaredRoutesController {
    constructor(@Inject(RouteForwarder) readonly forwarder: RouteForwarder) {}
  }
  const proto = DeclaredRoutesController.prototype as unknown as Record<string, unknown>;
  for (const [key, route] of Object.entries(routes)) {
    const handler = function (this: DeclaredRoutesController, req: FastifyRequest) {
      return this.forwarder.forward(key, route, req);
    };
    // The OpenAPI operationId and the logs name the handler after the route's key.
    proto[key] = Object.defineProperty(handler, 'name', { value: key });
    const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
    const decorators: MethodDecorator[] = [
      METHODS[route.method](route.path.replace(/^\//, '')),
      HttpCode(route.status ?? 200),
      Access(route.policy) as MethodDecorator,
      ApiTags(route.tag) as MethodDecorator,
      ...docs(route),
      ...(route.rateLimit ? [RouteConfig(RATE_LIMITS[route.rateLimit]) as MethodDecorator] : []),
    ];
    for (const decorate of decorators) decorate(proto, key, descriptor);
    Req()(proto, key, 0);
  }
  return DeclaredRoutesController;
}
