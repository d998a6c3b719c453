import { territoryOf } from './territory';

describe('territory of a commune', () => {
  it('gives the département and the EPCI of a Landes commune, nothing for an unknown code', () => {
    expect(territoryOf('40192')).toEqual({ departement: '40', epci: expect.stringMatching(/^\d{9}$/) });
    expect(territoryOf('75056')?.departement).toBe('75');
    expect(territoryOf('40999')).toBeUndefined();
  });
});
