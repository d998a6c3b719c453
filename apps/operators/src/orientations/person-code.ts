import { createHash, randomInt } from 'node:crypto';

// Same shape as the mandates' claim codes: 8 characters of an unambiguous alphabet (≈ 39 bits),
// shown once as XXXX-XXXX, only a SHA-256 kept; the gateway's rate limit bounds guessing.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A person's tracking code for an orientation and the hash to store. */
export function newPersonCode(): { code: string; hash: string } {
  let raw = '';
  for (let i = 0; i < 8; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, hash: personCodeHash(raw) };
}

export function personCodeHash(input: string): string {
  const normalized = input.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`pin-orientation:${normalized}`).digest('hex');
}
