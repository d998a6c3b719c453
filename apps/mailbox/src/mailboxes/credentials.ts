import { createHash, randomBytes, randomInt } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

/** Readable on paper: no 0/O, 1/l/I. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** An initial password to print: 3 groups of 5 characters (~85 bits), easy to copy from a letter. */
export function initialPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

/** An app password: 6 groups of 4 lower-case letters/digits (~124 bits), typed once on a phone. */
export function appPassword(): string {
  const lower = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => lower[randomInt(lower.length)]).join('')).join('-');
}

/** What Dovecot's app-password passdb compares: sha256 hex of the password as typed. */
export const appPasswordDigest = (password: string): string => createHash('sha256').update(password, 'utf8').digest('hex');

export interface Argon2Cost {
  memoryKiB: number;
  iterations: number;
}

/**
 * `{ARGON2ID}$argon2id$v=19$m=…,t=…,p=…$salt$hash`: hash-wasm writes the parameters in the order
 * Dovecot 2.3 accepts (the `argon2` package's `m,p,t` order is rejected).
 */
export async function dovecotHash(password: string, cost: Argon2Cost): Promise<string> {
  const encoded = await argon2id({
    password,
    salt: randomBytes(16),
    parallelism: 1,
    iterations: cost.iterations,
    memorySize: cost.memoryKiB,
    hashLength: 32,
    outputType: 'encoded',
  });
  return `{ARGON2ID}${encoded}`;
}

export async function verifyDovecotHash(password: string, stored: string): Promise<boolean> {
  if (!stored.startsWith('{ARGON2ID}')) return false;
  try {
    return await argon2Verify({ password, hash: stored.slice('{ARGON2ID}'.length) });
  } catch {
    return false;
  }
}
