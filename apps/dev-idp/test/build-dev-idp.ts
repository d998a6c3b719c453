import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@pin/testing';

/**
 * Compiles the dev-idp and the libs it uses with the repository's .swcrc into a private folder
 * under tmp/, so the process tests run today's sources rather than whatever dist/ holds.
 * Returns the entry point relative to the repository root, and a cleanup.
 */
export function buildDevIdp(): { entry: string; remove(): void } {
  const root = repoRoot();
  const outDir = join('tmp', `dev-idp-build-${randomUUID()}`);
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@swc/cli/bin/swc.js'),
      'apps/dev-idp/src',
      'libs/config/src',
      'libs/contracts/src',
      '-d',
      outDir,
      '--config-file',
      '.swcrc',
      '--quiet',
    ],
    { cwd: root, stdio: 'pipe' },
  );
  return {
    entry: join(outDir, 'apps/dev-idp/src/main.js'),
    remove: () => rmSync(join(root, outDir), { recursive: true, force: true }),
  };
}
