import { Page } from '../ui/Page';

export function NotFoundPage() {
  return (
    <Page title="Page introuvable">
      <p>Cette page n’existe pas ou a été déplacée.</p>
      <p>
        <a href="/">Revenir à l’accueil</a>
      </p>
    </Page>
  );
}
