import { securityHeaders } from './http-setup';

describe('security headers computed once', () => {
  it('are the headers @fastify/helmet sends for these options, and only those', async () => {
    const headers = new Map(await securityHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
      hsts: false,
      frameguard: { action: 'deny' },
    }));
    // helmet merges its default directives with ours (useDefaults), as the plugin did per request.
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.has('strict-transport-security')).toBe(false);
    for (const own of ['content-type', 'content-length', 'date', 'connection']) expect(headers.has(own)).toBe(false);
  });
});
