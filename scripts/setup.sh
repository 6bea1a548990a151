#!/usr/bin/env bash
# Idempotent set-up shared by the README's two commands: npm packages, then the build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "kubewhy: installing npm packages (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "kubewhy: building (tsc)…" >&2
npx tsc -p tsconfig.json
# npm sets the bin mode on install; a clone used in place (or linked as a kubectl plugin) needs it too.
chmod +x dist/cli/main.js
