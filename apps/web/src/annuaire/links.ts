import { allows, POLICIES } from '@pin/contracts/policies';

/** Links of "Mon espace" to the directory's pages, by role (the pages themselves are in ../routes.tsx). */
export function annuaireLinks(roles: readonly string[]): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  const network = allows({ roles }, POLICIES.lieu.manage);
  const animateur = allows({ roles }, POLICIES.import.run);
  if (network) links.push({ href: '/app/mes-lieux', text: animateur ? 'Lieux de l’annuaire' : 'Mes lieux' });
  if (network) links.push({ href: '/app/signalements', text: 'Signalements à traiter' });
  if (animateur) links.push({ href: '/app/imports', text: 'Importer et exporter des lieux' });
  return links;
}
