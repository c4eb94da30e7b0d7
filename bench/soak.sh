#!/usr/bin/env bash
# bench/soak.sh — `make soak` (issue 18, part 5): DURATION at a constant RATE of asks mixed over
# the five seed users — JSON and SSE asks of the eval's questions (answers, refusals,
# clarifications), a store outside scope, logins (a quarter of them with a wrong password) — with
# the copilot's result cache on and off. Prints p50/p99 and counts by status per minute and a
# summary; fails (exit 1) on any 5xx, transport error or 429, when a request lacks its audit rows,
# or when a process's RSS grows by RSS_MAX_GROWTH or more from the end of the warm-up to the end.
#
# Without GATEWAY_URL it starts its own two pairs (gateway + copilot) from BUILD_DIR: one with
# the result cache on, one with it off, each taking every other request for the whole run. Two
# pairs side by side rather than two phases: each process is soaked for the whole DURATION (an
# RSS trend over 10 minutes, not 5), and the load on the machine stays one shape throughout.
# With GATEWAY_URL (e.g. `make scale`'s load balancer) it drives that instead; the cache is
# whatever those services run (GATEWAY_URL_CACHE_OFF: a second stack to split the load with),
# and SOAK_PIDS ("name=pid ...", default: the gateway*/copilot* pid files in RUN_DIR) names the
# processes whose RSS is checked. Their rate limits must be raised as below.
#
# Settings: DURATION (10m; 90s, 600 …)  RATE (50 requests/s)  WARMUP_S (60)  RSS_MAX_GROWTH (0.10)
#   REPORT (a file for the JSON report)  SOAK_PORT_BASE (ports BASE..BASE+3; default: free ports)
#   BUILD_DIR (build/release)  COPILOT_CACHE_ON / COPILOT_CACHE_OFF (RESULT_CACHE_SIZE=256 / =0)
#   SEED (1)  TIMEOUT_MS (30000)  SOAK_PASSWORD_<USER> (a seed user's password, if changed)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
load_env

BUILD_DIR=${BUILD_DIR:-$ROOT/build/release}
DURATION=${DURATION:-10m}
COPILOT_CACHE_ON=${COPILOT_CACHE_ON:-RESULT_CACHE_SIZE=256}
COPILOT_CACHE_OFF=${COPILOT_CACHE_OFF:-RESULT_CACHE_SIZE=0}
RUN_DIR=${RUN_DIR:-$ROOT/.run}

case $DURATION in
  *m) DURATION_S=$((${DURATION%m} * 60)) ;;
  *s) DURATION_S=${DURATION%s} ;;
  *) DURATION_S=$DURATION ;;
esac
[[ $DURATION_S =~ ^[0-9]+$ ]] || die "DURATION must be like 10m, 90s or 600 (got $DURATION)"
export DURATION_S RATE=${RATE:-50} WARMUP_S=${WARMUP_S:-60} RSS_MAX_GROWTH=${RSS_MAX_GROWTH:-0.10}
export COPILOT_DB_NAME=${COPILOT_DB_NAME:-copilot}

command -v node >/dev/null || die "node is not installed"
pg_running || die "PostgreSQL is not answering on /var/run/postgresql: the audit rows cannot be counted"
pg_super -d "$COPILOT_DB_NAME" -c 'SELECT 1 FROM query_audit_logs LIMIT 0' >/dev/null ||
  die "no audit tables in database $COPILOT_DB_NAME: run scripts/setup"

scratch_with_children  # $WORK and $pids, cleaned up on exit (scripts/lib.sh)


if [[ -n ${GATEWAY_URL:-} ]]; then
  targets="[{\"label\":\"target\",\"url\":\"$GATEWAY_URL\"}"
  [[ -n ${GATEWAY_URL_CACHE_OFF:-} ]] && targets+=",{\"label\":\"cache_off\",\"url\":\"$GATEWAY_URL_CACHE_OFF\"}"
  targets+="]"
  if [[ -z ${SOAK_PIDS:-} ]]; then
    SOAK_PIDS=""
    for f in "$RUN_DIR"/gateway*.pid "$RUN_DIR"/copilot*.pid; do
      [[ -f $f ]] && SOAK_PIDS+="$(basename "$f" .pid)=$(cat "$f") "
    done
  fi
  [[ -n ${SOAK_PIDS// /} ]] ||
    die "GATEWAY_URL given but no processes to watch: set SOAK_PIDS=\"name=pid ...\" (or RUN_DIR with gateway*/copilot* pid files)"
else
  [[ -x $BUILD_DIR/gateway/gateway ]] || die "no gateway binary in $BUILD_DIR: run make build"
  [[ -x $BUILD_DIR/copilot/copilot ]] || die "no copilot binary in $BUILD_DIR: run make build"
  [[ -n ${APP_DATABASE_URL:-} ]] || die "APP_DATABASE_URL is not set: run scripts/setup"
  internal=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  targets="["
  SOAK_PIDS=""
  i=0
  for mode in on off; do
    setting=$COPILOT_CACHE_ON
    [[ $mode == off ]] && setting=$COPILOT_CACHE_OFF
    if [[ -n ${SOAK_PORT_BASE:-} ]]; then
      gateway_port=$((SOAK_PORT_BASE + i)) copilot_port=$((SOAK_PORT_BASE + i + 1))
    else
      gateway_port=$(free_port) copilot_port=$(free_port)
    fi
    i=$((i + 2))
    env "$setting" COPILOT_PORT="$copilot_port" COPILOT_HOST=127.0.0.1 INTERNAL_TOKEN="$internal" \
      SEMANTIC_MODEL_PATH="${SEMANTIC_MODEL_PATH:-$ROOT/copilot/semantic/semantic_model.json}" \
      LOG_LEVEL=warn "$BUILD_DIR/copilot/copilot" serve >"$WORK/copilot-$mode.log" 2>&1 &
    copilot_pid=$!
    pids+=("$copilot_pid")
    wait_up "http://127.0.0.1:$copilot_port/health" "$copilot_pid" "$WORK/copilot-$mode.log"
    # The per-user ask limit (60 a minute), the asks in flight per user (4), the connections
    # and the logins per address (32, 30 a minute) are raised: the soak asks as five users from
    # one address at 50/s, and the limits are not what it measures. The failed-login limit per
    # user (10 a minute) is kept: the soak's wrong passwords stay under it (bench/soak.mjs).
    GATEWAY_HOST=127.0.0.1 GATEWAY_PORT="$gateway_port" INTERNAL_TOKEN="$internal" \
      COPILOT_URL="http://127.0.0.1:$copilot_port" GATEWAY_ASK_PER_USER=1000000000 \
      GATEWAY_ASKS_IN_FLIGHT_PER_USER=1000 GATEWAY_CONN_PER_IP=0 GATEWAY_LOGIN_PER_IP=1000000 \
      LOG_LEVEL=warn "$BUILD_DIR/gateway/gateway" >"$WORK/gateway-$mode.log" 2>&1 &
    gateway_pid=$!
    pids+=("$gateway_pid")
    wait_up "http://127.0.0.1:$gateway_port/health" "$gateway_pid" "$WORK/gateway-$mode.log"
    [[ $targets == "[" ]] || targets+=","
    targets+="{\"label\":\"cache_$mode\",\"url\":\"http://127.0.0.1:$gateway_port\"}"
    SOAK_PIDS+="gateway_cache_$mode=$gateway_pid copilot_cache_$mode=$copilot_pid "
    log "cache $mode: gateway :$gateway_port (pid $gateway_pid) → copilot :$copilot_port (pid $copilot_pid, $setting)"
  done
  targets+="]"
fi
export SOAK_TARGETS=$targets SOAK_PIDS

log "soak: ${DURATION_S} s at ${RATE}/s (warm-up ${WARMUP_S} s) against $targets; load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
node bench/soak.mjs || status=$?
if ((status != 0)) && [[ -z ${GATEWAY_URL:-} ]]; then
  # The services' own account of what went wrong, before the scratch directory goes.
  for f in "$WORK"/*.log; do
    [[ -s $f ]] || continue
    echo "── $(basename "$f") (last lines)"
    tail -n 20 "$f" | cut -c1-400
  done
fi
exit "$status"
