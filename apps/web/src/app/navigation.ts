import { allows, POLICIES, type Policy } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';

export interface NavItem {
  href: string;
  label: string;
  /** Who sees the link: a shared policy, or 'signedIn'/'public'. */
  access: Policy | 'signedIn' | 'public';
}

/** The main navigation: each link shows only to those the shared policies let through. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Carte des lieux', access: 'public' },
  { href: '/app', label: 'Mon espace', access: 'signedIn' },
  { href: '/app/usagers', label: 'Usagers', access: POLICIES.usager.manage },
  { href: '/app/mes-mandats', label: 'Mes mandats', access: POLICIES.self.read },
  { href: '/app/coffre', label: 'Mon coffre-fort', access: POLICIES.coffre.own },
  { href: '/app/habilitations', label: 'Habilitations', access: POLICIES.habilitation.request },
  { href: '/app/formations', label: 'Formations', access: POLICIES.formation.read },
  { href: '/app/mes-lieux', label: 'Lieux', access: POLICIES.lieu.manage },
  { href: '/app/signalements', label: 'Signalements', access: POLICIES.signalement.moderate },
  { href: '/app/imports', label: 'Imports', access: POLICIES.import.run },
  { href: '/app/annonces', label: 'Annonces', access: POLICIES.announcement.read },
  { href: '/app/orientations', label: 'Orientations', access: POLICIES.orientation.handle },
  { href: '/app/operateurs', label: 'Opérateurs', access: POLICIES.operator.supervise },
  { href: '/app/labellisation', label: 'Label', access: POLICIES.labelling.apply },
  { href: '/app/charte', label: 'Charte', access: POLICIES.labelling.charterSign },
  { href: '/app/pass-numerique', label: 'Pass Numérique', access: POLICIES.labelling.passRedeem },
  { href: '/app/ma-messagerie', label: 'Ma messagerie', access: POLICIES.messagerie.self },
  { href: '/app/pass-numerique/remise', label: 'Remise de pass', access: POLICIES.labelling.passDistribute },
  { href: '/app/pass-numerique/lots', label: 'Carnets de pass', access: POLICIES.labelling.manage },
  { href: '/app/pass-numerique/financement', label: 'Financement des pass', access: POLICIES.labelling.passFunding },
  { href: '/app/programmes-label', label: 'Programmes de label', access: POLICIES.labelling.manage },
];

export function navFor(user: CurrentUser | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (item.access === 'public' || (typeof item.access === 'object' && item.access.access === 'public')) return true;
    if (!user) return false;
    if (item.access === 'signedIn') return true;
    return allows(user, item.access);
  });
}

/** The link of the current page: exact, or the closest parent section (`/app/usagers/…` → Usagers). */
export function currentHref(items: readonly NavItem[], path: string): string | undefined {
  const exact = items.find((i) => i.href === path);
  if (exact) return exact.href;
  return items.filter((i) => i.href !== '/' && i.href !== '/app' && path.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
}
