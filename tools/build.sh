#!/usr/bin/env bash
# Compiles every app and lib with SWC (type-checking is `npm run typecheck`, part of `npm test`)
# and builds the web app with Vite. Output: dist/apps/<app>/src/main.js, dist/apps/web/.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/node-env.sh
rm -rf dist
dirs=()
for d in apps/*/src libs/*/src bench tools; do
  case "$d" in apps/web/*) continue ;; esac
  [ -d "$d" ] && dirs+=("$d")
done
npx swc "${dirs[@]}" -d dist --config-file .swcrc --ignore '**/*.spec.ts' --only '**/*.ts' -q
# Data files the apps read at run time (the demo lieux) travel with the compiled code.
mkdir -p dist/apps/directory && cp -R apps/directory/data dist/apps/directory/data
if [ -f apps/web/vite.config.ts ]; then
  npx vite build --config apps/web/vite.config.ts --logLevel warn
fi
echo "[build] dist/ ready"
