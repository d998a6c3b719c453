import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { PinError, isErrorBody, type ErrorCode } from '@pin/contracts';
import { requestHeaders } from '@pin/messaging/nats';
import { RequestContext } from '@pin/observability';

export const SERVICES_CLIENT = Symbol('SERVICES_CLIENT');
export const REQUEST_TIMEOUT_MS = Symbol('REQUEST_TIMEOUT_MS');

/**
 * Sends a request to a service over NATS with the verified user and correlation id in headers,
 * and turns the service's error body (or a timeout / no responder) into a PinError.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  constructor(
    @Inject(SERVICES_CLIENT) private readonly client: ClientProxy,
    @Inject(REQUEST_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async request<T>(pattern: string, data: unknown): Promise<T> {
    const store = RequestContext.get();
    const record = new NatsRecordBuilder(data ?? {})
      .setHeaders(requestHeaders(RequestContext.correlationId(), store?.user))
      .build();
    try {
      return await firstValueFrom(this.client.send<T>(pattern, record).pipe(timeout(this.timeoutMs)));
    } catch (err) {
      if (err instanceof TimeoutError) throw new PinError('SERVICE.TIMEOUT', 'Le service ne répond pas à temps. Réessayez dans un instant.');
      if (isErrorBody(err)) throw new PinError(err.code as ErrorCode, err.message, err.details);
      if (isUnavailable(err)) throw new PinError('SERVICE.UNAVAILABLE', 'Le service est momentanément indisponible. Réessayez dans un instant.');
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Transport failures that mean "no service can answer now". Nest's NATS client turns the server's
 * no-responders status (every replica of the service is down or restarting) into an
 * EmptyResponseException ("Empty response. There are no subscribers…", not exported by Nest);
 * "no matching message handler": the service runs an older version (rolling deploy); a closed or
 * refused connection, or Nest's "Connection lost. Trying to reconnect..." (a bare string it rejects
 * every request with while the NATS connection is down): NATS itself is down. Unavailable, not a
 * bug: never a 500, and answered at once rather than after the request timeout.
 */
export function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string; constructor?: { name?: string } } | undefined;
  if (e?.constructor?.name === 'EmptyResponseException') return true;
  const text = `${e?.name ?? ''} ${e?.code ?? ''} ${String(e?.message ?? err)}`;
  return /no responders|no subscribers|empty response|\b503\b|CONNECTION_REFUSED|ECONNREFUSED|closed|disconnect|connection lost|reconnect|no matching message handler/i.test(text);
}
