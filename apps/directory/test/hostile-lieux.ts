// Hostile lieux files for the import's tests (fast-check): cells that break parsers and checks,
// and valid v1.0.2 rows (Dax) with a few of them put in, so that the hostile value reaches the
// checks behind the first ones and, when it passes them, the database.
import fc from 'fast-check';
import { V102_FIELDS } from '../src/standard/v1-0-2';

export const hostile = fc.constantFrom(
  '', ' ', '"', '""', '\n', '\r\n', ';', ',', '|', '\u0000', '\uFEFF', '\uD800', 'é'.repeat(5_000), '-1', '1e309', 'NaN', '0x1F',
  '90.0000001', '-180', '2024-02-30', '9999-12-31', 'Mo-Su 00:00-24:00', 'Mo-Fr 08:00-12:00; PH off', 'mo 25:00-26:00', '{"a":1}',
  '[1,2]', 'null', 'https://', 'javascript:alert(1)', '+33 6 00 00 00 00', '06', '40000', '2A004', '97', 'a@b', '__proto__', 'constructor',
);
export const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }), hostile, fc.double().map(String), fc.integer().map(String));
/** A CSV cell, quoted or not when it holds a separator, a quote or a line break (both are tried). */
export const csvCell = fc.tuple(cell, fc.boolean()).map(([v, q]) => (q && /[",;\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v));
/** A valid v1.0.2 row (Dax) with a few cells replaced: the hostile value reaches the checks behind the first ones. */
const VALID: Record<string, string> = {
  id: 'lieu-1', pivot: '00000000000000', nom: 'Médiathèque', commune: 'Dax', code_postal: '40100', code_insee: '40088', adresse: '1 rue Saint-Pierre',
  latitude: '43.7102', longitude: '-1.0536', date_maj: '2024-01-02', services: 'Aide aux démarches administratives', horaires: 'Mo-Fr 09:00-12:00',
  telephone: '+33558000000', site_web: 'https://exemple.fr', courriels: 'contact@exemple.fr', typologie: 'BIB', source: 'Département',
};
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
export const mutated = fc
  .array(fc.tuple(fc.constantFrom(...V102_FIELDS), cell), { minLength: 1, maxLength: 3 })
  .chain((changes) => fc.integer({ min: 1, max: 6 }).map((n) => ({ changes, n })))
  .map(({ changes, n }) => {
    const rows = Array.from({ length: n }, (_, i) => {
      const v: Record<string, string> = { ...VALID, id: `lieu-${i}` };
      if (i % 2 === 0) for (const [field, value] of changes) v[field] = value;
      return V102_FIELDS.map((f) => quote(v[f] ?? '')).join(',');
    });
    return [V102_FIELDS.join(','), ...rows].join('\n');
  });
