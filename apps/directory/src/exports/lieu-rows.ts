import { SERVED_POSITION_SQL } from '../lieux/geo';
import { SERVED_HORAIRES_SQL } from '../lieux/withheld';
import type { ExportLieu } from './standard-record';
import type { LieuWriteData } from '../standard/v1-0-2';

/**
 * Columns of `lieu` the exporters read (active lieux only); a withheld position (flagged
 * hors-france/hors-departement) and withheld horaires (flagged horaires-invalides) are exported empty.
 */
export const EXPORT_COLUMNS = `id::text AS id, source, source_id, to_char(date_maj, 'YYYY-MM-DD') AS date_maj, pivot, nom, adresse,
  complement_adresse, commune, code_postal, code_insee, ${SERVED_POSITION_SQL},
  typologie, telephone, courriels, site_web, ${SERVED_HORAIRES_SQL}, presentation_resume, presentation_detail, itinerance, structure_parente,
  services, publics_specifiquement_adresses, prise_en_charge_specifique, frais_a_charge, dispositif_programmes_nationaux,
  formations_labels, autres_formations_labels, modalites_acces, modalites_accompagnement, fiche_acces_libre, prise_rdv, demarches`;

type Row = Record<string, unknown>;

const opt = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));
const arr = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A `lieu` row (EXPORT_COLUMNS) as the write model, absent values omitted. */
export function rowToExportLieu(r: Row): ExportLieu {
  const data: Record<string, unknown> = {
    pivot: opt(r.pivot),
    nom: String(r.nom),
    adresse: String(r.adresse),
    complement_adresse: opt(r.complement_adresse),
    commune: String(r.commune),
    code_postal: String(r.code_postal),
    code_insee: opt(r.code_insee),
    latitude: num(r.latitude),
    longitude: num(r.longitude),
    typologie: arr(r.typologie),
    telephone: opt(r.telephone),
    courriels: arr(r.courriels),
    site_web: arr(r.site_web),
    horaires: opt(r.horaires),
    presentation_resume: opt(r.presentation_resume),
    presentation_detail: opt(r.presentation_detail),
    itinerance: arr(r.itinerance),
    structure_parente: opt(r.structure_parente),
    services: arr(r.services),
    publics_specifiquement_adresses: arr(r.publics_specifiquement_adresses),
    prise_en_charge_specifique: arr(r.prise_en_charge_specifique),
    frais_a_charge: arr(r.frais_a_charge),
    dispositif_programmes_nationaux: arr(r.dispositif_programmes_nationaux),
    formations_labels: arr(r.formations_labels),
    autres_formations_labels: arr(r.autres_formations_labels),
    modalites_acces: arr(r.modalites_acces),
    modalites_accompagnement: arr(r.modalites_accompagnement),
    fiche_acces_libre: opt(r.fiche_acces_libre),
    prise_rdv: opt(r.prise_rdv),
    demarches: arr(r.demarches),
  };
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  return { id: String(r.id), source: String(r.source), source_id: String(r.source_id), date_maj: String(r.date_maj), data: data as LieuWriteData };
}
