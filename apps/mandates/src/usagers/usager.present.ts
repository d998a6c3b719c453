import { createHash, randomInt } from 'node:crypto';

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

export function presentUsager(r: UsagerRow) {
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

/** Same person for the duplicate warning: names without accents/case/spacing, and birth date. */
export function identityKey(nom: string, prenoms: string, dateNaissance: string): string {
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  return `${norm(nom)}|${norm(prenoms)}|${dateNaissance}`;
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
