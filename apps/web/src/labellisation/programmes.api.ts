import type { ProgrammeView } from '@pin/contracts';
import { api } from '../app/api';

/** Calls of the programme editor (routes labellingProgramme* of libs/contracts/src/routes/labelling.routes.ts). */

export interface ProgrammeRules {
  titre: string;
  description: string;
  validiteMois: number;
  niveaux: Array<{ id: string; titre: string }>;
  criteres: Array<{ id?: string; titre: string; description: string; obligatoireDes: string | null; demarche: string | null; retire: boolean }>;
}

export const fetchEditableProgrammes = () => api.get<{ items: ProgrammeView[]; demarches: Array<{ id: string; libelle: string }> }>('/api/v1/labellisation/programmes');
export const createProgramme = (body: ProgrammeRules & { id: string }) => api.post<ProgrammeView>('/api/v1/labellisation/programmes', body);
export const updateProgramme = (id: string, body: ProgrammeRules & { version: number }) => api.put<ProgrammeView>(`/api/v1/labellisation/programmes/${encodeURIComponent(id)}`, body);

/** A slug from a French title (the API's identifiers): « Niveau or » → `niveau-or`. */
export function slugify(titre: string): string {
  const s = titre
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return s || 'niveau';
}
