import type { ImportFileFormat } from '@pin/contracts';

/** File formats the importer reads. The JSON form of v1.0.2 is what our own export produces. */
export type ImportFormat = ImportFileFormat;
export type StandardVersion = 'v1.0.2' | 'v0.1';

/** Columns that only v0.1 has: their presence identifies a v0.1 file. */
export const V01_ONLY_FIELDS = ['courriel', 'cle_ban', 'publics_accueillis', 'conditions_acces', 'labels_nationaux', 'labels_autres', 'accessibilite'];
/** Columns that only v1.0.2 has. */
export const V102_ONLY_FIELDS = [
  'courriels', 'itinerance', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
  'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces', 'fiche_acces_libre',
];

/** JSON or CSV: the requested format, or (auto) whether the text starts like a JSON array or object. */
export function isJsonFile(trimmedText: string, requested: ImportFormat | 'auto'): boolean {
  return requested === 'auto' ? trimmedText.startsWith('[') || trimmedText.startsWith('{') : requested.endsWith('-json');
}

/** The standard's version: the requested one, or (auto) the one whose own columns the file has more of. */
export function detectVersion(columns: Set<string>, requested: ImportFormat | 'auto'): StandardVersion {
  if (requested !== 'auto') return requested.split('-')[0] as StandardVersion;
  const v01 = V01_ONLY_FIELDS.filter((c) => columns.has(c)).length;
  const v102 = V102_ONLY_FIELDS.filter((c) => columns.has(c)).length;
  return v01 > v102 ? 'v0.1' : 'v1.0.2';
}
