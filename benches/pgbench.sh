#!/usr/bin/env bash
# seedbed against pgbench at pgbench's own game, alternating on the same server in one run:
#   pgbench:  pgbench -i -s SCALE                      (drop, create, generate, vacuum, keys)
#   seedbed:  pgbench -i -I dtp -s SCALE  (drop, create, keys: empty tables), then
#             seedbed seed --profile profiles/pgbench-50.toml --scale SCALE/50
# Each side is timed end to end (wall clock, process start to exit); the ratio is
# seedbed / pgbench (below 1: seedbed is faster).
#
#   cargo build --release && bash benches/pgbench.sh [SCALE] [ROUNDS]
#
# Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres); a scratch
# database seedbed_pgbench_<pid> is created there and dropped at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${SEEDBED:-target/release/seedbed}
SCALE=${1:-50}
ROUNDS=${2:-3}
URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
db=seedbed_pgbench_$$
psql -q "$URL" -c "CREATE DATABASE $db" >/dev/null
trap 'psql -q "$URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
db_url=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$URL" "$db")
scale=$(echo "$SCALE / 50" | bc -l)
now() { date +%s.%N; }
printf '| round | pgbench -i -s %s (s) | seedbed (s) | seedbed / pgbench |\n|---:|---:|---:|---:|\n' "$SCALE"
sum_p=0; sum_s=0
for r in $(seq 1 "$ROUNDS"); do
  # Each side starts after a checkpoint, so neither pays for the WAL the other wrote.
  psql -q "$URL" -c CHECKPOINT >/dev/null
  t0=$(now); pgbench -q -i -s "$SCALE" "$db_url" >/dev/null 2>&1; t1=$(now)
  p=$(echo "$t1 - $t0" | bc -l)
  pgbench -q -i -I dtp -s "$SCALE" "$db_url" >/dev/null 2>&1
  psql -q "$URL" -c CHECKPOINT >/dev/null
  t0=$(now)
  env -u DATABASE_URL "$BIN" seed --quiet --database-url "$db_url" \
    --profile profiles/pgbench-50.toml --scale "$scale" ${SEED_FLAGS:-}
  t1=$(now)
  s=$(echo "$t1 - $t0" | bc -l)
  sum_p=$(echo "$sum_p + $p" | bc -l); sum_s=$(echo "$sum_s + $s" | bc -l)
  printf '| %d | %.2f | %.2f | %.2f |\n' "$r" "$p" "$s" "$(echo "$s / $p" | bc -l)"
done
printf '\nover %d rounds: pgbench %.2f s, seedbed %.2f s, ratio %.2f (rows: %d accounts)\n' \
  "$ROUNDS" "$(echo "$sum_p / $ROUNDS" | bc -l)" "$(echo "$sum_s / $ROUNDS" | bc -l)" \
  "$(echo "$sum_s / $sum_p" | bc -l)" "$((SCALE * 100000))"
