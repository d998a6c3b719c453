import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ERROR_STATUS, invalidRequest, PinError, isErrorBody, type ErrorBody } from '@pin/contracts';
import { isRedisUnavailable } from '@pin/jobs/redis';

/** Fastify's own errors (body parsing, limits) and the stable codes they become. */
const FASTIFY_ERRORS: Record<string, ErrorBody['code']> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST.INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST.INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST.INVALID',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST.TOO_LARGE',
};

const MESSAGES: Record<string, string> = {
  'REQUEST.INVALID_JSON': "Le corps de la requête n'est pas un JSON valide.",
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 'Type de contenu non pris en charge : envoyez du JSON (application/json).',
  'REQUEST.INVALID': 'La requête est invalide.',
  'REQUEST.TOO_LARGE': 'La requête est trop volumineuse.',
  'REQUEST.RATE_LIMITED': 'Trop de requêtes : patientez un instant avant de réessayer.',
  'RESOURCE.NOT_FOUND': "Cette adresse n'existe pas.",
  'AUTH.UNAUTHENTICATED': 'Vous devez être connecté.',
  'AUTH.FORBIDDEN': "Vous n'avez pas les droits nécessaires pour cette action.",
  'SERVICE.UNAVAILABLE': 'Le service est momentanément indisponible. Réessayez dans un instant.',
  INTERNAL: 'Une erreur inattendue est survenue. Réessayez plus tard.',
};

/** Maps every failure to `{ code, message, correlationId }` in French. Never a stack trace. */
@Catch()
export class GatewayErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('Gateway');

  /** `htmlPage`: what a browser that navigates to an unknown page gets (the web app's own « page introuvable »), with status 404. */
  constructor(private readonly htmlPage?: () => string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const req = http.getRequest<FastifyRequest>();
    const { status, body } = this.toBody(exception);
    if (status === 404 && this.htmlPage && isPageNavigation(req)) {
      void reply.status(404).header('content-type', 'text/html; charset=utf-8').send(this.htmlPage());
      return;
    }
    if (status >= 500) this.log.error({ err: exception, code: body.code }, 'request failed');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ ...body, correlationId: String(req.id) });
  }

  toBody(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof PinError) return { status: exception.status, body: exception.toBody() };
    if (exception instanceof ZodError) return this.toBody(invalidRequest(exception));
    // Redis (sessions, pending logins, uploads) unreachable: try again shortly, not a bug.
    if (isRedisUnavailable(exception)) return { status: 503, body: { code: 'SERVICE.UNAVAILABLE', message: MESSAGES['SERVICE.UNAVAILABLE'] } };
    const e = exception as { code?: string; statusCode?: number; cause?: { code?: string } };
    // Nest wraps Fastify's errors in an HttpException whose cause keeps the FST_ERR_* code.
    const rawCode = e?.code ?? e?.cause?.code;
    const fastifyCode = rawCode ? FASTIFY_ERRORS[rawCode] : undefined;
    if (fastifyCode) return { status: ERROR_STATUS[fastifyCode as keyof typeof ERROR_STATUS], body: { code: fastifyCode, message: MESSAGES[fastifyCode] } };
    if (e?.statusCode === 429) return { status: 429, body: { code: 'REQUEST.RATE_LIMITED', message: MESSAGES['REQUEST.RATE_LIMITED'] } };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (isErrorBody(response)) return { status, body: response };
      const code = status === 404 ? 'RESOURCE.NOT_FOUND' : status === 429 ? 'REQUEST.RATE_LIMITED' : status === 401 ? 'AUTH.UNAUTHENTICATED' : status === 403 ? 'AUTH.FORBIDDEN' : status === 413 ? 'REQUEST.TOO_LARGE' : status < 500 ? 'REQUEST.INVALID' : 'INTERNAL';
      return { status, body: { code, message: MESSAGES[code] } };
    }
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return { status: e.statusCode, body: { code: 'REQUEST.INVALID', message: MESSAGES['REQUEST.INVALID'] } };
    }
    return { status: 500, body: { code: 'INTERNAL', message: MESSAGES.INTERNAL } };
  }
}

/** A browser opening a page (not the API, not the login routes, not a file). */
function isPageNavigation(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0];
  return req.method === 'GET' && String(req.headers.accept ?? '').includes('text/html') && !/^\/(api|auth)(\/|$)/.test(path) && !/\.[a-z0-9]{1,5}$/i.test(path);
}
