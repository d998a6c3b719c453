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
