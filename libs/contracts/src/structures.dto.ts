import { z } from 'zod';

const siret = z.string().regex(/^\d{14}$/, 'Le SIRET doit comporter 14 chiffres.');
const rna = z.string().regex(/^W\d{9}$/, 'Le numéro RNA doit être de la forme W123456789.');
const codeInsee = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'Le code INSEE doit comporter 5 caractères.');
const telephone = z.string().regex(/^\+?[0-9 .-]{10,20}$/, 'Numéro de téléphone invalide.');

/** Body of POST /api/v1/structures (also the request payload to the directory). */
export const createStructureSchema = z.strictObject({
  nom: z.string().trim().min(2, 'Le nom doit comporter au moins 2 caractères.').max(200),
  siret: siret.optional(),
  rna: rna.optional(),
  commune: z.string().trim().min(1, 'La commune est obligatoire.').max(120),
  codeInsee: codeInsee.optional(),
  email: z.email('Adresse e-mail invalide.').max(254).optional(),
  telephone: telephone.optional(),
});
export type CreateStructureDto = z.infer<typeof createStructureSchema>;

/** Body of PATCH /api/v1/structures/:id; `version` enables optimistic locking when given. */
export const updateStructureSchema = createStructureSchema
  .partial()
  .extend({ version: z.number().int().min(1).optional() })
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), 'Aucun champ à modifier.');
export type UpdateStructureDto = z.infer<typeof updateStructureSchema>;

export const structureIdSchema = z.uuid('Identifiant de structure invalide.');

export const listStructuresSchema = z.strictObject({
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 éléments par page au plus.').default(20),
  q: z.string().trim().max(100).optional(),
});
export type ListStructuresQuery = z.infer<typeof listStructuresSchema>;
