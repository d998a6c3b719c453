import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '@pin/testing';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(120_000);

/** The Département's identity (SITE_*) served to the web app: JSON, and the colours as a stylesheet allowed by the CSP. */
describe('site identity from configuration: GET /api/v1/site and /site.css', () => {
  const h = new PlatformHarness();
  beforeAll(() =>
    h.start({
      SITE_NAME: 'Département de la Gironde', SITE_SHORT_NAME: 'PIN 33', SITE_LOGO_URL: 'https://static.gironde.example/logo.svg',
      SITE_COLOR_PRIMARY: '#1D3557', SITE_COLOR_ACCENT: '#E63946',
    }),
  );
  afterAll(() => h.stop());

  it('GET /api/v1/site is public JSON: name, short name, logo, colours', async () => {
    const r = await h.call('GET', '/api/v1/site');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(r.json).toEqual({
      name: 'Département de la Gironde', shortName: 'PIN 33', logoUrl: 'https://static.gironde.example/logo.svg',
      colors: { primary: '#1d3557', accent: '#e63946' },
    });
    // The logo's origin is allowed by the CSP img-src.
    expect(r.headers.get('content-security-policy')).toMatch(/img-src [^;]*https:\/\/static\.gironde\.example/);
  });

  it('GET /site.css: the colours as CSS variables, text/css, cacheable, from the gateway itself (CSP style-src self)', async () => {
    const res = await fetch(h.url('/site.css'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(':root{--couleur-primaire:#1d3557;--couleur-accent:#e63946}\n');
    // The web page's CSP lets it load a stylesheet of its own origin.
    const page = await fetch(h.url('/'));
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'self'/);
  });

  it('both are documented in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/api/docs/openapi.json')).json;
    expect(doc.paths['/api/v1/site'].get.summary).toMatch(/Identité du site/);
    expect(doc.paths['/site.css'].get.summary).toMatch(/variables CSS/);
  });
});

describe('site identity: the gateway refuses to start with a primary colour unreadable on white', () => {
  /** Runs the built gateway with an environment; resolves with its exit code and output (config is checked before any connection). */
  function runGateway(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [resolve(repoRoot(), 'dist/apps/gateway/src/main.js')], {
        cwd: repoRoot(),
        env: {
          PATH: process.env.PATH ?? '', NODE_ENV: 'test', PUBLIC_URL: 'http://127.0.0.1:1', NATS_URL: 'nats://127.0.0.1:1', NATS_USER: 'gateway',
          NATS_PASSWORD: 'x', REDIS_URL: 'redis://127.0.0.1:1', OIDC_ISSUER_URL: 'http://127.0.0.1:1/realms/pin', OIDC_CLIENT_ID: 'pin-gateway',
          OIDC_CLIENT_SECRET: 's', ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, output });
      });
    });
  }

  it('exits with the measured contrast and the rule in the message', async () => {
    const r = await runGateway({ SITE_COLOR_PRIMARY: '#f2a900', SITE_COLOR_ACCENT: 'vert' });
    expect(r.code).toBe(1);
    expect(r.output).toContain('[gateway] invalid configuration');
    expect(r.output).toContain("SITE_COLOR_PRIMARY: SITE_COLOR_PRIMARY #f2a900 n'a qu'un contraste de 2.01:1 avec le blanc ; il faut au moins 4.5:1 (WCAG AA)");
    expect(r.output).toContain('SITE_COLOR_ACCENT: SITE_COLOR_ACCENT doit être une couleur #rrggbb');
  });
});
