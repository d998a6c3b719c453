import type { ComponentType } from 'preact';
import { useLocation } from 'preact-iso';
import { LegacyView } from './ui/LegacyView';
import type { View, ViewContext } from './view';
import { CartePage } from './annuaire/CartePage';
import { ImportPage } from './annuaire/ImportPage';
import { LieuEditPage } from './annuaire/LieuEditPage';
import { LieuPage } from './annuaire/LieuPage';
import { MesLieuxPage } from './annuaire/MesLieuxPage';
import { ModerationPage } from './annuaire/ModerationPage';
import { mandatesRoute } from './mandats/routes';
import { spaceView } from './views';
import { NotFoundPage } from './pages/NotFoundPage';
import { ConnexionPage } from './pages/ConnexionPage';

export interface AppRoute {
  /** preact-iso syntax: `/lieux/:id`. */
  path: string;
  component: ComponentType<{ params?: Record<string, string> }>;
}

/** Transitional: a page still built with the DOM builder, found by the old path matchers. */
function legacy(find: (path: string) => ((ctx: ViewContext) => View) | null | undefined) {
  return function LegacyPage() {
    const { path } = useLocation();
    const view = find(path);
    return view ? <LegacyView view={view} path={path} /> : <NotFoundPage />;
  };
}

const mandats = legacy(mandatesRoute);

/** Every page of the app: each area adds its own. */
export const APP_ROUTES: AppRoute[] = [
  { path: '/', component: CartePage },
  { path: '/app/carte', component: CartePage },
  { path: '/lieux/:id', component: LieuPage },
  { path: '/app/mes-lieux', component: MesLieuxPage },
  { path: '/app/mes-lieux/:id', component: LieuEditPage },
  { path: '/app/signalements', component: ModerationPage },
  { path: '/app/imports', component: ImportPage },
  { path: '/app/connexion', component: ConnexionPage },
  { path: '/app', component: legacy((p) => (p === '/app' ? spaceView : null)) },
  { path: '/verifier/:token', component: mandats },
  { path: '/app/usagers', component: mandats },
  { path: '/app/usagers/:id', component: mandats },
  { path: '/app/usagers/:id/nouveau-mandat', component: mandats },
  { path: '/app/mes-mandats', component: mandats },
  { path: '/app/habilitations', component: mandats },
];
