import './styles.css';
import { fetchMe } from './api';
import { byId } from './dom';
import { mandatesRoute } from './mandats/routes';
import { annuaireRoute } from './annuaire/routes';
import { accountArea, homeView, notFoundView, spaceView, type Session, type View, type ViewContext } from './views';

let session: Session = { state: 'loading' };

function route(path: string): (ctx: ViewContext) => View {
  const mandates = mandatesRoute(path);
  if (mandates) return mandates;
  const annuaire = annuaireRoute(path);
  if (annuaire) return annuaire;
  if (path === '/') return homeView;
  if (path === '/app' || path === '/app/') return spaceView;
  return notFoundView;
}

function announce(message: string, error = false): void {
  const region = byId('annonces');
  region.classList.toggle('annonces--erreur', error);
  region.textContent = message;
}

/** The page on screen; a view with `refresh` is updated in place when only the session changed (the map keeps its state). */
let current: { url: string; view: View & { refresh?: (ctx: ViewContext) => void } } | undefined;

function render(moveFocus: boolean): void {
  const path = location.pathname;
  const url = path + location.search;
  const ctx: ViewContext = { session, path, retry: () => void loadSession(true) };
  if (current?.url === url && current.view.refresh && !moveFocus) {
    current.view.refresh(ctx);
    byId('compte').replaceChildren(...accountArea(session));
    return;
  }
  const view = route(path)(ctx);
  current = { url, view };
  document.title = `${view.title} — PIN, inclusion numérique des Landes`;
  byId('vue').replaceChildren(...view.content);
  byId('compte').replaceChildren(...accountArea(session));
  for (const link of byId('navigation').querySelectorAll('a')) {
    if (link.getAttribute('href') === (path === '/app/' ? '/app' : path)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // After an in-app navigation, screen readers and keyboards start from the new page title.
  if (moveFocus) byId('vue').querySelector<HTMLElement>('h1')?.focus();
}

async function loadSession(moveFocus: boolean): Promise<void> {
  session = { state: 'loading' };
  announce('Chargement…');
  const me = await fetchMe();
  if (me.ok) session = { state: 'signedIn', user: me.data };
  else if (me.status === 401) session = { state: 'signedOut' };
  else session = { state: 'error', message: me.status === 0 ? me.message : `Impossible de vérifier votre session. ${me.message}` };
  announce(session.state === 'error' ? session.message : '', session.state === 'error');
  render(moveFocus);
}

/** Links marked data-lien stay in the page (history API); others (login, API docs) load normally. */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a[data-lien]');
  if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
  event.preventDefault();
  if (link.pathname + link.search !== location.pathname + location.search) history.pushState(null, '', link.pathname + link.search);
  render(true);
});
window.addEventListener('popstate', () => render(true));

render(false);
void loadSession(false);
