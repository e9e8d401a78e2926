#!/usr/bin/env bash
# Hostile-input sweep: runs seedbed on bad input of every category and prints a Markdown table
# of what it said. Each row must be: non-zero exit, exactly one `seedbed: error:` line, no panic,
# no password echoed. The summary line counts them.
#
#   cargo build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bash benches/bad_inputs.sh
#
# Needs a PostgreSQL server (DATABASE_URL, trust auth) for the database cases; it creates and
# drops a database of its own.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${SEEDBED:-target/debug/seedbed}
SERVER=${DATABASE_URL:?set DATABASE_URL to a server where databases can be created}
DB=seedbed_bad_$$
ADMIN=${SERVER%/*}
URL="$ADMIN/$DB"
T=$(mktemp -d)
trap 'rm -rf "$T"; psql "$SERVER" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT
psql "$SERVER" -qc "CREATE DATABASE $DB" >/dev/null
psql "$URL" -q >/dev/null <<'SQL'
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, code varchar(3),
  price numeric(8,2));
CREATE TABLE offers (id serial PRIMARY KEY, price numeric(8,2) NOT NULL CHECK (price > 10 AND price < 5));
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id),
  qty int NOT NULL);
CREATE TABLE filled (id int PRIMARY KEY); INSERT INTO filled VALUES (1);
SQL
printf 'CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL);\nCREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a);\nALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;\n' > "$T/cycle.sql"
printf 'CREATE TABLE x (id int PRIMARY KEY);\nCREATE TABLE y (id int REFERENCES nosuch);\n' > "$T/bad.sql"
prof() { printf '%s\n' "$2" > "$T/$1.toml"; echo "$T/$1.toml"; }
pass=0; fail=0; panics=0; leaks=0
row() {
  local what=$1; shift
  local err out code
  out=$(env -u DATABASE_URL "$BIN" "$@" 2>"$T/err" </dev/null); code=$?
  err=$(cat "$T/err")
  local lines; lines=$(grep -c '^seedbed: error: ' <<<"$err")
  local line; line=$(grep '^seedbed: error: ' <<<"$err" | head -1 | cut -c17- | cut -c1-150)
  local ok=yes
  if [ "$code" = 0 ] || [ "$lines" != 1 ]; then ok=no; fi
  if grep -qiE 'panicked|internal error|stack backtrace' <<<"$err"; then ok=no; panics=$((panics+1)); fi
  if grep -q hunter2 <<<"$err$out"; then ok=no; leaks=$((leaks+1)); fi
  if [ $ok = yes ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
  printf '| %s | %s | %s | %s |\n' "$what" "$code" "$ok" "${line//|/\\|}"
}
echo '| input | exit | one clear line | message |'
echo '|---|---:|---|---|'
row "server not listening" inspect --database-url postgres://u@127.0.0.1:1/db
row "not a postgres URL" inspect --database-url mysql://x/y
row "garbled URL" inspect --database-url 'postgres://:@@:x/'
row "unknown database, password in URL" inspect --database-url "$ADMIN/nosuchdb?password=hunter2"
row "key=value string with a password" inspect --database-url "host=127.0.0.1 password=hunter2 dbname=nosuch"
row "unknown role" inspect --database-url "postgres://nosuchrole:hunter2@127.0.0.1:5432/postgres"
row "no database named" inspect
row "both --database-url and --schema-file" inspect --database-url "$URL" --schema-file "$T/cycle.sql"
row "missing schema file" inspect --schema-file "$T/nosuch.sql"
row "schema file with an SQL error" inspect --schema-file "$T/bad.sql"
row "unbreakable foreign-key cycle" plan --schema-file "$T/cycle.sql"
row "unknown --schema" plan --database-url "$URL" --schema nosuch
row "malformed TOML" plan --database-url "$URL" --profile "$(prof toml 'rows = [')"
row "missing profile file" plan --database-url "$URL" --profile "$T/none.toml"
row "unknown table in profile" plan --database-url "$URL" --profile "$(prof t '[tables.custmers]
rows = 5')"
row "unknown column in profile" plan --database-url "$URL" --profile "$(prof c '[tables.customers.columns.nmae]
value = "x"')"
row "unknown generator" plan --database-url "$URL" --profile "$(prof g '[tables.customers.columns.name]
generator = "phonenumber"')"
row "invalid regex" plan --database-url "$URL" --profile "$(prof r '[tables.customers.columns.name]
regex = "[a-"')"
row "template naming no generator" plan --database-url "$URL" --profile "$(prof tp '[tables.customers.columns.name]
template = "{nosuch}"')"
row "empty choices" plan --database-url "$URL" --profile "$(prof ch '[tables.customers.columns.name]
choices = []')"
row "non-positive weight" plan --database-url "$URL" --profile "$(prof w '[tables.customers.columns.name]
choices = { a = 0, b = -1 }')"
row "null_fraction = 2" plan --database-url "$URL" --profile "$(prof nf '[tables.customers.columns.code]
null_fraction = 2')"
row "per_parent min > max" plan --database-url "$URL" --profile "$(prof pp '[tables.orders]
per_parent = { table = "customers", min = 5, max = 1 }')"
row "zipf on a column that is no foreign key" plan --database-url "$URL" --profile "$(prof z '[tables.orders.columns.qty]
distribution = "zipf"')"
row "generator email on an integer column" plan --database-url "$URL" --profile "$(prof e '[tables.orders.columns.qty]
generator = "email"')"
row "regex that cannot fit varchar(3)" plan --database-url "$URL" --profile "$(prof f '[tables.customers.columns.code]
regex = "[A-Z]{5}"')"
row "template width 99999999" plan --database-url "$URL" --profile "$(prof tw '[tables.customers.columns.name]
template = "{n:99999999}"')"
row "--scale 1e12" plan --database-url "$URL" --scale 1e12
row "--scale NaN" plan --database-url "$URL" --scale NaN
row "--scale -1" plan --database-url "$URL" --scale -1
row "unsatisfiable CHECK (price > 10 AND price < 5)" plan --database-url "$URL" --exclude-table customers --exclude-table orders --exclude-table filled
row "unknown flag" seed --database-url "$URL" --truncat
row "--jobs not a number" seed --database-url "$URL" --jobs many
row "target table already has rows" seed --database-url "$URL" --exclude-table customers --exclude-table orders --exclude-table offers
row "export into a file, not a directory" export --database-url "$URL" --exclude-table customers --exclude-table orders --exclude-table offers --out /etc/hostname
row "doc --check on a stale document" doc --database-url "$URL" --check README.md
row "stop a directory that is no cluster" stop /tmp
row "--from-stats server not listening" profile --database-url "$URL" --from-stats postgres://u:hunter2@127.0.0.1:1/db
row "--lock-timeout 0" inspect --database-url "$URL" --lock-timeout 0
echo
echo "bad inputs: $((pass+fail)); one clear line and non-zero exit: $pass; otherwise: $fail; panics: $panics; passwords shown: $leaks"
