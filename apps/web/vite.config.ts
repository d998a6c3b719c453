import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The web SPA, served by the gateway from dist/apps/web (its CSP forbids inline scripts). */
export default defineConfig({
  root: __dirname,
  base: '/',
  publicDir: resolve(__dirname, 'public'),
  build: {
    outDir: resolve(__dirname, '../../dist/apps/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Inline assets would become data: URLs; keep everything as files served from 'self'.
    assetsInlineLimit: 0,
  },
});
