#!/usr/bin/env bash
# seedbed against two loaders of the very same rows, alternating on one server in one run:
#   seedbed: seedbed seed --profile P                        (introspect, plan, generate, load)
#   psql:    psql -f load.sql        (seedbed export's files: \copy of CSVs in one transaction)
#   ideal:   a hand-made ideal loader over the same CSVs: every key, foreign key and index
#            dropped, the CSVs COPYed on 2 connections, all rebuilt after (2 connections).
#            It computes no statistics, so seedbed also runs with --no-analyze: the same work;
#            and the ideal loader's time is also given with ANALYZE after it (2 connections),
#            the statistics seedbed computes by default.
# Every side starts from a fresh database with schemas/ddx.sql applied (not timed) and is timed
# end to end (wall clock). Ratios are seedbed / reference (below 1: seedbed is faster).
#
#   cargo build --release && bash benches/loaders.sh [PROFILE] [ROUNDS]
#   e.g. bash benches/loaders.sh ddx-large 3 ; bash benches/loaders.sh ddx-medium 5
#
# Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres); scratch
# databases seedbed_loaders_<pid>_* are created there and dropped at the end. The ideal loader
# keeps in place what a view depends on (it cannot be dropped), exactly as seedbed does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${SEEDBED:-target/release/seedbed}
PROFILE=${1:-ddx-large}
ROUNDS=${2:-3}
URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
cleanup() {
  for d in $(psql -qAtX "$URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 'seedbed_loaders_$$_%'"); do
    psql -q "$URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
url_of() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$URL" "$1"; }
fresh() { # $1: a name; a fresh database with the schema applied; prints its URL
  local d=seedbed_loaders_$$_$1
  psql -q "$URL" -c "CREATE DATABASE $d" >/dev/null
  local u; u=$(url_of "$d")
  psql -q -v ON_ERROR_STOP=1 "$u" -f schemas/ddx.sql >/dev/null
  echo "$u"
}
now() { date +%s.%N; }
checkpoint() { psql -q "$URL" -c CHECKPOINT >/dev/null; }
drop_all() { # the measured databases: their autovacuum work must not run into the next side
  for d in $(psql -qAtX "$URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 'seedbed_loaders_$$_%'"); do
    psql -q "$URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
since() { echo "$(now) - $1" | bc -l; }

# The rows: seedbed's own export (identical to what seed loads).
env -u DATABASE_URL "$BIN" export --schema-file schemas/ddx.sql --profile "profiles/$PROFILE.toml" \
  --out "$work/csv" --quiet
# Rows, not lines: a CSV value may hold a line break.
rows=$(python3 -c 'import csv, glob, sys
csv.field_size_limit(1 << 30)
print(sum(sum(1 for _ in csv.reader(open(f, newline=""))) - 1 for f in glob.glob(sys.argv[1] + "/*.csv")))' "$work/csv")

# The ideal loader's two lists of \copy lines, balanced by file size.
python3 - "$work/csv/load.sql" "$work" <<'PY'
import os, re, sys
load, work = sys.argv[1], sys.argv[2]
lines = [l for l in open(load) if l.startswith("\\copy")]
sized = sorted(((os.path.getsize(os.path.join(os.path.dirname(load), re.search(r"FROM '([^']+)'", l).group(1))), l) for l in lines), reverse=True)
parts, sizes = [[], []], [0, 0]
for size, line in sized:
    i = sizes.index(min(sizes)); parts[i].append(line); sizes[i] += size
for i, p in enumerate(parts):
    open(os.path.join(work, f"copy{i}.sql"), "w").write("".join(p))
    # The statistics seedbed computes by default, for the ideal loader's second figure.
    open(os.path.join(work, f"analyze{i}.sql"), "w").write(
        "".join("ANALYZE " + l.split()[1] + ";\n" for l in p))
PY

ideal() { # $1: database URL
  local u=$1 q
  q="SELECT c.conrelid::regclass, quote_ident(c.conname), pg_get_constraintdef(c.oid), c.contype
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype IN ('p','u','f','x') AND n.nspname NOT IN ('pg_catalog','information_schema')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass)
     ORDER BY c.contype = 'f' DESC"
  psql -qAtX -F $'\t' "$u" -c "$q" >"$work/cons"
  q="SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog','information_schema','pg_toast')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
  psql -qAtX -F $'\t' "$u" -c "$q" >"$work/idx"
  local t0; t0=$(now)
  { awk -F'\t' '{print "ALTER TABLE " $1 " DROP CONSTRAINT " $2 ";"}' "$work/cons"
    awk -F'\t' '{print "DROP INDEX " $2 ";"}' "$work/idx"; } | psql -q -v ON_ERROR_STOP=1 "$u" >/dev/null
  (cd "$work/csv" && psql -q -v ON_ERROR_STOP=1 "$u" -f ../copy0.sql >/dev/null) &
  (cd "$work/csv" && psql -q -v ON_ERROR_STOP=1 "$u" -f ../copy1.sql >/dev/null) &
  wait
  # Keys and indexes on two connections, then the foreign keys (which need the keys).
  { awk -F'\t' '$4 != "f" {print "ALTER TABLE " $1 " ADD CONSTRAINT " $2 " " $3 ";"}' "$work/cons"
    awk -F'\t' '{print $1 ";"}' "$work/idx"; } >"$work/keys"
  awk 'NR % 2 == 1' "$work/keys" | psql -q -v ON_ERROR_STOP=1 "$u" >/dev/null &
  awk 'NR % 2 == 0' "$work/keys" | psql -q -v ON_ERROR_STOP=1 "$u" >/dev/null &
  wait
  awk -F'\t' '$4 == "f" {print "ALTER TABLE " $1 " ADD CONSTRAINT " $2 " " $3 ";"}' "$work/cons" >"$work/fks"
  awk 'NR % 2 == 1' "$work/fks" | psql -q -v ON_ERROR_STOP=1 "$u" >/dev/null &
  awk 'NR % 2 == 0' "$work/fks" | psql -q -v ON_ERROR_STOP=1 "$u" >/dev/null &
  wait
  local loaded; loaded=$(since "$t0")
  # Then the statistics seedbed leaves by default: ANALYZE on 2 connections.
  psql -q -v ON_ERROR_STOP=1 "$u" -f "$work/analyze0.sql" >/dev/null &
  psql -q -v ON_ERROR_STOP=1 "$u" -f "$work/analyze1.sql" >/dev/null &
  wait
  echo "$loaded $(since "$t0")"
}

echo "$PROFILE: $rows rows; seconds per side, wall clock"
printf '| round | seedbed | seedbed --no-analyze | psql -f load.sql | ideal loader | ideal + ANALYZE | seedbed / psql | seedbed / ideal | --no-analyze / ideal | seedbed / (ideal + ANALYZE) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
ss=0; sn=0; sp=0; si=0; sa=0
ratio() { echo "$1 / $2" | bc -l; }
for r in $(seq 1 "$ROUNDS"); do
  # Each side starts after a checkpoint, with the databases measured before it dropped, so
  # none pays for the WAL another wrote or for the vacuum and analyze autovacuum starts on
  # another's tables (those of psql and the ideal loader are neither frozen nor analyzed).
  u=$(fresh "${r}_seedbed"); checkpoint; t0=$(now)
  env -u DATABASE_URL "$BIN" seed --database-url "$u" --profile "profiles/$PROFILE.toml" --quiet
  s=$(since "$t0")
  # The same load without statistics: the work the ideal loader does.
  drop_all; u=$(fresh "${r}_noanalyze"); checkpoint; t0=$(now)
  env -u DATABASE_URL "$BIN" seed --database-url "$u" --profile "profiles/$PROFILE.toml" --quiet --no-analyze
  n=$(since "$t0")
  drop_all; u=$(fresh "${r}_psql"); checkpoint; t0=$(now)
  (cd "$work/csv" && psql -q -v ON_ERROR_STOP=1 "$u" -f load.sql >/dev/null)
  p=$(since "$t0")
  drop_all; u=$(fresh "${r}_ideal"); checkpoint; read -r i a < <(ideal "$u")
  printf '| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "$r" "$s" "$n" "$p" "$i" "$a" \
    "$(ratio "$s" "$p")" "$(ratio "$s" "$i")" "$(ratio "$n" "$i")" "$(ratio "$s" "$a")"
  drop_all
  ss=$(echo "$ss + $s" | bc -l); sn=$(echo "$sn + $n" | bc -l)
  sp=$(echo "$sp + $p" | bc -l); si=$(echo "$si + $i" | bc -l); sa=$(echo "$sa + $a" | bc -l)
done
printf '| all | %.2f | %.2f | %.2f | %.2f | %.2f | **%.2f** | **%.2f** | **%.2f** | **%.2f** |\n' "$ss" "$sn" "$sp" "$si" "$sa" \
  "$(ratio "$ss" "$sp")" "$(ratio "$ss" "$si")" "$(ratio "$sn" "$si")" "$(ratio "$ss" "$sa")"
