#!/usr/bin/env bash
# bench/scale_load.sh — `make bench-scale` (issue 18): asks/s at CONNECTIONS (32) through the
# public edge (nginx) with one gateway + one copilot and with two + two (scripts/start with
# GATEWAYS/COPILOTS, as `make scale` runs them), result cache on and off, side by side in one run;
# then, under the 2 + 2 stack with the cache off, a copilot killed with SIGKILL under load: how
# many asks failed, and whether any ask failed twice (every failed ask is asked again at once: the
# edge must have routed the second try to the copilot still alive). The load average is printed
# beside every row: the machine's cores are shared by every instance and by wrk itself.
# Not part of `make test`. Questions run on the primary (the replica is not what is measured);
# LIMITS_STORE=postgres in both shapes, with the limits lifted (throughput, not the limits).
#   BUILD_DIR (build/release)  DURATION (10s)  CONNECTIONS (32)  BENCH_PORT_BASE (25500)
#   KILL_CLIENTS (16)  KILL_DURATION_S (20)  KILL_AT_S (5)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
load_env

BUILD_DIR=${BUILD_DIR:-$ROOT/build/release}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
BASE=${BENCH_PORT_BASE:-25500}
KILL_CLIENTS=${KILL_CLIENTS:-16}
KILL_DURATION_S=${KILL_DURATION_S:-20}
KILL_AT_S=${KILL_AT_S:-5}
export QUESTION=${QUESTION:-What was total revenue last month?}
LUA=$ROOT/bench/gateway/ask.lua

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
command -v nginx >/dev/null || die "nginx is not installed: run scripts/setup"
[[ -x $BUILD_DIR/gateway/gateway ]] || die "no gateway binary in $BUILD_DIR: run make build"
[[ -x $BUILD_DIR/copilot/copilot ]] || die "no copilot binary in $BUILD_DIR: run make build"
[[ -n ${APP_DATABASE_URL:-} ]] || die "APP_DATABASE_URL is not set: run scripts/setup"

scratch_with_children  # $WORK and $pids, cleaned up on exit (scripts/lib.sh)
export RUN_DIR=$WORK/run
# Whatever happens, the stack this started is stopped (by its recorded pids).
trap 'bash "$ROOT/scripts/stop" >/dev/null 2>&1 || true; _cleanup_scratch_and_children' EXIT

export GATEWAY_PORT=$BASE WEB_PORT=$((BASE + 1)) COPILOT_PORT=$((BASE + 200)) GATEWAY_HOST=127.0.0.1
export GATEWAY_INTERNAL_PORT=$((BASE + 100)) WEB_INTERNAL_PORT=$((BASE + 101))
export COPILOT_URL=http://127.0.0.1:$COPILOT_PORT
export LIMITS_STORE=postgres GATEWAY_ASK_PER_USER=1000000000 GATEWAY_ASKS_IN_FLIGHT_PER_USER=1000
export GATEWAY_CONN_PER_IP=0 GATEWAY_LOGIN_PER_IP=1000 LOG_LEVEL=warn EDGE_CONN_PER_IP=1024
export INTERNAL_TOKEN
INTERNAL_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
URL=http://127.0.0.1:$GATEWAY_PORT

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# start_stack N CACHE: N gateways + N copilots behind the edge, cache on or off.
start_stack() {
  local n=$1 cache=$2 size=256
  [[ $cache == off ]] && size=0
  bash scripts/stop >/dev/null 2>&1 || true
  # With one of each, the gateway talks to its copilot directly (make up's shape).
  if ((n == 1)); then export COPILOT_URL=http://127.0.0.1:$COPILOT_PORT; fi
  GATEWAYS=$n COPILOTS=$n RESULT_CACHE_SIZE=$size bash scripts/start copilot gateway edge >"$WORK/start.log" 2>&1 ||
    { cat "$WORK/start.log" >&2; die "the $n + $n stack did not start"; }
  TOKEN=$(curl -fsS "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin_user","password":"admin123"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  export TOKEN
  local status
  status=$(curl -s -o "$WORK/first.json" -w '%{http_code}' "$URL/api/ask" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" -d "{\"question\":\"$QUESTION\"}")
  [[ $status == 200 ]] || die "warm-up ask answered $status: $(head -c 300 "$WORK/first.json")"
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| instances | cache | conns | asks/s | p50 ms | p99 ms | errors | non-2xx | load avg (1 min) after |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for cache in on off; do
  for n in 1 2; do
    start_stack "$n" "$cache"
    # Warm every instance (plans and, with the cache on, each copilot's own result cache).
    wrk -t2 -c"$CONNECTIONS" -d2s -s "$LUA" "$URL/api/ask" >/dev/null
    line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$LUA" "$URL/api/ask" | sed -n 's/^RESULT //p')
    python3 - "$n + $n" "$cache" "$CONNECTIONS" "$line" "$(loadavg)" <<'PY'
import json, sys
shape, cache, conns, line, load = sys.argv[1:]
r = json.loads(line)
print(f"| {shape} | {cache} | {conns} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} "
      f"| {r['errors']} | {r['non_2xx']} | {load} |")
PY
  done
done

# A copilot killed under load: KILL_CLIENTS loops of asks through the edge for KILL_DURATION_S;
# copilot-2 gets SIGKILL KILL_AT_S seconds in. A failed ask is asked again once, at once.
start_stack 2 off
victim=$(cat "$RUN_DIR/copilot-2.pid")
echo
echo "kill -9 of copilot-2 (pid $victim) under load: $KILL_CLIENTS clients, ${KILL_DURATION_S} s, kill at ${KILL_AT_S} s, cache off"
python3 - "$URL" "$TOKEN" "$KILL_CLIENTS" "$KILL_DURATION_S" "$KILL_AT_S" "$victim" "$QUESTION" <<'PY'
import http.client, json, os, signal, sys, threading, time, urllib.parse
url, token, clients, duration, kill_at, victim, question = sys.argv[1:]
clients, duration, kill_at, victim = int(clients), float(duration), float(kill_at), int(victim)
u = urllib.parse.urlsplit(url)
body = json.dumps({"question": question})
headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
lock = threading.Lock()
stats = {"asks": 0, "ok": 0, "failed": 0, "failed_twice": 0, "statuses": {}, "failed_after_kill_s": []}
start = time.monotonic()
killed_at = None

def ask(conn):
    try:
        conn.request("POST", "/api/ask", body, headers)
        r = conn.getresponse()
        r.read()
        return r.status, conn
    except Exception as e:  # connection-level failure: a new connection next time
        conn.close()
        return type(e).__name__, http.client.HTTPConnection(u.hostname, u.port, timeout=60)

def loop():
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    while time.monotonic() - start < duration:
        status, conn = ask(conn)
        with lock:
            stats["asks"] += 1
            stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
        if status == 200:
            with lock: stats["ok"] += 1
            continue
        again, conn = ask(conn)
        with lock:
            stats["failed"] += 1
            stats["asks"] += 1
            stats["statuses"][str(again)] = stats["statuses"].get(str(again), 0) + 1
            if killed_at is not None:
                stats["failed_after_kill_s"].append(round(time.monotonic() - killed_at, 2))
            if again == 200:
                stats["ok"] += 1
            else:
                stats["failed_twice"] += 1

threads = [threading.Thread(target=loop) for _ in range(clients)]
for t in threads: t.start()
time.sleep(kill_at)
os.kill(victim, signal.SIGKILL)
killed_at = time.monotonic()
for t in threads: t.join()
elapsed = time.monotonic() - start
print(f"| asks | answered 200 | failed asks | failed twice | asks/s | statuses | failures at (s after kill) |")
print(f"|---|---|---|---|---|---|---|")
print(f"| {stats['asks']} | {stats['ok']} | {stats['failed']} | {stats['failed_twice']} | "
      f"{stats['asks'] / elapsed:.0f} | {json.dumps(stats['statuses'])} | {stats['failed_after_kill_s'][:10]} |")
sys.exit(1 if stats["failed_twice"] else 0)
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The logs of the last stack (the kill run), kept for a look at any failed ask.
mkdir -p "$ROOT/build/bench/scale" && cp "$RUN_DIR"/*.log "$ROOT/build/bench/scale/" 2>/dev/null || true
