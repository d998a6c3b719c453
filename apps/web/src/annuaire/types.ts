/**
 * Response types of the directory's network pages. TEMPORARY mirror of the contract types being
 * added on the directory side (`MesLieuxReply`, `SignalementListReply`, `ImportView`,
 * `DirectoryDashboard` in @pin/contracts): replaced by type-only re-exports once they are merged.
 */
export type ImportStatus = 'en-attente' | 'en-cours' | 'termine' | 'echoue';

export interface MesLieuxItem {
  id: string;
  nom: string;
  adresse: string;
  commune: string;
  code_postal: string;
  statut: 'actif' | 'ferme';
  latitude: number | null;
  longitude: number | null;
  horaires: string | null;
  structure_id: string | null;
  source: string;
  source_id: string;
  flags: string[];
  flags_detail: Array<{ slug: string; label: string }>;
  version: number;
  date_maj: string;
  updated_at: string;
}
export interface MesLieuxReply {
  items: MesLieuxItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SignalementListItem {
  id: string;
  lieu_id: string;
  motif: string;
  commentaire: string | null;
  email: string | null;
  statut: 'ouvert' | 'corrige' | 'rejete';
  resolution_motif: string | null;
  resolu_par: string | null;
  created_at: string;
  resolved_at: string | null;
  lieu_nom: string;
  lieu_commune: string;
  structure_id: string | null;
  lieu_statut: 'actif' | 'ferme';
  lieu_version: number;
  champs: string[];
  valeur_actuelle: Record<string, unknown> | null;
  valeur_actuelle_texte: string | null;
}
export interface SignalementListReply {
  items: SignalementListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ImportFlagGroup {
  flag: string;
  libelle: string;
  total: number;
  lignes: Array<{ ligne: number; lieu_id: string }>;
}
export interface ImportView {
  id: string;
  source: string;
  format: string;
  format_detecte: string | null;
  encodage: string | null;
  filename: string | null;
  statut: ImportStatus;
  progression: number;
  total: number | null;
  valides: number | null;
  importes: number;
  crees: number;
  mis_a_jour: number;
  inchanges: number;
  rejetes_total: number;
  doublons: number;
  signales_total: number;
  signales_par_flag: Record<string, number>;
  erreur: string | null;
  created_at: string;
  finished_at: string | null;
  rejetes?: { ligne: number; motif: string }[];
  avertissements?: { ligne: number; motif: string }[];
  signales?: ImportFlagGroup[];
}

export interface DashboardFlagCount {
  flag: string;
  libelle: string;
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
  perimetre: 'reseau' | 'structures';
  structures: number;
  lieux_actifs: number;
  signalements_ouverts: number;
  doublons_a_examiner: number | null;
  lieux_signales: number;
  lieux_signales_par_flag: DashboardFlagCount[];
  derniers_imports: DashboardImport[];
}
