import { loginUrl, type CurrentUser } from './api';
import type { Session, View, ViewContext } from './view';
import { h } from './dom';
import { canListStructures, roleLabels } from './roles';
import { structuresSection } from './structures';
import { mandatesShortcuts } from './mandats/routes';
import { annuaireLinks } from './annuaire/routes';

export type { Session, View, ViewContext } from './view';

const title = (text: string) => h('h1', { tabindex: '-1' }, text);

function presentation(): Node[] {
  return [
    h('p', { class: 'chapo' }, 'PIN réunit les acteurs de l’inclusion numérique du département des Landes : usagers, aidants, médiateurs numériques, structures d’accueil et animateurs du réseau.'),
    h(
      'ul',
      { class: 'atouts' },
      h('li', {}, 'Trouver un lieu d’accompagnement au numérique près de chez soi.'),
      h('li', {}, 'Suivre les accompagnements et les mandats d’aide en toute sécurité.'),
      h('li', {}, 'Animer le réseau des structures et des professionnels du territoire.'),
    ),
  ];
}

function loginInvite(path: string, text: string): HTMLElement {
  return h('p', { class: 'action' }, text, ' ', h('a', { class: 'bouton', href: loginUrl(path) }, 'Se connecter'));
}

/** The error itself is announced by the page's live region (#annonces); here, a way out. */
function retryBlock(retry: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'bouton' }, 'Réessayer');
  button.addEventListener('click', retry);
  return h('p', { class: 'action' }, button);
}

export function homeView({ session, retry }: ViewContext): View {
  const content: Node[] = [title('Plateforme d’Inclusion Numérique des Landes'), ...presentation()];
  if (session.state === 'signedOut') content.push(loginInvite('/app', 'Vous êtes aidant, médiateur, référent ou animateur ?'));
  if (session.state === 'signedIn') content.push(h('p', { class: 'action' }, h('a', { class: 'bouton', href: '/app', 'data-lien': true }, 'Accéder à mon espace')));
  if (session.state === 'error') content.push(retryBlock(retry));
  return { title: 'Accueil', content };
}

export function spaceView({ session, path, retry }: ViewContext): View {
  if (session.state === 'signedIn') return signedInView(session.user);
  const content: Node[] = [title('Mon espace')];
  if (session.state === 'signedOut') content.push(loginInvite(path, 'Connectez-vous pour accéder à votre espace.'));
  if (session.state === 'error') content.push(retryBlock(retry));
  if (session.state === 'loading') content.push(h('p', {}, 'Chargement de votre espace…'));
  return { title: 'Mon espace', content };
}

function signedInView(user: CurrentUser): View {
  const labels = roleLabels(user.roles);
  const roles = h(
    'section',
    { class: 'carte', 'aria-labelledby': 'titre-roles' },
    h('h2', { id: 'titre-roles' }, labels.length > 1 ? 'Vos rôles' : 'Votre rôle'),
    labels.length > 0
      ? h('ul', { class: 'roles' }, ...labels.map((label) => h('li', {}, label)))
      : h('p', {}, 'Aucun rôle ne vous est encore attribué. Contactez l’animateur du réseau.'),
  );
  const content: Node[] = [title(`Bonjour ${user.name}`), h('p', { class: 'chapo' }, 'Bienvenue dans votre espace PIN.'), roles];
  if (canListStructures(user.roles)) content.push(structuresSection());
  const annuaire = annuaireLinks(user.roles);
  if (annuaire.length) {
    content.push(
      h('section', { class: 'carte', 'aria-labelledby': 'titre-annuaire' }, h('h2', { id: 'titre-annuaire' }, 'Annuaire des lieux'),
        h('ul', {}, ...annuaire.map((l) => h('li', {}, h('a', { href: l.href, 'data-lien': true }, l.text))))),
    );
  }
  const mandates = mandatesShortcuts(user);
  if (mandates) content.push(mandates);
  return { title: 'Mon espace', content };
}

export function notFoundView(): View {
  return {
    title: 'Page introuvable',
    content: [title('Page introuvable'), h('p', {}, 'Cette page n’existe pas ou a été déplacée.'), h('p', {}, h('a', { href: '/', 'data-lien': true }, 'Revenir à l’accueil'))],
  };
}

/** The header's account area: who is signed in and the logout form (works without JavaScript). */
export function accountArea(session: Session): Node[] {
  if (session.state !== 'signedIn') return [];
  return [
    h('p', { class: 'compte__nom' }, h('span', { class: 'visuellement-cache' }, 'Connecté en tant que '), session.user.name),
    h('form', { method: 'post', action: '/auth/logout' }, h('button', { type: 'submit', class: 'bouton bouton--clair' }, 'Se déconnecter')),
  ];
}
