import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config/config.schema';
import { tileImgSource } from '../config-public/map-tiles';
import { logoImgSource } from '../site/site-identity';
import { rateLimitHook } from './rate-limit';

/** Fastify plugins, correlation ids, error mapping, OpenAPI and the web app. */
export async function setupHttp(app: NestFastifyApplication, config: GatewayConfig, redis: Redis): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();

  const issuerOrigin = new URL(config.OIDC_ISSUER_URL).origin;
  // The public map's background tiles come from the configured tile server, and only from it.
  const tileSource = config.MAP_TILE_URL ? tileImgSource(config.MAP_TILE_URL) : null;
  // The Département's logo (SITE_LOGO_URL) may live on another origin.
  const logoSource = config.SITE_LOGO_URL ? logoImgSource(config.SITE_LOGO_URL) : null;
  const security = await securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: [...new Set(["'self'", 'data:', ...(tileSource ? [tileSource] : []), ...(logoSource ? [logoSource] : [])])],
        connectSrc: ["'self'"],
        formAction: ["'self'", issuerOrigin],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.SESSION_COOKIE_SECURE ? [] : null,
      },
    },
    hsts: config.SESSION_COOKIE_SECURE,
    // Same rule as the CSP's frame-ancestors 'none' (SAMEORIGIN would contradict it).
    frameguard: { action: 'deny' },
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    // The security headers are the same for every response: set from the list computed once.
    const raw = reply.raw;
    for (const [name, value] of security) raw.setHeader(name, value);
    void reply.header('x-correlation-id', String(req.id));
    done();
  });

  await app.register(fastifyCookie);
  // multipart/form-data (the safe's uploads): parsed as a stream by the route, never buffered here.
  await app.register(fastifyMultipart);
  // HTML forms (logout) post urlencoded bodies; only small ones are accepted.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4_096 }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  // Anonymous traffic is limited per address; signed-in traffic per person and, at a higher
  // ceiling, per address — a whole France Services room behind one address stays usable. Both
  // counters in one Redis round trip (rate-limit.ts).
  fastify.addHook(
    'onRequest',
    rateLimitHook(redis, {
      max: config.RATE_LIMIT_MAX,
      addressMax: config.RATE_LIMIT_ADDRESS_MAX ?? config.RATE_LIMIT_MAX * 10,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      namespace: config.RATE_LIMIT_NAMESPACE,
    }),
  );
  // Routes with a tighter limit of their own (`rateLimit` in the contracts: public signalements).
  await app.register(fastifyRateLimit, {
    global: false,
    redis,
    nameSpace: config.RATE_LIMIT_NAMESPACE,
    skipOnError: true,
    errorResponseBuilder: () => ({ statusCode: 429, code: 'REQUEST.RATE_LIMITED', message: 'Trop de requêtes.' }),
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('PIN — API de la Plateforme d’Inclusion Numérique')
      .setDescription('API REST du réseau d’inclusion numérique des Landes. Erreurs : `{ code, message, correlationId }`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveWeb(app, config.WEB_DIST_DIR);
}

const FALLBACK_PAGE =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>PIN</title></head><body><main><h1>PIN</h1>' +
  '<p>L’application web n’est pas construite : lancez <code>npm start</code>.</p></main></body></html>';

/** The web app's page (it routes on the client: an unknown path shows its « page introuvable »). */
export function webIndexHtml(dir: string): string {
  const index = join(resolve(dir), 'index.html');
  return existsSync(index) ? readFileSync(index, 'utf8') : FALLBACK_PAGE;
}

function serveWeb(app: NestFastifyApplication, dir: string): void {
  const root = resolve(dir);
  const fastify = app.getHttpAdapter().getInstance();
  if (existsSync(root)) {
    void app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: false, decorateReply: false });
  }
  const sendIndex = (_req: unknown, reply: { type(t: string): { send(b: string): void } }) => {
    reply.type('text/html; charset=utf-8').send(webIndexHtml(dir));
  };
  fastify.get('/', sendIndex);
  // Client-side routes of the SPA; /api and /auth keep their JSON 404s.
  fastify.get('/app', sendIndex);
  fastify.get('/app/*', sendIndex);
  // Public pages of the directory (a lieu's page can be shared or bookmarked).
  fastify.get('/lieux/*', sendIndex);
  // Public page reached by the QR code of a printed mandate.
  fastify.get('/verifier/*', sendIndex);
}

/**
 * The headers @fastify/helmet sets with these options, computed once: the plugin rebuilds helmet's
 * middleware (CSP directives parsed, every header recomputed) on each request, for headers that
 * depend only on the configuration. One request to a throwaway Fastify instance with the plugin
 * registered gives exactly the headers it would send; each response then gets that list.
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<Array<[string, string]>> {
  const probe = Fastify();
  try {
    await probe.register(fastifyHelmet, options);
    probe.get('/', (_req, reply) => reply.send(''));
    const without = Fastify();
    without.get('/', (_req, reply) => reply.send(''));
    const [withHelmet, plain] = await Promise.all([probe.inject('/'), without.inject('/')]);
    await without.close();
    return Object.entries(withHelmet.headers)
      .filter(([name]) => !(name in plain.headers))
      .map(([name, value]) => [name, String(value)]);
  } finally {
    await probe.close();
  }
}
