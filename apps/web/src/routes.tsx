import type { ComponentType } from 'preact';
import { useLocation } from 'preact-iso';
import { LegacyView } from './ui/LegacyView';
import type { View, ViewContext } from './view';
import { annuaireRoute } from './annuaire/routes';
import { EspacePage } from './pages/EspacePage';
import { HabilitationsPage } from './mandats/HabilitationsPage';
import { MesMandatsPage } from './mandats/MesMandatsPage';
import { UsagerPage } from './mandats/UsagerPage';
import { UsagersPage } from './mandats/UsagersPage';
import { VerificationPage } from './mandats/VerificationPage';
import { WizardPage } from './mandats/WizardPage';
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

const annuaire = legacy(annuaireRoute);

/** Every page of the app: each area adds its own. */
export const APP_ROUTES: AppRoute[] = [
  { path: '/', component: annuaire },
  { path: '/app/carte', component: annuaire },
  { path: '/lieux/:id', component: annuaire },
  { path: '/app/mes-lieux', component: annuaire },
  { path: '/app/mes-lieux/:id', component: annuaire },
  { path: '/app/signalements', component: annuaire },
  { path: '/app/imports', component: annuaire },
  { path: '/app/connexion', component: ConnexionPage },
  { path: '/app', component: EspacePage },
  { path: '/verifier/:token', component: VerificationPage },
  { path: '/app/usagers', component: UsagersPage },
  { path: '/app/usagers/:id', component: UsagerPage },
  { path: '/app/usagers/:id/nouveau-mandat', component: WizardPage },
  { path: '/app/mes-mandats', component: MesMandatsPage },
  { path: '/app/habilitations', component: HabilitationsPage },
];
