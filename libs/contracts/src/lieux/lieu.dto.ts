import { z } from 'zod';
import {
  DISPOSITIFS, FORMATIONS_LABELS, FRAIS, ITINERANCE, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES,
  typologieSchema,
} from './standard';

/**
 * A lieu de médiation numérique in the vocabulary of the national standard v1.0.2: the same field
 * names (snake_case, as in the standard and in data.inclusion), multi-valued fields as arrays of
 * slugs (see ./standard.ts), coordinates as WGS 84 latitude/longitude.
 * This is the write model shared by the edit API, the importers and the exporters.
 */
const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);
const optionalText = (max: number) => text(max).min(1).optional();
const slugList = <T extends z.ZodType>(item: T) => z.array(item).max(20).default([]);

export const latitudeSchema = z.number({ error: 'La latitude doit être un nombre.' }).min(-90, 'Latitude hors limites.').max(90, 'Latitude hors limites.');
export const longitudeSchema = z.number({ error: 'La longitude doit être un nombre.' }).min(-180, 'Longitude hors limites.').max(180, 'Longitude hors limites.');
export const codeInseeSchema = z.string().regex(/^([013-9]\d|2[AB1-9])\d{3}$/, 'Le code INSEE doit comporter 5 caractères (ex. 40192).');
export const codePostalSchema = z.string().regex(/^\d{5}$/, 'Le code postal doit comporter 5 chiffres.');
export const pivotSchema = z.string().regex(/^[a-zA-Z0-9]{9,14}$/, 'Le pivot doit être un SIRET (14 chiffres) ou un RNA (W123456789).');
export const telephoneLieuSchema = z
  .string()
  .regex(/^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/, 'Téléphone au format international sans espace (ex. +33558000000).');

export const lieuDataSchema = z.strictObject({
  pivot: pivotSchema.optional(),
  nom: text(200).min(2, 'Le nom doit comporter au moins 2 caractères.'),
  adresse: text(300).min(1, "L'adresse est obligatoire."),
  complement_adresse: optionalText(300),
  commune: text(120).min(1, 'La commune est obligatoire.'),
  code_postal: codePostalSchema,
  code_insee: codeInseeSchema,
  latitude: latitudeSchema,
  longitude: longitudeSchema,
  typologie: z.array(typologieSchema).max(10).default([]),
  telephone: telephoneLieuSchema.optional(),
  courriels: z.array(z.email('Adresse e-mail invalide.').max(254)).max(10).default([]),
  site_web: z.array(z.url({ protocol: /^https?$/, error: 'Adresse web invalide (http ou https).' }).max(500)).max(10).default([]),
  /** OSM opening_hours syntax; kept as given even when it cannot be parsed (the lieu is then flagged). */
  horaires: optionalText(1000),
  presentation_resume: optionalText(280),
  presentation_detail: optionalText(5000),
  itinerance: slugList(ITINERANCE.schema),
  structure_parente: optionalText(200),
  services: z.array(SERVICES.schema).min(1, 'Indiquez au moins un service.').max(9),
  publics_specifiquement_adresses: slugList(PUBLICS.schema),
  prise_en_charge_specifique: slugList(PRISE_EN_CHARGE.schema),
  frais_a_charge: slugList(FRAIS.schema),
  dispositif_programmes_nationaux: slugList(DISPOSITIFS.schema),
  formations_labels: slugList(FORMATIONS_LABELS.schema),
  autres_formations_labels: z.array(text(200).min(1)).max(20).default([]),
  modalites_acces: slugList(MODALITES_ACCES.schema),
  modalites_accompagnement: slugList(MODALITES_ACCOMPAGNEMENT.schema),
  fiche_acces_libre: z.url({ protocol: /^https?$/, error: 'Adresse web invalide (http ou https).' }).max(500).optional(),
  prise_rdv: z.url({ protocol: /^https?$/, error: 'Adresse web invalide (http ou https).' }).max(500).optional(),
  /** Slugs of the démarches catalogue (référentiel d'activités) this lieu helps with. */
  demarches: z.array(z.string().regex(/^[a-z0-9-]{2,60}$/, 'Identifiant de démarche invalide.')).max(100).default([]),
});
export type LieuData = z.infer<typeof lieuDataSchema>;
export type LieuDataInput = z.input<typeof lieuDataSchema>;
