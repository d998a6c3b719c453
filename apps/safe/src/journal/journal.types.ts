/** What the safe's journal records (ids and codes only; names are read from the encrypted metadata when shown). */
export const SAFE_JOURNAL_ACTIONS = [
  'document.depose',
  'document.consulte',
  'document.supprime',
  'document.refuse',
  'document.a_renouveler',
  'partage.accorde',
  'partage.retire',
  'acces.refuse',
  'cle.rotation',
  'export',
  'fermeture.demandee',
  'fermeture.annulee',
  'fermeture.effectuee',
] as const;
export type SafeJournalAction = (typeof SAFE_JOURNAL_ACTIONS)[number];

export interface SafeJournalInput {
  usagerId: string;
  action: SafeJournalAction;
  documentId?: string | null;
  structureId?: string | null;
  actorSub?: string | null;
  actorRole: 'usager' | 'aidant' | 'systeme' | 'admin';
  data?: Record<string, string | number | boolean | null>;
}

export interface SafeJournalRecord {
  usagerId: string;
  seq: number;
  id: string;
  recordedAt: Date;
  action: SafeJournalAction;
  documentId: string | null;
  structureId: string | null;
  actorSub: string | null;
  actorRole: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
