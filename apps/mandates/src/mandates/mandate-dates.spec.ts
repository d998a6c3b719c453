import { addParisDays } from './mandate-dates';

const paris = (d: Date) => d.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });

describe('the end of a mandate: same time of day in Paris, calendar days later', () => {
  it('keeps 14 h 05 across the spring change (winter → summer)', () => {
    const start = new Date('2026-11-23T13:05:00Z'); // 14 h 05 in Paris
    const end = addParisDays(start, 182);
    expect(paris(end)).toBe('24/05/2027 14:05:00');
    expect(end.toISOString()).toBe('2027-05-24T12:05:00.000Z');
  });
  it('keeps the time across the autumn change (summer → winter)', () => {
    expect(paris(addParisDays(new Date('2026-07-01T08:00:00Z'), 182))).toBe('30/12/2026 10:00:00');
  });
  it('is plain days × 24 h when no change lies between', () => {
    const start = new Date('2026-12-03T09:30:00Z');
    expect(addParisDays(start, 31).getTime() - start.getTime()).toBe(31 * 86_400_000);
    expect(addParisDays(start, 1).getTime() - start.getTime()).toBe(86_400_000);
  });
});
