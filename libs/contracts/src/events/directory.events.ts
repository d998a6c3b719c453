import { z } from 'zod';
import { defineEvent } from '../cloud-event';

export const structureSnapshotSchema = z.object({
  id: z.uuid(),
  nom: z.string(),
  siret: z.string().nullable(),
  rna: z.string().nullable(),
  commune: z.string(),
  codeInsee: z.string().nullable(),
  email: z.string().nullable(),
  telephone: z.string().nullable(),
  version: z.number().int().min(1),
});
export type StructureSnapshot = z.infer<typeof structureSnapshotSchema>;

export const StructureCreatedV1 = defineEvent('pin.directory.structure.created.v1', structureSnapshotSchema);
export const StructureUpdatedV1 = defineEvent(
  'pin.directory.structure.updated.v1',
  structureSnapshotSchema.extend({ changed: z.array(z.string()) }),
);

/**
 * A lieu as consumers (labelling, operators, observatory) project it: the standard's fields with
 * slugs, null for an absent optional value, coordinates null when unknown.
 */
export const lieuSnapshotSchema = z.object({
  id: z.uuid(),
  structure_id: z.uuid().nullable(),
  source: z.string(),
  source_id: z.string(),
  statut: z.enum(['actif', 'ferme']),
  pivot: z.string().nullable(),
  nom: z.string(),
  adresse: z.string(),
  complement_adresse: z.string().nullable(),
  commune: z.string(),
  code_postal: z.string(),
  code_insee: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  typologie: z.array(z.string()),
  telephone: z.string().nullable(),
  courriels: z.array(z.string()),
  site_web: z.array(z.string()),
  horaires: z.string().nullable(),
  presentation_resume: z.string().nullable(),
  presentation_detail: z.string().nullable(),
  itinerance: z.array(z.string()),
  structure_parente: z.string().nullable(),
  services: z.array(z.string()),
  publics_specifiquement_adresses: z.array(z.string()),
  prise_en_charge_specifique: z.array(z.string()),
  frais_a_charge: z.array(z.string()),
  dispositif_programmes_nationaux: z.array(z.string()),
  formations_labels: z.array(z.string()),
  autres_formations_labels: z.array(z.string()),
  modalites_acces: z.array(z.string()),
  modalites_accompagnement: z.array(z.string()),
  fiche_acces_libre: z.string().nullable(),
  prise_rdv: z.string().nullable(),
  demarches: z.array(z.string()),
  flags: z.array(z.string()),
  date_maj: z.string(),
  version: z.number().int().min(1),
});
export type LieuSnapshot = z.infer<typeof lieuSnapshotSchema>;

export const LieuCreatedV1 = defineEvent('pin.directory.lieu.created.v1', lieuSnapshotSchema);
export const LieuUpdatedV1 = defineEvent('pin.directory.lieu.updated.v1', lieuSnapshotSchema.extend({ changed: z.array(z.string()) }));
export const LieuClosedV1 = defineEvent(
  'pin.directory.lieu.closed.v1',
  lieuSnapshotSchema.extend({ motif: z.string().nullable(), closed_at: z.string() }),
);

/** A signalement, without the reporter's e-mail (personal data stays in the directory). */
export const reportSchema = z.object({
  id: z.uuid(),
  lieu_id: z.uuid(),
  structure_id: z.uuid().nullable(),
  motif: z.enum(['n-existe-plus', 'horaires', 'services', 'adresse', 'contacts', 'autre']),
  commentaire: z.string().nullable(),
  statut: z.enum(['ouvert', 'corrige', 'rejete']),
  created_at: z.string(),
});
export const ReportCreatedV1 = defineEvent('pin.directory.report.created.v1', reportSchema);
export const ReportResolvedV1 = defineEvent(
  'pin.directory.report.resolved.v1',
  reportSchema.extend({
    resolution_motif: z.string(),
    resolu_par: z.string(),
    resolved_at: z.string(),
    /** Fields of the lieu changed by the correction (empty when dismissed). */
    changed: z.array(z.string()),
  }),
);
