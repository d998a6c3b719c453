import { createHash, randomInt } from 'node:crypto';
import type { Usager } from '@pin/contracts';

export interface UsagerRow {
  id: string;
  nom: string | null;
  prenoms: string | null;
  date_naissance: string | null;
  lieu_naissance: string | null;
  email: string | null;
  telephone: string | null;
  account_sub: string | null;
  created_at: Date;
  purged_at: Date | null;
}

export const USAGER_COLUMNS = `u.id, u.nom, u.prenoms, to_char(u.date_naissance, 'YYYY-MM-DD') AS date_naissance, u.lieu_naissance, u.email, u.telephone, u.account_sub, u.created_at, u.purged_at`;

export function presentUsager(r: UsagerRow): Usager {
  return {
    id: r.id,
    nom: r.nom ?? '',
    prenoms: r.prenoms ?? '',
    dateNaissance: r.date_naissance ?? '',
    lieuNaissance: r.lieu_naissance ?? '',
    email: r.email,
    telephone: r.telephone,
    compteRelie: r.account_sub !== null,
    creeLe: r.created_at.toISOString(),
    ...(r.purged_at ? { purgeLe: r.purged_at.toISOString() } : {}),
  };
}

/** Names as compared: without accents, case or punctuation (« Lefèvre-Dupré » → « lefevre dupre »). */
export const foldName = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();

/** Same person for the duplicate warning (and the search): folded names, and birth date. */
export function identityKey(nom: string, prenoms: string, dateNaissance: string): string {
  return `${foldName(nom)}|${foldName(prenoms)}|${dateNaissance}`;
}

/**
 * What an aidant types to find someone: words of the names (accents and case ignored) and a
 * birth date in the common French forms (02/03/1952, 2-3-1952, 02.03.1952, 02031952, 1952-03-02).
 */
export function usagerSearchTerms(q: string): { words: string[]; date: string | null } {
  let date: string | null = null;
  const words: string[] = [];
  for (const token of q.trim().split(/\s+/).filter(Boolean)) {
    const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(token) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(token);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
    const parts = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : null;
    const candidate = parts ? `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}` : null;
    if (candidate && !Number.isNaN(Date.parse(`${candidate}T00:00:00Z`)) && new Date(`${candidate}T00:00:00Z`).toISOString().startsWith(candidate)) date = candidate;
    else words.push(...foldName(token).split(' ').filter(Boolean));
  }
  return { words, date };
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** One-time claim code, printed as XXXX-XXXX; only its SHA-256 is stored. */
export function newClaimCode(): { code: string; hash: string } {
  let raw = '';
  for (let i = 0; i < 8; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, hash: claimCodeHash(raw) };
}

export function claimCodeHash(input: string): string {
  const normalized = input.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`pin-claim:${normalized}`).digest('hex');
}

export const CLAIM_CODE_TTL_DAYS = 90;
