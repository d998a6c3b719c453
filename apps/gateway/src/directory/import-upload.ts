import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Redis connection where uploaded files are stored (the directory's Redis). */
export const IMPORT_FILES_REDIS = Symbol('IMPORT_FILES_REDIS');

/** The import route; the only one whose body may be large and raw. */
export const IMPORT_ROUTE = '/api/v1/imports';
/** Largest file accepted by POST /api/v1/imports (the rest of the API keeps BODY_LIMIT_BYTES). */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
/** Content types of an uploaded file besides JSON (parsed by Fastify and re-serialised). */
export const RAW_IMPORT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

/**
 * Raises the body limit on the import route only, and lets Fastify read CSV / binary bodies as a
 * Buffer. Runs when the provider is created, before Nest registers the routes.
 */
@Injectable()
export class ImportUploadSetup {
  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      if (route.url === IMPORT_ROUTE && methods.includes('POST')) route.bodyLimit = IMPORT_BODY_LIMIT;
    });
    if (!fastify.hasContentTypeParser('application/octet-stream')) {
      fastify.addContentTypeParser(RAW_IMPORT_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    }
  }
}
