/** State of an import job as GET /api/v1/imports/:id gives it. */
export interface ImportState {
  statut: string;
  progression: number;
  total?: number | null;
  importes?: number;
  crees?: number;
  mis_a_jour?: number;
  rejetes_total?: number;
  rejetes?: { ligne: number; motif: string }[];
  doublons?: number | unknown[];
  signales_total?: number;
  erreur?: string | null;
  message?: string;
}

const FAILED = new Set(['echoue', 'echec', 'erreur', 'failed']);
const FINISHED = new Set(['termine', 'completed', 'done', ...FAILED]);

export function isImportFailed(s: ImportState): boolean {
  return FAILED.has(String(s.statut).toLowerCase());
}

export function isImportFinished(s: ImportState): boolean {
  return FINISHED.has(String(s.statut).toLowerCase());
}

/** "Import en cours : 40 %", "Import terminé : 680 lieux importés, 7 lignes rejetées." */
export function importProgressLabel(s: ImportState): string {
  const statut = String(s.statut).toLowerCase();
  if (FAILED.has(statut)) return `L’import a échoué${s.erreur || s.message ? ` : ${s.erreur ?? s.message}` : '.'}`;
  if (!isImportFinished(s)) return `Import en cours : ${Math.round(Number(s.progression) || 0)} %.`;
  const importes = s.importes ?? 0;
  const rejetes = s.rejetes_total ?? (Array.isArray(s.rejetes) ? s.rejetes.length : 0);
  const lieux = importes === 1 ? '1 lieu importé' : `${importes} lieux importés`;
  const lignes = rejetes === 0 ? 'aucune ligne rejetée' : rejetes === 1 ? '1 ligne rejetée' : `${rejetes} lignes rejetées`;
  const signales = s.signales_total ? `, ${s.signales_total === 1 ? '1 lieu signalé' : `${s.signales_total} lieux signalés`}` : '';
  return `Import terminé : ${lieux}, ${lignes}${signales}.`;
}
