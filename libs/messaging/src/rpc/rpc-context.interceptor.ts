import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { HEADERS } from '@pin/contracts';
import { RequestContext, sanitizeCorrelationId } from '@pin/observability';
import { decodeUser } from '../headers';

/** Puts the correlation id and verified user of a NATS request into the request context. */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const ctx = context.switchToRpc().getContext<NatsContext>();
    const headers = ctx.getHeaders() as { get(k: string): string } | undefined;
    const store = {
      correlationId: sanitizeCorrelationId(headers?.get(HEADERS.correlationId)),
      user: decodeUser(headers?.get(HEADERS.user)),
    };
    return new Observable((subscriber) => RequestContext.run(store, () => next.handle().subscribe(subscriber)));
  }
}
