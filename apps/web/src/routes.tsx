import type { ComponentType } from 'preact';
import { CartePage } from './annuaire/CartePage';
import { ImportPage } from './annuaire/ImportPage';
import { LieuEditPage } from './annuaire/LieuEditPage';
import { LieuPage } from './annuaire/LieuPage';
import { MesLieuxPage } from './annuaire/MesLieuxPage';
import { ModerationPage } from './annuaire/ModerationPage';
import { EspacePage } from './pages/EspacePage';
import { HabilitationsPage } from './mandats/HabilitationsPage';
import { MesMandatsPage } from './mandats/MesMandatsPage';
import { UsagerPage } from './mandats/UsagerPage';
import { UsagersPage } from './mandats/UsagersPage';
import { VerificationPage } from './mandats/VerificationPage';
import { WizardPage } from './mandats/WizardPage';
import { ConnexionPage } from './pages/ConnexionPage';
import { CoffrePage } from './coffre/CoffrePage';
import { DemarchesPage } from './demarches/DemarchesPage';
import { PartagesRecusPage } from './coffre/PartagesRecusPage';
import { AnnoncesPage } from './operateurs/AnnoncesPage';
import { ConsolePage } from './operateurs/ConsolePage';
import { OperateurPage } from './operateurs/OperateurPage';
import { OrientationsPage } from './operateurs/OrientationsPage';
import { MonOrientationPage } from './operateurs/MonOrientationPage';
import { FORMATION_ROUTES } from './formations/routes';
import { ChartePage } from './labellisation/ChartePage';
import { DossierPage } from './labellisation/DossierPage';
import { EncaissementPage } from './labellisation/EncaissementPage';
import { LabellisationPage } from './labellisation/LabellisationPage';
import { MaMessageriePage } from './messagerie/MaMessageriePage';
import { FinancementPage } from './labellisation/FinancementPage';
import { LotsPage } from './labellisation/LotsPage';
import { PrescriptionPage } from './labellisation/PrescriptionPage';
import { ProgrammesPage } from './labellisation/ProgrammesPage';

export interface AppRoute {
  /** preact-iso syntax: `/lieux/:id`. */
  path: string;
  component: ComponentType<{ params?: Record<string, string> }>;
}

/** Every page of the app: each area adds its own. */
export const APP_ROUTES: AppRoute[] = [
  { path: '/', component: CartePage },
  { path: '/app/carte', component: CartePage },
  { path: '/lieux/:id', component: LieuPage },
  { path: '/app/mes-lieux', component: MesLieuxPage },
  { path: '/app/mes-lieux/:id', component: LieuEditPage },
  { path: '/app/coffre', component: CoffrePage },
  { path: '/app/coffre/partages', component: PartagesRecusPage },
  { path: '/app/signalements', component: ModerationPage },
  { path: '/app/imports', component: ImportPage },
  { path: '/app/demarches', component: DemarchesPage },
  { path: '/app/connexion', component: ConnexionPage },
  { path: '/app', component: EspacePage },
  { path: '/verifier/:token', component: VerificationPage },
  { path: '/app/usagers', component: UsagersPage },
  { path: '/app/usagers/:id', component: UsagerPage },
  { path: '/app/usagers/:id/nouveau-mandat', component: WizardPage },
  { path: '/app/mes-mandats', component: MesMandatsPage },
  { path: '/app/habilitations', component: HabilitationsPage },
  { path: '/app/annonces', component: AnnoncesPage },
  { path: '/app/orientations', component: OrientationsPage },
  { path: '/mon-orientation', component: MonOrientationPage },
  { path: '/app/operateurs', component: ConsolePage },
  { path: '/app/operateurs/:operateur', component: OperateurPage },
  ...FORMATION_ROUTES,
  { path: '/app/labellisation', component: LabellisationPage },
  { path: '/app/labellisation/:id', component: DossierPage },
  { path: '/app/charte', component: ChartePage },
  { path: '/app/pass-numerique', component: EncaissementPage },
  { path: '/app/ma-messagerie', component: MaMessageriePage },
  { path: '/app/pass-numerique/remise', component: PrescriptionPage },
  { path: '/app/pass-numerique/lots', component: LotsPage },
  { path: '/app/pass-numerique/financement', component: FinancementPage },
  { path: '/app/programmes-label', component: ProgrammesPage },
];
