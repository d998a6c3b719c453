import { getJson, idempotencyKey, sendJson, type SendResult } from './http';

/** The mandates routes of the gateway (contract: /work/briefs/mandates-api.md). */

export type StatutMandat = 'valide' | 'a_venir' | 'revoque' | 'expire';

export interface Verification {
  statut: StatutMandat;
  debut: string;
  fin: string;
  revoqueLe: string | null;
  structure: string | null;
  demarches: Array<{ slug: string; label: string; active: boolean }>;
  /** SHA-256 of the journal entry that recorded the creation. */
  empreinte?: string;
  verifieLe: string;
}

export interface Usager {
  id: string;
  nom: string;
  prenoms: string;
  dateNaissance: string;
  lieuNaissance: string;
  email: string | null;
  telephone: string | null;
  compteRelie?: boolean;
}

export interface Mandat {
  id: string;
  usagerId: string;
  statut: StatutMandat;
  debut: string;
  fin: string;
  dureeJours: number;
  consentementLe: string;
  revoqueLe: string | null;
  structure: { id: string; nom: string | null };
  creePar?: { username: string; nom: string | null };
  demarches: Array<{ slug: string; label: string; statut: 'active' | 'a_venir' | 'revoquee' | 'expiree'; revoqueLe: string | null }>;
  verificationToken: string;
  /** Only in the answer that created the mandate, when the usager has no account yet. */
  codeReclamation?: string;
}

export interface JournalEntry {
  seq: number;
  date: string;
  action: string;
  libelle?: string;
  acteur?: string | null;
  demarche?: string | null;
  detail?: string | null;
}

export interface Habilitation {
  id: string;
  structureId: string;
  structure?: { nom: string } | null;
  aidant: { username: string; nom?: string | null };
  statut: 'demandee' | 'accordee' | 'refusee' | 'retiree';
  charteSignee: boolean;
  formationSuivie: boolean;
  demandeeLe: string;
  decideeLe: string | null;
  motif: string | null;
}

interface Items<T> {
  items: T[];
}

const enc = encodeURIComponent;

const STRUCTURE_KEY = 'pin.mandats.structure';

/** The structure an aidant of several structures acts for (kept for the browser tab's session). */
export function selectedStructure(): string | null {
  return sessionStorage.getItem(STRUCTURE_KEY);
}

export function selectStructure(id: string): void {
  sessionStorage.setItem(STRUCTURE_KEY, id);
}

function scoped(path: string): string {
  const s = selectedStructure();
  return s ? `${path}${path.includes('?') ? '&' : '?'}structureId=${enc(s)}` : path;
}

export const fetchVerification = (token: string) => getJson<Verification>(`/api/v1/verifications/${enc(token)}`);

export const searchUsagers = (q: string) => getJson<Items<Usager>>(scoped(`/api/v1/usagers?q=${enc(q)}`));
export const fetchUsager = (id: string) => getJson<Usager>(scoped(`/api/v1/usagers/${enc(id)}`));
export const fetchUsagerMandats = (id: string) => getJson<Items<Mandat>>(scoped(`/api/v1/usagers/${enc(id)}/mandats`));
export const issueClaimCode = (id: string) => sendJson<{ codeReclamation: string }>('POST', `/api/v1/usagers/${enc(id)}/code-reclamation`, selectedStructure() ? { structureId: selectedStructure() } : {});
export const fetchUsagerJournal = (id: string) => getJson<Items<JournalEntry>>(scoped(`/api/v1/usagers/${enc(id)}/journal`));

export interface NewUsager {
  structureId?: string;
  nom: string;
  prenoms: string;
  dateNaissance: string;
  lieuNaissance: string;
  email?: string;
  telephone?: string;
  identiteVerifiee: true;
  confirmerDoublon?: boolean;
}

/** A possible duplicate comes back as 409 with the existing usagers in `details`. */
export async function createUsager(body: NewUsager): Promise<SendResult<Usager> & { duplicates?: Usager[] }> {
  const res = await sendJson<Usager>('POST', '/api/v1/usagers', body);
  if (!res.ok && res.status === 409) {
    const details = res.details as { candidats?: Usager[] } | undefined;
    if (details?.candidats?.length) return { ...res, duplicates: details.candidats };
  }
  return res;
}

export interface NewMandat {
  usagerId: string;
  structureId?: string;
  demarches: string[];
  dureeJours: number;
  consentement: true;
}

export const createMandat = (body: NewMandat, key: string) => sendJson<Mandat>('POST', '/api/v1/mandats', body, { 'idempotency-key': key });
export const revokeMandat = (id: string, key: string) => sendJson<Mandat>('POST', `/api/v1/mandats/${enc(id)}/revocation`, {}, { 'idempotency-key': key });
export const revokeAutorisation = (id: string, demarches: string[], key: string) => sendJson<Mandat>('POST', `/api/v1/mandats/${enc(id)}/revocation`, { demarches }, { 'idempotency-key': key });
export const attestationUrl = (id: string) => `/api/v1/mandats/${enc(id)}/attestation.pdf`;

/**
 * The attestation that prints the usager's one-time claim code: the code travels in a POST body,
 * never in a URL (browser history, access logs); the PDF comes back as a blob: URL of this page.
 */
export async function attestationWithCode(id: string, code: string): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  try {
    const res = await fetch(attestationUrl(id), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/pdf' },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) return { ok: false, message: 'L’attestation n’a pas pu être préparée. Réessayez dans un instant.' };
    return { ok: true, url: URL.createObjectURL(await res.blob()) };
  } catch {
    return { ok: false, message: 'Impossible de joindre le serveur pour préparer l’attestation.' };
  }
}
export const revocationUrl = (id: string) => `/api/v1/mandats/${enc(id)}/revocation.pdf`;

export const fetchMyMandats = () => getJson<Items<Mandat>>('/api/v1/moi/mandats');
export const fetchMyJournal = () => getJson<Items<JournalEntry>>('/api/v1/moi/journal');
export const claimUsager = (code: string) => sendJson<Usager>('POST', '/api/v1/moi/reclamation', { code });

export const fetchHabilitations = () => getJson<Items<Habilitation>>('/api/v1/habilitations');
export const requestHabilitation = (body: { structureId: string; aidant: string; aidantNom?: string; charteSignee: boolean; formationSuivie: boolean }, key: string) =>
  sendJson<Habilitation>('POST', '/api/v1/habilitations', body, { 'idempotency-key': key });
export const decideHabilitation = (id: string, decision: 'accorder' | 'refuser' | 'retirer', key: string, motif?: string) =>
  sendJson<Habilitation>('POST', `/api/v1/habilitations/${enc(id)}/${decision}`, motif ? { motif } : {}, { 'idempotency-key': key });

export { idempotencyKey };
