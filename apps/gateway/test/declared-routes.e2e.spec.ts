import { API_ROUTES, allows, type Role } from '@pin/contracts';
import { createTestDatabase } from '@pin/testing';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(240_000);

/** Fastify `/lieux/:id` → OpenAPI `/lieux/{id}`. */
const openApiPath = (path: string) => `/api/v1${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

describe('declared routes: one table, a policy each, documented, enforced at the edge', () => {
  const h = new PlatformHarness();
  // Every declared route is exercised below: the services behind them all run (labelling is optional elsewhere).
  h.withLabelling = true;
  // Every declared route needs its service: the mailbox service (and its Dovecot) too.
  h.withMailbox = true;
  // A namespace of its own and room for the fuzzing below (rate-limit counters live in the shared Redis).
  // Every service that declares routes runs, the safe included (optional elsewhere).
  beforeAll(async () => {
    h.safeDb = await createTestDatabase('gw_safe');
    await h.start({ RATE_LIMIT_MAX: '20000', RATE_LIMIT_NAMESPACE: `pin:test-routes:${Date.now()}:` }, {}, { safeDatabaseUrl: h.safeDb.url });
  });
  afterAll(() => h.stop());

  it('every declared route has a policy and appears in the OpenAPI document with its method, summary and tag', async () => {
    const doc = (await h.call('GET', '/api/docs/openapi.json')).json;
    const routes = Object.entries(API_ROUTES);
    expect(routes.length).toBeGreaterThan(35);
    for (const [key, route] of routes) {
      expect(['public', 'authenticated', 'roles']).toContain(route.policy.access);
      const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect({ key, documented: !!op }).toEqual({ key, documented: true });
      expect(op.summary).toBe(route.summary);
      expect(op.tags).toContain(route.tag);
      expect(op.operationId).toMatch(new RegExp(`_${key}$`));
      if (route.policy.access !== 'public') expect(op.security).toEqual([{ bearer: [] }]);
    }
  });

  it('a declared route refuses the roles its policy does not name (403) and anonymous callers (401)', async () => {
    const demoUsers: Role[] = ['usager', 'aidant', 'referent', 'animateur', 'financeur', 'admin'];
    for (const [, route] of Object.entries(API_ROUTES).filter(([, r]) => r.policy.access === 'roles' && r.method === 'GET' && !r.path.includes(':'))) {
      const anonymous = await h.call(route.method, `/api/v1${route.path}`);
      expect({ path: route.path, status: anonymous.status }).toEqual({ path: route.path, status: 401 });
      for (const user of demoUsers.filter((u) => !allows({ roles: [u] }, route.policy))) {
        const r = await h.call(route.method, `/api/v1${route.path}`, { user });
        expect({ path: route.path, user, status: r.status, code: r.json.code }).toEqual({ path: route.path, user, status: 403, code: 'AUTH.FORBIDDEN' });
      }
    }
  });

  it('every documented route that needs a login, hand-written ones included, refuses forged and misused tokens with 401 and the envelope', async () => {
    const doc = (await h.call('GET', '/api/docs/openapi.json')).json as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const admin = { realm_access: { roles: ['admin'] } };
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const valid = await h.token('admin');
    const [header, payload] = valid.split('.');
    const attacks: Array<[string, Record<string, string>]> = [
      ['expired', { authorization: `Bearer ${await h.forge(admin, { expiresAt: now - 120 })}` }],
      ['another issuer', { authorization: `Bearer ${await h.forge(admin, { issuer: 'http://127.0.0.1:1/realms/pin' })}` }],
      ['another key', { authorization: `Bearer ${await h.forge(admin, { foreignKey: true })}` }],
      ['alg none', { authorization: `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: h.platform.issuer, sub: 'x', typ: 'Bearer', azp: 'pin-gateway', exp: now + 300, ...admin })}.` }],
      ['a real token with its signature cut off', { authorization: `Bearer ${header}.${payload}.` }],
      ['a real token with a claim changed', { authorization: `Bearer ${header}.${enc({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), realm_access: { roles: ['admin', 'financeur'] } })}.${valid.split('.')[2]}` }],
      ['an ID token', { authorization: `Bearer ${await h.forge({ ...admin, typ: 'ID', aud: 'pin-gateway' })}` }],
      ['a refresh token', { authorization: `Bearer ${await h.forge({ ...admin, typ: 'Refresh' })}` }],
      ['another client of the realm', { authorization: `Bearer ${await h.forge({ ...admin, azp: 'account-console' })}` }],
      ['garbage', { authorization: 'Bearer not-a-jwt' }],
      ['another scheme', { authorization: `Basic ${valid}` }],
    ];
    const protectedOps = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).filter(([, op]) => op.security?.length).map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '0a1b2c3d-0000-4000-8000-00000000dead') })),
    );
    // The declared routes and the hand-written ones (uploads, downloads, PDFs, exports, journals…).
    expect(protectedOps.length).toBeGreaterThan(Object.values(API_ROUTES).filter((r) => r.policy.access !== 'public').length);
    const failures: string[] = [];
    for (const op of protectedOps) {
      for (const [attack, headers] of attacks) {
        const r = await h.call(op.method, op.path, { headers, body: op.method === 'GET' ? undefined : {} });
        if (r.status !== 401 || r.json?.code !== 'AUTH.UNAUTHENTICATED' || typeof r.json?.message !== 'string') failures.push(`${op.method} ${op.path} with ${attack} → ${r.status} ${r.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('hostile input on every declared route (NUL bytes, huge strings, wrong types, wrong shapes) is a 4xx with a code, never a 500', async () => {
    const hostileParams = ['%00', 'x'.repeat(3_000), '..%2F..%2Fetc%2Fpasswd', '%F0%9F%92%A9', '-1'];
    const hostileBodies: Array<{ raw: string }> = [
      { raw: '"texte"' },
      { raw: '[]' },
      { raw: 'null' },
      { raw: '{"nom":"\\u0000","structureId":42,"demarches":"papiers","__proto__":{"admin":true}}' },
      { raw: JSON.stringify({ nom: 'é'.repeat(20_000), motif: { $ne: null }, page: '1e309' }) },
    ];
    const hostileQuery = '?q=%00&page=-1&pageSize=abc&structureId=%00&statut[]=x&unknown=1';
    const failures: string[] = [];
    const expect4xx = (label: string, r: { status: number; json: any }) => {
      if (r.status >= 500 || (r.status >= 400 && typeof r.json?.code !== 'string')) failures.push(`${label} → ${r.status} ${JSON.stringify(r.json)?.slice(0, 200)}`);
    };
    for (const [key, route] of Object.entries(API_ROUTES)) {
      const user = route.policy.access === 'roles' ? (allows({ roles: ['admin'] }, route.policy) ? 'admin' : allows({ roles: ['aidant'] }, route.policy) ? 'aidant' : 'usager') : 'admin';
      const withParams = (value: string) => `/api/v1${route.path.replace(/:[A-Za-z]+/g, value)}`;
      const plain = withParams('0a1b2c3d-0000-4000-8000-00000000dead');
      for (const value of route.path.includes(':') ? hostileParams : []) expect4xx(`${key} param ${value.slice(0, 20)}`, await h.call(route.method, withParams(value), { user, body: route.body ? {} : undefined }));
      expect4xx(`${key} query`, await h.call(route.method, plain + hostileQuery, { user, headers: { 'x-pin-structure': 'x'.repeat(500), 'idempotency-key': 'k'.repeat(500) } }));
      if (route.method !== 'GET') for (const b of hostileBodies) expect4xx(`${key} body ${b.raw.slice(0, 30)}`, await h.call(route.method, plain, { user, raw: b.raw }));
    }
    expect(failures).toEqual([]);
  });
});
