import { stringify } from 'csv-stringify/sync';
import { V102_FIELDS, V102_VOCABULARIES, type LieuWriteData, type V102Field, type VocabularyField } from '../standard/v1-0-2';

/** A lieu as the exporters read it (active lieux only are exported). */
export interface ExportLieu {
  id: string;
  source: string;
  source_id: string;
  date_maj: string;
  data: LieuWriteData;
}

/** What the standard's community writes for "no SIRET/RNA" (the pivot is required by v1.0.2). */
export const NO_PIVOT = '00000000000000';

const joinLabels = <F extends VocabularyField>(field: F, slugs: readonly string[]) =>
  slugs.map((s) => (V102_VOCABULARIES[field].labels as Record<string, string>)[s]).filter(Boolean).join('|');
const joinFree = (values: readonly string[]) => values.map((v) => v.replace(/\|/g, '/')).join('|');

/**
 * One lieu in the national standard v1.0.2: every column of the schema, multi-values joined with
 * `|`, vocabulary values as the standard's labels. `id` is PIN's lieu id (unique and stable), and
 * `source` the producer the lieu came from.
 */
export function toStandardRecord(l: ExportLieu): Record<V102Field, string | number | null> {
  const d = l.data;
  const opt = (v: string | undefined) => v ?? null;
  const multi = (v: string) => (v === '' ? null : v);
  return {
    id: l.id,
    pivot: d.pivot ?? NO_PIVOT,
    nom: d.nom,
    commune: d.commune,
    code_postal: d.code_postal,
    code_insee: opt(d.code_insee),
    adresse: d.adresse,
    complement_adresse: opt(d.complement_adresse),
    latitude: d.latitude,
    longitude: d.longitude,
    typologie: multi(d.typologie.join('|')),
    telephone: opt(d.telephone),
    courriels: multi(d.courriels.join('|')),
    site_web: multi(d.site_web.join('|')),
    horaires: opt(d.horaires),
    presentation_resume: opt(d.presentation_resume),
    presentation_detail: opt(d.presentation_detail),
    source: l.source,
    itinerance: multi(joinLabels('itinerance', d.itinerance)),
    structure_parente: opt(d.structure_parente),
    date_maj: l.date_maj,
    services: multi(joinLabels('services', d.services)),
    publics_specifiquement_adresses: multi(joinLabels('publics_specifiquement_adresses', d.publics_specifiquement_adresses)),
    prise_en_charge_specifique: multi(joinLabels('prise_en_charge_specifique', d.prise_en_charge_specifique)),
    frais_a_charge: multi(joinLabels('frais_a_charge', d.frais_a_charge)),
    dispositif_programmes_nationaux: multi(joinLabels('dispositif_programmes_nationaux', d.dispositif_programmes_nationaux)),
    formations_labels: multi(joinLabels('formations_labels', d.formations_labels)),
    autres_formations_labels: multi(joinFree(d.autres_formations_labels)),
    modalites_acces: multi(joinLabels('modalites_acces', d.modalites_acces)),
    modalites_accompagnement: multi(joinLabels('modalites_accompagnement', d.modalites_accompagnement)),
    fiche_acces_libre: opt(d.fiche_acces_libre),
    prise_rdv: opt(d.prise_rdv),
  };
}

/** The CSV header line of v1.0.2 (exact column order of the schema). */
export const standardCsvHeader = (): string => stringify([V102_FIELDS as unknown as string[]]);

/** CSV lines (with trailing newline) of lieux in v1.0.2. */
export function standardCsvRows(lieux: readonly ExportLieu[]): string {
  if (lieux.length === 0) return '';
  return stringify(
    lieux.map((l) => {
      const r = toStandardRecord(l);
      return V102_FIELDS.map((f) => (r[f] === null ? '' : String(r[f])));
    }),
  );
}

/** The same record as JSON (absent values omitted, coordinates as numbers). */
export function standardJsonRecord(l: ExportLieu): Record<string, string | number> {
  const r = toStandardRecord(l);
  return Object.fromEntries(V102_FIELDS.filter((f) => r[f] !== null).map((f) => [f, r[f] as string | number]));
}
