#!/usr/bin/env bash
# Main job on the bundled example: lint the broken Go service (exits 1: it has errors).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
node dist/cli/main.js lint examples/broken-shop "$@"
