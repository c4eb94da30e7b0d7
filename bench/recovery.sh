#!/usr/bin/env bash
# bench/recovery.sh — how long questions take to come back after the analytics replica restarts,
# under a stream of asks, and how many 5xx they see (issue 18). Not part of `make test`.
#
# Starts the replica (scripts/replica start) and one real copilot on a free loopback port with
# ANALYTICS_DATABASE_URL on the replica (result cache off: every ask reaches the database), runs
# CLIENTS loops of POST /run for DURATION_S seconds, and restarts the replica (pg_ctlcluster ...
# restart -m fast) RESTART_AT_S seconds in. The primary 15/main is never restarted. Then once more
# with ANALYTICS_FALLBACK_DATABASE_URL on the primary (MODES="fail_fast fallback").
# Reports per mode: asks, 200s, 5xx (during the restart and after the replica was back), the
# restart's own time, and the time from the restart command and from the replica being back to
# the first answer after it.
#   BUILD_DIR (build/release)  CLIENTS (4)  DURATION_S (20)  RESTART_AT_S (5)  MODES
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
load_env

BUILD_DIR=${BUILD_DIR:-$ROOT/build/release}
CLIENTS=${CLIENTS:-4}
DURATION_S=${DURATION_S:-20}
RESTART_AT_S=${RESTART_AT_S:-5}
MODES=${MODES:-"fail_fast fallback"}
CLUSTER=${REPLICA_CLUSTER:-replica}
PORT=${REPLICA_PORT:-5433}
WORK=$(mktemp -d)

[[ -x $BUILD_DIR/copilot/copilot ]] || die "no copilot binary in $BUILD_DIR: run make build"
[[ -n ${ANALYTICS_DATABASE_URL:-} ]] || die "ANALYTICS_DATABASE_URL is not set: run scripts/setup"
command -v curl >/dev/null || die "curl is not installed"

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bash scripts/replica start
# The analytics URL with the replica's port: libpq's keyword form, where a later keyword wins.
replica_url=$(python3 - "$ANALYTICS_DATABASE_URL" "$PORT" <<'PY'
import sys, urllib.parse as u
url, port = sys.argv[1], sys.argv[2]
p = u.urlsplit(url)
host = p.hostname or "127.0.0.1"
auth = p.netloc.rsplit("@", 1)[0] + "@" if "@" in p.netloc else ""
print(u.urlunsplit((p.scheme, f"{auth}{host}:{port}", p.path, p.query, p.fragment)))
PY
)
user_id=$(pg_super -d "${COPILOT_DB_NAME:-copilot}" -Atc "SELECT user_id FROM app_login_lookup('manager_store1')")
token="bench-recovery-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# ask_loop FILE END_MS: asks until END_MS, one line per ask: "<finished ms> <status>".
ask_loop() {
  local file=$1 end=$2 port=$3 i=0 status
  local questions=("revenue by store" "rentals by month" "revenue by month" "top 5 films by revenue")
  while (($(now_ms) < end)); do
    local q=${questions[$((i % ${#questions[@]}))]}
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 35 -H "X-Internal-Token: $token" \
      -H 'Content-Type: application/json' \
      -d "{\"question\":\"$q\",\"user_context\":{\"user_id\":$user_id,\"username\":\"manager_store1\",\"role\":\"store_manager\",\"store_ids\":[1],\"is_all_stores\":false,\"org_id\":1}}" \
      "http://127.0.0.1:$port/run" || true)
    echo "$(now_ms) $status" >>"$file"
    i=$((i + 1))
  done
}

run_mode() {
  local mode=$1 port
  port=$(free_port)
  local extra=()
  [[ $mode == fallback ]] && extra=(ANALYTICS_FALLBACK_DATABASE_URL="$ANALYTICS_DATABASE_URL")
  env COPILOT_HOST=127.0.0.1 COPILOT_PORT="$port" INTERNAL_TOKEN="$token" LLM_DISABLED=true \
    ANALYTICS_DATABASE_URL="$replica_url" RESULT_CACHE_SIZE=0 COPILOT_THREADS=8 "${extra[@]}" \
    "$BUILD_DIR/copilot/copilot" serve >"$WORK/copilot-$mode.log" 2>&1 &
  local copilot=$!
  pids+=("$copilot")
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || die "the copilot did not start: $(tail -5 "$WORK/copilot-$mode.log")"

  local start end c
  start=$(now_ms)
  end=$((start + DURATION_S * 1000))
  local loops=()
  for c in $(seq 1 "$CLIENTS"); do
    ask_loop "$WORK/$mode-$c.txt" "$end" "$port" &
    loops+=($!)
  done
  sleep "$RESTART_AT_S"
  local restart_begin restart_end
  restart_begin=$(now_ms)
  pg_ctlcluster 15 "$CLUSTER" restart -m fast
  until runuser -u postgres -- pg_isready -q -h /var/run/postgresql -p "$PORT"; do sleep 0.05; done
  restart_end=$(now_ms)
  wait "${loops[@]}"
  kill "$copilot" 2>/dev/null || true
  wait "$copilot" 2>/dev/null || true

  cat "$WORK/$mode"-*.txt | sort -n >"$WORK/$mode.txt"
  awk -v mode="$mode" -v rb="$restart_begin" -v re="$restart_end" '
    { n++; if ($2 == 200) ok++; if ($2 >= 500 || $2 == 0) { bad++; if ($1 > re) bad_after++ }
      if ($1 > re && $2 == 200 && first == "") first = $1 }
    END {
      printf "%-9s asks %d, 200: %d, 5xx: %d (after the replica was back: %d); restart took %d ms; ", mode, n, ok, bad, bad_after, re - rb
      if (first == "") printf "no answer after the restart\n"
      else printf "first answer %d ms after the restart command, %d ms after the replica was back\n", first - rb, first - re
    }' "$WORK/$mode.txt" | tee -a "$WORK/report.txt"
}

for mode in $MODES; do run_mode "$mode"; done
echo
echo "recovery (${CLIENTS} clients, ${DURATION_S}s, replica restarted at ${RESTART_AT_S}s):"
cat "$WORK/report.txt"
