import { matchesSubscription, type SubscriptionFilter } from './subscription-match';

const CREATED = 'pin.directory.lieu.created.v1';
const REVOKED = 'pin.mandates.autorisation.revoked.v1';
const dax = { commune: '40088', departement: '40', epci: '200069193' };
const pau = { commune: '64445', departement: '64', epci: '200067254' };
const sub = (o: Omit<Partial<SubscriptionFilter>, 'territoire'> & { territoire?: Partial<SubscriptionFilter['territoire']> } = {}): SubscriptionFilter => ({
  types: o.types ?? [CREATED],
  demarches: o.demarches ?? [],
  territoire: { departements: [], epcis: [], communes: [], ...o.territoire },
});

describe('subscription matching', () => {
  it('needs a subscribed type', () => {
    expect(matchesSubscription(sub(), { type: CREATED, places: [dax] })).toBe(true);
    expect(matchesSubscription(sub(), { type: 'pin.directory.lieu.closed.v1', places: [dax] })).toBe(false);
  });

  it('matches a département, an EPCI or a commune; no territory means everywhere', () => {
    expect(matchesSubscription(sub({ territoire: { departements: ['40'] } }), { type: CREATED, places: [dax] })).toBe(true);
    expect(matchesSubscription(sub({ territoire: { departements: ['40'] } }), { type: CREATED, places: [pau] })).toBe(false);
    expect(matchesSubscription(sub({ territoire: { epcis: ['200069193'] } }), { type: CREATED, places: [dax] })).toBe(true);
    expect(matchesSubscription(sub({ territoire: { communes: ['64445'] } }), { type: CREATED, places: [dax] })).toBe(false);
    expect(matchesSubscription(sub({ territoire: { communes: ['64445'], departements: ['40'] } }), { type: CREATED, places: [pau] })).toBe(true);
    expect(matchesSubscription(sub(), { type: CREATED, places: [pau] })).toBe(true);
  });

  it('matches a lieu that left the territory (its former place counts)', () => {
    expect(matchesSubscription(sub({ territoire: { departements: ['40'] } }), { type: CREATED, places: [pau, dax] })).toBe(true);
  });

  it('sends an event of unknown place only to subscriptions without territory', () => {
    expect(matchesSubscription(sub({ types: [REVOKED] }), { type: REVOKED, places: [] })).toBe(true);
    expect(matchesSubscription(sub({ types: [REVOKED], territoire: { departements: ['40'] } }), { type: REVOKED, places: [] })).toBe(false);
    expect(matchesSubscription(sub({ territoire: { departements: ['40'] } }), { type: CREATED, places: [{ commune: null, departement: null, epci: null }] })).toBe(false);
  });

  it('filters mandate events by démarche', () => {
    expect(matchesSubscription(sub({ types: [REVOKED], demarches: ['famille', 'logement'] }), { type: REVOKED, places: [], demarche: 'famille' })).toBe(true);
    expect(matchesSubscription(sub({ types: [REVOKED], demarches: ['famille'] }), { type: REVOKED, places: [], demarche: 'social' })).toBe(false);
    expect(matchesSubscription(sub({ types: [REVOKED] }), { type: REVOKED, places: [], demarche: 'social' })).toBe(true);
  });
});
