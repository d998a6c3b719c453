import { createHash, randomInt } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';

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
 * `{ARGON2ID}$argon2id$v=19$m=…,t=…,p=…$salt$hash`, the PHC string Dovecot 2.3 accepts (the
 * `argon2` package's `m,p,t` order is rejected). `@node-rs/argon2` hashes on libuv's thread pool,
 * never on the event loop: a burst of provisioning jobs does not stall the service's NATS
 * requests (hash-wasm, tried first, computed on the main thread and did).
 */
export async function dovecotHash(password: string, cost: Argon2Cost): Promise<string> {
  const encoded = await hash(password, {
    algorithm: Algorithm.Argon2id,
    memoryCost: cost.memoryKiB,
    timeCost: cost.iterations,
    parallelism: 1,
    outputLen: 32,
  });
  return `{ARGON2ID}${encoded}`;
}

export async function verifyDovecotHash(password: string, stored: string): Promise<boolean> {
  if (!stored.startsWith('{ARGON2ID}')) return false;
  try {
    return await verify(stored.slice('{ARGON2ID}'.length), password);
  } catch {
    return false;
  }
}
