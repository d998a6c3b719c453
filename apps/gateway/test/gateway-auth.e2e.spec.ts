import { DEMO_STRUCTURES } from '@pin/contracts';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(90_000);

describe('gateway authentication and authorization (real dev-idp, services, NATS, PostgreSQL, Redis)', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  const path = `/api/v1/structures/${DEMO_STRUCTURES.montDeMarsan}`;

  it('refuses a request without a token with 401 and a French message', async () => {
    const r = await h.call('GET', path);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', message: expect.stringMatching(/connecté/) });
    expect(r.json.correlationId).toBe(r.headers.get('x-correlation-id'));
  });

  it('accepts a token issued by the dev-idp', async () => {
    const r = await h.call('GET', path, { user: 'animateur' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: DEMO_STRUCTURES.montDeMarsan, commune: 'Mont-de-Marsan' });
  });

  it.each([
    ['expired', () => h.forge({ realm_access: { roles: ['admin'] } }, { expiresAt: Math.floor(Date.now() / 1000) - 120 })],
    ['from another issuer', () => h.forge({ realm_access: { roles: ['admin'] } }, { issuer: 'http://127.0.0.1:1/realms/pin' })],
    ['signed with another key', () => h.forge({ realm_access: { roles: ['admin'] } }, { foreignKey: true })],
    ['unsigned (alg none)', async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: h.platform.issuer, sub: 'x', exp: now + 300, realm_access: { roles: ['admin'] } })}.`;
    }],
    ['garbage', async () => 'not-a-jwt'],
  ])('refuses a token that is %s with 401', async (_label, make) => {
    const r = await h.call('GET', path, { token: await make() });
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('a forged token with the right key and issuer is accepted (the negative cases above fail for their one reason)', async () => {
    const r = await h.call('GET', path, { token: await h.forge({ realm_access: { roles: ['admin'] }, preferred_username: 'forge' }) });
    expect(r.status).toBe(200);
  });

  it('refuses a user without the role with 403', async () => {
    const r = await h.call('POST', '/api/v1/structures', { user: 'aidant', body: { nom: 'Nouvelle structure', commune: 'Dax' } });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('lets a referent read and change their structure but not another one', async () => {
    const own = await h.call('GET', path, { user: 'referent' });
    expect(own.status).toBe(200);
    const other = await h.call('GET', `/api/v1/structures/${DEMO_STRUCTURES.dax}`, { user: 'referent' });
    expect([403, 404]).toContain(other.status);
    const change = await h.call('PATCH', `/api/v1/structures/${DEMO_STRUCTURES.dax}`, { user: 'referent', body: { nom: 'Piratée' } });
    expect([403, 404]).toContain(change.status);
    const [row] = await h.query('directory', 'SELECT nom FROM structure WHERE id = $1', [DEMO_STRUCTURES.dax]);
    expect(row.nom).not.toBe('Piratée');
    const list = await h.call('GET', '/api/v1/structures', { user: 'referent' });
    expect(list.json.items.map((s: { id: string }) => s.id)).toEqual([DEMO_STRUCTURES.montDeMarsan]);
  });

  it('the service re-checks roles itself even if a request bypasses the gateway role check', async () => {
    // A usager token passes authentication; the gateway route requires referent/animateur/admin.
    const r = await h.call('GET', '/api/v1/structures', { user: 'usager' });
    expect(r.status).toBe(403);
  });

  it('lists dead letters for admins only', async () => {
    const admin = await h.call('GET', '/api/v1/admin/dead-letters?limit=5', { user: 'admin' });
    expect(admin.status).toBe(200);
    expect(admin.json).toEqual({ items: expect.any(Array), total: expect.any(Number) });
    expect((await h.call('GET', '/api/v1/admin/dead-letters', { user: 'animateur' })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/admin/dead-letters?limit=9999', { user: 'admin' })).status).toBe(400);
  });

  it('/api/v1/me returns the verified identity of the token', async () => {
    const r = await h.call('GET', '/api/v1/me', { user: 'referent' });
    expect(r.json).toEqual({ username: 'referent', name: 'Romain Référent', roles: ['referent'], structures: [DEMO_STRUCTURES.montDeMarsan] });
  });
});
