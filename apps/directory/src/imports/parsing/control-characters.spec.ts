import { V102_FIELDS } from '../../standard/v1-0-2';
import { parseLieuxFile } from './parse-lieux-file';

const row = (o: Partial<Record<string, string>>) => {
  const v: Record<string, string | undefined> = {
    pivot: '00000000000000', nom: 'Médiathèque', commune: 'Dax', code_postal: '40100', code_insee: '40088', adresse: '1 rue Saint-Pierre',
    latitude: '43.7102', longitude: '-1.0536', date_maj: '2024-01-02', services: 'Aide aux démarches administratives',
    ...o,
  };
  return V102_FIELDS.map((f) => `"${(v[f] ?? '').replace(/"/g, '""')}"`).join(',');
};

describe('import: a NUL or control character rejects its row only, by line', () => {
  it('keeps the good rows, names the bad cells, and stores names in NFC', () => {
    const file = [V102_FIELDS.join(','), row({ id: 'ok', nom: 'Me\u0301diathe\u0300que' }), row({ id: 'nul', nom: 'Espace\u0000numérique' }), row({ id: 'esc', adresse: '\u001b[31m2 rue' }), row({ id: 'ok2' })].join('\n');
    const r = parseLieuxFile(Buffer.from(file, 'utf8'), 'v1.0.2-csv');
    expect(r.lieux.map((l) => l.sourceId)).toEqual(['ok', 'ok2']);
    expect(r.lieux[0].data.nom).toBe('Médiathèque');
    expect(r.rejets).toEqual([
      { ligne: 3, motif: 'Caractère de contrôle interdit (octet nul ou non imprimable) dans : nom.' },
      { ligne: 4, motif: 'Caractère de contrôle interdit (octet nul ou non imprimable) dans : adresse.' },
    ]);
  });
});
