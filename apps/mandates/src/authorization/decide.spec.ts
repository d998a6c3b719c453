import { decide } from './authorization.service';

const now = Date.parse('2026-06-01T12:00:00Z');
const aut = (over: Partial<{ debut: string; fin: string; revoque_le: string | null }> = {}) => ({
  id: 'a1',
  mandat_id: 'm1',
  debut: '2026-01-01T00:00:00Z',
  fin: '2027-01-01T00:00:00Z',
  revoque_le: null,
  ...over,
});

describe('authorization decision (status computed from dates)', () => {
  it('allows an active autorisation of a habilitated aidant', () => {
    expect(decide({ habilite: true, aut: aut() }, now)).toEqual({ allowed: true, reason: 'AUTORISE', mandatId: 'm1', autorisationId: 'a1', fin: '2027-01-01T00:00:00.000Z' });
  });

  it.each([
    ['AIDANT_NON_HABILITE', { habilite: false, aut: aut() }],
    ['AUCUN_MANDAT', { habilite: true, aut: null }],
    ['MANDAT_REVOQUE', { habilite: true, aut: aut({ revoque_le: '2026-05-01T00:00:00Z' }) }],
    ['MANDAT_EXPIRE', { habilite: true, aut: aut({ fin: '2026-06-01T12:00:00Z' }) }],
    ['MANDAT_A_VENIR', { habilite: true, aut: aut({ debut: '2026-06-02T00:00:00Z' }) }],
  ] as const)('denies with %s', (reason, row) => {
    expect(decide(row, now)).toMatchObject({ allowed: false, reason });
  });

  it('a revoked autorisation never authorizes, even inside its dates and even expired', () => {
    expect(decide({ habilite: true, aut: aut({ revoque_le: '2026-05-01T00:00:00Z', fin: '2026-01-02T00:00:00Z' }) }, now).allowed).toBe(false);
  });
});
