#!/usr/bin/env bash
# npm test: dependencies, infrastructure, build, type-check, lint (zero warnings), every test
# (unit, integration and e2e against the real PostgreSQL, NATS, Redis and Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh
source tools/node-env.sh
echo "[test] node $(node --version)"
bash tools/infra.sh
bash tools/build.sh
echo "[test] typecheck"; npx tsc -p tsconfig.json --noEmit; npx tsc -p apps/web/tsconfig.json
echo "[test] lint"; npx nx graph --file=tmp/nx-graph.json >/dev/null; npx eslint --max-warnings=0 .
echo "[test] jest"; npx jest --ci "$@"
