import { transition, unansweredMandatory, validUntil } from './dossier-rules';

describe('dossier state machine', () => {
  it('follows draft → submitted → under review → changes requested → submitted → granted', () => {
    expect(transition('brouillon', 'deposer')).toBe('depose');
    expect(transition('depose', 'instruire')).toBe('en_instruction');
    expect(transition('en_instruction', 'modifications')).toBe('modifications_demandees');
    expect(transition('modifications_demandees', 'repondre')).toBe('modifications_demandees');
    expect(transition('modifications_demandees', 'deposer')).toBe('depose');
    expect(transition('en_instruction', 'accorder')).toBe('accorde');
    expect(transition('en_instruction', 'refuser')).toBe('refuse');
  });

  it('refuses anything else with DOSSIER.INVALID_TRANSITION', () => {
    for (const [from, action] of [['brouillon', 'accorder'], ['depose', 'repondre'], ['accorde', 'deposer'], ['refuse', 'instruire'], ['en_instruction', 'deposer']] as const) {
      expect(() => transition(from, action)).toThrow(expect.objectContaining({ code: 'DOSSIER.INVALID_TRANSITION', status: 409 }));
    }
  });
});

describe('mandatory criteria', () => {
  const criteria = [
    { id: 'a', obligatoire_des_rang: 1 },
    { id: 'b', obligatoire_des_rang: 2 },
    { id: 'c', obligatoire_des_rang: null },
  ];
  it('are those required at the level’s rank or below, optional ones never', () => {
    expect(unansweredMandatory(criteria, 1, new Set())).toEqual(['a']);
    expect(unansweredMandatory(criteria, 2, new Set(['a']))).toEqual(['b']);
    expect(unansweredMandatory(criteria, 3, new Set(['a', 'b']))).toEqual([]);
  });
});

describe('label validity', () => {
  it('ends the day before the same date N months later, clamped to short months', () => {
    expect(validUntil('2026-12-03', 24)).toBe('2028-12-02');
    expect(validUntil('2026-01-31', 1)).toBe('2026-02-27');
    expect(validUntil('2026-03-01', 12)).toBe('2027-02-28');
  });
});
