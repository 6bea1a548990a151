#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, type check, docs freshness, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/cli/main.js docs --check
npx tsc -p tsconfig.test.json
KUBEWHY_CONTROL_PLANE_DIR=$(bash scripts/control-plane/build.sh --if-go); export KUBEWHY_CONTROL_PLANE_DIR  # e2e control plane: built once, then cached
# Test registry tools (Debian's docker-registry, bcrypt htpasswd, zstd): fetched once, then cached. On failure the
# registry tests' global setup says so and skips them (or fails under KUBEWHY_E2E_REQUIRED=1).
bash scripts/registry/install.sh >/dev/null || echo "kubewhy: WARNING: scripts/registry/install.sh failed: the registry tests will be SKIPPED" >&2
npx vitest run --reporter=default --reporter=./test/helpers/summary-reporter.ts
