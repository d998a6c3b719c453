import { PinError, type DossierStatut } from '@pin/contracts';

export type DossierAction = 'repondre' | 'deposer' | 'instruire' | 'modifications' | 'accorder' | 'refuser';

/** The dossier's state machine: from which states each action is allowed, and where it leads. */
const TRANSITIONS: Record<DossierAction, { from: readonly DossierStatut[]; to: DossierStatut | null }> = {
  repondre: { from: ['brouillon', 'modifications_demandees'], to: null },
  deposer: { from: ['brouillon', 'modifications_demandees'], to: 'depose' },
  instruire: { from: ['depose'], to: 'en_instruction' },
  modifications: { from: ['en_instruction'], to: 'modifications_demandees' },
  accorder: { from: ['en_instruction'], to: 'accorde' },
  refuser: { from: ['en_instruction'], to: 'refuse' },
};

const LIBELLES: Record<DossierStatut, string> = {
  brouillon: 'en brouillon',
  depose: 'déposé',
  en_instruction: 'en instruction',
  modifications_demandees: 'en attente de modifications',
  accorde: 'accordé',
  refuse: 'refusé',
};

/** The state after `action`, or DOSSIER.INVALID_TRANSITION (409) naming the current state. */
export function transition(current: DossierStatut, action: DossierAction): DossierStatut {
  const t = TRANSITIONS[action];
  if (!t.from.includes(current)) throw new PinError('DOSSIER.INVALID_TRANSITION', `Action impossible : le dossier est ${LIBELLES[current]}.`, { statut: current, action });
  return t.to ?? current;
}

export interface CriterionRule {
  id: string;
  obligatoire_des_rang: number | null;
}

/** Mandatory criteria (at this level's rank) without an answer, in the given order. */
export function unansweredMandatory(criteria: readonly CriterionRule[], rang: number, answered: ReadonlySet<string>): string[] {
  return criteria.filter((c) => c.obligatoire_des_rang !== null && c.obligatoire_des_rang <= rang && !answered.has(c.id)).map((c) => c.id);
}

/** Label end date: `months` after `from` (YYYY-MM-DD), the day before the same calendar day (clamped to the month's end). */
export function validUntil(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number);
  const targetMonth = m - 1 + months;
  const lastDay = new Date(Date.UTC(y, targetMonth + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(y, targetMonth, Math.min(d, lastDay)));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}
