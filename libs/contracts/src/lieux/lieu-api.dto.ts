import { z } from 'zod';
import { lieuDataSchema, type LieuData } from './lieu.dto';
import {
  DISPOSITIFS, FORMATIONS_LABELS, FRAIS, ITINERANCE, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES,
} from './standard';

/**
 * Requests and replies of the lieux API (edit, detail, "mes lieux"), the démarches catalogue and
 * the signalements. Field names follow the national standard (snake_case).
 */

export const lieuIdSchema = z.uuid('Identifiant de lieu invalide.');

/** Flags a lieu can carry, with the label shown to users. */
export const LIEU_FLAGS = {
  'horaires-invalides': 'Horaires illisibles',
  'coordonnees-manquantes': 'Position manquante',
  'hors-france': 'Position hors de France',
  'hors-departement': 'Position hors du département de la commune',
  'insee-inconnu': 'Code INSEE inconnu',
  'a-verifier': 'À vérifier',
  demo: 'Donnée de démonstration',
} as const;
export type LieuFlag = keyof typeof LIEU_FLAGS;

/**
 * Flags that signal a problem to fix (every flag but `demo`): counted in import reports and the
 * dashboard, matched by the `tous-signales` filter.
 */
export const LIEU_PROBLEM_FLAGS = ['horaires-invalides', 'coordonnees-manquantes', 'hors-france', 'hors-departement', 'insee-inconnu', 'a-verifier'] as const satisfies readonly LieuFlag[];

/**
 * Flags whose data is withheld from the public (search, map, detail, exports) until an edit
 * fixes it: a position outside France or the département (coordinates), unreadable horaires.
 */
export const WITHHELD_FLAGS = {
  'hors-france': ['latitude', 'longitude'],
  'hors-departement': ['latitude', 'longitude'],
  'horaires-invalides': ['horaires'],
} as const satisfies Partial<Record<LieuFlag, readonly string[]>>;

/** Label of a flag (the slug itself when unknown). */
export const flagLabel = (slug: string): string => (LIEU_FLAGS as Record<string, string>)[slug] ?? slug;

/** Body of POST /api/v1/lieux: the standard's fields, plus the owning structure (required for referents). */
export const createLieuSchema = lieuDataSchema.extend({
  structure_id: z.uuid('Identifiant de structure invalide.').optional(),
});
export type CreateLieuDto = z.infer<typeof createLieuSchema>;

/**
 * Body of PATCH /api/v1/lieux/:id: any subset of the standard's fields; `version` (the one read)
 * enables optimistic locking. An optional field set to null is cleared.
 */
function partialShape() {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(lieuDataSchema.shape) as Array<[string, z.ZodType]>) {
    // No defaults in a patch (an absent list stays as it is); optional texts can be cleared with null.
    if (field instanceof z.ZodDefault) shape[key] = (field.unwrap() as z.ZodType).optional();
    else if (field instanceof z.ZodOptional) shape[key] = (field.unwrap() as z.ZodType).nullable().optional();
    else shape[key] = field.optional();
  }
  return shape;
}
export const updateLieuSchema = z
  .strictObject({ ...partialShape(), version: z.number().int().min(1).optional() })
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), 'Aucun champ à modifier.');
export type UpdateLieuDto = { [K in keyof LieuData]?: LieuData[K] | null } & { version?: number };

/** Body of POST /api/v1/lieux/:id/fermeture. */
export const closeLieuSchema = z.strictObject({
  motif: z.string().trim().min(1).max(500).optional(),
  version: z.number().int().min(1).optional(),
});

/** `flag` filter value of GET /api/v1/mes-lieux that matches any problem flag (LIEU_PROBLEM_FLAGS). */
export const ANY_PROBLEM_FLAG = 'tous-signales';
const flagFilterValues = () => [ANY_PROBLEM_FLAG, ...Object.keys(LIEU_FLAGS)] as [string, ...string[]];

/** Query of GET /api/v1/mes-lieux. */
export const listMesLieuxSchema = z.strictObject({
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 éléments par page au plus.').default(20),
  q: z.string().trim().max(100).optional(),
  statut: z.enum(['actif', 'ferme'], { error: 'Statut inconnu (actif, ferme).' }).optional(),
  /** One flag (LIEU_FLAGS), or `tous-signales` for a lieu carrying any problem flag. */
  flag: z.enum(flagFilterValues(), { error: () => `Signalement inconnu ; valeurs possibles : ${flagFilterValues().join(', ')}.` }).optional(),
  /** Data source of the lieu (`pin` for lieux created in PIN, else the import source, e.g. « hinaura »). */
  source: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'Nom de source invalide : 2 à 40 caractères (lettres, chiffres, - ou _), ex. « hinaura ».')
    .optional(),
});
export type ListMesLieuxQuery = z.infer<typeof listMesLieuxSchema>;

/** One row of GET /api/v1/mes-lieux. */
export interface MesLieuxItem {
  id: string;
  nom: string;
  adresse: string;
  commune: string;
  code_postal: string;
  statut: 'actif' | 'ferme';
  /** The stored position, even when withheld from the public: its managers see what to fix. */
  latitude: number | null;
  longitude: number | null;
  /** The stored horaires, even when unreadable (flag `horaires-invalides`, withheld from the public). */
  horaires: string | null;
  structure_id: string | null;
  source: string;
  source_id: string;
  flags: string[];
  flags_detail: Array<{ slug: string; label: string }>;
  version: number;
  date_maj: string;
  updated_at: string;
}
export interface MesLieuxReply {
  items: MesLieuxItem[];
  total: number;
  page: number;
  pageSize: number;
}

// ---- Démarches (référentiel d'activités) -----------------------------------------------------

export const demarcheSlugSchema = z.string().regex(/^[a-z0-9-]{2,60}$/, 'Identifiant de démarche invalide (minuscules, chiffres, tirets).');

export const createDemarcheSchema = z.strictObject({
  slug: demarcheSlugSchema,
  libelle: z.string().trim().min(2, 'Le libellé doit comporter au moins 2 caractères.').max(200),
  theme: z.string().trim().min(2, 'Le thème doit comporter au moins 2 caractères.').max(100),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const updateDemarcheSchema = createDemarcheSchema
  .omit({ slug: true })
  .partial()
  .extend({ actif: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'Aucun champ à modifier.');
export const listDemarchesSchema = z.strictObject({
  /** Include deactivated démarches (animateurs managing the catalogue). */
  inactives: z.enum(['true', 'false']).optional(),
});

export interface DemarcheView {
  slug: string;
  libelle: string;
  theme: string;
  position: number;
  actif: boolean;
}
export interface DemarchesByTheme {
  themes: Array<{ theme: string; demarches: DemarcheView[] }>;
}

// ---- Signalements ------------------------------------------------------------------------------

export const SIGNALEMENT_MOTIFS = {
  'n-existe-plus': "Le lieu n'existe plus",
  horaires: 'Les horaires sont faux',
  services: 'Les services proposés sont différents',
  adresse: "L'adresse ou la position est fausse",
  contacts: 'Les contacts sont faux',
  autre: 'Autre',
} as const;
export type SignalementMotif = keyof typeof SIGNALEMENT_MOTIFS;
const motifs = Object.keys(SIGNALEMENT_MOTIFS) as [SignalementMotif, ...SignalementMotif[]];
export const signalementMotifSchema = z.enum(motifs, { error: () => `Motif inconnu ; valeurs possibles : ${motifs.join(', ')}.` });
export const SIGNALEMENT_STATUTS = ['ouvert', 'corrige', 'rejete'] as const;

/** Body of POST /api/v1/lieux/:id/signalements (public). */
export const createSignalementSchema = z.strictObject({
  motif: signalementMotifSchema,
  commentaire: z.string().trim().max(2000, '2000 caractères au plus.').optional(),
  email: z.email('Adresse e-mail invalide.').max(254).optional(),
});
export const signalementIdSchema = z.uuid('Identifiant de signalement invalide.');
export const listSignalementsSchema = z.strictObject({
  statut: z.enum(SIGNALEMENT_STATUTS, { error: 'Statut inconnu (ouvert, corrige, rejete).' }).optional(),
  lieu_id: z.uuid('Identifiant de lieu invalide.').optional(),
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 éléments par page au plus.').default(20),
});

/**
 * Fields of the lieu a report's motif is about: the moderation queue shows their current value
 * (« valeur actuelle ») next to what was reported (the commentaire). `n-existe-plus` is about the
 * lieu's statut; `autre` about nothing in particular.
 */
export const SIGNALEMENT_MOTIF_FIELDS = {
  'n-existe-plus': ['statut'],
  horaires: ['horaires'],
  services: ['services'],
  adresse: ['adresse', 'complement_adresse', 'code_postal', 'commune', 'code_insee', 'latitude', 'longitude'],
  contacts: ['telephone', 'courriels', 'site_web'],
  autre: [],
} as const satisfies Record<SignalementMotif, readonly string[]>;

/** One report of GET /api/v1/signalements. */
export interface SignalementListItem {
  id: string;
  lieu_id: string;
  motif: SignalementMotif;
  /** What the person reported (« valeur signalée »), free text. */
  commentaire: string | null;
  email: string | null;
  statut: (typeof SIGNALEMENT_STATUTS)[number];
  resolution_motif: string | null;
  resolu_par: string | null;
  created_at: string;
  resolved_at: string | null;
  lieu_nom: string;
  lieu_commune: string;
  structure_id: string | null;
  lieu_statut: 'actif' | 'ferme';
  lieu_version: number;
  /** Fields of the lieu the motif is about (SIGNALEMENT_MOTIF_FIELDS); empty for `autre`. */
  champs: string[];
  /**
   * The lieu's current value of those fields (« valeur actuelle »), as stored (the position and
   * horaires even when withheld from the public); null for `autre`.
   */
  valeur_actuelle: Record<string, unknown> | null;
  /** The same in plain French, ready to show (null for `autre`). */
  valeur_actuelle_texte: string | null;
}
export interface SignalementListReply {
  items: SignalementListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** Body of POST /api/v1/signalements/:id/resolution. */
export const resolveSignalementSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('corriger'),
      /** Fields of the lieu to correct (same rules as PATCH /lieux/:id); none = the lieu was corrected elsewhere. */
      correction: updateLieuSchema.optional(),
      /** Closes the lieu (a confirmed "n'existe plus"). */
      fermer: z.boolean().optional(),
      motif: z.string().trim().min(1, 'Le motif est obligatoire.').max(1000),
    }),
    z.strictObject({
      action: z.literal('rejeter'),
      motif: z.string().trim().min(1, 'Le motif est obligatoire.').max(1000),
    }),
  ],
  { error: 'Action inconnue (corriger, rejeter).' },
);
export type ResolveSignalementDto = z.infer<typeof resolveSignalementSchema>;

// ---- Référentiels -------------------------------------------------------------------------------

/** Every vocabulary (slug → label) for forms and filters; served by GET /api/v1/referentiels. */
export function referentiels() {
  return {
    services: SERVICES.labels,
    publics_specifiquement_adresses: PUBLICS.labels,
    prise_en_charge_specifique: PRISE_EN_CHARGE.labels,
    frais_a_charge: FRAIS.labels,
    itinerance: ITINERANCE.labels,
    dispositif_programmes_nationaux: DISPOSITIFS.labels,
    formations_labels: FORMATIONS_LABELS.labels,
    modalites_acces: MODALITES_ACCES.labels,
    modalites_accompagnement: MODALITES_ACCOMPAGNEMENT.labels,
    signalement_motifs: SIGNALEMENT_MOTIFS,
    flags: LIEU_FLAGS,
  };
}
