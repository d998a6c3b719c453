import { canonicalJson, sha256Hex } from '@pin/persistence';
import { entryCanonical, entryHash, firstBreak, hashedPart } from './journal-hash';
import { GENESIS_HASH, type JournalRecord } from './journal.types';

function chain(n: number): JournalRecord[] {
  const rows: JournalRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      seq,
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      action: 'autorisation.utilisee',
      usagerId: '11111111-1111-4111-8111-111111111111',
      structureId: null,
      mandatId: null,
      demarche: 'social',
      actorSub: 'aidant-sub',
      data: { n: seq, liste: ['b', 'a'] },
      prevHash,
    };
    const row = { ...base, hash: entryHash(base) };
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

describe('journal hash chain', () => {
  it('uses RFC 8785 canonical JSON (key order and number form do not change the hash)', () => {
    expect(canonicalJson({ b: 1, a: [1.0, 'é', null], c: { z: true, y: 1e21 } })).toBe('{"a":[1,"é",null],"b":1,"c":{"y":1e+21,"z":true}}');
    expect(sha256Hex(canonicalJson({ a: 1, b: 2 }))).toBe(sha256Hex(canonicalJson({ b: 2, a: 1 })));
  });

  it('an intact chain has no break', () => {
    expect(firstBreak(chain(5), { seq: 0, hash: GENESIS_HASH })).toBeNull();
  });

  it('names the first edited entry, even when later hashes were recomputed by the forger', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], demarche: 'argent' };
    expect(firstBreak(rows, { seq: 0, hash: GENESIS_HASH })).toEqual({ seq: 3, id: rows[2].id, raison: 'le contenu de l’entrée a été modifié' });
    // Re-hashing the edited entry breaks the link of the next one instead.
    const { hash: _h, ...rest } = rows[2];
    rows[2] = { ...rows[2], hash: entryHash(rest) };
    expect(firstBreak(rows, { seq: 0, hash: GENESIS_HASH })).toMatchObject({ seq: 4, raison: 'le lien vers l’entrée précédente ne correspond pas' });
  });

  it('a deleted entry is a gap', () => {
    const rows = chain(4);
    expect(firstBreak([rows[0], rows[2], rows[3]], { seq: 0, hash: GENESIS_HASH })).toEqual({ seq: 2, id: null, raison: 'entrée 2 manquante' });
  });

  describe('the field-by-field canonical form is byte for byte canonicalJson(hashedPart)', () => {
    const entry = (over: Record<string, unknown> = {}) =>
      ({
        seq: 42,
        id: '00000000-0000-4000-8000-000000000042',
        recordedAt: new Date(Date.UTC(2026, 5, 1, 12, 0, 0, 7)),
        action: 'autorisation.utilisee',
        usagerId: '11111111-1111-4111-8111-111111111111',
        structureId: '22222222-2222-4222-8222-222222222222',
        mandatId: null,
        demarche: 'social',
        actorSub: 'aidant-sub',
        data: { autorisationId: '33333333-3333-4333-8333-333333333333' },
        prevHash: GENESIS_HASH,
        ...over,
      }) as Omit<JournalRecord, 'hash'>;

    it.each([
      ['a usual check entry', {}],
      ['every nullable field null, empty data', { usagerId: null, structureId: null, mandatId: null, demarche: null, actorSub: null, data: {} }],
      ['strings to escape and non-ASCII', { actorSub: 'a"b\\c\n\u0001\u007f é 𝄞 \u2028', demarche: '</script>' }],
      ['numbers, booleans, arrays, keys in code-unit order', { data: { b: 1.0, a: [1e21, -0, 0.1, 1e-7, null, true, 'x'], Z: false, é: 'é', 10: 'dix', 9: 'neuf', '': [] } }],
      ['a field left undefined (skipped, as canonicalJson does)', { mandatId: undefined, data: { x: undefined, y: 1 } }],
      ['a value out of the plain cases (a Date in data: its toJSON)', { data: { quand: new Date(Date.UTC(2026, 0, 1)) } }],
      ['an unusual seq', { seq: Number.MAX_SAFE_INTEGER }],
    ])('%s', (_name, over) => {
      const r = entry(over);
      expect(entryCanonical(r)).toBe(canonicalJson(hashedPart(r)));
      expect(entryHash(r)).toBe(sha256Hex(canonicalJson(hashedPart(r))));
    });

    it('refuses what canonicalJson refuses (lone surrogate, non-finite number)', () => {
      for (const over of [{ actorSub: 'x\ud800' }, { data: { s: '\udc00' } }, { data: { n: Number.NaN } }, { data: { n: [Infinity] } }]) {
        expect(() => canonicalJson(hashedPart(entry(over)))).toThrow();
        expect(() => entryHash(entry(over))).toThrow();
      }
    });
  });
});
