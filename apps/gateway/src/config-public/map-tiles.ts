import { z } from 'zod';

/** Default tiles: the OpenStreetMap France-wide standard layer (needs internet access from the browser). */
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© les contributeurs d’OpenStreetMap';

/**
 * A Leaflet tile URL template (http or https, with {z}, {x} and {y}; {s} for subdomains and {r}
 * for retina are allowed), or the empty string for a map without background tiles.
 */
export const tileUrlSchema = z
  .string()
  .trim()
  .refine((value) => value === '' || tileImgSource(value) !== null, {
    message: 'MAP_TILE_URL doit être une adresse http(s) avec {z}, {x} et {y} (ex. https://tile.openstreetmap.org/{z}/{x}/{y}.png), ou vide.',
  });

/**
 * The CSP img-src source that lets the browser load the tiles: the template's origin, with a
 * wildcard label when the host holds the {s} subdomain placeholder. Null when the template is invalid.
 */
export function tileImgSource(template: string): string | null {
  if (!/\{z\}/.test(template) || !/\{x\}/.test(template) || !/\{y\}/.test(template)) return null;
  const sample = template.replace(/\{s\}/g, 'a').replace(/\{[zxy]\}/g, '0').replace(/\{r\}/g, '');
  let url: URL;
  try {
    url = new URL(sample);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const hostTemplate = /^https?:\/\/([^/:?#]+)/i.exec(template)?.[1] ?? '';
  if (/\{(?![s]\})[^}]*\}/.test(hostTemplate)) return null;
  if (hostTemplate.includes('{s}')) {
    // "{s}.tile.example.org" → "*.tile.example.org"; "{s}" elsewhere in the host is not supported by CSP.
    if (!hostTemplate.startsWith('{s}.') || hostTemplate.indexOf('{s}', 1) !== -1) return null;
    return `${url.protocol}//*.${url.host.split('.').slice(1).join('.')}`;
  }
  return url.origin;
}
