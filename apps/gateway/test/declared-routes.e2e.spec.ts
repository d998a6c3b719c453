import { API_ROUTES, allows, type Role } from '@pin/contracts';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(90_000);

/** Fastify `/lieux/:id` → OpenAPI `/lieux/{id}`. */
const openApiPath = (path: string) => `/api/v1${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

describe('declared routes: one table, a policy each, documented, enforced at the edge', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start());
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
    const demoUsers: Role[] = ['usager', 'aidant', 'referent', 'animateur', 'admin'];
    for (const [, route] of Object.entries(API_ROUTES).filter(([, r]) => r.policy.access === 'roles' && r.method === 'GET' && !r.path.includes(':'))) {
      const anonymous = await h.call(route.method, `/api/v1${route.path}`);
      expect({ path: route.path, status: anonymous.status }).toEqual({ path: route.path, status: 401 });
      for (const user of demoUsers.filter((u) => !allows({ roles: [u] }, route.policy))) {
        const r = await h.call(route.method, `/api/v1${route.path}`, { user });
        expect({ path: route.path, user, status: r.status, code: r.json.code }).toEqual({ path: route.path, user, status: 403, code: 'AUTH.FORBIDDEN' });
      }
    }
  });
});
