import { PinError } from '@pin/contracts';

/** Local parts nobody may have: role accounts (RFC 2142), impersonation of institutions, PIN itself. */
export const RESERVED_LOCAL_PARTS = new Set([
  'postmaster', 'abuse', 'hostmaster', 'webmaster', 'root', 'admin', 'administrateur', 'administrator', 'mailer-daemon', 'noreply', 'no-reply',
  'ne-pas-repondre', 'security', 'securite', 'support', 'contact', 'info', 'infos', 'aide', 'help', 'dpo', 'rgpd', 'pin', 'landesmail',
  'mairie', 'prefecture', 'caf', 'cpam', 'impots', 'ameli', 'franceconnect', 'france-travail', 'pole-emploi', 'police', 'gendarmerie',
]);

/** Words refused in a local part (whole words of the address, after folding). */
export const OFFENSIVE_WORDS = new Set([
  'con', 'conne', 'connard', 'connasse', 'salope', 'salaud', 'pute', 'putain', 'merde', 'encule', 'enculee', 'batard', 'bite', 'couille', 'couilles',
  'nique', 'niquer', 'fdp', 'pd', 'tapette', 'pouffiasse', 'negre', 'bougnoule', 'youpin', 'nazi', 'hitler', 'fuck', 'shit', 'bitch', 'cunt', 'dick', 'whore',
]);

/** RFC 5321 limit of a local part; the longest name part kept before cutting. */
const MAX_LOCAL_PART = 64;
const MAX_NAME_INPUT = 100;

/** Letters NFKD does not decompose into a base letter + marks. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ĸ: 'k' };

/**
 * One name part (prénom or nom) folded to `a-z`, words joined by `-`: accents removed (NFKD, then
 * combining marks dropped; full-width and other compatibility forms become ASCII), apostrophes
 * dropped ("d'Artagnan" → "dartagnan"), spaces and hyphens → "-". A letter of another script
 * (Cyrillic "а" in "Jeаn": a homoglyph trick, or a name to transliterate by hand) is refused.
 */
export function foldNamePart(raw: string, field: 'prenom' | 'nom'): string {
  const label = field === 'prenom' ? 'Le prénom' : 'Le nom';
  if (raw.length > MAX_NAME_INPUT) throw new PinError('ADRESSE.NAME_TOO_LONG', `${label} est trop long (${MAX_NAME_INPUT} caractères au plus).`, [{ path: field }]);
  const decomposed = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of decomposed) {
    if (/[a-z0-9]/.test(ch)) out += ch;
    else if (LIGATURES[ch]) out += LIGATURES[ch];
    else if (/[\s\-‐‑‒–—_.]/u.test(ch)) out += '-';
    else if (/['’‘`ʼ´]/u.test(ch)) continue;
    else if (/\p{L}/u.test(ch)) {
      throw new PinError('ADRESSE.NAME_MIXED_SCRIPTS', `${label} contient une lettre d’un autre alphabet (« ${ch} ») : écrivez-le en lettres latines.`, [{ path: field }]);
    }
    // other symbols and digits-like marks are dropped
  }
  const folded = out.replace(/[0-9]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (!/[a-z]/.test(folded)) throw new PinError('ADRESSE.NAME_EMPTY', `${label} doit contenir des lettres.`, [{ path: field }]);
  return folded;
}

/** `prenom.nom` from the two parts, cut to the local-part limit at a word boundary. */
export function baseLocalPart(prenom: string, nom: string): string {
  const p = foldNamePart(prenom, 'prenom');
  const n = foldNamePart(nom, 'nom');
  const local = `${p}.${n}`;
  if (local.length > MAX_LOCAL_PART - 3) throw new PinError('ADRESSE.NAME_TOO_LONG', 'Le prénom et le nom sont trop longs pour une adresse : raccourcissez-les (par exemple un seul prénom).', [{ path: 'nom' }]);
  checkAllowed(local);
  return local;
}

/** Role accounts that may not appear as either half of `prenom.nom` either. */
const ROLE_WORDS = new Set(['postmaster', 'abuse', 'hostmaster', 'webmaster', 'root', 'admin', 'administrateur', 'noreply', 'no-reply', 'mailer-daemon', 'security', 'support']);

/** Refuses reserved local parts and any offensive word in them. */
export function checkAllowed(local: string): void {
  const halves = local.split('.');
  if (RESERVED_LOCAL_PARTS.has(local) || RESERVED_LOCAL_PARTS.has(halves.join('-')) || halves.some((h) => ROLE_WORDS.has(h))) {
    throw new PinError('ADRESSE.RESERVED', `L’adresse « ${local} » est réservée : choisissez une autre forme du nom.`);
  }
  if (local.split(/[.-]/).some((w) => OFFENSIVE_WORDS.has(w))) {
    throw new PinError('ADRESSE.OFFENSIVE', 'Cette adresse contient un mot refusé : choisissez une autre forme du nom.');
  }
}

/**
 * The first `count` free local parts: `jean.martin`, then `jean.martin2`, `jean.martin3`… An address
 * once given is never given again (even after deletion): mail for the old owner must not reach a new one.
 */
export function proposeLocalParts(base: string, taken: ReadonlySet<string>, count = 3): string[] {
  const out: string[] = [];
  for (let n = 1; out.length < count && n < 10_000; n++) {
    const candidate = n === 1 ? base : `${base}${n}`;
    if (!taken.has(candidate)) out.push(candidate);
  }
  return out;
}
