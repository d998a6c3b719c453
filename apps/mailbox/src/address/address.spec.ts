import { PinError } from '@pin/contracts';
import { baseLocalPart, foldNamePart, proposeLocalParts } from './address';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof PinError ? e.code : `not a PinError: ${String(e)}`;
  }
};

describe('mailbox address proposal', () => {
  it('folds accents, apostrophes, spaces and ligatures', () => {
    expect(baseLocalPart('Jean', 'Martin')).toBe('jean.martin');
    expect(baseLocalPart('Hélène', 'Dupré')).toBe('helene.dupre');
    expect(baseLocalPart('Jean-François', "d'Artagnan")).toBe('jean-francois.dartagnan');
    expect(baseLocalPart('  Zoë ', 'De La Fontaine')).toBe('zoe.de-la-fontaine');
    expect(baseLocalPart('Cœur', 'Lætitia')).toBe('coeur.laetitia');
    expect(baseLocalPart('Ángel', 'Muñoz Ñúñez')).toBe('angel.munoz-nunez');
    expect(baseLocalPart('Ｊｅａｎ', 'Ｍａｒｔｉｎ')).toBe('jean.martin'); // full-width forms (NFKD)
    expect(baseLocalPart('Anne', "O’Neil")).toBe('anne.oneil');
  });

  it('resolves collisions with a number, never reusing a taken address', () => {
    expect(proposeLocalParts('jean.martin', new Set())).toEqual(['jean.martin', 'jean.martin2', 'jean.martin3']);
    expect(proposeLocalParts('jean.martin', new Set(['jean.martin', 'jean.martin3']))).toEqual(['jean.martin2', 'jean.martin4', 'jean.martin5']);
  });

  it('refuses names made only of symbols, with a code', () => {
    expect(code(() => baseLocalPart('!!!', 'Martin'))).toBe('ADRESSE.NAME_EMPTY');
    expect(code(() => baseLocalPart('Jean', '*** ---'))).toBe('ADRESSE.NAME_EMPTY');
    expect(code(() => baseLocalPart('Jean', '😀😀'))).toBe('ADRESSE.NAME_EMPTY');
    expect(code(() => baseLocalPart('', 'Martin'))).toBe('ADRESSE.NAME_EMPTY');
  });

  it('refuses 300-character names', () => {
    expect(code(() => baseLocalPart('Jean', 'a'.repeat(300)))).toBe('ADRESSE.NAME_TOO_LONG');
    expect(code(() => baseLocalPart('Jean-Baptiste-Marie-Joseph', 'De La Rochefoucauld-Montmorency-Laval'))).toBe('ADRESSE.NAME_TOO_LONG');
  });

  it('refuses homoglyph tricks (letters of another script)', () => {
    expect(code(() => foldNamePart('Jеan', 'prenom'))).toBe('ADRESSE.NAME_MIXED_SCRIPTS'); // Cyrillic е
    expect(code(() => baseLocalPart('Jean', 'Μartin'))).toBe('ADRESSE.NAME_MIXED_SCRIPTS'); // Greek Μ
    expect(code(() => baseLocalPart('Jean', 'Иванов'))).toBe('ADRESSE.NAME_MIXED_SCRIPTS');
  });

  it('refuses reserved and offensive local parts', () => {
    expect(code(() => baseLocalPart('Post', 'Master'))).toBeUndefined();
    expect(code(() => baseLocalPart('Admin', 'Martin'))).toBe('ADRESSE.RESERVED');
    expect(code(() => baseLocalPart('Jean', 'Postmaster'))).toBe('ADRESSE.RESERVED');
    expect(code(() => baseLocalPart('France', 'Travail'))).toBe('ADRESSE.RESERVED');
    expect(code(() => baseLocalPart('Jean', 'Connard'))).toBe('ADRESSE.OFFENSIVE');
    expect(code(() => baseLocalPart('Salope', 'Martin'))).toBe('ADRESSE.OFFENSIVE');
    expect(code(() => baseLocalPart('Jean', 'Nazi-Martin'))).toBe('ADRESSE.OFFENSIVE');
    // A real name containing a refused word inside a longer word is fine.
    expect(baseLocalPart('Constance', 'Conrad')).toBe('constance.conrad');
  });
});
