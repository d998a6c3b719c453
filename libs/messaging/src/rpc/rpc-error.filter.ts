import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';
import { ZodError } from 'zod';
import { invalidRequest, PinError, type ErrorBody } from '@pin/contracts';
import { RequestContext } from '@pin/observability';
import { isDatabaseUnavailable } from '@pin/persistence';

/**
 * Turns any failure of a NATS request handler into a stable error body; never a stack trace.
 * HTTP errors (health endpoints) keep Nest's default handling.
 */
@Catch()
export class RpcErrorFilter extends BaseExceptionFilter {
  private readonly log = new Logger('Rpc');

  override catch(exception: unknown, host: ArgumentsHost): Observable<ErrorBody> | void {
    if (host.getType() !== 'rpc') return super.catch(exception, host);
    return throwError(() => toErrorBody(exception, this.log));
  }
}

export function toErrorBody(exception: unknown, log?: Logger): ErrorBody {
  const correlationId = RequestContext.get()?.correlationId;
  if (exception instanceof PinError) return { ...exception.toBody(), correlationId };
  if (exception instanceof ZodError) return { ...invalidRequest(exception).toBody(), correlationId };
  // PostgreSQL down or restarting: the caller may retry shortly (503), it is not a bug (500).
  if (isDatabaseUnavailable(exception)) {
    log?.warn({ err: (exception as Error)?.message }, 'database unavailable');
    return { code: 'SERVICE.UNAVAILABLE', message: 'Le service est momentanément indisponible. Réessayez dans un instant.', correlationId };
  }
  log?.error({ err: exception }, 'unexpected error in request handler');
  return { code: 'INTERNAL', message: 'Une erreur inattendue est survenue. Réessayez plus tard.', correlationId };
}
