/**
 * French labels the services and the web app both show. This file imports nothing at run time,
 * so the web bundle can use it (`@pin/contracts/labels`), like the policies.
 */

/** Categories of the safe (slug → French label). Never rename a slug. */
export const SAFE_CATEGORIES = {
  identite: 'Identité',
  sante: 'Santé - Carte Vitale',
  logement: 'Logement',
  emploi: 'Emploi - CV',
  impots: 'Impôts',
  famille: 'Famille',
  ressources: 'Ressources - CAF',
  autre: 'Autre',
} as const;
export type SafeCategory = keyof typeof SAFE_CATEGORIES;
