import type { ImportFileFormat } from '@pin/contracts';

/** File formats the importer reads. The JSON form of v1.0.2 is what our own export produces. */
export type ImportFormat = ImportFileFormat;

/** Columns that only v0.1 has: their presence identifies a v0.1 file. */
export const V01_ONLY_FIELDS = ['courriel', 'cle_ban', 'publics_accueillis', 'conditions_acces', 'labels_nationaux', 'labels_autres', 'accessibilite'];
/** Columns that only v1.0.2 has. */
export const V102_ONLY_FIELDS = [
  'courriels', 'itinerance', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
  'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces', 'fiche_acces_libre',
];
