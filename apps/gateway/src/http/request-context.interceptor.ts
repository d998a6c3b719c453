import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { UserContext } from '@pin/contracts';
import { RequestContext } from '@pin/observability';

export type AuthenticatedRequest = FastifyRequest & { pinUser?: UserContext };

/**
 * Runs the route handler inside the request context (correlation id, verified user), so that
 * service calls and log lines carry them. Set here, not in a Fastify hook: the async context of
 * a hook does not reliably reach Nest's handler.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const store = { correlationId: String(req.id), user: req.pinUser };
    return new Observable((subscriber) => RequestContext.run(store, () => next.handle().subscribe(subscriber)));
  }
}
