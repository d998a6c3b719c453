import { configSchema } from '../config/config.schema';
import { contrastRatio, DEFAULT_COLOR_PRIMARY, siteCss, siteIdentity } from './site-identity';

describe('Site identity from configuration (SITE_*)', () => {
  const base = {
    PUBLIC_URL: 'http://localhost:3000', NATS_URL: 'nats://127.0.0.1:4222', REDIS_URL: 'redis://127.0.0.1:6379',
    OIDC_ISSUER_URL: 'http://127.0.0.1:8080/realms/pin', OIDC_CLIENT_ID: 'pin-gateway', OIDC_CLIENT_SECRET: 's',
  };
  const messages = (env: Record<string, string>) => {
    const r = configSchema.safeParse({ ...base, ...env });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio(DEFAULT_COLOR_PRIMARY, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('defaults to the Landes', () => {
    const c = configSchema.parse(base);
    expect(siteIdentity(c)).toEqual({
      name: 'Département des Landes', shortName: 'PIN Landes', logoUrl: null, colors: { primary: '#00594f', accent: '#f2a900' },
    });
    expect(siteCss(siteIdentity(c))).toBe(':root{--couleur-primaire:#00594f;--couleur-accent:#f2a900}\n');
  });

  it('reads every variable, colours in lower case', () => {
    const c = configSchema.parse({
      ...base, SITE_NAME: 'Département de la Gironde', SITE_SHORT_NAME: 'PIN 33', SITE_LOGO_URL: 'https://cdn.example.fr/logo.svg',
      SITE_COLOR_PRIMARY: '#1D3557', SITE_COLOR_ACCENT: '#E63946',
    });
    expect(siteIdentity(c)).toEqual({
      name: 'Département de la Gironde', shortName: 'PIN 33', logoUrl: 'https://cdn.example.fr/logo.svg', colors: { primary: '#1d3557', accent: '#e63946' },
    });
    expect(siteIdentity(configSchema.parse({ ...base, SITE_LOGO_URL: '/logo-landes.svg' })).logoUrl).toBe('/logo-landes.svg');
    expect(siteIdentity(configSchema.parse({ ...base, SITE_LOGO_URL: '' })).logoUrl).toBeNull();
  });

  it('refuses a primary colour under 4.5:1 against white, with the ratio in the message', () => {
    const m = messages({ SITE_COLOR_PRIMARY: '#f2a900' });
    expect(m).toHaveLength(1);
    expect(m[0]).toMatch(/^SITE_COLOR_PRIMARY: SITE_COLOR_PRIMARY #f2a900 n'a qu'un contraste de 2\.01:1 avec le blanc ; il faut au moins 4\.5:1/);
    // #777777 is 4.48:1: just under.
    expect(messages({ SITE_COLOR_PRIMARY: '#777777' })[0]).toMatch(/4\.48:1/);
    expect(messages({ SITE_COLOR_PRIMARY: '#767676' })).toEqual([]);
  });

  it('refuses colours that are not #rrggbb and logos that are not http(s) or a path', () => {
    for (const bad of ['00594f', '#00594', '#00594fff', 'green', '#gg594f', 'rgb(0,0,0)', '#000;}body{x:y']) {
      expect({ bad, m: messages({ SITE_COLOR_ACCENT: bad })[0] }).toEqual({ bad, m: expect.stringMatching(/^SITE_COLOR_ACCENT: SITE_COLOR_ACCENT doit être une couleur #rrggbb/) });
      expect(messages({ SITE_COLOR_PRIMARY: bad })[0]).toMatch(/doit être une couleur #rrggbb/);
    }
    for (const bad of ['javascript:alert(1)', '//evil.example/logo.png', 'logo.svg', 'data:image/png;base64,AAAA']) {
      expect({ bad, m: messages({ SITE_LOGO_URL: bad })[0] }).toEqual({ bad, m: expect.stringMatching(/^SITE_LOGO_URL: SITE_LOGO_URL doit être/) });
    }
  });
});
