import type { ImportStatus } from '../interop.dto';

/**
 * GET /api/v1/annuaire/tableau-de-bord: what an animateur (the whole network) or a référent (their
 * structures) has to do in the directory.
 */
export interface DashboardFlagCount {
  flag: string;
  libelle: string;
  /** Active lieux in scope carrying the flag. */
  total: number;
}

export interface DashboardImport {
  id: string;
  source: string;
  filename: string | null;
  statut: ImportStatus;
  created_at: string;
  finished_at: string | null;
  total: number | null;
  importes: number;
  crees: number;
  mis_a_jour: number;
  rejetes_total: number;
  doublons: number;
  signales_total: number;
}

export interface DirectoryDashboard {
  /** `reseau`: animateur or admin, every lieu; `structures`: a référent, the lieux of their structures. */
  perimetre: 'reseau' | 'structures';
  /** Structures in scope (all for the network). */
  structures: number;
  /** Active lieux in scope. */
  lieux_actifs: number;
  /** Open reports about lieux in scope (to moderate). */
  signalements_ouverts: number;
  /** Possible duplicates to review (network only; null for a référent). */
  doublons_a_examiner: number | null;
  /** Active lieux in scope carrying at least one problem flag. */
  lieux_signales: number;
  /** Per problem flag, most frequent first (flags with no lieu omitted). */
  lieux_signales_par_flag: DashboardFlagCount[];
  /** The five latest imports, newest first (network only; empty for a référent). */
  derniers_imports: DashboardImport[];
}
