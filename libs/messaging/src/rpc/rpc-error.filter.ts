import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { ZodError } from 'zod';
import { PinError, type ErrorBody } from '@pin/contracts';
import { RequestContext } from '@pin/observability';

/** Turns any failure of a request handler into a stable error body; never a stack trace. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly log = new Logger('Rpc');

  catch(exception: unknown, _host: ArgumentsHost): Observable<ErrorBody> {
    return throwError(() => toErrorBody(exception, this.log));
  }
}

export function toErrorBody(exception: unknown, log?: Logger): ErrorBody {
  const correlationId = RequestContext.get()?.correlationId;
  if (exception instanceof PinError) return { ...exception.toBody(), correlationId };
  if (exception instanceof ZodError) {
    return {
      code: 'REQUEST.INVALID',
      message: 'La requête contient des données invalides.',
      details: exception.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      correlationId,
    };
  }
  log?.error({ err: exception }, 'unexpected error in request handler');
  return { code: 'INTERNAL', message: 'Une erreur inattendue est survenue. Réessayez plus tard.', correlationId };
}
