#!/usr/bin/env bash
# bench/http_load.sh — HTTP load on POST /api/ask through the real gateway and the real copilot
# (embedded planner), with the copilot's result cache on and off, at 1, 8 and 32 connections
# (wrk). Reports req/s, p50/p95/p99, errors, and the RSS of both services after each run.
# Starts its own pair on free loopback ports; fails (never skips) when a binary is missing.
# One wrk client asks as one user from one address: the per-user and per-address limits are
# lifted for it (this measures throughput, not the limits).
#   BUILD_DIR (build/release)  DURATION (10s)  CONNECTIONS ("1 8 32")  CACHE_MODES ("on off")
#   COPILOT_CACHE_ON / COPILOT_CACHE_OFF: the copilot's setting for each mode
#     (default RESULT_CACHE_SIZE=256 / RESULT_CACHE_SIZE=0)
#   QUESTION: the question asked (default "What was total revenue last month?")
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
load_env

BUILD_DIR=${BUILD_DIR:-$ROOT/build/release}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-"1 8 32"}
CACHE_MODES=${CACHE_MODES:-"on off"}
COPILOT_CACHE_ON=${COPILOT_CACHE_ON:-RESULT_CACHE_SIZE=256}
COPILOT_CACHE_OFF=${COPILOT_CACHE_OFF:-RESULT_CACHE_SIZE=0}
export QUESTION=${QUESTION:-What was total revenue last month?}
LUA=$ROOT/bench/gateway/ask.lua

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
[[ -x $BUILD_DIR/gateway/gateway ]] || die "no gateway binary in $BUILD_DIR: run make build"
[[ -x $BUILD_DIR/copilot/copilot ]] || die "no copilot binary in $BUILD_DIR: run make build"
[[ -n ${APP_DATABASE_URL:-} ]] || die "APP_DATABASE_URL is not set: run scripts/setup"

scratch_with_children  # $WORK and $pids, cleaned up on exit (scripts/lib.sh)


# Audit rows written by the copilot (every answered request must leave one, load or not).
audit_rows() {
  runuser -u postgres -- psql -X -At -d "${COPILOT_DB_NAME:-copilot}" \
    -c "SELECT count(*) FROM query_audit_logs WHERE source = 'copilot'" 2>/dev/null || echo 0
}
# Waits until the background audit writer has drained (the count stops moving), prints it.
settled_audit_rows() {
  local last=-1 now
  for _ in $(seq 1 50); do
    now=$(audit_rows)
    [[ $now == "$last" ]] && break
    last=$now
    sleep 0.3
  done
  echo "$now"
}

printf '| cache | conns | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | audited / requests | gateway RSS MB (peak) | copilot RSS MB (peak) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for mode in $CACHE_MODES; do
  setting=$COPILOT_CACHE_ON
  [[ $mode == off ]] && setting=$COPILOT_CACHE_OFF
  internal=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  copilot_port=$(free_port)
  gateway_port=$(free_port)
  env "$setting" COPILOT_PORT="$copilot_port" COPILOT_HOST=127.0.0.1 INTERNAL_TOKEN="$internal" \
    SEMANTIC_MODEL_PATH="${SEMANTIC_MODEL_PATH:-$ROOT/copilot/semantic/semantic_model.json}" \
    LOG_LEVEL=warn "$BUILD_DIR/copilot/copilot" serve >"$WORK/copilot-$mode.log" 2>&1 &
  copilot_pid=$!
  pids+=("$copilot_pid")
  wait_up "http://127.0.0.1:$copilot_port/health" "$copilot_pid"
  GATEWAY_HOST=127.0.0.1 GATEWAY_PORT="$gateway_port" INTERNAL_TOKEN="$internal" \
    COPILOT_URL="http://127.0.0.1:$copilot_port" GATEWAY_ASK_PER_USER=1000000000 \
    GATEWAY_ASKS_IN_FLIGHT_PER_USER=1000 GATEWAY_CONN_PER_IP=0 \
    GATEWAY_LOGIN_PER_IP=1000 LOG_LEVEL=warn \
    "$BUILD_DIR/gateway/gateway" >"$WORK/gateway-$mode.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  wait_up "http://127.0.0.1:$gateway_port/health" "$gateway_pid"

  TOKEN=$(curl -fsS "http://127.0.0.1:$gateway_port/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin_user","password":"admin123"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  export TOKEN
  # One answer first: it must be a 200, and with the cache on it fills the cache.
  status=$(curl -s -o "$WORK/first.json" -w '%{http_code}' "http://127.0.0.1:$gateway_port/api/ask" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
    -d "{\"question\":\"$QUESTION\"}")
  [[ $status == 200 ]] || die "warm-up ask answered $status: $(head -c 300 "$WORK/first.json")"

  for c in $CONNECTIONS; do
    threads=$((c < 2 ? 1 : 2))
    before=$(settled_audit_rows)
    line=$(wrk -t"$threads" -c"$c" -d"$DURATION" -s "$LUA" "http://127.0.0.1:$gateway_port/api/ask" |
      sed -n 's/^RESULT //p')
    grss="$(rss_mb "$gateway_pid") ($(hwm_mb "$gateway_pid"))"
    crss="$(rss_mb "$copilot_pid") ($(hwm_mb "$copilot_pid"))"
    after=$(settled_audit_rows)
    python3 - "$mode" "$c" "$line" "$grss" "$crss" "$((after - before))" <<'PY'
import json, sys
mode, conns, line, grss, crss, audited = sys.argv[1:]
r = json.loads(line)
print(f"| {mode} | {conns} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['p99_ms']:.2f} "
      f"| {r['errors']} | {r['non_2xx']} | {audited} / {r['requests']} | {grss} | {crss} |")
PY
  done
  kill "$gateway_pid" "$copilot_pid"
  wait "$gateway_pid" "$copilot_pid" 2>/dev/null || true
  pids=()
done
