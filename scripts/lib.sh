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
