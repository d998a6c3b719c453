import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
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

/**
 * The one file of a multipart upload (its fields sent before it), or a 4xx with a French message:
 * a body that is not multipart (415), a malformed, truncated or over-limit one (400 / 413), no file.
 */
export async function uploadedFile(req: FastifyRequest, limits: { fileSize: number; fields: number; fieldSize: number }): Promise<MultipartFile> {
  if (!req.isMultipart()) throw new PinError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Envoyez le fichier en multipart/form-data.');
  let part: MultipartFile | undefined;
  try {
    part = await req.file({ limits: { ...limits, files: 1 } });
  } catch (err) {
    throw brokenUpload(err);
  }
  if (!part) throw new PinError('REQUEST.INVALID', 'Aucun fichier reçu.');
  return part;
}

/**
 * Pipes the uploaded file into the internal request and waits for the service's answer. When the
 * client's upload breaks off (truncated or malformed body), the answer is that 4xx, not the
 * « service indisponible » the aborted internal request would otherwise give.
 */
export async function pipeUpload(part: MultipartFile, upstream: { req: ClientRequest; response: Promise<IncomingMessage> }): Promise<IncomingMessage> {
  // A body that ended before its closing boundary errs the file while the route was still
  // preparing (signing the context): nothing would ever flow, so the internal request is dropped.
  if (part.file.destroyed) {
    upstream.response.catch(() => undefined);
    upstream.req.destroy();
    throw brokenUpload(part.file.errored);
  }
  let clientError: unknown;
  part.file.on('error', (err: Error) => {
    clientError = err;
    upstream.req.destroy(err);
  });
  part.file.pipe(upstream.req);
  try {
    return await upstream.response;
  } catch (err) {
    throw clientError ? brokenUpload(clientError) : err;
  }
}

function brokenUpload(err: unknown): PinError {
  if (err instanceof PinError) return err;
  if ((err as { code?: string } | undefined)?.code === 'FST_REQ_FILE_TOO_LARGE') return new PinError('REQUEST.TOO_LARGE', 'Le fichier est trop volumineux.');
  return new PinError('REQUEST.INVALID', 'Le formulaire envoyé est incomplet ou mal formé : renvoyez le fichier.');
}
