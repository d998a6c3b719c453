import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The web SPA, served by the gateway from dist/apps/web (its CSP forbids inline scripts). */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  // The access policies shared with the gateway and the services (a file with no run-time imports).
  resolve: {
    alias: {
      '@pin/contracts/policies': resolve(here, '../../libs/contracts/src/policies.ts'),
      '@pin/contracts/labels': resolve(here, '../../libs/contracts/src/labels.ts'),
    },
  },
  // TSX with Preact's automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(here, '../../dist/apps/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Inline assets would become data: URLs; keep everything as files served from 'self'.
    assetsInlineLimit: 0,
  },
});
