import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { PinError } from '@pin/contracts';
import { RequestContext } from '@pin/observability';

/**
 * Streaming to a service's internal file port (the safe's documents, the labelling dossiers'
 * pieces): files never travel over NATS. The caller signs the verified user context in a JWS
 * bound to the method and path (`signEdgeToken`); bytes are piped both ways, never buffered.
 */
export interface InternalTarget {
  url?: string;
  /** Named in the French messages: « Le coffre-fort », « Le service de labellisation ». */
  name: string;
}

/** A 503 when the target is not configured on this installation. */
export function notConfigured(target: InternalTarget): PinError {
  return new PinError('SERVICE.UNAVAILABLE', `${target.name} n’est pas disponible sur cette installation.`);
}

export function openInternal(target: InternalTarget, method: 'GET' | 'POST', path: string, token: string): { req: ClientRequest; response: Promise<IncomingMessage> } {
  if (!target.url) throw notConfigured(target);
  const req = httpRequest(new URL(path, target.url), {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-correlation-id': RequestContext.correlationId(), ...(method === 'POST' ? { 'content-type': 'application/octet-stream' } : {}) },
  });
  const response = new Promise<IncomingMessage>((ok, fail) => {
    req.once('response', ok);
    req.once('error', () => fail(new PinError('SERVICE.UNAVAILABLE', `${target.name} est momentanément indisponible. Réessayez dans un instant.`)));
  });
  return { req, response };
}

/** The service's answer (JSON or file), streamed back with its status and file headers only. */
export function relayInternal(res: IncomingMessage, reply: FastifyReply) {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  for (const h of ['content-type', 'content-length', 'content-disposition', 'x-content-type-options']) {
    const v = res.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  return reply.status(res.statusCode ?? 502).headers(headers).send(res);
}
