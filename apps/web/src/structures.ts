import { fetchStructures, loginUrl, type Structure } from './api';
import { h } from './dom';

/** « Mes structures »: the structures the user may see (their own for a référent). */
export function structuresSection(): HTMLElement {
  const status = h('p', { class: 'statut', role: 'status', 'aria-live': 'polite' }, 'Chargement des structures…');
  const results = h('div', { 'aria-busy': 'true' });
  const section = h('section', { class: 'carte', 'aria-labelledby': 'titre-structures' }, h('h2', { id: 'titre-structures' }, 'Mes structures'), status, results);
  void load(status, results);
  return section;
}

async function load(status: HTMLElement, results: HTMLElement): Promise<void> {
  const res = await fetchStructures();
  results.removeAttribute('aria-busy');
  if (!res.ok) {
    status.classList.add('statut--erreur');
    if (res.status === 403) {
      status.textContent = 'Vous n’avez pas accès à la liste des structures.';
    } else if (res.status === 401) {
      status.textContent = 'Votre session a expiré. ';
      status.append(h('a', { href: loginUrl(location.pathname) }, 'Se reconnecter'));
    } else {
      status.textContent = `Impossible d’afficher vos structures. ${res.message}`;
    }
    return;
  }
  const { items, total } = res.data;
  if (items.length === 0) {
    status.textContent = 'Aucune structure ne vous est rattachée pour le moment.';
    return;
  }
  status.textContent = total > items.length ? `${items.length} structures affichées sur ${total}.` : '';
  status.hidden = status.textContent === '';
  results.replaceChildren(table(items));
}

function table(items: Structure[]): HTMLElement {
  const caption = items.length === 1 ? 'Une structure' : `${items.length} structures`;
  return h(
    'div',
    { class: 'tableau-defilant' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Nom'), h('th', { scope: 'col' }, 'Commune'), h('th', { scope: 'col' }, 'Code INSEE'))),
      h('tbody', {}, ...items.map((s) => h('tr', {}, h('th', { scope: 'row' }, s.nom), h('td', {}, s.commune), h('td', {}, s.codeInsee ?? '—')))),
    ),
  );
}
