import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from 'oidc-provider';
import type { Logger } from './boot/logger';
import type { DevIdpConfig } from './config/config.schema';
import { htmlPage } from './http/html-page';
import { sendHtml, sendJson } from './http/http-io';
import { loadOrCreateKeys, publicJwk } from './keys/key-file';
import { loginHandler } from './login/login.handler';
import { createProvider } from './provider/provider.factory';
import { LOGIN_ACTIONS_PATH, REALM_PATH, USERINFO_PATH } from './provider/realm-paths';
import { userinfoHandler } from './userinfo/userinfo.handler';

export interface DevIdp {
  /** Issuer as tokens carry it, e.g. http://127.0.0.1:8080/realms/pin. */
  issuer: string;
  port: number;
  /** Key id of the signing key (JWK thumbprint). */
  kid: string;
  provider: Provider;
  server: Server;
  close(): Promise<void>;
}

const LOGIN_ROUTE = new RegExp(`^${LOGIN_ACTIONS_PATH}/([^/]+)$`);

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** With DEV_IDP_PORT=0 the issuer gets the port actually bound (parallel test runs never clash). */
function issuerFor(configured: string, port: number, requestedPort: number): string {
  const url = new URL(configured.replace(/\/+$/, ''));
  if (requestedPort === 0) url.port = String(port);
  return url.href.replace(/\/+$/, '');
}

/** Hands a request to the provider as if it were mounted at REALM_PATH (what express' use() does). */
function mount(provider: Provider) {
  const callback = provider.callback();
  return (req: IncomingMessage, res: ServerResponse) => {
    const original = req.url ?? '/';
    const rest = original.slice(REALM_PATH.length);
    // oidc-provider finds its mount path from originalUrl minus url, as under express.
    Object.assign(req, { originalUrl: original, url: rest.startsWith('/') ? rest : `/${rest}` });
    return callback(req, res);
  };
}

/**
 * Builds and starts the dev-idp: Keycloak's paths under /realms/pin, served by oidc-provider,
 * plus the login page and the userinfo route it cannot provide as Keycloak does.
 */
export async function createDevIdp(config: DevIdpConfig, logger: Logger): Promise<DevIdp> {
  const { keys, created } = await loadOrCreateKeys(config.DEV_IDP_KEY_FILE);
  const kid = String(keys.keys[0].kid);
  logger.info({ keyFile: config.DEV_IDP_KEY_FILE, kid, created }, created ? 'signing key created' : 'signing key loaded');

  // The issuer needs the bound port, and the provider needs the issuer: routes are set once
  // the provider exists; until then (a few ms) the server answers 503.
  const router: { route?: (req: IncomingMessage, res: ServerResponse, path: string) => unknown } = {};
  const server = createServer((req, res) => {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://dev-idp').pathname;
    res.on('finish', () =>
      logger.debug({ method: req.method, path, status: res.statusCode, ms: Date.now() - started }, 'request'),
    );
    const route = router.route;
    if (!route) return sendJson(res, 503, { error: 'temporarily_unavailable' });
    Promise.resolve(route(req, res, path)).catch((error: unknown) => {
      logger.error({ err: error, path }, 'request failed');
      if (!res.headersSent) sendHtml(res, 500, htmlPage('Erreur', '<h1>Erreur interne du fournisseur d’identité</h1>'));
      else res.end();
    });
  });
  const port = await listen(server, config.DEV_IDP_PORT, config.DEV_IDP_HOST);
  const issuer = issuerFor(config.DEV_IDP_ISSUER, port, config.DEV_IDP_PORT);
  const provider = createProvider(issuer, config, keys);
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'provider error'));
  provider.on('grant.error', (_ctx, error) => logger.warn({ err: error }, 'token request refused'));

  const login = loginHandler(provider);
  const userinfo = userinfoHandler(issuer, keys.keys.map(publicJwk));
  const oidc = mount(provider);
  router.route = (req, res, path) => {
    if (path === USERINFO_PATH) return userinfo(req, res);
    const loginUid = LOGIN_ROUTE.exec(path)?.[1];
    if (loginUid && (req.method === 'GET' || req.method === 'POST')) return login(req, res, decodeURIComponent(loginUid));
    if (path === REALM_PATH || path.startsWith(`${REALM_PATH}/`)) return oidc(req, res);
    return sendJson(res, 404, { error: 'Unable to find matching target resource method' });
  };

  logger.info({ issuer, port }, 'dev-idp listening');
  return {
    issuer,
    port,
    kid,
    provider,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
