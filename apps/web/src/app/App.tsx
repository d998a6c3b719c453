import type { ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { Layout } from './Layout';
import { SessionProvider } from './session';
import { SiteProvider } from './site';
import { APP_ROUTES } from '../routes';
import { NotFoundPage } from '../pages/NotFoundPage';

/**
 * Links inside the app are handled by the router (real URLs, Back works); links to the
 * gateway's own pages (login, logout, API docs, files) load normally.
 */
const IN_APP = /^\/(?!auth\/|api\/|realms\/)/;

/** After an in-app navigation, keyboards and screen readers start from the new page's title. */
function FocusOnNavigation() {
  const { url } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    return () => cancelAnimationFrame(id);
  }, [url]);
  return null;
}

export function App() {
  return (
    <LocationProvider scope={IN_APP}>
      <SiteProvider>
        <SessionProvider>
          <Layout>
            <FocusOnNavigation />
            <ErrorBoundary>
              <Router>
                {APP_ROUTES.map((r) => (
                  <Route key={r.path} path={r.path} component={r.component as ComponentType} />
                ))}
                <Route default component={NotFoundPage} />
              </Router>
            </ErrorBoundary>
          </Layout>
        </SessionProvider>
      </SiteProvider>
    </LocationProvider>
  );
}
