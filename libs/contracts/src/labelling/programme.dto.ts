import { z } from 'zod';
import { DEMARCHES, type Demarche } from '../mandates/demarches';

/**
 * The programme editor (animateurs): a territorial label's name, description, validity, ordered
 * levels and criteria. Levels are never removed (renamed, reordered, added); criteria are never
 * deleted but retired. Every accepted edit makes a new version; dossiers keep the version they
 * were opened on.
 */

const slug = z.string().regex(/^[a-z0-9-]{1,60}$/, 'Identifiant attendu (lettres minuscules, chiffres, tirets).');
const demarche = z.enum(Object.keys(DEMARCHES) as [Demarche, ...Demarche[]], { message: 'Démarche inconnue du référentiel d’activités.' });

export const programmeNiveauInputSchema = z.strictObject({
  id: slug,
  titre: z.string().trim().min(1, 'Nom du niveau : ce champ est obligatoire.').max(120, '120 caractères au plus.'),
});

export const programmeCritereInputSchema = z.strictObject({
  /** Absent for a new criterion: the service derives it from the title. */
  id: slug.optional(),
  titre: z.string().trim().min(1, 'Intitulé du critère : ce champ est obligatoire.').max(200, '200 caractères au plus.'),
  description: z.string().trim().max(2000, '2000 caractères au plus.').default(''),
  /** Id of the lowest level that requires the criterion; null: optional at every level. */
  obligatoireDes: slug.nullable().default(null),
  /** The démarche of the référentiel d'activités the criterion is drawn from, if any. */
  demarche: demarche.nullable().default(null),
  /** A retired criterion no longer applies to new dossiers (it is never deleted). */
  retire: z.boolean().default(false),
});

const programmeRules = {
  titre: z.string().trim().min(3, 'Nom du programme : 3 caractères au moins.').max(200, '200 caractères au plus.'),
  description: z.string().trim().max(4000, '4000 caractères au plus.').default(''),
  validiteMois: z.number({ message: 'Durée de validité : nombre de mois attendu.' }).int('Durée de validité : nombre entier de mois.').min(1, 'Durée de validité : 1 mois au moins.').max(120, 'Durée de validité : 120 mois au plus.'),
  niveaux: z.array(programmeNiveauInputSchema).min(1, 'Au moins un niveau.').max(10, '10 niveaux au plus.'),
  criteres: z.array(programmeCritereInputSchema).max(100, '100 critères au plus.'),
};

/** Create a territorial programme (version 1). */
export const programmeCreateSchema = z.strictObject({ id: slug, ...programmeRules });

/** Edit a programme: `version` is the version the editor read (a concurrent edit is refused). */
export const programmeUpdateSchema = z.strictObject({ version: z.number().int().min(1), ...programmeRules });

export type ProgrammeCreate = z.infer<typeof programmeCreateSchema>;
export type ProgrammeUpdate = z.infer<typeof programmeUpdateSchema>;

/** A programme as the API returns it. */
export interface ProgrammeView {
  id: string;
  nature: 'territorial' | 'national';
  titre: string;
  description: string;
  validiteMois: number | null;
  version: number;
  niveaux: Array<{ id: string; rang: number; titre: string }>;
  criteres: Array<{ id: string; titre: string; description: string; obligatoireDes: string | null; verification: string | null; demarche: string | null; retire: boolean }>;
}
