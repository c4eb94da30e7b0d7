# scripts/lib.sh — shared by the project's scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# step NAME CMD...: runs CMD and prints how long it took.
step() {
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  printf '[%s] %-28s %6.2fs\n' "$(date +%H:%M:%S)" "$name" "$(echo "$end - $start" | bc)"
}

# Loads .env (written by scripts/setup) without overriding variables already set by the caller.
load_env() {
  local file="$ROOT/.env"
  [[ -f $file ]] || return 0
  local line key value
  while IFS= read -r line || [[ -n $line ]]; do
    [[ -z $line || $line == \#* ]] && continue
    key=${line%%=*}
    value=${line#*=}
    if [[ -z ${!key:-} ]]; then export "$key=$value"; fi
  done <"$file"
  return 0
}

# psql as the postgres superuser over the local socket (peer auth).
pg_super() { runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -q "$@"; }

pg_running() { runuser -u postgres -- pg_isready -q -h /var/run/postgresql 2>/dev/null; }

# scratch_with_children: a scratch directory $WORK and a list $pids of background children, both
# cleaned up when the calling script exits (the benchmarks start services of their own).
scratch_with_children() {
  WORK=$(mktemp -d)
  pids=()
  trap _cleanup_scratch_and_children EXIT
}
_cleanup_scratch_and_children() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
# wait_up URL PID [LOG]: until URL answers; dies when PID exits first (with LOG's last lines, or
# the scratch directory's name) or after 30 s.
wait_up() {
  local url=$1 pid=$2 log=${3:-}
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      [[ -n $log ]] && die "a service exited during start ($url): $(tail -5 "$log")"
      die "a service exited during start ($url); logs in ${WORK:-its run directory}"
    fi
    sleep 0.1
  done
  die "$url did not answer"
}
# rss_mb PID / hwm_mb PID: a process's resident memory now / at its peak, in MB ("?" when gone).
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
hwm_mb() { awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# url_with_port URL PORT: the database URL with its port replaced (the replica's, say); user,
# password, database and parameters as they were.
url_with_port() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.parse as u
url, port = sys.argv[1], sys.argv[2]
p = u.urlsplit(url)
host = p.hostname or "127.0.0.1"
auth = p.netloc.rsplit("@", 1)[0] + "@" if "@" in p.netloc else ""
print(u.urlunsplit((p.scheme, f"{auth}{host}:{port}", p.path, p.query, p.fragment)))
PY
}
