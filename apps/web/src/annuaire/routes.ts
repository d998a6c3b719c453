import { allows, POLICIES } from '@pin/contracts/policies';
import type { View, ViewContext } from '../view';
import { carteView } from './carte';
import { lieuView } from './lieu';
import { lieuEditView, mesLieuxView } from './mes-lieux';
import { moderationView } from './moderation';
import { importView } from './import';
import './annuaire.css';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The directory's pages: public map and lieu pages, and the network's pages under /app. Undefined: not ours. */
export function annuaireRoute(path: string): ((ctx: ViewContext) => View) | undefined {
  const clean = path.length > 1 ? path.replace(/\/$/, '') : path;
  if (clean === '/' || clean === '/app/carte') return carteView;
  let m = /^\/lieux\/([^/]+)$/.exec(clean);
  if (m && ID.test(m[1])) {
    const id = m[1];
    return (ctx) => lieuView(ctx, id);
  }
  if (clean === '/app/mes-lieux') return mesLieuxView;
  m = /^\/app\/mes-lieux\/([^/]+)$/.exec(clean);
  if (m && ID.test(m[1])) {
    const id = m[1];
    return (ctx) => lieuEditView(ctx, id);
  }
  if (clean === '/app/signalements') return moderationView;
  if (clean === '/app/imports') return importView;
  return undefined;
}

/** Links of "Mon espace" to the directory's pages, by role. */
export function annuaireLinks(roles: readonly string[]): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  const network = allows({ roles }, POLICIES.lieu.manage);
  const animateur = allows({ roles }, POLICIES.import.run);
  if (network) links.push({ href: '/app/mes-lieux', text: animateur ? 'Lieux de l’annuaire' : 'Mes lieux' });
  if (network) links.push({ href: '/app/signalements', text: 'Signalements à traiter' });
  if (animateur) links.push({ href: '/app/imports', text: 'Importer et exporter des lieux' });
  return links;
}
