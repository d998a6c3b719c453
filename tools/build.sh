#!/usr/bin/env bash
# Compiles every app and lib with SWC (type-checking is `npm run typecheck`, part of `npm test`)
# and builds the web app with Vite. Output: dist/apps/<app>/src/main.js, dist/apps/web/.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
dirs=()
for d in apps/*/src libs/*/src bench tools; do
  case "$d" in apps/web/*) continue ;; esac
  [ -d "$d" ] && dirs+=("$d")
done
npx swc "${dirs[@]}" -d dist --config-file .swcrc --ignore '**/*.spec.ts' --only '**/*.ts' -q
if [ -f apps/web/vite.config.ts ]; then
  npx vite build --config apps/web/vite.config.ts --logLevel warn
fi
echo "[build] dist/ ready"
