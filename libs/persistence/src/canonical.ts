import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * RFC 8785 (JCS) canonical JSON from the `canonicalize` package. The package is ESM-only with an
 * `import`-only export map, which CommonJS `require('canonicalize')` cannot resolve; its file is
 * loaded by path instead (Node 24 requires ES modules synchronously).
 */
type Canonicalize = (value: unknown) => string | undefined;

function loadCanonicalize(): Canonicalize {
  for (const dir of require.resolve.paths('canonicalize') ?? []) {
    const file = join(dir, 'canonicalize', 'lib', 'canonicalize.js');
    if (existsSync(file)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as { default?: Canonicalize } | Canonicalize;
      return typeof mod === 'function' ? mod : (mod.default as Canonicalize);
    }
  }
  throw new Error('canonicalize package not found');
}

const canonicalizeFn = loadCanonicalize();

export function canonicalJson(value: unknown): string {
  const out = canonicalizeFn(value);
  if (out === undefined) throw new Error('value cannot be canonicalized');
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
