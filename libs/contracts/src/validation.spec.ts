import { z } from 'zod';
import { parsePayload, sanitizeInput } from './validation';
import { PinError } from './errors';

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return { code: (err as PinError).code, details: (err as PinError).details };
  }
};

describe('the input sanitation rule', () => {
  it('refuses NUL and other control characters, naming every field (keys and nested values too)', () => {
    const { rejected } = sanitizeInput({ nom: 'a\u0000b', adresse: { ligne: ['ok', 'x\u001bz'] }, ['clé\u0007']: 1, motif: 'ligne 1\nligne 2\tfin\r' });
    expect(rejected.map((r) => r.path).sort()).toEqual(['adresse.ligne.1', 'clé\u0007', 'nom']);
    expect(rejected[0].message).toMatch(/caractère de contrôle interdit/);
  });

  it('normalises strings to NFC (a decomposed « é » becomes one code point)', () => {
    const decomposed = 'Lefe\u0300vre';
    expect(sanitizeInput({ q: decomposed }).value).toEqual({ q: 'Lefèvre' });
    expect((sanitizeInput({ q: decomposed }).value as { q: string }).q).toHaveLength(7);
  });

  it('refuses absurdly deep nesting instead of walking it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(sanitizeInput(deep).rejected[0].message).toBe('Données trop imbriquées.');
  });

  it('parsePayload applies it before the schema: 400 REQUEST.INVALID with the field, never a crash', () => {
    const schema = z.strictObject({ nom: z.string().max(10) });
    expect(code(() => parsePayload(schema, { nom: 'a\u0000' }))).toEqual({ code: 'REQUEST.INVALID', details: [{ path: 'nom', message: 'nom : caractère de contrôle interdit (octet nul ou non imprimable).' }] });
    expect(parsePayload(schema, { nom: 'Cafe\u0301' })).toEqual({ nom: 'Café' });
  });
});
