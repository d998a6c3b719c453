import { z } from 'zod';

/**
 * Import and export of lieux in the national standard (directory service, interop).
 * Formats: v1.0.2 CSV (`|` multi-values) and JSON (what PIN exports), v0.1 CSV/JSON (`;`).
 */
export const IMPORT_FILE_FORMATS = ['v1.0.2-csv', 'v1.0.2-json', 'v0.1-csv', 'v0.1-json'] as const;
export type ImportFileFormat = (typeof IMPORT_FILE_FORMATS)[number];

/** Name of a data source (the producer); lieux are upserted by (source, id in that source). */
export const importSourceSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'Nom de source invalide : 2 à 40 caractères (lettres, chiffres, - ou _), ex. « hinaura ».');

/** Query of POST /api/v1/imports (the body is the file). */
export const importQuerySchema = z.strictObject({
  format: z.enum(['auto', ...IMPORT_FILE_FORMATS], { error: () => `Format inconnu ; valeurs possibles : auto, ${IMPORT_FILE_FORMATS.join(', ')}.` }).default('auto'),
  source: importSourceSchema,
  filename: z.string().trim().max(200).optional(),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** NATS payload of pin.rpc.directory.import.start (the file is in Redis under fileKey). */
export const importStartSchema = importQuerySchema.extend({
  fileKey: z.string().regex(/^pin:import:file:[0-9a-f-]{36}$/, 'Clé de fichier invalide.'),
});
export type ImportStart = z.infer<typeof importStartSchema>;

export const IMPORT_STATUSES = ['en-attente', 'en-cours', 'termine', 'echoue'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const importIdSchema = z.uuid({ error: "Identifiant d'import invalide." });

/** Lieux of an import that carry one flag (LIEU_FLAGS): how many, and which rows and lieux. */
export interface ImportFlagGroup {
  /** Flag slug, e.g. `hors-departement`, `hors-france`, `horaires-invalides`. */
  flag: string;
  /** Label shown to users (« Position hors du département de la commune »). */
  libelle: string;
  /** Lieux of this import carrying the flag (complete count). */
  total: number;
  /** Their rows (file line for CSV, rank for JSON) and lieu ids, by line; 2,000 at most per flag. */
  lignes: Array<{ ligne: number; lieu_id: string }>;
}

/** An import of lieux as GET /api/v1/imports/:id (with the rows) and GET /api/v1/imports (without) return it. */
export interface ImportView {
  id: string;
  source: string;
  format: string;
  format_detecte: string | null;
  encodage: string | null;
  filename: string | null;
  statut: ImportStatus;
  progression: number;
  total: number | null;
  valides: number | null;
  importes: number;
  crees: number;
  mis_a_jour: number;
  inchanges: number;
  rejetes_total: number;
  doublons: number;
  /** Imported lieux carrying at least one problem flag (LIEU_PROBLEM_FLAGS). */
  signales_total: number;
  /** Flag → number of imported lieux carrying it (problem flags only). */
  signales_par_flag: Record<string, number>;
  erreur: string | null;
  created_at: string;
  finished_at: string | null;
  /** GET /imports/:id only: rejected rows by line. */
  rejetes?: { ligne: number; motif: string }[];
  /** GET /imports/:id only: optional values dropped, by line. */
  avertissements?: { ligne: number; motif: string }[];
  /** GET /imports/:id only: the imported lieux that were flagged, grouped by flag (most frequent first). */
  signales?: ImportFlagGroup[];
}
export interface ImportListReply {
  items: ImportView[];
}

export const listDoublonsSchema = z.strictObject({
  statut: z.enum(['propose', 'distincts', 'fusionne'], { error: () => 'Statut inconnu ; valeurs possibles : propose, distincts, fusionne.' }).default('propose'),
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 au plus par page.').default(20),
});

export const doublonDecisionSchema = z.strictObject({
  decision: z.enum(['distincts', 'fusionner'], { error: () => 'Décision attendue : « distincts » ou « fusionner ».' }),
});

/** Export formats (public GET routes). */
export const EXPORT_FORMATS = ['v1.0.2-csv', 'v1.0.2-json', 'data-inclusion-structures', 'data-inclusion-services'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportPageSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  /** Cursor: the last lieu id of the previous page. */
  after: z.uuid().optional(),
});
