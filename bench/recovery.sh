#!/usr/bin/env bash
# bench/recovery.sh — how long questions take to come back after the analytics replica restarts,
# under a stream of asks, and how many 5xx they see (issue 18). Not part of `make test`.
#
# Starts the replica (scripts/replica start) and one real copilot on a free loopback port with
# ANALYTICS_DATABASE_URL on the replica (result cache off: every ask reaches the database), runs
# CLIENTS loops of POST /run for DURATION_S seconds, and restarts the replica (pg_ctlcluster ...
# restart -m fast) RESTART_AT_S seconds in. The primary 15/main is never restarted. Then once more
# with ANALYTICS_FALLBACK_DATABASE_URL on the primary (MODES="fail_fast fallback").
# Reports per mode: asks, 200s, 5xx (all, and after pg_ctlcluster returned), when the 5xx came,
# the time from the restart command until answers were back (the first 200 after the last 5xx),
# and a timeline of answers and 5xx per 500 ms around the restart.
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

[[ -x $BUILD_DIR/copilot/copilot ]] || die "no copilot binary in $BUILD_DIR: run make build"
[[ -n ${ANALYTICS_DATABASE_URL:-} ]] || die "ANALYTICS_DATABASE_URL is not set: run scripts/setup"
command -v curl >/dev/null || die "curl is not installed"

scratch_with_children  # $WORK and $pids, cleaned up on exit (scripts/lib.sh)

now_ms() { date +%s%3N; }

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
  # Times from the restart command: the outage is first to last 5xx after it; answers are back
  # at the first 200 after the last 5xx (or, without 5xx, the first 200 after the command).
  awk -v mode="$mode" -v rb="$restart_begin" -v re="$restart_end" '
    { n++; t[n] = $1; s[n] = $2; if ($2 == 200) ok++
      if ($2 >= 500 || $2 == 0) { bad++; if ($1 > re) bad_after++
        if ($1 >= rb) { if (first_bad == "") first_bad = $1; last_bad = $1 } } }
    END {
      from = last_bad == "" ? rb : last_bad
      for (i = 1; i <= n; i++) if (t[i] > from && s[i] == 200) { back = t[i]; break }
      printf "%-9s asks %d, 200: %d, 5xx: %d (after pg_ctlcluster returned: %d); ", mode, n, ok, bad, bad_after
      if (first_bad != "") printf "5xx from %d to %d ms; ", first_bad - rb, last_bad - rb
      if (back == "") printf "no answer after the restart\n"
      else printf "answers back %d ms after the restart command (pg_ctlcluster restart took %d ms)\n", back - rb, re - rb
    }' "$WORK/$mode.txt" | tee -a "$WORK/report.txt"
  # Asks finished per 500 ms around the restart (t = 0 at the restart command): 200s / 5xx.
  awk -v rb="$restart_begin" -v re="$restart_end" '
    { b = int(($1 - rb + 100000) / 500) - 200; if (b < -2 || b > (re - rb) / 500 + 2) next
      n[b]++; if ($2 == 200) ok[b]++; else if ($2 >= 500 || $2 == 0) bad[b]++ }
    END { printf "  timeline (s: 200/5xx):"
          for (b = -2; b <= (re - rb) / 500 + 2; b++) printf " %.1f:%d/%d", b / 2, ok[b], bad[b]
          printf "\n" }' "$WORK/$mode.txt" | tee -a "$WORK/report.txt"
}

for mode in $MODES; do run_mode "$mode"; done
echo
echo "recovery (${CLIENTS} clients, ${DURATION_S}s, replica restarted at ${RESTART_AT_S}s):"
cat "$WORK/report.txt"
