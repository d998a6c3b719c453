import fc from 'fast-check';
import { PinError } from '@pin/contracts';
import { V102_FIELDS } from '../../standard/v1-0-2';
import { V01_ONLY_FIELDS, V102_ONLY_FIELDS } from './detect-format';
import { parseLieuxFile } from './parse-lieux-file';

// Hostile import files (fast-check): whatever the bytes, the parser returns rows — each data row
// a lieu or a rejection with its line — or refuses the file with a PinError; it never throws
// anything else (the import job would then fail whole, losing the good rows).
const COLUMNS = [
  'id', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'latitude', 'longitude', 'date_maj',
  'horaires', 'telephone', 'site_web', 'courriels', 'courriel', 'services', 'typologie', 'pivot', 'prise_rdv', 'source',
  'structure_parente', 'presentation_resume', 'presentation_detail', ...V01_ONLY_FIELDS, ...V102_ONLY_FIELDS,
];
const hostile = fc.constantFrom(
  '', ' ', '"', '""', '\n', '\r\n', ';', ',', '|', '\u0000', '\uFEFF', '\uD800', 'é'.repeat(5_000), '-1', '1e309', 'NaN', '0x1F',
  '90.0000001', '-180', '2024-02-30', '9999-12-31', 'Mo-Su 00:00-24:00', 'Mo-Fr 08:00-12:00; PH off', 'mo 25:00-26:00', '{"a":1}',
  '[1,2]', 'null', 'https://', 'javascript:alert(1)', '+33 6 00 00 00 00', '06', '40000', '2A004', '97', 'a@b', '__proto__', 'constructor',
);
const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }), hostile, fc.double().map(String), fc.integer().map(String));
const csvCell = cell.map((v) => (/[",;\n\r]/.test(v) && Math.random() < 0.7 ? `"${v.replace(/"/g, '""')}"` : v));
const columns = fc.uniqueArray(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COLUMNS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { minLength: 1, maxLength: 14 });
const csv = fc.tuple(columns, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r')).chain(([cols, sep, eol]) =>
  fc.array(fc.array(csvCell, { minLength: 0, maxLength: cols.length + 2 }), { maxLength: 8 }).map((rows) =>
    [cols.join(sep), ...rows.map((r) => r.join(sep))].join(eol),
  ),
);
/** A valid v1.0.2 row (Dax) with a few cells replaced: the hostile value reaches the checks behind the first ones. */
const VALID: Record<string, string> = {
  id: 'lieu-1', pivot: '00000000000000', nom: 'Médiathèque', commune: 'Dax', code_postal: '40100', code_insee: '40088', adresse: '1 rue Saint-Pierre',
  latitude: '43.7102', longitude: '-1.0536', date_maj: '2024-01-02', services: 'Aide aux démarches administratives', horaires: 'Mo-Fr 09:00-12:00',
  telephone: '+33558000000', site_web: 'https://exemple.fr', courriels: 'contact@exemple.fr', typologie: 'BIB', source: 'Département',
};
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const mutated = fc
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
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(cell, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(cell, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), cell, { maxKeys: 3 }));
const json = fc.oneof(
  fc.array(fc.dictionary(fc.constantFrom(...COLUMNS), jsonValue, { maxKeys: 12 }), { maxLength: 8 }).map((rows) => JSON.stringify(rows)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }).map((s) => `[${s}`),
);
const bytes = fc.oneof(
  { weight: 3, arbitrary: mutated.map((t) => Buffer.from(t, 'utf8')) },
  csv.map((t) => Buffer.from(t, 'utf8')),
  csv.map((t) => Buffer.from(t, 'latin1')),
  csv.map((t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])),
  csv.map((t) => Buffer.from(`\uFEFF${t}`, 'utf16le')),
  json.map((t) => Buffer.from(t, 'utf8')),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
);
const requested = fc.constantFrom('auto', 'v1.0.2-csv', 'v1.0.2-json', 'v0.1-csv', 'v0.1-json') as fc.Arbitrary<Parameters<typeof parseLieuxFile>[1]>;

describe('parseLieuxFile on hostile files', () => {
  it('returns every data row as a lieu or a rejection with its line, or refuses the file with a PinError — nothing else', () => {
    const seen = { lieux: 0, rejets: 0 };
    fc.assert(
      fc.property(bytes, requested, (file, format) => {
        let result: ReturnType<typeof parseLieuxFile>;
        try {
          result = parseLieuxFile(file, format);
        } catch (err) {
          if (err instanceof PinError) return;
          throw err;
        }
        expect(result.total).toBe(result.lieux.length + result.rejets.length);
        seen.lieux += result.lieux.length;
        seen.rejets += result.rejets.length;
        for (const r of [...result.rejets, ...result.avertissements]) {
          expect(Number.isInteger(r.ligne)).toBe(true);
          expect(typeof r.motif).toBe('string');
        }
      }),
      { numRuns: 3_000 },
    );
    // The generator reaches both outcomes (rows accepted past every check, rows rejected).
    expect(seen.lieux).toBeGreaterThan(100);
    expect(seen.rejets).toBeGreaterThan(100);
  });
});
