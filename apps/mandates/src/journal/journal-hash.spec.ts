import { canonicalJson, sha256Hex } from '@pin/persistence';
import { entryHash, firstBreak } from './journal-hash';
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
});
