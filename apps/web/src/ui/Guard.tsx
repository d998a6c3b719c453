import type { ComponentChildren, VNode } from 'preact';
import { allows, type Policy } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { loginUrl } from '../app/api';
import { useSession } from '../app/session';
import { Page } from './Page';

/**
 * A page behind a login and a shared access policy: while the session loads, signed out, or
 * not allowed, the page says so under its own title; otherwise `children(user)`.
 */
export function Guard({ title, policy, children, forbidden }: { title: string; policy: Policy; children: (user: CurrentUser) => VNode; forbidden?: ComponentChildren }) {
  const { session, reload } = useSession();
  if (session.state === 'signedIn' && allows(session.user, policy)) return children(session.user);
  return (
    <Page title={title}>
      {session.state === 'loading' ? <p class="statut" role="status">Chargement…</p> : null}
      {session.state === 'signedOut' ? <SignInInvite text="Connectez-vous pour accéder à cette page." /> : null}
      {session.state === 'error' ? (
        <>
          <p class="statut statut--erreur">{session.message}</p>
          <p class="action">
            <button type="button" class="bouton" onClick={reload}>
              Réessayer
            </button>
          </p>
        </>
      ) : null}
      {session.state === 'signedIn' ? (
        <>
          <p>{forbidden ?? 'Cette page est réservée à d’autres profils que le vôtre.'}</p>
          <p>
            <a href="/app">Revenir à mon espace</a>
          </p>
        </>
      ) : null}
    </Page>
  );
}

export function SignInInvite({ text, returnTo }: { text: ComponentChildren; returnTo?: string }) {
  return (
    <p class="action">
      {text}{' '}
      <a class="bouton" href={loginUrl(returnTo ?? location.pathname)}>
        Se connecter
      </a>
    </p>
  );
}
