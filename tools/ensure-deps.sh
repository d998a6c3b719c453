#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -x node_modules/.bin/node ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] npm install"
  npm install --no-audit --no-fund
fi
