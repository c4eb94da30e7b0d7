#!/usr/bin/env bash
# bench/limits_store.sh — `make bench-limits` (issue 18, part 1): where the gateways share their
# rate limits, measured to choose. (1) One attempt's cost in each store (memory, PostgreSQL,
# Redis): p50/p99 and attempts/s at 1 and 32 threads, on 1,000 keys and on one hot key
# (build/release/bench/gateway/limits_store_load). (2) asks/s at CONNECTIONS (32) through one
# real gateway + copilot (result cache on: the limit check is a larger part of a cheap ask) with
# LIMITS_STORE=memory, postgres and redis. A redis-server of its own on a free loopback port
# (no persistence), stopped at the end; PostgreSQL is the app database of .env. Not in make test.
#   BUILD_DIR (build/release)  DURATION (10s)  CONNECTIONS (32)  DURATION_MS (3000, per store row)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
load_env

BUILD_DIR=${BUILD_DIR:-$ROOT/build/release}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
export QUESTION=${QUESTION:-What was total revenue last month?}
LUA=$ROOT/bench/gateway/ask.lua

command -v redis-server >/dev/null || die "redis-server is not installed: run scripts/setup"
command -v wrk >/dev/null || die "wrk is not installed: run scripts/setup"
for b in bench/gateway/limits_store_load gateway/gateway copilot/copilot; do
  [[ -x $BUILD_DIR/$b ]] || die "no $b in $BUILD_DIR: cmake --build --preset release --target $(basename "$b")"
done
[[ -n ${APP_DATABASE_URL:-} ]] || die "APP_DATABASE_URL is not set: run scripts/setup"

scratch_with_children  # $WORK and $pids, cleaned up on exit (scripts/lib.sh)

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$WORK" \
  >"$WORK/redis.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$redis_port" ping >/dev/null || die "redis-server did not start: $(cat "$WORK/redis.log")"
export LIMITS_REDIS_URL=redis://127.0.0.1:$redis_port


echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "One attempt (acquire) per store:"
"$BUILD_DIR/bench/gateway/limits_store_load"
# The bench rows are not anyone's limits.
pg_super -d "${COPILOT_DB_NAME:-copilot}" -c "DELETE FROM rate_limit_buckets WHERE bucket LIKE 'bench\_%'"

echo
echo "asks/s through one gateway + copilot, $CONNECTIONS connections, result cache on:"
printf '| LIMITS_STORE | asks/s | p50 ms | p99 ms | errors | non-2xx | load avg after |\n|---|---|---|---|---|---|---|\n'
internal=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
copilot_port=$(free_port)
COPILOT_PORT=$copilot_port COPILOT_HOST=127.0.0.1 INTERNAL_TOKEN=$internal LOG_LEVEL=warn \
  SEMANTIC_MODEL_PATH="${SEMANTIC_MODEL_PATH:-$ROOT/copilot/semantic/semantic_model.json}" \
  "$BUILD_DIR/copilot/copilot" serve >"$WORK/copilot.log" 2>&1 &
copilot_pid=$!
pids+=("$copilot_pid")
wait_up "http://127.0.0.1:$copilot_port/health" "$copilot_pid"
for store in memory postgres redis; do
  gateway_port=$(free_port)
  GATEWAY_HOST=127.0.0.1 GATEWAY_PORT=$gateway_port INTERNAL_TOKEN=$internal LIMITS_STORE=$store \
    COPILOT_URL=http://127.0.0.1:$copilot_port GATEWAY_ASK_PER_USER=1000000000 \
    GATEWAY_ASKS_IN_FLIGHT_PER_USER=1000 GATEWAY_CONN_PER_IP=0 GATEWAY_LOGIN_PER_IP=1000 \
    LOG_LEVEL=warn "$BUILD_DIR/gateway/gateway" >"$WORK/gateway-$store.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  wait_up "http://127.0.0.1:$gateway_port/health" "$gateway_pid"
  TOKEN=$(curl -fsS "http://127.0.0.1:$gateway_port/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin_user","password":"admin123"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  export TOKEN
  wrk -t2 -c"$CONNECTIONS" -d2s -s "$LUA" "http://127.0.0.1:$gateway_port/api/ask" >/dev/null
  line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$LUA" "http://127.0.0.1:$gateway_port/api/ask" |
    sed -n 's/^RESULT //p')
  grep -q limits_store_unavailable "$WORK/gateway-$store.log" && die "the $store store fell back during the run"
  python3 - "$store" "$line" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys
store, line, load = sys.argv[1:]
r = json.loads(line)
print(f"| {store} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} | {r['non_2xx']} | {load} |")
PY
  kill "$gateway_pid"
  wait "$gateway_pid" 2>/dev/null || true
done
