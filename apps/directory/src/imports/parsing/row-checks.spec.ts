import { postalCodeMismatch, postalCodesOfInsee } from '../../lieux/postal-code';
import { V102_FIELDS } from '../../standard/v1-0-2';
import { parseLieuxFile } from './parse-lieux-file';

/** One v1.0.2 CSV row (Dax by default); `undefined` leaves the cell empty. */
const row = (o: Partial<Record<string, string>>) => {
  const v: Record<string, string | undefined> = {
    pivot: '00000000000000', nom: 'Médiathèque', commune: 'Dax', code_postal: '40100', code_insee: '40088', adresse: '1 rue Saint-Pierre',
    latitude: '43.7102', longitude: '-1.0536', date_maj: '2024-01-02', services: 'Aide aux démarches administratives',
    ...o,
  };
  return V102_FIELDS.map((f) => `"${(v[f] ?? '').replace(/"/g, '""')}"`).join(',');
};
const parse = (...rows: string[]) => parseLieuxFile(Buffer.from([V102_FIELDS.join(','), ...rows].join('\n'), 'utf8'), 'v1.0.2-csv');

describe('postal codes of a commune (offline, @etalab/decoupage-administratif)', () => {
  it('knows the postal codes of current communes, arrondissements and communes déléguées', () => {
    expect(postalCodesOfInsee('40088')).toEqual({ codeInsee: '40088', nom: 'Dax', codesPostaux: ['40100'] });
    expect(postalCodesOfInsee('75056')!.codesPostaux).toContain('75011');
    expect(postalCodesOfInsee('75111')!.codesPostaux).toEqual(['75011']);
    // Arbignieu, commune déléguée of Arboys en Bugey: the commune nouvelle's postal code.
    expect(postalCodesOfInsee('01015')!.codesPostaux).toEqual(['01300']);
    expect(postalCodesOfInsee('40999')).toBeUndefined();
  });

  it('says whether a postal code is one of the commune', () => {
    expect(postalCodeMismatch('40100', '40088')).toBeUndefined();
    expect(postalCodeMismatch('40000', '40088')).toMatchObject({ nom: 'Dax', codesPostaux: ['40100'] });
    expect(postalCodeMismatch('40000', '40999')).toBeUndefined(); // unknown INSEE code: flagged elsewhere
  });
});

describe('import: the postal code must be one of the commune', () => {
  it('a four-digit postal code is restored with its leading zero when it is a postal code of the INSEE code', () => {
    const r = parse(row({ id: 'bourg', commune: 'Bourg-en-Bresse', code_postal: '1000', code_insee: '01053', latitude: '46.2052', longitude: '5.2255' }));
    expect(r.rejets).toEqual([]);
    expect(r.lieux[0].data).toMatchObject({ code_postal: '01000', code_insee: '01053' });
  });

  it('a four-digit postal code whose restored value is not a postal code of the commune rejects the row, by line', () => {
    const r = parse(row({ id: 'ok' }), row({ id: 'dax-4010', code_postal: '4010' }), row({ id: 'ok-2', nom: 'Autre lieu' }));
    expect(r.rejets).toEqual([
      { ligne: 3, motif: "Code postal 04010 (« 4010 » complété d'un zéro) : ce n'est pas un code postal de la commune 40088 (Dax), dont le code postal est 40100." },
    ]);
    expect(r.lieux.map((l) => l.sourceId)).toEqual(['ok', 'ok-2']);
  });

  it('a five-digit postal code of another commune than the INSEE code rejects the row', () => {
    const r = parse(row({ id: 'mdm-cp', code_postal: '40000' }));
    expect(r.rejets).toEqual([
      { ligne: 2, motif: "Code postal 40000 : ce n'est pas un code postal de la commune 40088 (Dax), dont le code postal est 40100." },
    ]);
    expect(r.lieux).toEqual([]);
  });

  it('a missing INSEE code is still inferred from the postal code and the commune', () => {
    const r = parse(
      row({ id: 'dax', code_insee: undefined }),
      row({ id: 'bourg', commune: 'Bourg-en-Bresse', code_postal: '1000', code_insee: undefined, latitude: '46.2052', longitude: '5.2255' }),
      row({ id: 'inconnue', commune: 'Nulle-Part', code_postal: '40100', code_insee: undefined }),
    );
    expect(r.rejets).toEqual([]);
    expect(r.lieux.map((l) => [l.sourceId, l.data.code_postal, l.data.code_insee])).toEqual([
      ['dax', '40100', '40088'],
      ['bourg', '01000', '01053'],
      ['inconnue', '40100', '40088'], // the only commune of 40100
    ]);
  });

  it('without an INSEE code, a restored postal code must be one of the named commune', () => {
    const r = parse(row({ id: 'dax-4010', code_postal: '4010', code_insee: undefined }), row({ id: 'ain', commune: 'Dax', code_postal: '1000', code_insee: undefined }));
    expect(r.rejets).toEqual([
      { ligne: 2, motif: "Code postal 04010 (« 4010 » complété d'un zéro) : ce n'est pas un code postal de la commune « Dax »." },
      { ligne: 3, motif: "Code postal 01000 (« 1000 » complété d'un zéro) : ce n'est pas un code postal de la commune « Dax »." },
    ]);
  });

  it('Paris: any arrondissement postal code of the commune, or the arrondissement’s own', () => {
    const paris = { commune: 'Paris', latitude: '48.8566', longitude: '2.3522' };
    const r = parse(row({ id: 'p1', ...paris, code_postal: '75011', code_insee: '75056' }), row({ id: 'p2', ...paris, code_postal: '75012', code_insee: '75111' }));
    expect(r.lieux.map((l) => l.sourceId)).toEqual(['p1']);
    expect(r.rejets).toEqual([{ ligne: 3, motif: expect.stringMatching(/^Code postal 75012 : ce n'est pas un code postal de la commune 75111 \(Paris 11e Arrondissement\)/) }]);
  });

  it('an unknown INSEE code is not a rejection (the writer flags it insee-inconnu)', () => {
    const r = parse(row({ id: 'x', code_insee: '40999' }));
    expect(r.rejets).toEqual([]);
    expect(r.lieux[0].data.code_insee).toBe('40999');
  });
});

describe('import: a NUL or control character rejects its row only, by line', () => {
  it('keeps the good rows, names the bad cells, and stores names in NFC', () => {
    const r = parse(row({ id: 'ok', nom: 'Me\u0301diathe\u0300que' }), row({ id: 'nul', nom: 'Espace\u0000numérique' }), row({ id: 'esc', adresse: '\u001b[31m2 rue' }), row({ id: 'ok2' }));
    expect(r.lieux.map((l) => l.sourceId)).toEqual(['ok', 'ok2']);
    expect(r.lieux[0].data.nom).toBe('Médiathèque');
    expect(r.rejets).toEqual([
      { ligne: 3, motif: 'Caractère de contrôle interdit (octet nul ou non imprimable) dans : nom.' },
      { ligne: 4, motif: 'Caractère de contrôle interdit (octet nul ou non imprimable) dans : adresse.' },
    ]);
  });
});
