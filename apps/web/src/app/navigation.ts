import { allows, POLICIES, type Policy } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';

export interface NavItem {
  href: string;
  label: string;
  /** Who sees the link: a shared policy, or 'signedIn'/'public'. */
  access: Policy | 'signedIn' | 'public';
  /** Links of one group show under one disclosure button when more than one of them is visible. */
  group?: NavGroupName;
}

export type NavGroupName = 'Annuaire' | 'Label et charte' | 'Pass Numérique' | 'Opérateurs publics';

/** One entry of the rendered navigation: a link, or a group of links behind a button. */
export type NavEntry = { kind: 'link'; item: NavItem } | { kind: 'group'; name: NavGroupName; items: NavItem[] };

/** The main navigation: each link shows only to those the shared policies let through. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Carte des lieux', access: 'public' },
  { href: '/app', label: 'Mon espace', access: 'signedIn' },
  { href: '/app/usagers', label: 'Usagers', access: POLICIES.usager.manage },
  { href: '/app/mes-mandats', label: 'Mes mandats', access: POLICIES.self.read },
  { href: '/app/coffre', label: 'Mon coffre-fort', access: POLICIES.coffre.own },
  { href: '/app/coffre/partages', label: 'Partagés avec moi', access: POLICIES.coffre.act },
  { href: '/app/habilitations', label: 'Habilitations', access: POLICIES.habilitation.request },
  { href: '/app/formations', label: 'Formations', access: POLICIES.formation.read },
  { href: '/app/mes-lieux', label: 'Lieux', group: 'Annuaire', access: POLICIES.lieu.manage },
  { href: '/app/signalements', label: 'Signalements', group: 'Annuaire', access: POLICIES.signalement.moderate },
  { href: '/app/imports', label: 'Imports', group: 'Annuaire', access: POLICIES.import.run },
  { href: '/app/demarches', label: 'Démarches', group: 'Annuaire', access: POLICIES.demarche.manage },
  { href: '/app/annonces', label: 'Annonces', group: 'Opérateurs publics', access: POLICIES.announcement.read },
  { href: '/app/orientations', label: 'Orientations', group: 'Opérateurs publics', access: POLICIES.orientation.handle },
  { href: '/app/operateurs', label: 'Opérateurs', group: 'Opérateurs publics', access: POLICIES.operator.supervise },
  { href: '/app/labellisation', label: 'Label', group: 'Label et charte', access: POLICIES.labelling.apply },
  { href: '/app/charte', label: 'Charte', group: 'Label et charte', access: POLICIES.labelling.charterSign },
  { href: '/app/pass-numerique', label: 'Encaisser un pass', group: 'Pass Numérique', access: POLICIES.labelling.passRedeem },
  { href: '/app/ma-messagerie', label: 'Ma messagerie', access: POLICIES.messagerie.self },
  { href: '/app/pass-numerique/remise', label: 'Remise de pass', group: 'Pass Numérique', access: POLICIES.labelling.passDistribute },
  { href: '/app/pass-numerique/lots', label: 'Carnets de pass', group: 'Pass Numérique', access: POLICIES.labelling.manage },
  { href: '/app/pass-numerique/financement', label: 'Financement des pass', group: 'Pass Numérique', access: POLICIES.labelling.passFunding },
  { href: '/app/programmes-label', label: 'Programmes de label', group: 'Label et charte', access: POLICIES.labelling.manage },
];

export function navFor(user: CurrentUser | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (item.access === 'public' || (typeof item.access === 'object' && item.access.access === 'public')) return true;
    if (!user) return false;
    if (item.access === 'signedIn') return true;
    return allows(user, item.access);
  });
}

/**
 * The navigation as rendered: ungrouped links in order, each group at the place of its first visible
 * link; a group with a single visible link is shown as that link (a menu of one helps nobody).
 */
export function navEntries(items: readonly NavItem[]): NavEntry[] {
  const entries: NavEntry[] = [];
  const groups = new Map<NavGroupName, NavItem[]>();
  for (const item of items) {
    if (!item.group) {
      entries.push({ kind: 'link', item });
      continue;
    }
    const members = groups.get(item.group);
    if (members) {
      members.push(item);
      continue;
    }
    const created = [item];
    groups.set(item.group, created);
    entries.push({ kind: 'group', name: item.group, items: created });
  }
  return entries.map((e) => (e.kind === 'group' && e.items.length === 1 ? { kind: 'link', item: e.items[0] } : e));
}

/** The link of the current page: exact, or the closest parent section (`/app/usagers/…` → Usagers). */
export function currentHref(items: readonly NavItem[], path: string): string | undefined {
  const exact = items.find((i) => i.href === path);
  if (exact) return exact.href;
  return items.filter((i) => i.href !== '/' && i.href !== '/app' && path.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
}
