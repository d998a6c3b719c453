import type { LieuData } from '@pin/contracts';
import {
  DISPOSITIFS, FORMATIONS_LABELS, FRAIS, ITINERANCE, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES,
} from '@pin/contracts';

/*
 * The national standard of lieux de médiation numérique, v1.0.2: its columns and vocabularies,
 * and the lieu data the importer produces and the exporters read.
 */

/**
 * The write model of a lieu for imports: like LieuData, but coordinates and the INSEE code may be
 * missing (the lieu is then kept and flagged by the writer).
 */
export type LieuWriteData = Omit<LieuData, 'latitude' | 'longitude' | 'code_insee'> & {
  latitude: number | null;
  longitude: number | null;
  code_insee?: string;
};

/** Columns of the national standard v1.0.2, in the exact order of its table schema. */
export const V102_FIELDS = [
  'id', 'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'latitude', 'longitude', 'typologie',
  'telephone', 'courriels', 'site_web', 'horaires', 'presentation_resume', 'presentation_detail', 'source', 'itinerance',
  'structure_parente', 'date_maj', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
  'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces', 'modalites_accompagnement',
  'fiche_acces_libre', 'prise_rdv',
] as const;
export type V102Field = (typeof V102_FIELDS)[number];

/** Multi-valued columns of v1.0.2 that hold labels of a vocabulary. */
export const V102_VOCABULARIES = {
  itinerance: ITINERANCE,
  services: SERVICES,
  publics_specifiquement_adresses: PUBLICS,
  prise_en_charge_specifique: PRISE_EN_CHARGE,
  frais_a_charge: FRAIS,
  dispositif_programmes_nationaux: DISPOSITIFS,
  formations_labels: FORMATIONS_LABELS,
  modalites_acces: MODALITES_ACCES,
  modalites_accompagnement: MODALITES_ACCOMPAGNEMENT,
} as const;
export type VocabularyField = keyof typeof V102_VOCABULARIES;
