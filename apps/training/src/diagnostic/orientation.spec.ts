import type { DiagnosticAnswers } from '@pin/contracts';
import { orient } from './orientation';

const base: DiagnosticAnswers = { equipement: 'les-deux', email: 'utilisee', aisance: 'moyenne', urgence: 'aucune', aideSouhaitee: 'faire-avec-moi' };

describe('orientation of the diagnostic de premier niveau', () => {
  it.each([
    [{ aideSouhaitee: 'faire-pour-moi' }, 'aidant-habilite'],
    [{ urgence: 'droits', aisance: 'aucune' }, 'aidant-habilite'],
    [{ equipement: 'aucun' }, 'france-services'],
    [{ email: 'oubliee' }, 'mediateur'],
    [{ urgence: 'sante', aisance: 'bonne' }, 'mediateur'],
    [{ aideSouhaitee: 'apprendre', aisance: 'faible' }, 'atelier'],
    [{ aideSouhaitee: 'apprendre', aisance: 'bonne' }, 'autonome'],
    [{}, 'mediateur'],
  ] as Array<[Partial<DiagnosticAnswers>, string]>)('%j → %s', (over, expected) => {
    const r = orient({ ...base, ...over });
    expect(r.orientation).toBe(expected);
    expect(r.motif.length).toBeGreaterThan(10);
  });
});
