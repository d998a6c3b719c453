import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { roleLabels } from '../roles';
import { loginUrl } from './api';
import { NavMenu } from './NavMenu';
import { currentHref, navEntries, navFor } from './navigation';
import { useSession, useUser } from './session';
import { useSite } from './site';

/** Skip link, header (the Département's identity, account, navigation by role), main, footer. */
export function Layout({ children }: { children: ComponentChildren }) {
  const site = useSite();
  const user = useUser();
  const { session } = useSession();
  const { path } = useLocation();
  const items = navFor(user);
  const current = currentHref(items, path);
  return (
    <>
      <a class="lien-evitement" href="#contenu">
        Aller au contenu
      </a>
      <header class="entete">
        <div class="conteneur entete__barre">
          <a class="marque" href="/">
            {site.logoUrl ? <img class="marque__logo" src={site.logoUrl} alt="" /> : null}
            <span>
              PIN — Inclusion numérique <span class="marque__territoire">{site.name}</span>
            </span>
          </a>
          <div id="compte" class="compte">
            {user ? (
              <>
                <p class="compte__nom">
                  <span class="visuellement-cache">Connecté en tant que </span>
                  {user.name}
                  {roleLabels(user.roles).length ? <span class="compte__role"> · {roleLabels(user.roles).join(', ')}</span> : null}
                </p>
                <form method="post" action="/auth/logout">
                  <button type="submit" class="bouton bouton--clair">
                    Se déconnecter
                  </button>
                </form>
              </>
            ) : session.state === 'signedOut' ? (
              <a class="bouton bouton--clair" href={loginUrl(path.startsWith('/app') && path !== '/app/connexion' ? path : '/app')}>
                Se connecter
              </a>
            ) : null}
          </div>
        </div>
        <nav class="conteneur navigation" aria-label="Navigation principale">
          <ul id="navigation">
            {navEntries(items).map((entry) =>
              entry.kind === 'group' ? (
                <NavMenu key={entry.name} name={entry.name} items={entry.items} current={current} path={path} />
              ) : (
                <li key={entry.item.href}>
                  <a href={entry.item.href} aria-current={entry.item.href === current ? 'page' : undefined}>
                    {entry.item.label}
                  </a>
                </li>
              ),
            )}
          </ul>
        </nav>
      </header>
      <main id="contenu" class="conteneur" tabIndex={-1}>
        <div id="annonces" class={session.state === 'error' ? 'annonces annonces--erreur' : 'annonces'} role="status" aria-live="polite" aria-atomic="true">
          {session.state === 'error' ? session.message : ''}
        </div>
        {children}
      </main>
      <footer class="pied">
        <div class="conteneur">
          <p>PIN — Plateforme d’Inclusion Numérique · {site.name}</p>
          <p>
            <a href="/api/docs">Documentation de l’API</a>
          </p>
        </div>
      </footer>
    </>
  );
}
