import { allows, POLICIES } from '@pin/contracts/policies';
import './mandats.css';
import { loginUrl, type CurrentUser } from '../api';
import { h } from '../dom';
import type { View, ViewContext } from '../view';
import { habilitationsView } from './habilitations.view';
import { pageTitle } from './page';
import { myMandatesView, usagerView } from './usager.view';
import { usagersView } from './usagers.view';
import { verificationView } from './verification';
import { wizardView } from './wizard.view';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const isAidant = (u: CurrentUser) => allows(u, POLICIES.usager.manage);
const isUsager = (u: CurrentUser) => allows(u, POLICIES.self.read);
const managesHabilitations = (u: CurrentUser) => allows(u, POLICIES.habilitation.request);

/** Pages behind a login and a role; the session may still be loading. */
function guarded(title: string, allowed: (u: CurrentUser) => boolean, page: (u: CurrentUser) => View): (ctx: ViewContext) => View {
  return ({ session, path }) => {
    if (session.state === 'signedIn') {
      if (allowed(session.user)) return page(session.user);
      return { title, content: [pageTitle(title), h('p', {}, 'Cette page est réservée à d’autres profils que le vôtre.'), h('p', {}, h('a', { href: '/app', 'data-lien': true }, 'Revenir à mon espace'))] };
    }
    const content: Node[] = [pageTitle(title)];
    if (session.state === 'signedOut') content.push(h('p', { class: 'action' }, 'Connectez-vous pour accéder à cette page. ', h('a', { class: 'bouton', href: loginUrl(path) }, 'Se connecter')));
    else if (session.state === 'loading') content.push(h('p', {}, 'Chargement…'));
    return { title, content };
  };
}

/** The mandates pages, or null when the path is not one of them. */
export function mandatesRoute(path: string): ((ctx: ViewContext) => View) | null {
  const verifier = /^\/verifier\/([\w.~-]{10,200})$/.exec(path);
  if (verifier) return () => verificationView(verifier[1]);
  if (path === '/app/usagers') return guarded('Usagers accompagnés', isAidant, (u) => usagersView(u.structures));
  const wizard = new RegExp(`^/app/usagers/(${UUID})/nouveau-mandat$`).exec(path);
  if (wizard) return guarded('Nouveau mandat', isAidant, (u) => wizardView(wizard[1], u.structures));
  const usager = new RegExp(`^/app/usagers/(${UUID})$`).exec(path);
  if (usager) return guarded('Fiche usager', isAidant, () => usagerView(usager[1]));
  if (path === '/app/mes-mandats') return guarded('Mes mandats', isUsager, () => myMandatesView());
  if (path === '/app/habilitations') {
    return guarded('Habilitations des aidants', managesHabilitations, (u) => habilitationsView(u.roles, u.structures));
  }
  return null;
}

/** Links of the signed-in space to the mandates pages the user may open. */
export function mandatesShortcuts(user: CurrentUser): HTMLElement | null {
  const links: Array<[string, string, string]> = [];
  if (isAidant(user)) links.push(['/app/usagers', 'Usagers et mandats', 'Retrouver ou enregistrer une personne, établir un mandat.']);
  if (isUsager(user)) links.push(['/app/mes-mandats', 'Mes mandats', 'Voir vos mandats et leur journal, les révoquer.']);
  if (managesHabilitations(user)) links.push(['/app/habilitations', 'Habilitations des aidants', 'Demander ou valider l’habilitation d’un aidant.']);
  if (!links.length) return null;
  return h(
    'section',
    { class: 'carte', 'aria-labelledby': 'titre-mandats-acces' },
    h('h2', { id: 'titre-mandats-acces' }, 'Mandats d’aide aux démarches'),
    h('ul', { class: 'liste-simple' }, ...links.map(([href, label, hint]) => h('li', {}, h('a', { href, 'data-lien': true }, label), ` — ${hint}`))),
  );
}
