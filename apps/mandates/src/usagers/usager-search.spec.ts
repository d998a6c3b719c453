import { foldName, usagerSearchTerms } from './usager.present';

describe('what an aidant types to find a usager', () => {
  it('folds names: accents, case, hyphens and apostrophes ignored', () => {
    expect(foldName('Lefèvre-Dupré')).toBe('lefevre dupre');
    expect(foldName("N'Diaye")).toBe('n diaye');
  });
  it('reads birth dates in the common French forms, and ISO', () => {
    for (const q of ['02/03/1952', '2/3/1952', '02-03-1952', '02.03.1952', '02031952', '1952-03-02']) expect(usagerSearchTerms(q)).toEqual({ words: [], date: '1952-03-02' });
  });
  it('keeps impossible dates as words (never a wrong date filter)', () => {
    expect(usagerSearchTerms('31/02/1952').date).toBeNull();
  });
  it('mixes words and a date', () => {
    expect(usagerSearchTerms('  Hélène  LEFÈVRE 02/03/1952 ')).toEqual({ words: ['helene', 'lefevre'], date: '1952-03-02' });
  });
});
