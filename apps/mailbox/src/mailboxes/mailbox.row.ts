import { PinError, type MailboxStatut, type MailboxView } from '@pin/contracts';

export interface MailboxRow {
  id: string;
  usager_id: string;
  structure_id: string;
  aidant_sub: string;
  demarche: string;
  local_part: string;
  address: string;
  status: MailboxStatut;
  progress: number;
  quota_bytes: string;
  pending_hash: string | null;
  letter_pdf: Buffer | null;
  must_change_password: boolean;
  usager_sub: string | null;
  delete_after: Date | null;
  created_at: Date;
}

/** Columns without the letter's bytes. */
export const ROW_COLUMNS = `id, usager_id, structure_id, aidant_sub, demarche, local_part, address, status, progress, quota_bytes, pending_hash,
  (letter_pdf IS NOT NULL) AS has_letter, must_change_password, usager_sub, delete_after, created_at`;

export const MIB = 1024 * 1024;

export const present = (r: MailboxRow & { has_letter?: boolean }): MailboxView => ({
  id: r.id,
  usagerId: r.usager_id,
  adresse: r.address,
  statut: r.status,
  progression: r.progress,
  quotaMo: Math.round(Number(r.quota_bytes) / MIB),
  motDePasseAChanger: r.must_change_password,
  courrierDisponible: r.has_letter ?? r.letter_pdf !== null,
  suppressionLe: r.delete_after ? new Date(r.delete_after).toISOString() : null,
  cree_le: new Date(r.created_at).toISOString(),
});

export const notFound = () => new PinError('MESSAGERIE.NOT_FOUND', 'Boîte aux lettres introuvable.');

/** Which states each lifecycle action leaves from, and where it goes. */
export const TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspendue' },
  reactivate: { from: ['suspendue', 'desactivee', 'suppression_programmee'], to: 'active' },
  disable: { from: ['active', 'suspendue'], to: 'desactivee' },
  scheduleDeletion: { from: ['active', 'suspendue', 'desactivee'], to: 'suppression_programmee' },
} as const satisfies Record<string, { from: readonly MailboxStatut[]; to: MailboxStatut }>;
export type LifecycleAction = keyof typeof TRANSITIONS;

/** What the mail server's row says in each state: login allowed, mail received. */
export const MAIL_FLAGS: Partial<Record<MailboxStatut, { active: boolean; receiving: boolean }>> = {
  active: { active: true, receiving: true },
  suspendue: { active: false, receiving: true },
  desactivee: { active: false, receiving: false },
  suppression_programmee: { active: false, receiving: false },
};
