import { connect } from 'node:net';
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
    const pagination = await h.call('GET', '/api/v1/structures?page=0&pageSize=1000', { user: 'animateur' });
    expect(pagination.status).toBe(400);
    expect(pagination.json.code).toBe('REQUEST.INVALID');
    const missing = await h.call('GET', '/api/v1/nothing-here', { user: 'animateur' });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('RESOURCE.NOT_FOUND');
    // A browser opening an unknown page gets the web app (its « page introuvable »), not raw JSON.
    const page = await h.call('GET', '/nimporte-quoi/ici', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(page.text).toMatch(/^<!doctype html>/i);
    expect((await h.call('GET', '/nimporte-quoi/ici')).json.code).toBe('RESOURCE.NOT_FOUND');
  });

  it('NUL or control characters anywhere (query, body, keys) → 400 naming the field, Unicode normalised, never a 500', async () => {
    for (const path of ['/api/v1/structures?q=a%00b', '/api/v1/lieux?q=a%00b', '/api/v1/mes-lieux?q=%1B[31m']) {
      const r = await h.call('GET', path, { user: 'animateur' });
      expect({ path, status: r.status, code: r.json.code }).toEqual({ path, status: 400, code: 'REQUEST.INVALID' });
      expect(JSON.stringify(r.json.details)).toMatch(/q : caractère de contrôle interdit/);
    }
    const body = await h.call('POST', '/api/v1/structures', { user: 'animateur', body: { nom: 'Espace\u0000numérique', commune: 'Dax' } });
    expect(body.status).toBe(400);
    expect(body.json.details).toEqual([{ path: 'nom', message: 'nom : caractère de contrôle interdit (octet nul ou non imprimable).' }]);
    const nfc = await h.call('POST', '/api/v1/structures', { user: 'animateur', body: { nom: 'Me\u0301diathe\u0300que NFC', commune: 'Dax' } });
    expect(nfc.status).toBe(201);
    expect(nfc.json.nom).toBe('Médiathèque NFC');
  });

  it('errors of the HTTP layer use the envelope too: 415 unsupported type, 431 headers too large', async () => {
    const wrongType = await h.call('POST', '/api/v1/structures', { user: 'animateur', raw: '<nom>x</nom>', headers: { 'content-type': 'application/xml' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) });
    const raw = await new Promise<string>((resolve, reject) => {
      const url = new URL(h.url('/api/v1/lieux'));
      const socket = connect(Number(url.port), url.hostname, () => socket.write(`GET /api/v1/lieux HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`));
      let out = '';
      socket.on('data', (d) => (out += d.toString('utf8')));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ code: 'REQUEST.HEADERS_TOO_LARGE', message: 'Les en-têtes de la requête sont trop volumineux.' });
  });

  it('forbids framing consistently (CSP frame-ancestors none and X-Frame-Options DENY)', async () => {
    const r = await h.call('GET', '/');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
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
    let limitedHeaders: Headers | undefined;
    let firstHeaders: Headers | undefined;
    for (let i = 0; i < 80; i++) {
      const r = await h.call('GET', '/api/v1/me', { user: 'aidant' });
      statuses.push(r.status);
      firstHeaders ??= r.headers;
      if (r.status === 429) [limited, limitedHeaders] = [r.json, r.headers];
    }
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(limited).toMatchObject({ code: 'REQUEST.RATE_LIMITED', message: expect.stringMatching(/Trop de requêtes/) });
    // The person's bucket (60) is the tighter one: its figures are announced, and when to come back.
    expect(Number(firstHeaders?.get('x-ratelimit-limit'))).toBe(60);
    expect(Number(firstHeaders?.get('x-ratelimit-remaining'))).toBeLessThan(60);
    expect(limitedHeaders?.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limitedHeaders?.get('retry-after'))).toBeGreaterThan(0);
    // Signed-in traffic is counted per person: a colleague behind the same address is not locked out.
    expect((await h.call('GET', '/api/v1/me', { user: 'mediateur' })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/me', { user: 'aidant' })).status).toBe(429);
  });
});
