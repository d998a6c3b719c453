import { date, list, number, str, telephone, uniq, url } from './cell-values';
import type { StandardVersion } from './detect-format';
import { inferCodeInsee } from './infer-code-insee';
import { postalCodeMismatchMessage, postalCodesOfInsee } from '../../lieux/postal-code';
import type { LieuWriteData } from '../../standard/v1-0-2';
import { readV01Columns } from './v0-1-mapping';
import { readV102Columns } from './v1-0-2-columns';
import { validateCandidate } from './validate-row';
import { MULTI_SEPARATOR, type VersionColumns } from './version-columns';

/** A row that became a lieu (possibly with warnings about values that were dropped). */
export interface ParsedLieu {
  /** Line of the file (CSV: physical line where the record starts, header = 1; JSON: rank of the object, 1-based). */
  ligne: number;
  /** The standard's `id` in the producer's data. */
  sourceId: string;
  /** The producer named in the row's `source` column, if any. */
  producteur?: string;
  dateMaj: string;
  data: LieuWriteData;
}

type Values = Record<string, unknown>;
type Warn = (motif: string) => void;

/** The placeholder the community writes when a lieu has no SIRET/RNA: treated as absent. */
const PLACEHOLDER_PIVOT = /^0+$/;

/** Maps one row to a lieu, or explains why it cannot be one. */
export function convertRow(values: Values, version: StandardVersion, warn: Warn): Omit<ParsedLieu, 'ligne'> | { motif: string } {
  const identity = readIdentity(values);
  if ('motif' in identity) return identity;
  const columns = version === 'v1.0.2' ? readV102Columns(values, warn) : readV01Columns(values, warn);
  const result = validateCandidate(lieuCandidate(values, MULTI_SEPARATOR[version], columns, warn), values, warn);
  if ('motif' in result) return result;
  const postal = postalCodeProblem(result.data, str(values.code_postal));
  if (postal) return { motif: postal };
  return { sourceId: identity.sourceId, producteur: str(values.source), dateMaj: identity.dateMaj, data: result.data };
}

/** The row's id in the producer's data and its update date, both required. */
function readIdentity(values: Values): { sourceId: string; dateMaj: string } | { motif: string } {
  const sourceId = str(values.id);
  if (!sourceId) return { motif: 'Identifiant (id) manquant.' };
  if (sourceId.length > 200) return { motif: 'Identifiant (id) trop long (200 caractères au plus).' };
  const dateMaj = date(values.date_maj);
  if (!dateMaj) {
    return { motif: str(values.date_maj) ? `Date de mise à jour invalide « ${str(values.date_maj)} » (attendu AAAA-MM-JJ).` : 'Date de mise à jour (date_maj) manquante.' };
  }
  return { sourceId, dateMaj };
}

/** A postal code of four digits: a leading zero lost by a spreadsheet. */
const SPREADSHEET_POSTAL_CODE = /^\d{4}$/;

/**
 * Pivot and postal address; leading zeros lost by a spreadsheet are restored, a missing INSEE code
 * inferred (from a restored postal code only when the commune's name matches).
 */
function readAddress(values: Values) {
  let pivot = str(values.pivot);
  if (pivot && PLACEHOLDER_PIVOT.test(pivot)) pivot = undefined;
  let codePostal = str(values.code_postal);
  const restored = codePostal !== undefined && SPREADSHEET_POSTAL_CODE.test(codePostal);
  if (restored) codePostal = `0${codePostal}`;
  const commune = str(values.commune);
  let codeInsee = str(values.code_insee);
  if (codeInsee && /^\d{4}$/.test(codeInsee)) codeInsee = `0${codeInsee}`;
  if (!codeInsee && codePostal && commune) codeInsee = inferCodeInsee(codePostal, commune, { byNameOnly: restored });
  return { pivot, commune, codePostal, codeInsee };
}

/**
 * Why the row's postal code cannot be the commune's, if it cannot: it must be a postal code of
 * the INSEE code's commune. Without a known INSEE code nothing is checked (an unknown code is
 * flagged by the writer), except a code restored from four digits: it must then be a postal code
 * of the commune named in the row.
 */
export function postalCodeProblem(data: Pick<LieuWriteData, 'code_postal' | 'code_insee' | 'commune'>, given: string | undefined): string | undefined {
  const restored = given !== undefined && SPREADSHEET_POSTAL_CODE.test(given);
  const commune = data.code_insee ? postalCodesOfInsee(data.code_insee) : undefined;
  if (commune) return commune.codesPostaux.includes(data.code_postal) ? undefined : postalCodeMismatchMessage(data.code_postal, commune, given);
  if (restored && !inferCodeInsee(data.code_postal, data.commune, { byNameOnly: true })) {
    return `Code postal ${data.code_postal} (« ${given} » complété d'un zéro) : ce n'est pas un code postal de la commune « ${data.commune} ».`;
  }
  return undefined;
}

/** Both coordinates or none (with a warning), rounded to 7 decimals. */
function readCoordinates(values: Values, warn: Warn): { latitude: number | null; longitude: number | null } {
  const latitude = number(values.latitude);
  const longitude = number(values.longitude);
  if (latitude === 'invalid' || longitude === 'invalid') {
    warn('Coordonnées illisibles : le lieu est importé sans coordonnées.');
    return { latitude: null, longitude: null };
  }
  if ((latitude === null) !== (longitude === null)) {
    warn('Coordonnées incomplètes : le lieu est importé sans coordonnées.');
    return { latitude: null, longitude: null };
  }
  // 7 decimals (about 1 cm) is more than any source measures, and survives PostGIS's round trip.
  const round7 = (x: number | null) => (x === null ? null : Math.round(x * 1e7) / 1e7);
  return { latitude: round7(latitude), longitude: round7(longitude) };
}

/** The lieu in the write model's terms, absent values omitted; validated next. */
function lieuCandidate(values: Values, multi: RegExp, c: VersionColumns, warn: Warn): Record<string, unknown> {
  const { pivot, commune, codePostal, codeInsee } = readAddress(values);
  const { latitude, longitude } = readCoordinates(values, warn);
  const { slugs } = c;
  const candidate: Record<string, unknown> = {
    pivot, nom: str(values.nom), adresse: str(values.adresse), complement_adresse: str(values.complement_adresse),
    commune, code_postal: codePostal, code_insee: codeInsee, latitude, longitude,
    typologie: list(values.typologie, /[|;,]/).map((t) => t.toUpperCase()),
    telephone: telephone(values.telephone),
    courriels: c.courriels,
    site_web: list(values.site_web, multi).map(url),
    horaires: str(values.horaires),
    presentation_resume: c.presentationResume,
    presentation_detail: c.presentationDetail,
    itinerance: [...slugs.itinerance],
    structure_parente: str(values.structure_parente),
    services: [...slugs.services],
    publics_specifiquement_adresses: [...slugs.publics_specifiquement_adresses],
    prise_en_charge_specifique: [...slugs.prise_en_charge_specifique],
    frais_a_charge: [...slugs.frais_a_charge],
    dispositif_programmes_nationaux: [...slugs.dispositif_programmes_nationaux],
    formations_labels: [...slugs.formations_labels],
    autres_formations_labels: uniq(c.autresLabels),
    modalites_acces: [...slugs.modalites_acces],
    modalites_accompagnement: [...slugs.modalites_accompagnement],
    fiche_acces_libre: c.ficheAccesLibre ? url(c.ficheAccesLibre) : undefined,
    prise_rdv: str(values.prise_rdv) ? url(str(values.prise_rdv)!) : undefined,
    demarches: [],
  };
  for (const k of Object.keys(candidate)) if (candidate[k] === undefined) delete candidate[k];
  return candidate;
}
