import { z } from 'zod';
import { PinError, type ErrorCode } from '../errors';
import { DISPOSITIFS, FORMATIONS_LABELS, FRAIS, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES } from './standard';
import { sanitizedOrThrow } from '../validation';

/**
 * Public search of lieux: GET /api/v1/lieux (gateway) → REQUESTS.directory.lieuSearch.
 * Query strings come as text ("services=a,b"); the parsed form (arrays, numbers) is what the gateway
 * sends to the directory, which parses it again with the same function (both forms are accepted).
 * Semantics: values of one filter are alternatives (any of them), different filters all apply.
 */

/** Filter parameter → lieu column, with the vocabulary of its slugs (démarches: the catalogue, checked by the directory). */
export const SEARCH_FILTERS = {
  services: { column: 'services', vocabulary: SERVICES.slugs as readonly string[] },
  demarches: { column: 'demarches', vocabulary: null },
  publics: { column: 'publics_specifiquement_adresses', vocabulary: PUBLICS.slugs as readonly string[] },
  prise_en_charge: { column: 'prise_en_charge_specifique', vocabulary: PRISE_EN_CHARGE.slugs as readonly string[] },
  frais: { column: 'frais_a_charge', vocabulary: FRAIS.slugs as readonly string[] },
  modalites_acces: { column: 'modalites_acces', vocabulary: MODALITES_ACCES.slugs as readonly string[] },
  modalites_accompagnement: { column: 'modalites_accompagnement', vocabulary: MODALITES_ACCOMPAGNEMENT.slugs as readonly string[] },
  dispositifs: { column: 'dispositif_programmes_nationaux', vocabulary: DISPOSITIFS.slugs as readonly string[] },
  labels: { column: 'formations_labels', vocabulary: FORMATIONS_LABELS.slugs as readonly string[] },
  /** Labels granted by the network (labelling service): a programme (`pin-territorial`, `aptic`…) or `<programme>-<niveau>`. */
  label_reseau: { column: 'labels_reseau', vocabulary: null },
} as const;
export type SearchFilterName = keyof typeof SEARCH_FILTERS;
export const SEARCH_FILTER_NAMES = Object.keys(SEARCH_FILTERS) as SearchFilterName[];

export const SEARCH_MAX_PAGE_SIZE = 100;
/** Deepest result reachable by paging (page × pageSize). */
export const SEARCH_MAX_DEPTH = 10_000;

const slugPattern = /^[a-z0-9-]{1,60}$/;

const list = (name: SearchFilterName) => {
  const vocabulary = SEARCH_FILTERS[name].vocabulary;
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z
      .array(
        z.string().refine((s) => (vocabulary ? vocabulary.includes(s) : slugPattern.test(s)), {
          error: (iss) => `Valeur inconnue « ${String(iss.input).slice(0, 60)} »${vocabulary ? ` ; valeurs possibles : ${vocabulary.join(', ')}` : ''}.`,
        }),
      )
      .max(30, '30 valeurs au plus par filtre.'),
  ).optional();
};

const number = (message: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number({ error: message }).refine(Number.isFinite, message));

const bbox = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s))) : v),
  z
    .array(z.number().refine(Number.isFinite, 'Coordonnée invalide.'), { error: 'bbox attend minLon,minLat,maxLon,maxLat.' })
    .length(4, 'bbox attend quatre nombres : minLon,minLat,maxLon,maxLat.')
    .refine(([minLon, minLat, maxLon, maxLat]) => minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90, 'bbox hors limites.')
    .refine(([minLon, minLat, maxLon, maxLat]) => minLon < maxLon && minLat < maxLat, 'bbox : le minimum doit être inférieur au maximum.'),
);

const intParam = (min: number, max: number, message: string) =>
  z.preprocess((v) => (typeof v === 'string' && /^\d{1,7}$/.test(v.trim()) ? Number(v) : v), z.number({ error: message }).int(message).min(min, message).max(max, message));

/** YYYY-MM-DDTHH:mm, a real calendar date, Europe/Paris wall-clock time. */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Date attendue au format AAAA-MM-JJTHH:mm (heure de Paris).')
  .refine((s) => {
    const [y, m, d, h, mi] = s.split(/[-T:]/).map(Number);
    const probe = new Date(Date.UTC(y, m - 1, d, h, mi));
    return y >= 2000 && y <= 2100 && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d && h < 24 && mi < 60;
  }, 'Date ou heure inexistante.');

export const lieuSearchQuerySchema = z
  .strictObject({
    q: z.string().trim().max(100, '100 caractères au plus.').optional(),
    services: list('services'),
    demarches: list('demarches'),
    publics: list('publics'),
    prise_en_charge: list('prise_en_charge'),
    frais: list('frais'),
    modalites_acces: list('modalites_acces'),
    modalites_accompagnement: list('modalites_accompagnement'),
    dispositifs: list('dispositifs'),
    labels: list('labels'),
    label_reseau: list('label_reseau'),
    commune: z.string().regex(/^([013-9]\d|2[AB1-9])\d{3}$/, 'Code INSEE de commune invalide (5 caractères, ex. 40192).').optional(),
    epci: z.string().regex(/^\d{9}$/, "SIREN d'EPCI invalide (9 chiffres).").optional(),
    lat: number('La latitude doit être un nombre.').refine((v) => v >= -90 && v <= 90, 'Latitude hors limites.').optional(),
    lon: number('La longitude doit être un nombre.').refine((v) => v >= -180 && v <= 180, 'Longitude hors limites.').optional(),
    bbox: bbox.optional(),
    ouvert: z.literal('maintenant', { error: 'Seule la valeur « maintenant » est possible (ou utilisez ouvert_le).' }).optional(),
    ouvert_le: localDateTime.optional(),
    page: intParam(1, SEARCH_MAX_DEPTH, 'La page doit être un entier entre 1 et 10000.').default(1),
    pageSize: intParam(1, SEARCH_MAX_PAGE_SIZE, `pageSize doit être un entier entre 1 et ${SEARCH_MAX_PAGE_SIZE}.`).default(20),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.lon === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'lat et lon vont ensemble.' });
    if (v.ouvert && v.ouvert_le) ctx.addIssue({ code: 'custom', path: ['ouvert_le'], message: 'Choisissez ouvert=maintenant ou ouvert_le, pas les deux.' });
    if (v.page * v.pageSize > SEARCH_MAX_DEPTH) ctx.addIssue({ code: 'custom', path: ['page'], message: `Au-delà de ${SEARCH_MAX_DEPTH} résultats, affinez la recherche.` });
  });

export type LieuSearchQuery = z.infer<typeof lieuSearchQuerySchema>;
export type LieuSearchQueryInput = z.input<typeof lieuSearchQuerySchema>;

const CODE_BY_PARAM: Record<string, ErrorCode> = {
  ...Object.fromEntries(SEARCH_FILTER_NAMES.map((f) => [f, 'SEARCH.UNKNOWN_FILTER'])),
  commune: 'SEARCH.UNKNOWN_FILTER',
  epci: 'SEARCH.UNKNOWN_FILTER',
  lat: 'SEARCH.INVALID_COORDINATES',
  lon: 'SEARCH.INVALID_COORDINATES',
  bbox: 'SEARCH.INVALID_COORDINATES',
  page: 'SEARCH.INVALID_PAGINATION',
  pageSize: 'SEARCH.INVALID_PAGINATION',
  ouvert: 'SEARCH.INVALID_TIME',
  ouvert_le: 'SEARCH.INVALID_TIME',
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  'SEARCH.UNKNOWN_FILTER': 'Filtre de recherche inconnu ou invalide.',
  'SEARCH.INVALID_COORDINATES': 'Coordonnées de recherche invalides.',
  'SEARCH.INVALID_PAGINATION': 'Pagination invalide.',
  'SEARCH.INVALID_TIME': "Critère d'ouverture invalide.",
  'REQUEST.INVALID': 'La requête contient des données invalides.',
};

/**
 * Parses the search query (text or already-parsed form); throws a PinError whose code names the
 * first problem: SEARCH.UNKNOWN_FILTER (unknown parameter or value), SEARCH.INVALID_COORDINATES,
 * SEARCH.INVALID_PAGINATION, SEARCH.INVALID_TIME, or REQUEST.INVALID.
 */
export function parseLieuSearchQuery(input: unknown): LieuSearchQuery {
  const r = lieuSearchQuerySchema.safeParse(sanitizedOrThrow(input ?? {}));
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const param = first.code === 'unrecognized_keys' ? '' : String(first.path[0] ?? '');
  const code: ErrorCode = first.code === 'unrecognized_keys' ? 'SEARCH.UNKNOWN_FILTER' : (CODE_BY_PARAM[param] ?? 'REQUEST.INVALID');
  const details = r.error.issues.map((i) => ({
    path: i.code === 'unrecognized_keys' ? i.keys.join(',') : i.path.join('.'),
    message: i.code === 'unrecognized_keys' ? `Paramètre inconnu : ${i.keys.join(', ')}.` : i.message,
  }));
  throw new PinError(code, MESSAGES[code] ?? 'La requête est invalide.', details);
}

/** One lieu in a search result (the list and the map). */
export interface LieuSummary {
  id: string;
  nom: string;
  adresse: string;
  complement_adresse: string | null;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  latitude: number | null;
  longitude: number | null;
  typologie: string[];
  services: string[];
  demarches: string[];
  flags: string[];
  /** Open at the searched instant (ouvert_le) or now; null when the horaires are missing, unreadable or unknown then. */
  ouvert: boolean | null;
  /** Geodesic distance (WGS 84 ellipsoid) in metres, when lat/lon were given. */
  distance_m?: number;
}

export interface LieuSearchResult {
  items: LieuSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** The directory's reply: the result plus its own processing time (the gateway sends it as Server-Timing). */
export interface LieuSearchReply extends LieuSearchResult {
  timing?: { search_ms: number };
}

/** GET /api/v1/communes?q= — communes for the filter (offline référentiel, @etalab/decoupage-administratif). */
export const communeSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'Saisissez au moins un caractère.').max(100, '100 caractères au plus.'),
  limit: intParam(1, 50, 'limit doit être un entier entre 1 et 50.').default(10),
});
export type CommuneSearchQuery = z.infer<typeof communeSearchQuerySchema>;

export interface CommuneSummary {
  code_insee: string;
  nom: string;
  codes_postaux: string[];
  departement: string;
  epci: { siren: string; nom: string } | null;
}
