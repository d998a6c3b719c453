import { parse as parseCsv } from 'csv-parse/sync';
import { codeInseeSchema, latitudeSchema, lieuDataSchema, longitudeSchema, PinError } from '@pin/contracts';
import { V102_VOCABULARIES, type LieuWriteData, type VocabularyField } from '../../standard/v1-0-2';
import { decodeFile, type DetectedEncoding } from './decode';
import { V01_ONLY_FIELDS, V102_ONLY_FIELDS, type ImportFormat } from './detect-format';
import { inferCodeInsee } from './infer-code-insee';
import { mapV01Value } from './v0-1-mapping';

/** The placeholder the community writes when a lieu has no SIRET/RNA: treated as absent. */
const PLACEHOLDER_PIVOT = /^0+$/;

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

/** A rejected row or a warning about a row, with a French reason. */
export interface RowIssue {
  ligne: number;
  motif: string;
}

export interface ParseResult {
  format: ImportFormat;
  encoding: DetectedEncoding;
  /** Number of data rows read (lieux + rejets). */
  total: number;
  lieux: ParsedLieu[];
  rejets: RowIssue[];
  avertissements: RowIssue[];
}

type RawRow = { ligne: number; values: Record<string, unknown> };

/** The file cannot be read at all (not a CSV/JSON table, unknown columns): no row is imported. */
const fileError = (message: string, details?: unknown) => new PinError('REQUEST.INVALID', message, details);

/** Reads an uploaded file in one of the standard's formats; every row becomes a lieu or a rejection. */
export function parseLieuxFile(buffer: Buffer, requested: ImportFormat | 'auto' = 'auto'): ParseResult {
  if (buffer.length === 0) throw fileError('Le fichier est vide.');
  const { text, encoding } = decodeFile(buffer);
  const trimmed = text.trimStart();
  const isJson = requested === 'auto' ? trimmed.startsWith('[') || trimmed.startsWith('{') : requested.endsWith('-json');
  const { rows, rejets } = isJson ? readJson(trimmed) : readCsv(text);
  const columns = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const version = requested === 'auto' ? detectVersion(columns) : (requested.split('-')[0] as 'v1.0.2' | 'v0.1');
  if (!columns.has('id') && rows.length > 0) {
    throw fileError("Le fichier ne ressemble pas au standard des lieux de médiation numérique : colonne « id » absente.", { colonnes: [...columns].slice(0, 40) });
  }
  const format = `${version}-${isJson ? 'json' : 'csv'}` as ImportFormat;
  const lieux: ParsedLieu[] = [];
  const avertissements: RowIssue[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const warn = (motif: string) => avertissements.push({ ligne: row.ligne, motif });
    const result = convertRow(row.values, version, warn);
    if ('motif' in result) {
      rejets.push({ ligne: row.ligne, motif: result.motif });
      continue;
    }
    const previous = seen.get(result.sourceId);
    if (previous !== undefined) {
      rejets.push({ ligne: row.ligne, motif: `Identifiant « ${result.sourceId} » déjà utilisé ligne ${previous}.` });
      continue;
    }
    seen.set(result.sourceId, row.ligne);
    lieux.push({ ligne: row.ligne, ...result });
  }
  rejets.sort((a, b) => a.ligne - b.ligne);
  return { format, encoding, total: lieux.length + rejets.length, lieux, rejets, avertissements };
}

function detectVersion(columns: Set<string>): 'v1.0.2' | 'v0.1' {
  const v01 = V01_ONLY_FIELDS.filter((c) => columns.has(c)).length;
  const v102 = V102_ONLY_FIELDS.filter((c) => columns.has(c)).length;
  return v01 > v102 ? 'v0.1' : 'v1.0.2';
}

// ------------------------------------------------------------------------------------ reading

function readJson(text: string): { rows: RawRow[]; rejets: RowIssue[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw fileError(`Le fichier JSON est illisible : ${(err as Error).message}`);
  }
  // A bare array, or an object holding the array (e.g. {"lieux": [...]}, {"data": [...]}).
  const list = Array.isArray(doc) ? doc : Object.values((doc ?? {}) as Record<string, unknown>).find(Array.isArray);
  if (!Array.isArray(list)) throw fileError('Le fichier JSON doit contenir un tableau de lieux.');
  const rows: RawRow[] = [];
  const rejets: RowIssue[] = [];
  list.forEach((item, i) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      rows.push({ ligne: i + 1, values: Object.fromEntries(Object.entries(item).map(([k, v]) => [k.trim().toLowerCase(), v])) });
    } else {
      rejets.push({ ligne: i + 1, motif: "L'élément n'est pas un objet JSON." });
    }
  });
  return { rows, rejets };
}

function readCsv(text: string): { rows: RawRow[]; rejets: RowIssue[] } {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
  const rejets: RowIssue[] = [];
  let header: string[] = [];
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (err: { lines?: number; message: string } | undefined) => {
        if (err) rejets.push({ ligne: err.lines ?? 0, motif: `Ligne CSV illisible : ${err.message}` });
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  } catch (err) {
    throw fileError(`Le fichier CSV est illisible : ${(err as Error).message}`);
  }
  if (records.length === 0) throw fileError('Le fichier CSV ne contient aucune ligne.');
  const rows: RawRow[] = [];
  records.forEach(({ record, info, raw }, i) => {
    // info.lines is the line where the record ends; a quoted value may span several lines.
    const newlines = (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
    const ligne = info.lines - newlines;
    if (i === 0) {
      header = record.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
      return;
    }
    if (record.every((v) => v.trim() === '')) return;
    if (record.length !== header.length) {
      rejets.push({ ligne, motif: `Nombre de colonnes incorrect : ${record.length} au lieu de ${header.length}.` });
      return;
    }
    rows.push({ ligne, values: Object.fromEntries(header.map((h, j) => [h, record[j]])) });
  });
  return { rows, rejets };
}

// ------------------------------------------------------------------------------------ one row

const REQUIRED = new Set(['nom', 'adresse', 'commune', 'code_postal', 'services']);
const FIELD_NAMES: Record<string, string> = {
  nom: 'nom', adresse: 'adresse', commune: 'commune', code_postal: 'code postal', services: 'services',
};
const lieuImportSchema = lieuDataSchema.extend({
  latitude: latitudeSchema.nullable(),
  longitude: longitudeSchema.nullable(),
  code_insee: codeInseeSchema.optional(),
});

function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '').trim();
  return s === '' ? undefined : s;
}

function list(v: unknown, separator: RegExp): string[] {
  if (Array.isArray(v)) return uniq(v.map(str).filter((s): s is string => s !== undefined));
  const s = str(v);
  return s ? uniq(s.split(separator).map((x) => x.trim()).filter(Boolean)) : [];
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

function number(v: unknown): number | null | 'invalid' {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'invalid';
  const s = str(v);
  if (s === undefined) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

function date(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
  let iso: string | undefined;
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m) iso = `${m[3]}-${m[2]}-${m[1]}`;
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function telephone(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  let t = s.replace(/[\s.\-()]/g, '');
  if (/^00\d+$/.test(t)) t = `+${t.slice(2)}`;
  if (/^0\d{9}$/.test(t)) t = `+33${t.slice(1)}`;
  if (/^\+330\d{9}$/.test(t)) t = `+33${t.slice(4)}`;
  return t;
}

const url = (s: string) => (/^https?:\/\//i.test(s) ? s : /^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(s) ? `https://${s}` : s);

/** Maps one row to a lieu, or explains why it cannot be one. */
function convertRow(
  values: Record<string, unknown>,
  version: 'v1.0.2' | 'v0.1',
  warn: (motif: string) => void,
): Omit<ParsedLieu, 'ligne'> | { motif: string } {
  const multi = version === 'v0.1' ? /;/ : /\|/;
  const sourceId = str(values.id);
  if (!sourceId) return { motif: 'Identifiant (id) manquant.' };
  if (sourceId.length > 200) return { motif: 'Identifiant (id) trop long (200 caractères au plus).' };
  const dateMaj = date(values.date_maj);
  if (!dateMaj) {
    return { motif: str(values.date_maj) ? `Date de mise à jour invalide « ${str(values.date_maj)} » (attendu AAAA-MM-JJ).` : 'Date de mise à jour (date_maj) manquante.' };
  }

  const slugs: Record<VocabularyField, Set<string>> = Object.fromEntries(Object.keys(V102_VOCABULARIES).map((k) => [k, new Set<string>()])) as never;
  const autresLabels: string[] = [];
  const vocabulary = (field: VocabularyField, labels: string[]) => {
    const voc = V102_VOCABULARIES[field];
    for (const label of labels) {
      const slug = voc.fromLabel(label) ?? ((voc.slugs as readonly string[]).includes(label) ? label : undefined);
      // Producers moving from v0.1 sometimes keep the old service wording.
      const v01 = slug || field !== 'services' ? undefined : mapV01Value('services', label);
      if (slug) slugs[field].add(slug);
      else if (v01) for (const t of v01) slugs[t.field].add(t.slug);
      else warn(`Valeur inconnue « ${label} » ignorée (${field}).`);
    }
  };

  let courriels: string[];
  let ficheAccesLibre: string | undefined;
  let resume = str(values.presentation_resume);
  let detail = str(values.presentation_detail);
  if (version === 'v1.0.2') {
    for (const field of Object.keys(V102_VOCABULARIES) as VocabularyField[]) vocabulary(field, list(values[field], multi));
    autresLabels.push(...list(values.autres_formations_labels, multi));
    courriels = list(values.courriels, /[|;,\s]+/);
    ficheAccesLibre = str(values.fiche_acces_libre);
  } else {
    for (const column of ['services', 'publics_accueillis', 'conditions_acces', 'modalites_accompagnement', 'labels_nationaux']) {
      for (const label of list(values[column], multi)) {
        const targets = mapV01Value(column, label);
        if (targets) {
          for (const t of targets) slugs[t.field].add(t.slug);
          continue;
        }
        // Producers sometimes mix in v1.0.2 labels.
        const field = (column === 'services' ? 'services' : undefined) as VocabularyField | undefined;
        const slug = field ? V102_VOCABULARIES[field].fromLabel(label) : undefined;
        if (field && slug) slugs[field].add(slug);
        else if (column === 'labels_nationaux') autresLabels.push(label);
        else warn(`Valeur inconnue « ${label} » ignorée (${column}).`);
      }
    }
    autresLabels.push(...list(values.labels_autres, multi));
    courriels = list(values.courriel, /[|;,\s]+/);
    ficheAccesLibre = str(values.accessibilite);
    // v0.1 allowed 500 characters in the summary, v1.0.2 allows 280: the full text moves to the detail.
    if (resume && resume.length > 280) {
      if (!detail) detail = resume;
      resume = `${resume.slice(0, 279).trimEnd()}…`;
    }
  }

  let pivot = str(values.pivot);
  if (pivot && PLACEHOLDER_PIVOT.test(pivot)) pivot = undefined;
  let codePostal = str(values.code_postal);
  if (codePostal && /^\d{4}$/.test(codePostal)) codePostal = `0${codePostal}`; // lost by a spreadsheet
  const commune = str(values.commune);
  let codeInsee = str(values.code_insee);
  if (codeInsee && /^\d{4}$/.test(codeInsee)) codeInsee = `0${codeInsee}`;
  if (!codeInsee && codePostal && commune) codeInsee = inferCodeInsee(codePostal, commune);

  let latitude = number(values.latitude);
  let longitude = number(values.longitude);
  if (latitude === 'invalid' || longitude === 'invalid') {
    warn('Coordonnées illisibles : le lieu est importé sans coordonnées.');
    latitude = longitude = null;
  } else if ((latitude === null) !== (longitude === null)) {
    warn('Coordonnées incomplètes : le lieu est importé sans coordonnées.');
    latitude = longitude = null;
  }

  // 7 decimals (about 1 cm) is more than any source measures, and survives PostGIS's round trip.
  const round7 = (x: number | null) => (x === null ? null : Math.round(x * 1e7) / 1e7);
  latitude = round7(latitude);
  longitude = round7(longitude);

  const candidate: Record<string, unknown> = {
    pivot,
    nom: str(values.nom),
    adresse: str(values.adresse),
    complement_adresse: str(values.complement_adresse),
    commune,
    code_postal: codePostal,
    code_insee: codeInsee,
    latitude,
    longitude,
    typologie: list(values.typologie, /[|;,]/).map((t) => t.toUpperCase()),
    telephone: telephone(values.telephone),
    courriels,
    site_web: list(values.site_web, multi).map(url),
    horaires: str(values.horaires),
    presentation_resume: resume,
    presentation_detail: detail,
    itinerance: [...slugs.itinerance],
    structure_parente: str(values.structure_parente),
    services: [...slugs.services],
    publics_specifiquement_adresses: [...slugs.publics_specifiquement_adresses],
    prise_en_charge_specifique: [...slugs.prise_en_charge_specifique],
    frais_a_charge: [...slugs.frais_a_charge],
    dispositif_programmes_nationaux: [...slugs.dispositif_programmes_nationaux],
    formations_labels: [...slugs.formations_labels],
    autres_formations_labels: uniq(autresLabels),
    modalites_acces: [...slugs.modalites_acces],
    modalites_accompagnement: [...slugs.modalites_accompagnement],
    fiche_acces_libre: ficheAccesLibre ? url(ficheAccesLibre) : undefined,
    prise_rdv: str(values.prise_rdv) ? url(str(values.prise_rdv)!) : undefined,
    demarches: [],
  };
  for (const k of Object.keys(candidate)) if (candidate[k] === undefined) delete candidate[k];

  // Validate with the write model; a bad optional value is dropped (with a warning), a bad
  // required value rejects the row.
  for (let attempt = 0; attempt < 10; attempt++) {
    const parsed = lieuImportSchema.safeParse(candidate);
    if (parsed.success) {
      return { sourceId, producteur: str(values.source), dateMaj, data: parsed.data as LieuWriteData };
    }
    const dropped = new Set<string>();
    for (const issue of parsed.error.issues) {
      const [field, index] = issue.path as [string, number | undefined];
      if (REQUIRED.has(field) || field === undefined) {
        const what = FIELD_NAMES[field] ?? field ?? 'ligne';
        const missing = candidate[field] === undefined || (Array.isArray(candidate[field]) && (candidate[field] as unknown[]).length === 0);
        return {
          motif: missing
            ? field === 'services' ? 'Aucun service reconnu : au moins un service du standard est obligatoire.' : `Champ obligatoire manquant : ${what}.`
            : `${what[0].toUpperCase()}${what.slice(1)} invalide : ${issue.message}`,
        };
      }
      const key = `${field}/${index ?? ''}`;
      if (dropped.has(key)) continue;
      dropped.add(key);
      const value = candidate[field];
      if (Array.isArray(value) && typeof index === 'number') {
        warn(`Valeur « ${String(value[index])} » ignorée (${field}) : ${issue.message}`);
      } else if (Array.isArray(value) && value.length > 0 && issue.code === 'too_big') {
        warn(`Trop de valeurs (${field}) : seules les premières sont gardées.`);
      } else {
        const given = field === 'telephone' ? str(values.telephone) : value;
        warn(`Valeur « ${String(given).slice(0, 80)} » ignorée (${field}) : ${issue.message}`);
      }
    }
    // Apply the drops (array items from the end, so that indexes stay valid).
    const byField = new Map<string, number[]>();
    for (const key of dropped) {
      const [field, index] = key.split('/');
      byField.set(field, [...(byField.get(field) ?? []), ...(index === '' ? [] : [Number(index)])]);
    }
    for (const [field, indexes] of byField) {
      const value = candidate[field];
      if (Array.isArray(value) && indexes.length > 0) candidate[field] = value.filter((_, i) => !indexes.includes(i));
      else if (Array.isArray(value)) candidate[field] = value.slice(0, 10);
      else delete candidate[field];
    }
  }
  return { motif: 'Ligne invalide.' };
}
