import type { SafeCategory } from '@pin/contracts';

/** The labels of the safe's categories (the keys are the contracts' slugs). */
export const CATEGORIES: Record<SafeCategory, string> = {
  identite: 'Identité',
  sante: 'Santé - Carte Vitale',
  logement: 'Logement',
  emploi: 'Emploi - CV',
  impots: 'Impôts',
  famille: 'Famille',
  ressources: 'Ressources - CAF',
  autre: 'Autre',
};
