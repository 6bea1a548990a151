#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, type check, docs freshness, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/cli/main.js docs --check
npx tsc -p tsconfig.test.json
KUBEWHY_CONTROL_PLANE_DIR=$(bash scripts/control-plane/build.sh --if-go); export KUBEWHY_CONTROL_PLANE_DIR  # e2e control plane: built once, then cached
npx vitest run --reporter=default --reporter=./test/helpers/summary-reporter.ts
