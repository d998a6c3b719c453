import { PinError } from '@pin/contracts';

/** Parses `v1:<base64>,v2:<base64>` (each key exactly 32 bytes: AES-256). */
export function parseKeks(value: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [version, b64] = part.split(':');
    if (!version || !/^[A-Za-z0-9_-]{1,20}$/.test(version) || !b64) throw new Error(`bad key entry ${version ?? ''}`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`key ${version} is not 32 bytes`);
    if (keys.has(version)) throw new Error(`key ${version} listed twice`);
    keys.set(version, key);
  }
  return keys;
}

/** The key-encryption keys held in configuration, by version. */
export class KeyRing {
  readonly current: string;
  private readonly keys: Map<string, Buffer>;

  constructor(spec: string, current?: string) {
    this.keys = parseKeks(spec);
    this.current = current ?? [...this.keys.keys()].at(-1)!;
    if (!this.keys.has(this.current)) throw new Error(`SAFE_KEK_CURRENT ${this.current} is not in SAFE_KEKS`);
  }

  get(version: string): Buffer {
    const key = this.keys.get(version);
    if (!key) throw new PinError('DOCUMENT.KEY_UNAVAILABLE', 'La clé de ce document n’est pas disponible : le document ne peut pas être ouvert.');
    return key;
  }
}
