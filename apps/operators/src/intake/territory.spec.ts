import { Territories } from './territory';

describe('territories of INSEE codes', () => {
  const t = new Territories();
  it('gives the département and the EPCI of a commune', () => {
    expect(t.placeOf('40192')).toEqual({ commune: '40192', departement: '40', epci: '244000808' }); // Mont-de-Marsan Agglomération
    expect(t.placeOf('2A004')?.departement).toBe('2A');
    expect(t.placeOf('97411')?.departement).toBe('974');
    expect(t.placeOf('75056')?.departement).toBe('75');
    expect(t.placeOf('75101')?.commune).toBe('75056');
    expect(t.placeOf(null)).toBeNull();
  });
});
