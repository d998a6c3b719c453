import type { Page } from '@pin/contracts';
import { api, idempotencyKey, requestFile, type ApiResult } from '../app/api';
import type { CreateHabilitation, HabilitationStatut, StructureMembersResponse } from '@pin/contracts';
import type { CreateMandat, CreateUsager, Habilitation, Items, JournalEntry, Mandat, Usager, Verification } from './types';

/** The mandates routes of the gateway, through the app's one HTTP client. */

const enc = encodeURIComponent;
const STRUCTURE_KEY = 'pin.mandats.structure';

/** The structure an aidant of several structures acts for (kept for the browser tab's session). */
export function selectedStructure(structures: readonly string[] = []): string | undefined {
  let stored: string | null = null;
  try {
    stored = sessionStorage.getItem(STRUCTURE_KEY);
  } catch {
    stored = null;
  }
  if (stored && (structures.length === 0 || structures.includes(stored))) return stored;
  return structures[0];
}

export function selectStructure(id: string): void {
  try {
    sessionStorage.setItem(STRUCTURE_KEY, id);
  } catch {
    // Private browsing without storage: the choice lasts for the page only.
  }
}

/** Routes of an acting aidant carry the selected structure (header `X-Pin-Structure`). */
const scoped = () => ({ structureId: selectedStructure() });

export const fetchVerification = (token: string) => api.get<Verification>(`/api/v1/verifications/${enc(token)}`);

export const searchUsagers = (q: string) => api.get<Items<Usager>>('/api/v1/usagers', { query: { q }, ...scoped() });
/** The structure's usagers, page by page (alphabetical). */
export const listUsagers = (page: number, pageSize = 20) => api.get<Page<Usager>>('/api/v1/usagers', { query: { page, pageSize }, ...scoped() });
export const fetchUsager = (id: string) => api.get<Usager>(`/api/v1/usagers/${enc(id)}`, scoped());
export const fetchUsagerMandats = (id: string) => api.get<Items<Mandat>>(`/api/v1/usagers/${enc(id)}/mandats`, scoped());
export const fetchUsagerJournal = (id: string) => api.get<Items<JournalEntry>>(`/api/v1/usagers/${enc(id)}/journal`, scoped());
export const issueClaimCode = (id: string) => {
  const structureId = selectedStructure();
  return api.post<{ codeReclamation: string }>(`/api/v1/usagers/${enc(id)}/code-reclamation`, structureId ? { structureId } : {}, scoped());
};

/** A possible duplicate comes back as 409 with the existing usagers in `details.candidats`. */
export const createUsager = (body: CreateUsager) => api.post<Usager>('/api/v1/usagers', body, scoped());

export function duplicatesOf(res: ApiResult<unknown>): Usager[] {
  if (res.ok || res.status !== 409) return [];
  const details = res.details as { candidats?: Usager[] } | undefined;
  return Array.isArray(details?.candidats) ? details.candidats : [];
}

export const createMandat = (body: CreateMandat, key: string) => api.post<Mandat>('/api/v1/mandats', body, { idempotencyKey: key, ...scoped() });
/** Whole mandate (no `demarches`), or only the démarches given. */
export const revokeMandat = (id: string, key: string, demarches?: string[]) =>
  api.post<Mandat>(`/api/v1/mandats/${enc(id)}/revocation`, demarches ? { demarches } : {}, { idempotencyKey: key });
export const attestationUrl = (id: string) => `/api/v1/mandats/${enc(id)}/attestation.pdf`;
export const revocationUrl = (id: string) => `/api/v1/mandats/${enc(id)}/revocation.pdf`;

/**
 * The attestation that prints the usager's one-time claim code: the code travels in a POST body,
 * never in a URL (browser history, access logs); the PDF comes back as a blob of this page.
 */
export async function attestationWithCode(id: string, code: string): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  const res = await requestFile('POST', attestationUrl(id), { body: { code }, headers: { accept: 'application/pdf' } });
  if (!res.ok) return { ok: false, message: res.status === 0 ? 'Impossible de joindre le serveur pour préparer l’attestation.' : 'L’attestation n’a pas pu être préparée. Réessayez dans un instant.' };
  return { ok: true, url: URL.createObjectURL(res.data.blob) };
}

export const fetchMyMandats = () => api.get<Items<Mandat>>('/api/v1/moi/mandats');
export const fetchMyJournal = () => api.get<Items<JournalEntry>>('/api/v1/moi/journal');
export const claimUsager = (code: string) => api.post<Usager>('/api/v1/moi/reclamation', { code });

export const fetchHabilitations = (statut?: HabilitationStatut) => api.get<Items<Habilitation>>('/api/v1/habilitations', { query: { statut } });
/** The people who act in a structure, known from their logins, with their latest habilitation. */
export const fetchMembers = (structureId: string) => api.get<StructureMembersResponse>(`/api/v1/structures/${enc(structureId)}/membres`);
/** A référent asks for the habilitation of a member of the structure (picked from the members list). */
export const requestHabilitation = (body: CreateHabilitation) => api.post<Habilitation>('/api/v1/habilitations', body, { idempotencyKey: idempotencyKey() });
export type HabilitationDecision = 'accorder' | 'refuser' | 'retirer' | 'annuler';
export const decideHabilitation = (id: string, decision: HabilitationDecision, motif?: string) =>
  api.post<Habilitation>(`/api/v1/habilitations/${enc(id)}/${decision}`, motif ? { motif } : {}, { idempotencyKey: idempotencyKey() });
