import { DUREES } from './demarches';

/**
 * The mandate wizard keeps its step and choices in the URL's query (`?etape=2&demarches=a,b&duree=365`):
 * Back goes to the previous step with the choices kept, a reload stays where it was. Nothing
 * personal goes there (the usager is already in the path; the claim code never is).
 */
export interface WizardChoices {
  structureId?: string;
  demarches: string[];
  dureeJours?: number;
}

export type WizardStep = 1 | 2 | 3;

const SLUG = /^[a-z]{2,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseWizard(query: Record<string, string | undefined>, known: readonly string[]): { step: WizardStep; choices: WizardChoices } {
  const demarches = (query.demarches ?? '').split(',').filter((d) => SLUG.test(d) && known.includes(d));
  const duree = Number(query.duree);
  const choices: WizardChoices = {
    demarches: [...new Set(demarches)],
    dureeJours: DUREES.some((d) => d.jours === duree) ? duree : undefined,
    structureId: query.structure && UUID.test(query.structure) ? query.structure : undefined,
  };
  const asked = Number(query.etape);
  // Step 2 needs complete choices; step 3 exists only in the page that created the mandate.
  const step: WizardStep = asked === 3 ? 3 : asked === 2 && choices.demarches.length > 0 && choices.dureeJours ? 2 : 1;
  return { step, choices };
}

export function wizardUrl(usagerId: string, step: WizardStep, choices: WizardChoices): string {
  const q = new URLSearchParams();
  q.set('etape', String(step));
  if (step !== 3) {
    if (choices.demarches.length) q.set('demarches', choices.demarches.join(','));
    if (choices.dureeJours) q.set('duree', String(choices.dureeJours));
    if (choices.structureId) q.set('structure', choices.structureId);
  }
  return `/app/usagers/${encodeURIComponent(usagerId)}/nouveau-mandat?${q.toString().replace(/%2C/g, ',')}`;
}
