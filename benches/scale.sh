#!/usr/bin/env bash
# The scale run: seeds schemas/ddx.sql with profiles/ddx-large.toml (1.22 M rows at scale 1)
# multiplied by SCALE — 85 gives about 104 M rows — and reports rows, seconds, rows/s and the
# peak resident memory of the seedbed process (/usr/bin/time -v).
#
#   cargo build --release && bash benches/scale.sh [SCALE] [DATABASE_URL]
#
# With a DATABASE_URL (argument or environment), a scratch database seedbed_scale_<pid> is
# created on that server, filled, and dropped at the end (KEEP=1 keeps it). Without one, seedbed
# starts a throwaway cluster (--schema-file), removed at exit. Needs disk for the rows: about
# 25 GB at SCALE=85. Extra seedbed flags go in SEED_FLAGS (e.g. SEED_FLAGS="--jobs 8").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${SEEDBED:-target/release/seedbed}
SCALE=${1:-85}
URL=${2:-${DATABASE_URL:-}}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
out=$(mktemp) ; timing=$(mktemp)
cleanup() {
  rm -f "$out" "$timing"
  if [ -n "${db_url:-}" ] && [ -z "${KEEP:-}" ]; then
    psql -q "$URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
if [ -n "$URL" ]; then
  db=seedbed_scale_$$
  psql -q "$URL" -c "CREATE DATABASE $db" >/dev/null
  db_url=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$URL" "$db")
  psql -q -v ON_ERROR_STOP=1 "$db_url" -f schemas/ddx.sql >/dev/null
  target=(--database-url "$db_url")
else
  target=(--schema-file schemas/ddx.sql)
fi
# shellcheck disable=SC2086
env -u DATABASE_URL /usr/bin/time -v -o "$timing" "$BIN" seed "${target[@]}" \
  --profile profiles/ddx-large.toml --scale "$SCALE" --json ${SEED_FLAGS:-} >"$out"
rows=$(grep -o '"total_rows": [0-9]*' "$out" | grep -o '[0-9]*$')
secs=$(grep -o '"seconds": [0-9.e+-]*' "$out" | tail -1 | grep -o '[0-9.e+-]*$')
wall=$(grep 'Elapsed (wall clock)' "$timing" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$timing" | awk '{print $NF}')
printf 'scale %s: %s rows in %.1f s load (%s wall, process start to exit) = %.0f rows/s; peak RSS %.1f MB\n' \
  "$SCALE" "$rows" "$secs" "$wall" "$(echo "$rows / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
