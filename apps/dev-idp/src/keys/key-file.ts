import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** What the dev-idp keeps between restarts: its signing key and its cookie keys. */
export interface DevIdpKeys {
  /** Private RS256 JWKs (one), `kid` = RFC 7638 thumbprint. */
  keys: JWK[];
  /** Keys signing the provider's cookies (Keygrip). */
  cookieKeys: string[];
}

function isDevIdpKeys(value: unknown): value is DevIdpKeys {
  const v = value as Partial<DevIdpKeys> | null;
  return (
    !!v &&
    Array.isArray(v.keys) &&
    v.keys.length > 0 &&
    v.keys.every((k) => k.kty === 'RSA' && typeof k.d === 'string' && typeof k.kid === 'string') &&
    Array.isArray(v.cookieKeys) &&
    v.cookieKeys.length > 0
  );
}

async function generateKeys(): Promise<DevIdpKeys> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }],
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

/**
 * Reads the key file, or creates it (mode 0600) on first run. The key must survive restarts:
 * a new key would make resource servers' cached JWKS reject fresh tokens until they refetch.
 */
export async function loadOrCreateKeys(file: string): Promise<{ keys: DevIdpKeys; created: boolean }> {
  const path = resolve(file);
  let raw: string | undefined;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (raw !== undefined) {
    const parsed: unknown = JSON.parse(raw);
    if (!isDevIdpKeys(parsed)) throw new Error(`${path}: not a dev-idp key file (keys, cookieKeys)`);
    return { keys: parsed, created: false };
  }
  const keys = await generateKeys();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600); // the umask could have widened it
  return { keys, created: true };
}

/** The public half of a private JWK, for tests and tools. */
export function publicJwk({ kty, n, e, kid, alg, use }: JWK): JWK {
  return { kty, n, e, kid, alg, use };
}
