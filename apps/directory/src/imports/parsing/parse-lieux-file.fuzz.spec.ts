import fc from 'fast-check';
import { PinError } from '@pin/contracts';
import { V01_ONLY_FIELDS, V102_ONLY_FIELDS } from './detect-format';
import { cell, csvCell, mutated } from '../../../test/hostile-lieux';
import { parseLieuxFile } from './parse-lieux-file';

// Hostile import files (fast-check): whatever the bytes, the parser returns rows — each data row
// a lieu or a rejection with its line — or refuses the file with a PinError; it never throws
// anything else (the import job would then fail whole, losing the good rows).
const COLUMNS = [
  'id', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'latitude', 'longitude', 'date_maj',
  'horaires', 'telephone', 'site_web', 'courriels', 'courriel', 'services', 'typologie', 'pivot', 'prise_rdv', 'source',
  'structure_parente', 'presentation_resume', 'presentation_detail', ...V01_ONLY_FIELDS, ...V102_ONLY_FIELDS,
];
const columns = fc.uniqueArray(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COLUMNS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { minLength: 1, maxLength: 14 });
const csv = fc.tuple(columns, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r')).chain(([cols, sep, eol]) =>
  fc.array(fc.array(csvCell, { minLength: 0, maxLength: cols.length + 2 }), { maxLength: 8 }).map((rows) =>
    [cols.join(sep), ...rows.map((r) => r.join(sep))].join(eol),
  ),
);
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
