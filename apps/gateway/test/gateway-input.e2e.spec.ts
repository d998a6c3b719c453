import { PlatformHarness } from './platform.harness';

jest.setTimeout(90_000);

describe('gateway input validation: 4xx with a code, never a 500', () => {
  const h = new PlatformHarness();
  // A namespace of its own: rate-limit counters live in the shared Redis, keyed by client address.
  beforeAll(() => h.start({ BODY_LIMIT_BYTES: '4096', RATE_LIMIT_MAX: '60', RATE_LIMIT_NAMESPACE: `pin:test-ratelimit:${Date.now()}:` }));
  afterAll(() => h.stop());

  it('malformed JSON → 400 REQUEST.INVALID_JSON', async () => {
    const r = await h.call('POST', '/api/v1/structures', { user: 'animateur', raw: '{"nom": "x",' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'REQUEST.INVALID_JSON', message: expect.any(String) });
    expect(r.text).not.toMatch(/at .*\.js:\d+/);
  });

  it('unknown field → 400 REQUEST.INVALID naming the field', async () => {
    const r = await h.call('POST', '/api/v1/structures', { user: 'animateur', body: { nom: 'Structure test', commune: 'Dax', admin: true } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('REQUEST.INVALID');
    expect(JSON.stringify(r.json.details)).toMatch(/admin/);
  });

  it('wrong types → 400 with French details', async () => {
    const r = await h.call('POST', '/api/v1/structures', { user: 'animateur', body: { nom: 42, commune: 'Dax', siret: '123' } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('REQUEST.INVALID');
    expect(r.json.details.map((d: { path: string }) => d.path).sort()).toEqual(['nom', 'siret']);
    expect(JSON.stringify(r.json.details)).toMatch(/SIRET doit comporter 14 chiffres/);
  });

  it('oversized body → 413 REQUEST.TOO_LARGE', async () => {
    const r = await h.call('POST', '/api/v1/structures', { user: 'animateur', body: { nom: 'x'.repeat(10_000), commune: 'Dax' } });
    expect(r.status).toBe(413);
    expect(r.json.code).toBe('REQUEST.TOO_LARGE');
  });

  it('malformed id and out-of-range pagination → 400; unknown route → 404 JSON', async () => {
    expect((await h.call('GET', '/api/v1/structures/not-a-uuid', { user: 'animateur' })).status).toBe(400);
    const page = await h.call('GET', '/api/v1/structures?page=0&pageSize=1000', { user: 'animateur' });
    expect(page.status).toBe(400);
    expect(page.json.code).toBe('REQUEST.INVALID');
    const missing = await h.call('GET', '/api/v1/nothing-here', { user: 'animateur' });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('RESOURCE.NOT_FOUND');
  });

  it('serves the OpenAPI document', async () => {
    const r = await h.call('GET', '/api/docs/openapi.json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.paths)).toEqual(expect.arrayContaining(['/api/v1/structures', '/api/v1/structures/{id}', '/api/v1/me']));
  });

  // Last: it spends this suite's rate-limit budget (60 requests a minute from one address).
  it('rate-limits a client that sends too many requests: 429 with a code and a French message', async () => {
    const statuses: number[] = [];
    let limited: any;
    for (let i = 0; i < 80; i++) {
      const r = await h.call('GET', '/api/v1/me', { user: 'aidant' });
      statuses.push(r.status);
      if (r.status === 429) limited = r.json;
    }
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(limited).toMatchObject({ code: 'REQUEST.RATE_LIMITED', message: expect.stringMatching(/Trop de requêtes/) });
  });
});
