#!/usr/bin/env bash
# Seeds every schema of schemas/realworld/ with a generic profile and no overrides, each in its
# own throwaway cluster, and prints a Markdown table: tables, rows, seconds, and the first error
# line of a schema that fails. openstreetmap.sql and lago.sql need Debian's
# postgresql-15-postgis-3 and postgresql-15-partman.
#
#   cargo build --release && bash benches/corpus.sh [profiles/small.toml [SCHEMA…]]
#
# SCHEMA names (e.g. `lago musicbrainz`) seed only those files.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${SEEDBED:-target/release/seedbed}
PROFILE=${1:-profiles/small.toml}
shift $(( $# > 0 ? 1 : 0 ))
if [ $# -gt 0 ]; then files=(); for s in "$@"; do files+=("schemas/realworld/$s.sql"); done
else files=(schemas/realworld/*.sql); fi
ok=0; all=0
echo "| schema | tables | rows | seconds | result |"
echo "|---|---:|---:|---:|---|"
for f in "${files[@]}"; do
  name=$(basename "$f" .sql); all=$((all+1))
  start=$(date +%s.%N)
  out=$(env -u DATABASE_URL timeout 300 "$BIN" seed --schema-file "$f" --profile "$PROFILE" --json 2>/tmp/corpus-err-$$)
  code=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  if [ $code = 0 ]; then
    ok=$((ok+1))
    tables=$(grep -c '"table"' <<<"$out"); rows=$(grep -o '"total_rows": [0-9]*' <<<"$out" | grep -o '[0-9]*$')
    printf '| %s | %s | %s | %.1f | seeded |\n' "$name" "$tables" "$rows" "$secs"
  else
    err=$(grep '^seedbed: error:' /tmp/corpus-err-$$ | head -1 | cut -c17- | LC_ALL=C.UTF-8 sed -E 's/^(.{0,160}).*/\1/')
    printf '| %s | | | %.1f | **failed**: %s |\n' "$name" "$secs" "${err//|/\\|}"
  fi
done
rm -f /tmp/corpus-err-$$
echo
echo "seeded $ok of $all schemas with $PROFILE and no overrides"
