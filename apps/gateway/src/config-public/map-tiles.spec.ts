import { configSchema } from '../config/config.schema';
import { DEFAULT_TILE_URL, tileImgSource, tileUrlSchema } from './map-tiles';

describe('map tile configuration', () => {
  it('gives the CSP img-src source of a tile template', () => {
    expect(tileImgSource(DEFAULT_TILE_URL)).toBe('https://tile.openstreetmap.org');
    expect(tileImgSource('https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png')).toBe('https://*.tile.openstreetmap.fr');
    expect(tileImgSource('http://127.0.0.1:8099/tuiles/{z}/{x}/{y}{r}.png')).toBe('http://127.0.0.1:8099');
  });

  it('rejects templates that are not http(s) tile URLs', () => {
    for (const bad of ['ftp://tiles.example/{z}/{x}/{y}.png', 'https://tiles.example/{z}/{x}.png', 'pas une adresse', 'https://a{s}b.example/{z}/{x}/{y}.png', 'https://{z}.example/{z}/{x}/{y}.png']) {
      expect({ bad, source: tileImgSource(bad) }).toEqual({ bad, source: null });
      expect(tileUrlSchema.safeParse(bad).success).toBe(false);
    }
    expect(tileUrlSchema.safeParse('').success).toBe(true);
  });

  it('is optional in the gateway configuration, with OpenStreetMap by default', () => {
    const base = {
      PUBLIC_URL: 'http://localhost:3000', NATS_URL: 'nats://127.0.0.1:4222', REDIS_URL: 'redis://127.0.0.1:6379',
      OIDC_ISSUER_URL: 'http://127.0.0.1:8080/realms/pin', OIDC_CLIENT_ID: 'pin', OIDC_CLIENT_SECRET: 's',
    };
    expect(configSchema.parse(base).MAP_TILE_URL).toBe(DEFAULT_TILE_URL);
    expect(configSchema.parse({ ...base, MAP_TILE_URL: '' }).MAP_TILE_URL).toBe('');
    expect(configSchema.safeParse({ ...base, MAP_TILE_URL: 'javascript:alert(1)' }).success).toBe(false);
  });
});
