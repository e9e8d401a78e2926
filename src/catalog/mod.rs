//! Introspection: `pg_catalog` → [`Catalog`].
//!
//! A fixed handful of set-based queries (relations, columns, types, constraints, indexes,
//! triggers), each over every table at once, so the cost does not grow with a round trip per
//! table. Only catalog metadata is read: never a row of a user table.

use std::collections::{BTreeMap, HashMap, HashSet};

use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use crate::error::{Error, Result};
use crate::model::*;
use crate::values::expr::Expr;

/// Which tables to introspect.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these schemas (all non-system schemas when empty).
    pub schemas: Vec<String>,
    /// Glob patterns (`*`, `?`) matched against `schema.table` and against the bare table name.
    pub exclude_tables: Vec<String>,
}

impl Filter {
    fn excludes(&self, schema: &str, table: &str) -> bool {
        let qualified = format!("{schema}.{table}");
        self.exclude_tables
            .iter()
            .any(|p| glob_match(p, &qualified) || glob_match(p, table))
    }
}

/// Read the schema model of the connected database.
pub async fn introspect(conn: &mut PgConnection, filter: &Filter) -> Result<Catalog> {
    let version_num: i32 =
        query_scalar(conn, "SELECT current_setting('server_version_num')::int").await?;
    let server_version: String =
        query_scalar(conn, "SELECT current_setting('server_version')").await?;

    // 1. Relations: tables, partitioned tables, partitions, views.
    let schemas_filter: Option<Vec<String>> =
        (!filter.schemas.is_empty()).then(|| filter.schemas.clone());
    let rels = sqlx::query(
        r#"
        SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
               c.relispartition AS is_partition,
               obj_description(c.oid, 'pg_class') AS comment,
               (SELECT i.inhparent::int8 FROM pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) AS parent,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS viewdef
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
          AND ($1::text[] IS NULL OR n.nspname = ANY($1))
        ORDER BY n.nspname, c.relname
        "#,
    )
    .bind(&schemas_filter)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading tables", e))?;

    struct Rel {
        oid: i64,
        schema: String,
        name: String,
        kind: String,
        is_partition: bool,
        comment: Option<String>,
        parent: Option<i64>,
        bound: Option<String>,
        partkey: Option<String>,
    }
    let mut relations = Vec::new();
    let mut views = Vec::new();
    for r in &rels {
        let kind: String = get(r, "kind")?;
        if kind == "v" || kind == "m" {
            views.push(View {
                schema: get(r, "schema")?,
                name: get(r, "name")?,
                definition: get::<Option<String>>(r, "viewdef")?.unwrap_or_default(),
            });
            continue;
        }
        relations.push(Rel {
            oid: get(r, "oid")?,
            schema: get(r, "schema")?,
            name: get(r, "name")?,
            kind,
            is_partition: get(r, "is_partition")?,
            comment: get(r, "comment")?,
            parent: get(r, "parent")?,
            bound: get(r, "bound")?,
            partkey: get(r, "partkey")?,
        });
    }
    // Top-level tables: not partitions, not excluded.
    let top: Vec<&Rel> = relations
        .iter()
        .filter(|r| !r.is_partition && !filter.excludes(&r.schema, &r.name))
        .collect();
    let oids: Vec<i64> = top.iter().map(|r| r.oid).collect();

    // 2. Columns.
    let col_rows = sqlx::query(
        r#"
        SELECT a.attrelid::int8 AS rel, a.attnum::int4 AS num, a.attname AS name,
               a.atttypid::int8 AS typid, a.atttypmod AS typmod,
               format_type(a.atttypid, a.atttypmod) AS type_name,
               a.attnotnull AS notnull, pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
               a.attidentity::text AS identity, a.attgenerated::text AS generated,
               col_description(a.attrelid, a.attnum) AS comment,
               pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) AS seq
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        "#,
    )
    .bind(&oids)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading columns", e))?;

    // 3. Types: the closure of every type the columns use.
    let mut types = TypeResolver::default();
    let mut wanted: Vec<i64> = Vec::new();
    for r in &col_rows {
        wanted.push(get(r, "typid")?);
    }
    types.load(conn, wanted).await?;

    // Columns per table, plus attnum → name for keys and indexes.
    let mut columns: HashMap<i64, Vec<Column>> = HashMap::new();
    let mut attnames: HashMap<i64, BTreeMap<i32, String>> = HashMap::new();
    for r in &col_rows {
        let rel: i64 = get(r, "rel")?;
        let name: String = get(r, "name")?;
        let generated: String = get(r, "generated")?;
        let identity: String = get(r, "identity")?;
        let default_expr: Option<String> = get(r, "default_expr")?;
        let (default, generated) = if generated == "s" {
            (None, default_expr)
        } else {
            (default_expr, None)
        };
        let typid: i64 = get(r, "typid")?;
        let typmod: i32 = get(r, "typmod")?;
        attnames
            .entry(rel)
            .or_default()
            .insert(get(r, "num")?, name.clone());
        columns.entry(rel).or_default().push(Column {
            name,
            type_name: get(r, "type_name")?,
            type_info: types.resolve(typid as u32, typmod),
            nullable: !get::<bool>(r, "notnull")?,
            default,
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            sequence: get(r, "seq")?,
            generated,
            comment: get(r, "comment")?,
        });
    }

    // 4. Constraints.
    let con_rows = sqlx::query(
        r#"
        SELECT con.conrelid::int8 AS rel, con.conname AS name, con.contype::text AS kind,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
                     ORDER BY k.ord) AS cols,
               fn.nspname AS ref_schema, fc.relname AS ref_table,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                     ORDER BY k.ord) AS ref_cols,
               (SELECT pi.inhparent::int8 FROM pg_inherits pi WHERE pi.inhrelid = con.confrelid LIMIT 1) AS ref_parent,
               fc.relispartition AS ref_is_partition,
               con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
               con.confmatchtype::text AS match_type,
               con.condeferrable AS deferrable, con.condeferred AS deferred,
               con.convalidated AS validated, pg_get_constraintdef(con.oid) AS def
        FROM pg_constraint con
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'f', 'c', 'x')
          AND con.conparentid = 0
        ORDER BY con.conrelid, con.conname
        "#,
    )
    .bind(&oids)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading constraints", e))?;

    // Names of partitioned parents, to point a foreign key at a partition to its parent.
    let rel_names: HashMap<i64, (String, String)> = relations
        .iter()
        .map(|r| (r.oid, (r.schema.clone(), r.name.clone())))
        .collect();
    // Partition → its parent, to climb from a sub-partition to the top-level table.
    let parent_of: HashMap<i64, i64> = relations
        .iter()
        .filter(|r| r.is_partition)
        .filter_map(|r| Some((r.oid, r.parent?)))
        .collect();

    let mut checks: HashMap<i64, Vec<Check>> = HashMap::new();
    let mut fks: HashMap<i64, Vec<ForeignKey>> = HashMap::new();
    let mut exclusions: HashMap<i64, Vec<Exclusion>> = HashMap::new();
    let mut constraint_kind: HashMap<(i64, String), String> = HashMap::new();
    let mut constraint_def: HashMap<(i64, String), String> = HashMap::new();
    for r in &con_rows {
        let rel: i64 = get(r, "rel")?;
        let name: String = get(r, "name")?;
        let kind: String = get(r, "kind")?;
        let def: String = get(r, "def")?;
        constraint_kind.insert((rel, name.clone()), kind.clone());
        constraint_def.insert((rel, name.clone()), def.clone());
        match kind.as_str() {
            "c" => checks.entry(rel).or_default().push(parse_check(
                name,
                def,
                !get::<bool>(r, "validated")?,
            )),
            "f" => {
                let mut schema: String =
                    get::<Option<String>>(r, "ref_schema")?.unwrap_or_default();
                let mut table: String = get::<Option<String>>(r, "ref_table")?.unwrap_or_default();
                if get::<Option<bool>>(r, "ref_is_partition")?.unwrap_or(false)
                    && let Some(mut parent) = get::<Option<i64>>(r, "ref_parent")?
                {
                    while let Some(&up) = parent_of.get(&parent) {
                        parent = up;
                    }
                    if let Some((s, t)) = rel_names.get(&parent) {
                        (schema, table) = (s.clone(), t.clone());
                    }
                }
                fks.entry(rel).or_default().push(ForeignKey {
                    name,
                    columns: get(r, "cols")?,
                    references: TableRef {
                        schema,
                        table,
                        columns: get(r, "ref_cols")?,
                    },
                    on_delete: FkAction::from_code(&get::<String>(r, "on_delete")?),
                    on_update: FkAction::from_code(&get::<String>(r, "on_update")?),
                    deferrable: get(r, "deferrable")?,
                    initially_deferred: get(r, "deferred")?,
                    not_valid: !get::<bool>(r, "validated")?,
                    match_full: get::<String>(r, "match_type")? == "f",
                    definition: def.clone(),
                })
            }
            "x" => exclusions.entry(rel).or_default().push(Exclusion {
                name,
                definition: def,
            }),
            _ => {}
        }
    }

    // 5. Indexes (unique ones become keys).
    let nulls_nd = if version_num >= 150000 {
        "i.indnullsnotdistinct"
    } else {
        "false"
    };
    let idx_sql = format!(
        r#"
        SELECT i.indrelid::int8 AS rel, ic.relname AS name, i.indisunique AS is_unique,
               i.indisprimary AS is_primary, i.indisexclusion AS is_exclusion, am.amname AS method,
               pg_get_indexdef(i.indexrelid) AS def,
               (i.indkey::int2[])[0:i.indnkeyatts - 1]::int4[] AS keys,
               ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                     FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS key_defs,
               pg_get_expr(i.indpred, i.indrelid) AS pred,
               (SELECT c.conname FROM pg_constraint c
                 WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid LIMIT 1) AS constraint_name,
               {nulls_nd} AS nulls_not_distinct
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = ANY($1)
        ORDER BY i.indrelid, ic.relname
        "#
    );
    let idx_rows = sqlx::query(sqlx::AssertSqlSafe(idx_sql))
        .bind(&oids)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Error::db("reading indexes", e))?;
    let mut indexes: HashMap<i64, Vec<Index>> = HashMap::new();
    let mut primary: HashMap<i64, UniqueKey> = HashMap::new();
    let mut uniques: HashMap<i64, Vec<UniqueKey>> = HashMap::new();
    for r in &idx_rows {
        let rel: i64 = get(r, "rel")?;
        let names = attnames.get(&rel);
        let keys: Vec<i32> = get(r, "keys")?;
        let key_defs: Vec<String> = get(r, "key_defs")?;
        let parts: Vec<KeyPart> = keys
            .iter()
            .zip(&key_defs)
            .map(|(&num, def)| match names.and_then(|m| m.get(&num)) {
                Some(col) if num != 0 => KeyPart::Column(col.clone()),
                _ => KeyPart::Expression {
                    expression: def.clone(),
                    expr: Expr::parse(def),
                },
            })
            .collect();
        let index_name: String = get(r, "name")?;
        let constraint: Option<String> = get(r, "constraint_name")?;
        let pred: Option<String> = get(r, "pred")?;
        let is_unique: bool = get(r, "is_unique")?;
        let is_primary: bool = get(r, "is_primary")?;
        indexes.entry(rel).or_default().push(Index {
            name: index_name.clone(),
            definition: get(r, "def")?,
            method: get(r, "method")?,
            unique: is_unique,
            primary: is_primary,
            constraint: constraint.clone(),
            parts: parts.clone(),
            predicate: pred.clone(),
        });
        if !is_unique || get::<bool>(r, "is_exclusion")? {
            continue;
        }
        let kind = if is_primary {
            UniqueKind::PrimaryKey
        } else if constraint.as_ref().is_some_and(|c| {
            constraint_kind
                .get(&(rel, c.clone()))
                .is_some_and(|k| k == "u")
        }) {
            UniqueKind::Constraint
        } else {
            UniqueKind::Index
        };
        let definition = constraint
            .as_ref()
            .and_then(|c| constraint_def.get(&(rel, c.clone())).cloned());
        let key = UniqueKey {
            definition,
            name: constraint.unwrap_or(index_name),
            kind,
            columns: parts
                .iter()
                .filter_map(|p| p.column().map(str::to_string))
                .collect(),
            parts,
            predicate: pred.map(|p| Predicate {
                expr: Expr::parse(&p),
                expression: p,
            }),
            nulls_not_distinct: get(r, "nulls_not_distinct")?,
        };
        if is_primary {
            primary.insert(rel, key);
        } else {
            uniques.entry(rel).or_default().push(key);
        }
    }

    // 6. Foreign keys pointing at these tables from anywhere (even excluded tables).
    let inc_rows = sqlx::query(
        r#"
        SELECT con.confrelid::int8 AS rel, n.nspname || '.' || c.relname AS from_table, con.conname AS name,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                     ORDER BY k.ord) AS cols
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE con.contype = 'f' AND con.confrelid = ANY($1) AND con.conparentid = 0
        ORDER BY 1, 2, 3
        "#,
    )
    .bind(&oids)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading incoming foreign keys", e))?;
    let mut incoming: HashMap<i64, Vec<IncomingKey>> = HashMap::new();
    for r in &inc_rows {
        incoming
            .entry(get(r, "rel")?)
            .or_default()
            .push(IncomingKey {
                table: get(r, "from_table")?,
                name: get(r, "name")?,
                columns: get(r, "cols")?,
            });
    }

    // 7. Triggers.
    let trg_rows = sqlx::query(
        r#"
        SELECT t.tgrelid::int8 AS rel, t.tgname AS name, pg_get_triggerdef(t.oid) AS def,
               t.tgfoid::regproc::text AS function
        FROM pg_trigger t
        WHERE t.tgrelid = ANY($1) AND NOT t.tgisinternal
        ORDER BY t.tgrelid, t.tgname
        "#,
    )
    .bind(&oids)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading triggers", e))?;
    let mut triggers: HashMap<i64, Vec<Trigger>> = HashMap::new();
    for r in &trg_rows {
        triggers.entry(get(r, "rel")?).or_default().push(Trigger {
            name: get(r, "name")?,
            definition: get(r, "def")?,
            function: get(r, "function")?,
        });
    }

    // Partitions under their parents (recursively for sub-partitioned ones).
    let mut children: HashMap<i64, Vec<&Rel>> = HashMap::new();
    for r in relations.iter().filter(|r| r.is_partition) {
        if let Some(p) = r.parent {
            children.entry(p).or_default().push(r);
        }
    }
    fn partitioning_of(
        rel: &Rel,
        children: &HashMap<i64, Vec<&Rel>>,
        attnames: Option<&BTreeMap<i32, String>>,
    ) -> Option<Partitioning> {
        let (strategy, key) = parse_partkey(rel.partkey.as_deref()?, attnames)?;
        let partitions = children
            .get(&rel.oid)
            .into_iter()
            .flatten()
            .map(|c| {
                let bound_text = c.bound.clone().unwrap_or_default();
                Partition {
                    schema: c.schema.clone(),
                    name: c.name.clone(),
                    bound: parse_bound(&bound_text),
                    bound_text,
                    partitioning: (c.kind == "p")
                        .then(|| partitioning_of(c, children, attnames).map(Box::new))
                        .flatten(),
                }
            })
            .collect();
        Some(Partitioning {
            strategy,
            key,
            partitions,
        })
    }

    let mut tables = Vec::with_capacity(top.len());
    let mut schemas = Vec::new();
    for rel in top {
        if !schemas.contains(&rel.schema) {
            schemas.push(rel.schema.clone());
        }
        tables.push(Table {
            schema: rel.schema.clone(),
            name: rel.name.clone(),
            comment: rel.comment.clone(),
            columns: columns.remove(&rel.oid).unwrap_or_default(),
            primary_key: primary.remove(&rel.oid),
            unique_keys: uniques.remove(&rel.oid).unwrap_or_default(),
            checks: checks.remove(&rel.oid).unwrap_or_default(),
            foreign_keys: fks.remove(&rel.oid).unwrap_or_default(),
            exclusions: exclusions.remove(&rel.oid).unwrap_or_default(),
            indexes: indexes.remove(&rel.oid).unwrap_or_default(),
            triggers: triggers.remove(&rel.oid).unwrap_or_default(),
            partitioning: if rel.kind == "p" {
                partitioning_of(rel, &children, attnames.get(&rel.oid))
            } else {
                None
            },
            referenced_by: incoming.remove(&rel.oid).unwrap_or_default(),
        });
    }
    schemas.sort();
    views.retain(|v| !filter.excludes(&v.schema, &v.name));

    Ok(Catalog {
        server_version,
        schemas,
        tables,
        views,
    })
}

async fn query_scalar<T>(conn: &mut PgConnection, sql: &'static str) -> Result<T>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("reading server settings", e))
}

fn get<T>(row: &PgRow, col: &str) -> Result<T>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(col)
        .map_err(|e| Error::db(format!("reading catalog column {col}"), e))
}

/// `CHECK ((a > 0)) NOT VALID` → the check with its expression parsed.
pub(crate) fn parse_check(name: String, definition: String, not_valid: bool) -> Check {
    let body = definition
        .strip_prefix("CHECK ")
        .unwrap_or(&definition)
        .trim_end_matches(" NOT VALID")
        .trim_end_matches(" NO INHERIT")
        .trim();
    let expression = strip_outer_parens(body).to_string();
    let expr = Expr::parse(&expression);
    let columns = expr.columns();
    Check {
        name,
        definition,
        expression,
        expr,
        columns,
        not_valid,
    }
}

/// The boolean expression of a CHECK definition (`CHECK ((a > 0)) NOT VALID` → `(a > 0)`).
pub fn check_expression(definition: &str) -> String {
    parse_check(String::new(), definition.to_string(), false).expression
}

/// Remove one pair of parentheses wrapping the whole text, if they match each other.
fn strip_outer_parens(s: &str) -> &str {
    let s = s.trim();
    if !(s.starts_with('(') && s.ends_with(')')) {
        return s;
    }
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 && i != s.len() - 1 {
                    return s;
                }
            }
            _ => {}
        }
    }
    &s[1..s.len() - 1]
}

/// `RANGE (viewed_at)` → strategy and key parts.
fn parse_partkey(
    def: &str,
    attnames: Option<&BTreeMap<i32, String>>,
) -> Option<(PartitionStrategy, Vec<KeyPart>)> {
    let (word, rest) = def.split_once(' ')?;
    let strategy = match word {
        "RANGE" => PartitionStrategy::Range,
        "LIST" => PartitionStrategy::List,
        "HASH" => PartitionStrategy::Hash,
        _ => return None,
    };
    let inner = strip_outer_parens(rest);
    let known: HashSet<&str> = attnames
        .map(|m| m.values().map(String::as_str).collect())
        .unwrap_or_default();
    let parts = split_top_level(inner, ',')
        .into_iter()
        .map(|p| {
            let p = p.trim();
            let unquoted = unquote_ident(p);
            if known.contains(unquoted.as_str()) {
                KeyPart::Column(unquoted)
            } else {
                KeyPart::Expression {
                    expression: p.to_string(),
                    expr: Expr::parse(p),
                }
            }
        })
        .collect();
    Some((strategy, parts))
}

fn unquote_ident(s: &str) -> String {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].replace("\"\"", "\"")
    } else {
        s.to_string()
    }
}

/// Split at `sep` outside parentheses and quotes.
fn split_top_level(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut in_str, mut in_ident) = (0i32, false, false);
    for c in s.chars() {
        match c {
            '\'' if !in_ident => in_str = !in_str,
            '"' if !in_str => in_ident = !in_ident,
            '(' if !in_str && !in_ident => depth += 1,
            ')' if !in_str && !in_ident => depth -= 1,
            c if c == sep && depth == 0 && !in_str && !in_ident => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// Parse `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (…)`, `DEFAULT`.
pub(crate) fn parse_bound(text: &str) -> PartitionBound {
    let t = text.trim();
    if t == "DEFAULT" {
        return PartitionBound::Default;
    }
    let Some(rest) = t.strip_prefix("FOR VALUES ") else {
        return PartitionBound::Default;
    };
    let values = |s: &str| -> Vec<BoundValue> {
        split_top_level(strip_outer_parens(s), ',')
            .into_iter()
            .map(|v| match v.trim() {
                "MINVALUE" => BoundValue::MinValue,
                "MAXVALUE" => BoundValue::MaxValue,
                other => BoundValue::Value(unquote_literal(other)),
            })
            .collect()
    };
    if let Some(r) = rest.strip_prefix("FROM ") {
        if let Some((from, to)) = r.split_once(" TO ") {
            return PartitionBound::Range {
                from: values(from),
                to: values(to),
            };
        }
    } else if let Some(r) = rest.strip_prefix("IN ") {
        return PartitionBound::List {
            values: split_top_level(strip_outer_parens(r), ',')
                .into_iter()
                .map(|v| {
                    let v = v.trim();
                    (v != "NULL").then(|| unquote_literal(v))
                })
                .collect(),
        };
    } else if let Some(r) = rest.strip_prefix("WITH ") {
        let mut modulus = 1;
        let mut remainder = 0;
        for kv in split_top_level(strip_outer_parens(r), ',') {
            let mut it = kv.split_whitespace();
            match (it.next(), it.next().and_then(|v| v.parse().ok())) {
                (Some("modulus"), Some(v)) => modulus = v,
                (Some("remainder"), Some(v)) => remainder = v,
                _ => {}
            }
        }
        return PartitionBound::Hash { modulus, remainder };
    }
    PartitionBound::Default
}

/// `'2024-01-01 00:00:00+00'` → `2024-01-01 00:00:00+00`; `42` → `42`.
fn unquote_literal(s: &str) -> String {
    let s = s.trim();
    // Drop a trailing cast such as `'x'::text` if present.
    let s = match s.rfind("::") {
        Some(i) if s[..i].ends_with('\'') => &s[..i],
        _ => s,
    };
    if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        s[1..s.len() - 1].replace("''", "'")
    } else {
        s.to_string()
    }
}

/// Resolves type oids (with their modifiers) into [`SqlType`] trees.
#[derive(Default)]
struct TypeResolver {
    rows: HashMap<u32, TypeRow>,
    enums: HashMap<u32, Vec<String>>,
    domain_checks: HashMap<u32, Vec<Check>>,
    fields: HashMap<u32, Vec<(String, u32, i32, String)>>,
}

struct TypeRow {
    schema: String,
    name: String,
    typtype: String,
    category: String,
    elem: u32,
    base: u32,
    typmod: i32,
    notnull: bool,
    relid: u32,
    range_sub: u32,
}

impl TypeResolver {
    /// Load the closure of `wanted` in a few rounds (each round is one query per catalog).
    async fn load(&mut self, conn: &mut PgConnection, mut wanted: Vec<i64>) -> Result<()> {
        while !wanted.is_empty() {
            wanted.sort();
            wanted.dedup();
            let rows = sqlx::query(
                r#"
                SELECT t.oid::int8 AS oid, n.nspname AS schema, t.typname AS name,
                       t.typtype::text AS typtype, t.typcategory::text AS category,
                       t.typelem::int8 AS elem, t.typbasetype::int8 AS base, t.typtypmod AS typmod,
                       t.typnotnull AS notnull, t.typrelid::int8 AS relid,
                       COALESCE((SELECT r.rngsubtype::int8 FROM pg_range r WHERE r.rngtypid = t.oid), 0) AS range_sub
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.oid = ANY($1)
                "#,
            )
            .bind(&wanted)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading types", e))?;
            let mut next = Vec::new();
            let mut enum_oids = Vec::new();
            let mut domain_oids = Vec::new();
            let mut composite_rels = Vec::new();
            for r in &rows {
                let row = TypeRow {
                    schema: get(r, "schema")?,
                    name: get(r, "name")?,
                    typtype: get(r, "typtype")?,
                    category: get(r, "category")?,
                    elem: get::<i64>(r, "elem")? as u32,
                    base: get::<i64>(r, "base")? as u32,
                    typmod: get(r, "typmod")?,
                    notnull: get(r, "notnull")?,
                    relid: get::<i64>(r, "relid")? as u32,
                    range_sub: get::<i64>(r, "range_sub")? as u32,
                };
                let oid = get::<i64>(r, "oid")? as u32;
                for dep in [row.elem, row.base, row.range_sub] {
                    if dep != 0 && !self.rows.contains_key(&dep) {
                        next.push(dep as i64);
                    }
                }
                match row.typtype.as_str() {
                    "e" => enum_oids.push(oid as i64),
                    "d" => domain_oids.push(oid as i64),
                    "c" => composite_rels.push((oid, row.relid as i64)),
                    _ => {}
                }
                self.rows.insert(oid, row);
            }
            if !enum_oids.is_empty() {
                let rows = sqlx::query(
                    "SELECT enumtypid::int8 AS t, enumlabel::text AS label FROM pg_enum WHERE enumtypid = ANY($1) ORDER BY enumtypid, enumsortorder",
                )
                .bind(&enum_oids)
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| Error::db("reading enum labels", e))?;
                for r in &rows {
                    self.enums
                        .entry(get::<i64>(r, "t")? as u32)
                        .or_default()
                        .push(get(r, "label")?);
                }
            }
            if !domain_oids.is_empty() {
                let rows = sqlx::query(
                    "SELECT contypid::int8 AS t, conname::text AS name, pg_get_constraintdef(oid) AS def, convalidated AS validated FROM pg_constraint WHERE contypid = ANY($1) AND contype = 'c' ORDER BY contypid, conname",
                )
                .bind(&domain_oids)
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| Error::db("reading domain constraints", e))?;
                for r in &rows {
                    self.domain_checks
                        .entry(get::<i64>(r, "t")? as u32)
                        .or_default()
                        .push(parse_check(
                            get(r, "name")?,
                            get(r, "def")?,
                            !get::<bool>(r, "validated")?,
                        ));
                }
            }
            if !composite_rels.is_empty() {
                let rels: Vec<i64> = composite_rels.iter().map(|(_, r)| *r).collect();
                let rows = sqlx::query(
                    "SELECT a.attrelid::int8 AS rel, a.attname::text AS name, a.atttypid::int8 AS typid, a.atttypmod AS typmod, format_type(a.atttypid, a.atttypmod) AS type_name FROM pg_attribute a WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum",
                )
                .bind(&rels)
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| Error::db("reading composite types", e))?;
                for r in &rows {
                    let rel: i64 = get(r, "rel")?;
                    let typ = composite_rels
                        .iter()
                        .find(|(_, rr)| *rr == rel)
                        .map(|(t, _)| *t)
                        .unwrap_or(0);
                    let typid = get::<i64>(r, "typid")? as u32;
                    if !self.rows.contains_key(&typid) {
                        next.push(typid as i64);
                    }
                    self.fields.entry(typ).or_default().push((
                        get(r, "name")?,
                        typid,
                        get(r, "typmod")?,
                        get(r, "type_name")?,
                    ));
                }
            }
            next.retain(|o| !self.rows.contains_key(&(*o as u32)));
            wanted = next;
        }
        Ok(())
    }

    fn resolve(&self, oid: u32, typmod: i32) -> SqlType {
        let Some(t) = self.rows.get(&oid) else {
            return SqlType::Other {
                schema: String::new(),
                name: format!("oid {oid}"),
                oid,
            };
        };
        match t.typtype.as_str() {
            "e" => SqlType::Enum {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                labels: self.enums.get(&oid).cloned().unwrap_or_default(),
            },
            "d" => SqlType::Domain {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                base: Box::new(self.resolve(t.base, t.typmod)),
                not_null: t.notnull,
                checks: self.domain_checks.get(&oid).cloned().unwrap_or_default(),
            },
            "c" => SqlType::Composite {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                fields: self
                    .fields
                    .get(&oid)
                    .into_iter()
                    .flatten()
                    .map(|(name, typid, typmod, type_name)| CompositeField {
                        name: name.clone(),
                        type_name: type_name.clone(),
                        type_info: self.resolve(*typid, *typmod),
                    })
                    .collect(),
            },
            "r" => SqlType::Range {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                subtype: Box::new(self.resolve(t.range_sub, -1)),
            },
            "b" if t.category == "A" && t.elem != 0 => SqlType::Array {
                oid,
                element: Box::new(self.resolve(t.elem, typmod)),
            },
            "b" if t.schema == "pg_catalog" => {
                let (length, precision, scale) = decode_typmod(&t.name, typmod);
                SqlType::Base {
                    name: t.name.clone(),
                    oid,
                    length,
                    precision,
                    scale,
                }
            }
            _ => SqlType::Other {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
            },
        }
    }
}

/// Decode `atttypmod` into (length, precision, scale) the way `format_type` does.
fn decode_typmod(name: &str, typmod: i32) -> (Option<u32>, Option<u32>, Option<u32>) {
    if typmod < 0 {
        return (None, None, None);
    }
    match name {
        "varchar" | "bpchar" => (Some((typmod - 4) as u32), None, None),
        "bit" | "varbit" => (Some(typmod as u32), None, None),
        "numeric" => {
            let m = typmod - 4;
            let scale = m & 0x7ff;
            // PostgreSQL 15 allows negative scales, stored as 11-bit two's complement.
            let scale = if scale > 1000 { 0 } else { scale };
            (None, Some(((m >> 16) & 0xffff) as u32), Some(scale as u32))
        }
        "time" | "timetz" | "timestamp" | "timestamptz" => (None, Some(typmod as u32), None),
        "interval" => {
            let p = typmod & 0xffff;
            (None, (p != 0xffff).then_some(p as u32), None)
        }
        _ => (None, None, None),
    }
}

/// Shell-style glob: `*` any run, `?` one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("audit_*", "audit_log"));
        assert!(glob_match("shop.*", "shop.orders"));
        assert!(!glob_match("shop.*", "public.orders"));
        assert!(glob_match("t?", "t1"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn partition_bounds() {
        assert_eq!(
            parse_bound("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"),
            PartitionBound::Range {
                from: vec![BoundValue::Value("2024-01-01 00:00:00+00".into())],
                to: vec![BoundValue::Value("2025-01-01 00:00:00+00".into())],
            }
        );
        assert_eq!(
            parse_bound("FOR VALUES IN ('login', 'it''s', NULL)"),
            PartitionBound::List {
                values: vec![Some("login".into()), Some("it's".into()), None]
            }
        );
        assert_eq!(
            parse_bound("FOR VALUES WITH (modulus 4, remainder 3)"),
            PartitionBound::Hash {
                modulus: 4,
                remainder: 3
            }
        );
        assert_eq!(
            parse_bound("FOR VALUES FROM (MINVALUE) TO (10)"),
            PartitionBound::Range {
                from: vec![BoundValue::MinValue],
                to: vec![BoundValue::Value("10".into())],
            }
        );
        assert_eq!(parse_bound("DEFAULT"), PartitionBound::Default);
    }

    #[test]
    fn checks_lose_their_wrapper() {
        let c = parse_check(
            "c".into(),
            "CHECK (((a > 0) AND (b < 5))) NOT VALID".into(),
            true,
        );
        assert_eq!(c.expression, "((a > 0) AND (b < 5))");
        assert_eq!(c.columns, vec!["a", "b"]);
        assert_eq!(strip_outer_parens("(a) AND (b)"), "(a) AND (b)");
    }

    #[test]
    fn typmods() {
        assert_eq!(decode_typmod("varchar", 259), (Some(255), None, None));
        assert_eq!(
            decode_typmod("numeric", ((12 << 16) | 2) + 4),
            (None, Some(12), Some(2))
        );
        assert_eq!(decode_typmod("int4", -1), (None, None, None));
    }
}
