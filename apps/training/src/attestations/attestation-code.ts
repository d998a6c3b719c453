import { randomBytes } from 'node:crypto';

/** Letters and digits people read without confusion (no 0/O, 1/I/L, U). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** A verification code printed on an attestation: `F-XXXXX-XXXXX` (≈ 49 bits, unguessable by enumeration). */
export function newAttestationCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(10);
  const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]);
  return `F-${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Codes are read back case-insensitively. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();
