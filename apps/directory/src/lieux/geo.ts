/**
 * Offline plausibility checks of a lieu's coordinates: inside France (mainland, Corsica, overseas)
 * and inside the département of its INSEE code. INSEE code → département comes from
 * @etalab/decoupage-administratif (communes, including communes déléguées/associées and
 * arrondissements municipaux). That package ships no geometry, so each département is an
 * approximate bounding box [minLon, minLat, maxLon, maxLat] (rounded outwards to 0.01°) and a
 * margin is allowed: the check catches gross errors (swapped coordinates, another town, a
 * default point) without rejecting a lieu a few hundred metres from a border.
 */

type Box = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Extra tolerance around a département's box, in degrees (≈ 8 km). */
export const DEPARTEMENT_MARGIN_DEG = 0.08;

/** France: mainland, Corsica, the five DROM and Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin. */
export const FRANCE_BOXES: Record<string, Box> = {
  metropole: [-5.25, 42.3, 8.3, 51.15],
  corse: [8.5, 41.3, 9.6, 43.05],
  guadeloupe: [-61.85, 15.8, -60.95, 16.55],
  martinique: [-61.25, 14.35, -60.78, 14.9],
  guyane: [-54.65, 2.1, -51.6, 5.8],
  reunion: [55.2, -21.4, 55.85, -20.85],
  mayotte: [44.95, -13.05, 45.35, -12.6],
  'saint-pierre-et-miquelon': [-56.45, 46.7, -56.1, 47.15],
  'saint-barthelemy-saint-martin': [-63.2, 17.85, -62.75, 18.15],
};

/** Approximate bounding boxes of the départements (lon/lat WGS 84). */
export const DEPARTEMENT_BOXES: Record<string, Box> = {
  '01': [4.72, 45.6, 6.18, 46.53], '02': [2.95, 48.83, 4.27, 50.08], '03': [2.27, 45.92, 4.01, 46.81],
  '04': [5.49, 43.66, 6.97, 44.67], '05': [5.41, 44.18, 7.08, 45.13], '06': [6.63, 43.47, 7.72, 44.37],
  '07': [3.86, 44.26, 4.89, 45.37], '08': [4.02, 49.22, 5.4, 50.17], '09': [0.82, 42.57, 2.18, 43.32],
  '10': [3.38, 47.92, 4.87, 48.72], '11': [1.68, 42.64, 3.25, 43.46], '12': [1.83, 43.69, 3.46, 44.95],
  '13': [4.23, 43.15, 5.82, 43.93], '14': [-1.16, 48.75, 0.45, 49.43], '15': [2.06, 44.61, 3.37, 45.49],
  '16': [-0.47, 45.19, 0.95, 46.14], '17': [-1.57, 45.08, 0.01, 46.38], '18': [1.77, 46.42, 3.08, 47.63],
  '19': [1.22, 44.92, 2.53, 45.77], '2A': [8.53, 41.33, 9.41, 42.39], '2B': [8.57, 41.83, 9.57, 43.03],
  '21': [4.06, 46.9, 5.52, 48.04], '22': [-3.67, 48.03, -1.9, 48.91], '23': [1.37, 45.66, 2.62, 46.46],
  '24': [-0.05, 44.57, 1.45, 45.72], '25': [5.69, 46.55, 7.07, 47.59], '26': [4.64, 44.11, 5.83, 45.35],
  '27': [0.29, 48.66, 1.81, 49.49], '28': [0.75, 47.95, 2.0, 48.95], '29': [-5.15, 47.7, -3.38, 48.76],
  '30': [3.26, 43.45, 4.85, 44.46], '31': [0.44, 42.68, 2.05, 43.93], '32': [-0.29, 43.31, 1.21, 44.08],
  '33': [-1.27, 44.19, 0.32, 45.58], '34': [2.53, 43.21, 4.2, 43.97], '35': [-2.29, 47.63, -1.01, 48.71],
  '36': [0.86, 46.35, 2.21, 47.28], '37': [0.05, 46.73, 1.37, 47.71], '38': [4.74, 44.69, 6.36, 45.89],
  '39': [5.25, 46.26, 6.21, 47.31], '40': [-1.53, 43.48, 0.14, 44.54], '41': [0.58, 47.19, 2.25, 48.14],
  '42': [3.69, 45.23, 4.76, 46.28], '43': [3.08, 44.74, 4.49, 45.43], '44': [-2.56, 46.86, -0.95, 47.84],
  '45': [1.51, 47.48, 3.13, 48.35], '46': [0.98, 44.2, 2.22, 45.05], '47': [-0.15, 43.97, 1.08, 44.77],
  '48': [2.98, 44.11, 4.0, 44.98], '49': [-1.36, 46.97, 0.24, 47.81], '50': [-1.95, 48.46, -0.74, 49.73],
  '51': [3.4, 48.52, 5.04, 49.41], '52': [4.63, 47.58, 5.9, 48.69], '53': [-1.24, 47.73, -0.05, 48.57],
  '54': [5.43, 48.35, 7.13, 49.57], '55': [4.89, 48.41, 5.86, 49.62], '56': [-3.73, 47.28, -2.03, 48.22],
  '57': [5.89, 48.53, 7.64, 49.52], '58': [2.84, 46.65, 4.23, 47.59], '59': [2.07, 49.97, 4.23, 51.09],
  '60': [1.69, 49.06, 3.17, 49.77], '61': [-0.86, 48.18, 0.98, 48.98], '62': [1.55, 50.02, 3.19, 51.01],
  '63': [2.39, 45.29, 3.99, 46.26], '64': [-1.79, 42.78, 0.03, 43.6], '65': [-0.33, 42.67, 0.65, 43.61],
  '66': [1.72, 42.33, 3.18, 42.92], '67': [6.94, 48.12, 8.24, 49.08], '68': [6.84, 47.42, 7.63, 48.32],
  '69': [4.24, 45.45, 5.16, 46.31], '70': [5.37, 47.25, 6.83, 48.03], '71': [3.62, 46.15, 5.47, 47.16],
  '72': [-0.45, 47.57, 0.92, 48.49], '73': [5.62, 45.05, 7.19, 45.94], '74': [5.8, 45.68, 7.05, 46.41],
  '75': [2.22, 48.81, 2.47, 48.91], '76': [0.06, 49.25, 1.8, 50.07], '77': [2.39, 48.12, 3.56, 49.12],
  '78': [1.44, 48.44, 2.23, 49.09], '79': [-0.9, 45.97, 0.22, 47.11], '80': [1.38, 49.57, 3.21, 50.37],
  '81': [1.54, 43.38, 2.94, 44.2], '82': [0.74, 43.77, 1.99, 44.4], '83': [5.65, 42.98, 6.94, 43.81],
  '84': [4.65, 43.66, 5.76, 44.43], '85': [-2.4, 46.26, -0.54, 47.09], '86': [-0.1, 46.05, 1.22, 47.18],
  '87': [0.63, 45.44, 1.91, 46.4], '88': [5.39, 47.81, 7.2, 48.52], '89': [2.85, 47.31, 4.35, 48.4],
  '90': [6.76, 47.43, 7.14, 47.83], '91': [1.91, 48.28, 2.59, 48.78], '92': [2.15, 48.73, 2.34, 48.96],
  '93': [2.29, 48.81, 2.61, 49.02], '94': [2.3, 48.68, 2.62, 48.87], '95': [1.6, 48.9, 2.6, 49.25],
  '971': [-61.81, 15.83, -61.0, 16.52], '972': [-61.23, 14.38, -60.81, 14.88], '973': [-54.6, 2.11, -51.62, 5.75],
  '974': [55.21, -21.39, 55.84, -20.87], '976': [44.98, -13.01, 45.31, -12.63],
};

interface RawCommune {
  code: string;
  nom: string;
  departement?: string;
}

let communes: Map<string, { nom: string; departement: string }> | undefined;

function load(): Map<string, { nom: string; departement: string }> {
  if (communes) return communes;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  communes = new Map();
  for (const c of raw) {
    // Communes déléguées share codes with their commune nouvelle: the first (current) entry wins.
    if (c.departement && !communes.has(c.code)) communes.set(c.code, { nom: c.nom, departement: c.departement });
  }
  return communes;
}

/** The commune of an INSEE code (current, délégué/associé or arrondissement municipal), or undefined. */
export function communeOfInsee(codeInsee: string): { nom: string; departement: string } | undefined {
  return load().get(codeInsee);
}

const inBox = (b: Box, lon: number, lat: number, margin = 0) =>
  lon >= b[0] - margin && lon <= b[2] + margin && lat >= b[1] - margin && lat <= b[3] + margin;

export function isInFrance(latitude: number, longitude: number): boolean {
  return Object.values(FRANCE_BOXES).some((b) => inBox(b, longitude, latitude));
}

/**
 * Is the point plausibly inside the département? `undefined` when the département has no box
 * (overseas collectivities other than the DROM): nothing can be said.
 */
export function isInDepartement(departement: string, latitude: number, longitude: number): boolean | undefined {
  const box = DEPARTEMENT_BOXES[departement];
  return box ? inBox(box, longitude, latitude, DEPARTEMENT_MARGIN_DEG) : undefined;
}

export type GeoIssue = 'coordonnees-manquantes' | 'hors-france' | 'hors-departement' | 'insee-inconnu';

/** Every plausibility problem of a lieu's position (empty when it looks right). */
export function geoIssues(input: { latitude: number | null; longitude: number | null; code_insee?: string | null }): GeoIssue[] {
  const issues: GeoIssue[] = [];
  const commune = input.code_insee ? communeOfInsee(input.code_insee) : undefined;
  if (input.code_insee && !commune) issues.push('insee-inconnu');
  if (input.latitude === null || input.longitude === null) {
    issues.push('coordonnees-manquantes');
    return issues;
  }
  if (!isInFrance(input.latitude, input.longitude)) {
    issues.push('hors-france');
    return issues;
  }
  if (commune && isInDepartement(commune.departement, input.latitude, input.longitude) === false) issues.push('hors-departement');
  return issues;
}

/**
 * Flags of a position known to be wrong (swapped coordinates, another town): it is stored so that
 * the lieu's managers can fix it (mes-lieux), but never served as coordinates to the public
 * (search, map, detail, open-data exports) until an edit fixes it.
 */
export const WITHHELD_POSITION_FLAGS: readonly GeoIssue[] = ['hors-france', 'hors-departement'];

export const positionWithheld = (flags: readonly string[] | null | undefined): boolean =>
  (flags ?? []).some((f) => (WITHHELD_POSITION_FLAGS as readonly string[]).includes(f));

/** SQL select list of `lieu`: `latitude, longitude` as served to the public (NULL when withheld). */
export const SERVED_POSITION_SQL = (() => {
  const withheld = `flags && ARRAY[${WITHHELD_POSITION_FLAGS.map((f) => `'${f}'`).join(', ')}]::text[]`;
  return `CASE WHEN ${withheld} THEN NULL ELSE ST_Y(location::geometry) END AS latitude,
  CASE WHEN ${withheld} THEN NULL ELSE ST_X(location::geometry) END AS longitude`;
})();
