import type { CurrentUser } from '@pin/contracts';
import { currentHref, navEntries, navFor } from './navigation';

const user = (roles: string[]): CurrentUser => ({ sub: 's', username: 'u', name: 'U', roles, structures: [] }) as unknown as CurrentUser;

describe('main navigation by role', () => {
  it('gives a usager plain links only (no menu of one)', () => {
    const entries = navEntries(navFor(user(['usager'])));
    expect(entries.every((e) => e.kind === 'link')).toBe(true);
    expect(entries.map((e) => (e.kind === 'link' ? e.item.label : e.name))).toEqual(expect.arrayContaining(['Carte des lieux', 'Mon espace', 'Mes mandats']));
  });

  it('folds an animateur’s many links into groups, each at the place of its first link', () => {
    const entries = navEntries(navFor(user(['animateur'])));
    const groups = entries.filter((e) => e.kind === 'group');
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['Annuaire', 'Pass Numérique']));
    for (const g of groups) if (g.kind === 'group') expect(g.items.length).toBeGreaterThan(1);
    // Eleven entries at most on one line of a desktop header, whatever the links behind them.
    expect(entries.length).toBeLessThanOrEqual(11);
    expect(navFor(user(['animateur'])).length).toBeGreaterThan(entries.length);
  });

  it('shows the anonymous visitor the public pages only', () => {
    expect(navEntries(navFor(undefined)).map((e) => (e.kind === 'link' ? e.item.href : e.name))).toEqual(['/', '/app/formations']);
  });

  it('shows « Partagés avec moi » to those who act for usagers, not to usagers', () => {
    const labels = (roles: string[]) => navFor(user(roles)).map((i) => i.label);
    for (const role of ['aidant', 'mediateur', 'referent']) expect(labels([role])).toContain('Partagés avec moi');
    expect(labels(['usager'])).not.toContain('Partagés avec moi');
    expect(currentHref(navFor(user(['aidant'])), '/app/coffre/partages')).toBe('/app/coffre/partages');
  });

  it('marks the closest section as current', () => {
    const items = navFor(user(['animateur']));
    expect(currentHref(items, '/app/pass-numerique/lots')).toBe('/app/pass-numerique/lots');
    expect(currentHref(items, '/app/mes-lieux/123')).toBe('/app/mes-lieux');
    expect(currentHref(navFor(user(['aidant'])), '/app/usagers/123')).toBe('/app/usagers');
  });
});
