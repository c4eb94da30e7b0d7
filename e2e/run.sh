#!/usr/bin/env bash
# e2e/run.sh — runs the end-to-end specs in headless Chromium against a stack that is already
# running (scripts/start). WEB_URL (default http://127.0.0.1:3001) says where; the run fails,
# never skips, when it is unreachable. Screenshots and reports go to e2e/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
export WEB_URL=${WEB_URL:-http://127.0.0.1:3001}
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
[[ -x $CHROMIUM_PATH ]] || { echo "error: no Chromium at $CHROMIUM_PATH (apt-get install -y chromium)" >&2; exit 1; }
[[ -d node_modules/@playwright/test ]] || npm ci --no-audit --no-fund
# (E2E_KEEP_ARTIFACTS=1: a second run in the same test keeps the first run's screenshots.)
[[ ${E2E_KEEP_ARTIFACTS:-} == 1 ]] || rm -rf artifacts
mkdir -p artifacts
exec npx --no-install playwright test "$@"
