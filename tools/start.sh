#!/usr/bin/env bash
# npm start: dependencies, infrastructure, build, then every app with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh
source tools/node-env.sh
bash tools/infra.sh
bash tools/build.sh
exec node --enable-source-maps dist/tools/start.js
