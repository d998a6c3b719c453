import type { ComponentType } from 'preact';
import { CataloguePage } from './CataloguePage';
import { DiagnosticPage } from './DiagnosticPage';
import { EmargementPage } from './EmargementPage';
import { MesAttestationsPage } from './MesAttestationsPage';
import { MesInscriptionsPage } from './MesInscriptionsPage';
import { NouvelleSessionPage } from './NouvelleSessionPage';
import { PixPage } from './PixPage';
import { VerificationAttestationPage } from './VerificationAttestationPage';

/** The training pages (`/app/formations…`): the catalogue and the verification page are public. */
export const FORMATION_ROUTES: Array<{ path: string; component: ComponentType<{ params?: Record<string, string> }> }> = [
  { path: '/app/formations', component: CataloguePage },
  { path: '/app/formations/mes-inscriptions', component: MesInscriptionsPage },
  { path: '/app/formations/mes-attestations', component: MesAttestationsPage },
  { path: '/app/formations/sessions/nouvelle', component: NouvelleSessionPage },
  { path: '/app/formations/sessions/:id/emargement', component: EmargementPage },
  { path: '/app/formations/diagnostic', component: DiagnosticPage },
  { path: '/app/formations/pix', component: PixPage },
  { path: '/app/formations/verifier', component: VerificationAttestationPage },
  { path: '/app/formations/verifier/:code', component: VerificationAttestationPage },
];
