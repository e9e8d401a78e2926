//! The catalog queries: one `fetch_*` function per query, each returning plain rows.
//!
//! Every query is set-based (all tables at once), and nothing here interprets a row beyond
//! decoding it: turning rows into the model is [`super::assemble`]'s job.

use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use crate::error::{Error, Result};

/// `server_version_num` and `server_version`.
pub(super) struct ServerVersion {
    pub num: i32,
    pub text: String,
}

/// A row of `pg_class`: a table, partitioned table, partition, view or materialized view.
pub(super) struct RelationRow {
    pub oid: i64,
    pub schema: String,
    pub name: String,
    /// `relkind`: `r`, `p`, `v` or `m`.
    pub kind: String,
    pub is_partition: bool,
    pub comment: Option<String>,
    pub parent: Option<i64>,
    /// The partition bound, for a partition.
    pub bound: Option<String>,
    /// The partition key definition, for a partitioned table.
    pub partkey: Option<String>,
    /// The view definition, for a view.
    pub viewdef: Option<String>,
}

/// A column of a table (`pg_attribute` with its default).
pub(super) struct ColumnRow {
    pub rel: i64,
    pub num: i32,
    pub name: String,
    pub typid: i64,
    pub typmod: i32,
    pub type_name: String,
    pub notnull: bool,
    pub default_expr: Option<String>,
    /// `attidentity`: `a`, `d` or empty.
    pub identity: String,
    /// `attgenerated`: `s` or empty.
    pub generated: String,
    pub comment: Option<String>,
    pub seq: Option<String>,
}

/// A row of `pg_type`.
pub(super) struct TypeRow {
    pub oid: u32,
    pub schema: String,
    pub name: String,
    pub typtype: String,
    pub category: String,
    pub elem: u32,
    pub base: u32,
    pub typmod: i32,
    pub notnull: bool,
    pub relid: u32,
    pub range_sub: u32,
}

/// A label of an enum type.
pub(super) struct EnumLabelRow {
    pub typ: u32,
    pub label: String,
}

/// A CHECK constraint of a domain.
pub(super) struct DomainCheckRow {
    pub typ: u32,
    pub name: String,
    pub def: String,
    pub validated: bool,
}

/// A field of a composite type (an attribute of its `typrelid`).
pub(super) struct CompositeFieldRow {
    pub rel: i64,
    pub name: String,
    pub typid: u32,
    pub typmod: i32,
    pub type_name: String,
}

/// Every type the columns use, and every type those types use, with their details.
#[derive(Default)]
pub(super) struct TypeClosure {
    pub types: Vec<TypeRow>,
    pub enum_labels: Vec<EnumLabelRow>,
    pub domain_checks: Vec<DomainCheckRow>,
    pub composite_fields: Vec<CompositeFieldRow>,
}

/// A primary key, unique, foreign key, check or exclusion constraint of a table.
pub(super) struct ConstraintRow {
    pub rel: i64,
    pub name: String,
    /// `contype`: `p`, `u`, `f`, `c` or `x`.
    pub kind: String,
    pub cols: Vec<String>,
    pub ref_schema: Option<String>,
    pub ref_table: Option<String>,
    pub ref_cols: Vec<String>,
    /// The parent of the referenced table, when that is a partition.
    pub ref_parent: Option<i64>,
    pub ref_is_partition: Option<bool>,
    pub on_update: String,
    pub on_delete: String,
    pub match_type: String,
    pub deferrable: bool,
    pub deferred: bool,
    pub validated: bool,
    pub def: String,
}

/// An index of a table.
pub(super) struct IndexRow {
    pub rel: i64,
    pub name: String,
    pub is_unique: bool,
    pub is_primary: bool,
    pub is_exclusion: bool,
    pub method: String,
    pub def: String,
    /// Key attribute numbers (0 for an expression).
    pub keys: Vec<i32>,
    /// The text of each key part.
    pub key_defs: Vec<String>,
    pub pred: Option<String>,
    pub constraint_name: Option<String>,
    pub nulls_not_distinct: bool,
}

/// A foreign key (of any table) that references one of the introspected tables.
pub(super) struct IncomingKeyRow {
    pub rel: i64,
    pub from_table: String,
    pub name: String,
    pub cols: Vec<String>,
}

/// A user trigger of a table.
pub(super) struct TriggerRow {
    pub rel: i64,
    pub name: String,
    pub def: String,
    pub function: String,
    /// `tgtype`: bit 0 row-level, 1 BEFORE, 2 INSERT, 6 INSTEAD OF.
    pub tgtype: i32,
    /// Not `DISABLED` (fires in the default replication role).
    pub enabled: bool,
    pub args: Vec<String>,
    /// The trigger function's language and `prosrc`.
    pub language: String,
    pub body: String,
    /// For an AFTER trigger: the schema's PL/pgSQL and SQL functions its body names with a
    /// call, `(name, prosrc)`, one level deep (the tables they insert into are the trigger's).
    pub callees: Vec<(String, String)>,
}

impl TriggerRow {
    pub fn row_level(&self) -> bool {
        self.tgtype & 1 != 0
    }
    pub fn before(&self) -> bool {
        self.tgtype & 2 != 0
    }
    /// Enabled and fired by INSERT (and COPY).
    pub fn on_insert(&self) -> bool {
        self.enabled && self.tgtype & 4 != 0 && self.tgtype & 64 == 0
    }
}

/// A schema-qualified function a trigger body calls, and what of it the database lacks.
pub(super) struct MissingCall {
    pub schema: String,
    /// The function's name, or the table's when `is_table`.
    pub function: String,
    pub schema_exists: bool,
    /// A table an `INSERT` of the body names, not a function.
    pub is_table: bool,
}

/// The server's version and its relations: the first round trip of an introspection.
pub(super) struct Relations {
    pub version: ServerVersion,
    pub relations: Vec<RelationRow>,
}

/// Everything read about the chosen tables: the second round trip.
pub(super) struct TableRows {
    pub columns: Vec<ColumnRow>,
    pub types: TypeClosure,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub incoming_keys: Vec<IncomingKeyRow>,
    pub triggers: Vec<TriggerRow>,
}

/// The server version, and the tables, partitioned tables, partitions and views of the
/// non-system schemas (of `schemas` only, when not empty), extension members left out.
pub(super) async fn fetch_relations(
    conn: &mut PgConnection,
    schemas: &[String],
) -> Result<Relations> {
    let schemas = match schemas {
        [] => "NULL::text[]".to_string(),
        _ => text_array(schemas),
    };
    let statements = [
        "SELECT current_setting('server_version_num')::int AS num, \
                current_setting('server_version') AS text"
            .to_string(),
        format!(
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
          AND ({schemas} IS NULL OR n.nspname = ANY({schemas}))
        ORDER BY n.nspname, c.relname
        "#
        ),
    ];
    let [version, relations] = batch(conn, &statements, "reading tables").await?;
    let row = version.first().ok_or_else(|| no_rows("server version"))?;
    Ok(Relations {
        version: ServerVersion {
            num: get(row, "num")?,
            text: get(row, "text")?,
        },
        relations: relations.iter().map(relation_row).collect::<Result<_>>()?,
    })
}

fn relation_row(r: &PgRow) -> Result<RelationRow> {
    Ok(RelationRow {
        oid: get(r, "oid")?,
        schema: get(r, "schema")?,
        name: get(r, "name")?,
        kind: get(r, "kind")?,
        is_partition: get(r, "is_partition")?,
        comment: get(r, "comment")?,
        parent: get(r, "parent")?,
        bound: get(r, "bound")?,
        partkey: get(r, "partkey")?,
        viewdef: get(r, "viewdef")?,
    })
}

/// Columns, their types' closure, constraints (of `with_partitions`: the tables and their
/// partitions), indexes, incoming foreign keys and triggers of the tables `oids`, in one round
/// trip. `version_num` is `server_version_num`.
pub(super) async fn fetch_table_rows(
    conn: &mut PgConnection,
    oids: &[i64],
    with_partitions: &[i64],
    version_num: i32,
) -> Result<TableRows> {
    let tables = oid_array(oids);
    let statements = [
        columns_sql(&tables),
        types_sql(&tables),
        constraints_sql(&oid_array(with_partitions)),
        indexes_sql(&tables, version_num),
        incoming_keys_sql(&tables),
        triggers_sql(&tables),
    ];
    let [columns, types, constraints, indexes, incoming, triggers] =
        batch(conn, &statements, "reading the catalog of the tables").await?;
    Ok(TableRows {
        columns: decode(&columns, column_row)?,
        types: type_closure(&types)?,
        constraints: decode(&constraints, constraint_row)?,
        indexes: decode(&indexes, index_row)?,
        incoming_keys: decode(&incoming, incoming_key_row)?,
        triggers: decode(&triggers, trigger_row)?,
    })
}

/// Run `statements` in one simple-query round trip (one message, parsed and planned once, no
/// prepare round trip: catalog queries run once each); the rows of each statement, in order.
/// Every value arrives in text format, which the decoders read like binary.
///
/// JIT is off for the message (`SET LOCAL`: the message is its own transaction): the planner's
/// estimate for the recursive type closure passes `jit_above_cost`, and compiling a query
/// that reads a few hundred catalog rows took 90–130 ms on chinook.
async fn batch<const N: usize>(
    conn: &mut PgConnection,
    statements: &[String; N],
    what: &'static str,
) -> Result<[Vec<PgRow>; N]> {
    let sql = format!("SET LOCAL jit = off;\n{}", statements.join(";\n"));
    let mut stream = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).fetch_many(&mut *conn);
    let mut results: Vec<Vec<PgRow>> = vec![Vec::new()];
    while let Some(item) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        match item.map_err(|e| Error::db(what, e))? {
            sqlx::Either::Left(_) => results.push(Vec::new()),
            sqlx::Either::Right(row) => results.last_mut().expect("one open result").push(row),
        }
    }
    results.pop(); // opened after the last statement's completion
    if !results.is_empty() {
        results.remove(0); // the SET
    }
    results
        .try_into()
        .map_err(|r: Vec<_>| no_rows(&format!("{what}: {} results of {N}", r.len())))
}

fn decode<T>(rows: &[PgRow], row: fn(&PgRow) -> Result<T>) -> Result<Vec<T>> {
    rows.iter().map(row).collect()
}

fn no_rows(what: &str) -> Error {
    Error::db(
        "reading the catalog",
        sqlx::Error::Protocol(format!("unexpected answer: {what}")),
    )
}

/// `oids` as an `oid[]` literal (compared with catalog oid columns, so their indexes apply).
fn oid_array(oids: &[i64]) -> String {
    let list: Vec<String> = oids.iter().map(i64::to_string).collect();
    format!("'{{{}}}'::oid[]", list.join(","))
}

/// `items` as a `text[]` of escape-string literals (valid whatever
/// `standard_conforming_strings` is).
fn text_array(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''")))
        .collect();
    format!("ARRAY[{}]::text[]", quoted.join(", "))
}

/// The columns of the tables, in table then attribute order.
fn columns_sql(tables: &str) -> String {
    format!(
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
        WHERE a.attrelid = ANY({tables}) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        "#
    )
}

fn column_row(r: &PgRow) -> Result<ColumnRow> {
    Ok(ColumnRow {
        rel: get(r, "rel")?,
        num: get(r, "num")?,
        name: get(r, "name")?,
        typid: get(r, "typid")?,
        typmod: get(r, "typmod")?,
        type_name: get(r, "type_name")?,
        notnull: get(r, "notnull")?,
        default_expr: get(r, "default_expr")?,
        identity: get(r, "identity")?,
        generated: get(r, "generated")?,
        comment: get(r, "comment")?,
        seq: get(r, "seq")?,
    })
}

/// Every type the tables' columns use, and every type those use (element, base, range
/// subtype, composite fields), however deep: one row per type, with its enum labels, domain
/// CHECKs and composite fields as arrays, so the closure is computed once.
fn types_sql(tables: &str) -> String {
    format!(
        r#"
        WITH RECURSIVE closure(oid) AS (
            SELECT a.atttypid FROM pg_attribute a
            WHERE a.attrelid = ANY({tables}) AND a.attnum > 0 AND NOT a.attisdropped
          UNION
            SELECT d.oid FROM closure c JOIN pg_type t ON t.oid = c.oid
            CROSS JOIN LATERAL (
                SELECT t.typelem UNION ALL SELECT t.typbasetype
                UNION ALL SELECT r.rngsubtype FROM pg_range r WHERE r.rngtypid = t.oid
                UNION ALL SELECT f.atttypid FROM pg_attribute f
                          WHERE t.typtype = 'c' AND f.attrelid = t.typrelid
                            AND f.attnum > 0 AND NOT f.attisdropped
            ) d(oid)
            WHERE d.oid <> 0
        )
        SELECT t.oid::int8 AS oid, n.nspname AS schema, t.typname AS name,
               t.typtype::text AS typtype, t.typcategory::text AS category,
               t.typelem::int8 AS elem, t.typbasetype::int8 AS base, t.typtypmod AS typmod,
               t.typnotnull AS notnull, t.typrelid::int8 AS relid,
               COALESCE((SELECT r.rngsubtype::int8 FROM pg_range r WHERE r.rngtypid = t.oid), 0) AS range_sub,
               ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                     WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
               ARRAY(SELECT c.conname::text FROM pg_constraint c
                     WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_names,
               ARRAY(SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
                     WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_defs,
               ARRAY(SELECT c.convalidated FROM pg_constraint c
                     WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_validated,
               ARRAY(SELECT a.attname::text FROM pg_attribute a
                     WHERE t.typtype = 'c' AND a.attrelid = t.typrelid
                       AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS field_names,
               ARRAY(SELECT a.atttypid::int8 FROM pg_attribute a
                     WHERE t.typtype = 'c' AND a.attrelid = t.typrelid
                       AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS field_types,
               ARRAY(SELECT a.atttypmod FROM pg_attribute a
                     WHERE t.typtype = 'c' AND a.attrelid = t.typrelid
                       AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS field_typmods,
               ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                     WHERE t.typtype = 'c' AND a.attrelid = t.typrelid
                       AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS field_type_names
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.oid IN (SELECT oid FROM closure)
        ORDER BY t.oid
        "#
    )
}

/// The rows of [`types_sql`] as the closure's rows: types, enum labels, domain CHECKs and
/// composite fields, each type's in the order the arrays hold them.
fn type_closure(rows: &[PgRow]) -> Result<TypeClosure> {
    let mut closure = TypeClosure::default();
    for r in rows {
        let typ = get::<i64>(r, "oid")? as u32;
        let labels: Vec<String> = get(r, "labels")?;
        (closure.enum_labels).extend(labels.into_iter().map(|label| EnumLabelRow { typ, label }));
        let names: Vec<String> = get(r, "check_names")?;
        let defs: Vec<String> = get(r, "check_defs")?;
        let validated: Vec<bool> = get(r, "check_validated")?;
        for ((name, def), validated) in names.into_iter().zip(defs).zip(validated) {
            (closure.domain_checks).push(DomainCheckRow {
                typ,
                name,
                def,
                validated,
            });
        }
        let rel = get::<i64>(r, "relid")?;
        let names: Vec<String> = get(r, "field_names")?;
        let types: Vec<i64> = get(r, "field_types")?;
        let typmods: Vec<i32> = get(r, "field_typmods")?;
        let type_names: Vec<String> = get(r, "field_type_names")?;
        for (((name, typid), typmod), type_name) in
            names.into_iter().zip(types).zip(typmods).zip(type_names)
        {
            (closure.composite_fields).push(CompositeFieldRow {
                rel,
                name,
                typid: typid as u32,
                typmod,
                type_name,
            });
        }
        closure.types.push(type_row(r)?);
    }
    Ok(closure)
}

fn type_row(r: &PgRow) -> Result<TypeRow> {
    Ok(TypeRow {
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
        oid: get::<i64>(r, "oid")? as u32,
    })
}

/// The constraints of the tables (not those inherited from a partitioned parent).
fn constraints_sql(tables: &str) -> String {
    format!(
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
        WHERE con.conrelid = ANY({tables}) AND con.contype IN ('p', 'u', 'f', 'c', 'x')
          AND con.conparentid = 0
        ORDER BY con.conrelid, con.conname
        "#
    )
}

fn constraint_row(r: &PgRow) -> Result<ConstraintRow> {
    Ok(ConstraintRow {
        rel: get(r, "rel")?,
        name: get(r, "name")?,
        kind: get(r, "kind")?,
        cols: get(r, "cols")?,
        ref_schema: get(r, "ref_schema")?,
        ref_table: get(r, "ref_table")?,
        ref_cols: get(r, "ref_cols")?,
        ref_parent: get(r, "ref_parent")?,
        ref_is_partition: get(r, "ref_is_partition")?,
        on_update: get(r, "on_update")?,
        on_delete: get(r, "on_delete")?,
        match_type: get(r, "match_type")?,
        deferrable: get(r, "deferrable")?,
        deferred: get(r, "deferred")?,
        validated: get(r, "validated")?,
        def: get(r, "def")?,
    })
}

/// The indexes of the tables. `NULLS NOT DISTINCT` is read from PostgreSQL 15 on. An index's
/// constraint is the key or exclusion that owns it: a self-referencing foreign key names the
/// same index (`conindid`) and would otherwise be taken for the primary key, depending on where
/// its row lies in `pg_constraint`.
fn indexes_sql(tables: &str, version_num: i32) -> String {
    let nulls_nd = if version_num >= 150000 {
        "i.indnullsnotdistinct"
    } else {
        "false"
    };
    format!(
        r#"
        SELECT i.indrelid::int8 AS rel, ic.relname AS name, i.indisunique AS is_unique,
               i.indisprimary AS is_primary, i.indisexclusion AS is_exclusion, am.amname AS method,
               pg_get_indexdef(i.indexrelid) AS def,
               (i.indkey::int2[])[0:i.indnkeyatts - 1]::int4[] AS keys,
               ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                     FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS key_defs,
               pg_get_expr(i.indpred, i.indrelid) AS pred,
               (SELECT c.conname FROM pg_constraint c
                 WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                   AND c.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint_name,
               {nulls_nd} AS nulls_not_distinct
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = ANY({tables})
        ORDER BY i.indrelid, ic.relname
        "#
    )
}

fn index_row(r: &PgRow) -> Result<IndexRow> {
    Ok(IndexRow {
        rel: get(r, "rel")?,
        name: get(r, "name")?,
        is_unique: get(r, "is_unique")?,
        is_primary: get(r, "is_primary")?,
        is_exclusion: get(r, "is_exclusion")?,
        method: get(r, "method")?,
        def: get(r, "def")?,
        keys: get(r, "keys")?,
        key_defs: get(r, "key_defs")?,
        pred: get(r, "pred")?,
        constraint_name: get(r, "constraint_name")?,
        nulls_not_distinct: get(r, "nulls_not_distinct")?,
    })
}

/// Foreign keys pointing at the tables from anywhere (even excluded tables).
fn incoming_keys_sql(tables: &str) -> String {
    format!(
        r#"
        SELECT con.confrelid::int8 AS rel, n.nspname || '.' || c.relname AS from_table, con.conname AS name,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                     ORDER BY k.ord) AS cols
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE con.contype = 'f' AND con.confrelid = ANY({tables}) AND con.conparentid = 0
        ORDER BY 1, 2, 3
        "#
    )
}

fn incoming_key_row(r: &PgRow) -> Result<IncomingKeyRow> {
    Ok(IncomingKeyRow {
        rel: get(r, "rel")?,
        from_table: get(r, "from_table")?,
        name: get(r, "name")?,
        cols: get(r, "cols")?,
    })
}

/// The user (non-internal) triggers of the tables, with their functions' bodies.
fn triggers_sql(tables: &str) -> String {
    format!(
        r#"
        SELECT t.tgrelid::int8 AS rel, t.tgname AS name, pg_get_triggerdef(t.oid) AS def,
               t.tgfoid::regproc::text AS function, t.tgtype::int4 AS tgtype,
               t.tgenabled <> 'D' AS enabled, t.tgargs AS args,
               l.lanname::text AS language, p.prosrc AS body,
               ARRAY(SELECT q.proname::text || E'\x1f' || q.prosrc
                     FROM pg_proc q
                     JOIN pg_language ql ON ql.oid = q.prolang
                     JOIN pg_namespace qn ON qn.oid = q.pronamespace
                     WHERE t.tgtype & 2 = 0 AND t.tgtype & 4 <> 0
                       AND ql.lanname IN ('plpgsql', 'sql') AND q.oid <> p.oid
                       AND qn.nspname NOT IN ('pg_catalog', 'information_schema')
                       AND strpos(lower(p.prosrc), lower(q.proname::text) || '(') > 0
                     ORDER BY q.oid) AS callees
        FROM pg_trigger t
        JOIN pg_proc p ON p.oid = t.tgfoid
        JOIN pg_language l ON l.oid = p.prolang
        WHERE t.tgrelid = ANY({tables}) AND NOT t.tgisinternal
        ORDER BY t.tgrelid, t.tgname
        "#
    )
}

fn trigger_row(r: &PgRow) -> Result<TriggerRow> {
    let args: Vec<u8> = get(r, "args")?;
    Ok(TriggerRow {
        rel: get(r, "rel")?,
        name: get(r, "name")?,
        def: get(r, "def")?,
        function: get(r, "function")?,
        tgtype: get(r, "tgtype")?,
        enabled: get(r, "enabled")?,
        // `tgargs`: each argument followed by a NUL byte.
        args: args
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect::<Vec<_>>()
            .split_last()
            .map(|(_, a)| a.to_vec())
            .unwrap_or_default(),
        language: get(r, "language")?,
        body: get(r, "body")?,
        callees: get::<Vec<String>>(r, "callees")?
            .into_iter()
            .filter_map(|c| {
                let (name, body) = c.split_once('\u{1f}')?;
                Some((name.to_string(), body.to_string()))
            })
            .collect(),
    })
}

/// The functions named `names` (bare names) outside the system schemas: the schema's own
/// functions that CHECKs call. Set-returning functions and those with OUT parameters are left
/// out (a CHECK cannot call them as a scalar).
pub(super) async fn fetch_functions(
    conn: &mut PgConnection,
    names: &[String],
) -> Result<Vec<crate::model::Function>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        r#"
        SELECT n.nspname AS schema, p.proname::text AS name, l.lanname::text AS language,
               p.prosrc AS body, format_type(p.prorettype, NULL) AS returns,
               COALESCE(p.proargnames, ARRAY[]::text[]) AS arg_names,
               ARRAY(SELECT format_type(t.oid, NULL)
                     FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY t(oid, ord)
                     ORDER BY t.ord) AS arg_types
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_language l ON l.oid = p.prolang
        WHERE p.proname = ANY($1) AND p.prokind = 'f' AND NOT p.proretset
          AND p.proargmodes IS NULL
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY n.nspname, p.proname, p.oid
        "#,
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading functions", e))?;
    rows.iter()
        .map(|r| {
            let arg_types: Vec<String> = get(r, "arg_types")?;
            let mut arg_names: Vec<String> = get(r, "arg_names")?;
            arg_names.resize(arg_types.len(), String::new());
            Ok(crate::model::Function {
                schema: get(r, "schema")?,
                name: get(r, "name")?,
                arg_names,
                arg_types,
                returns: get(r, "returns")?,
                language: get(r, "language")?,
                body: get(r, "body")?,
            })
        })
        .collect()
}

/// Of the `(schema, function)` pairs `calls`, those the database has no function for; of the
/// `(schema, table)` pairs `inserted`, those it has no relation for.
pub(super) async fn fetch_missing_calls(
    conn: &mut PgConnection,
    calls: &[(String, String)],
    inserted: &[(String, String)],
) -> Result<Vec<MissingCall>> {
    if calls.is_empty() && inserted.is_empty() {
        return Ok(Vec::new());
    }
    let (schemas, functions): (Vec<String>, Vec<String>) = calls.iter().cloned().unzip();
    let (t_schemas, tables): (Vec<String>, Vec<String>) = inserted.iter().cloned().unzip();
    let rows = sqlx::query(
        r#"
        SELECT c.s AS schema, c.f AS function, false AS is_table,
               EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = c.s) AS schema_exists
        FROM unnest($1::text[], $2::text[]) AS c(s, f)
        WHERE NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                          WHERE n.nspname = c.s AND p.proname = c.f)
        UNION ALL
        SELECT r.s, r.t, true,
               EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = r.s)
        FROM unnest($3::text[], $4::text[]) AS r(s, t)
        WHERE NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = r.s AND c.relname = r.t)
        "#,
    )
    .bind(&schemas)
    .bind(&functions)
    .bind(&t_schemas)
    .bind(&tables)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading what triggers call and insert into", e))?;
    rows.iter()
        .map(|r| {
            Ok(MissingCall {
                schema: get(r, "schema")?,
                function: get(r, "function")?,
                schema_exists: get(r, "schema_exists")?,
                is_table: get(r, "is_table")?,
            })
        })
        .collect()
}

fn get<T>(row: &PgRow, col: &str) -> Result<T>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(col)
        .map_err(|e| Error::db(format!("reading catalog column {col}"), e))
}

/// SQLSTATE 55P03 (`lock_not_available`): a lock wait ran past `lock_timeout`.
pub(crate) fn is_lock_timeout(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("55P03"))
}

/// A lock-timeout failure (a [`Error::Database`] with SQLSTATE 55P03, or an
/// [`Error::LockTimeout`] not yet explained) becomes an [`Error::LockTimeout`] naming which
/// sessions hold locks on `tables` (`schema.table`; any table when empty); any other error is
/// returned unchanged. Asked after the failure, on `conn`, which must be usable again.
pub(crate) async fn explain_lock_timeout(
    conn: &mut PgConnection,
    err: Error,
    tables: &[String],
) -> Error {
    let what = match &err {
        Error::Database { context, source } if is_lock_timeout(source) => context.clone(),
        Error::LockTimeout { what, holders, .. } if holders.is_empty() => what.clone(),
        _ => return err,
    };
    let waited: String = sqlx::query_scalar("SELECT current_setting('lock_timeout')")
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|_| "the lock timeout".into());
    let mut holders = lock_holders(conn, tables).await;
    if holders.is_empty() && !tables.is_empty() {
        holders = lock_holders(conn, &[]).await;
    }
    Error::LockTimeout {
        what,
        waited,
        holders,
    }
}

/// Sessions holding locks that block seedbed: on `tables`, every mode stronger than a row
/// share; with no tables, ACCESS EXCLUSIVE locks anywhere in the database (what blocks catalog
/// reads). Never their query text. Empty when the server cannot be asked.
async fn lock_holders(conn: &mut PgConnection, tables: &[String]) -> Vec<String> {
    let rows = sqlx::query(
        r#"
        SELECT format('%s.%s', n.nspname, c.relname) AS rel, l.pid, l.mode,
               coalesce(a.application_name, '') AS app, coalesce(a.state, '') AS state
        FROM pg_locks l
        JOIN pg_class c ON c.oid = l.relation
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND CASE WHEN cardinality($1::text[]) = 0 THEN l.mode = 'AccessExclusiveLock'
                   ELSE l.mode NOT IN ('AccessShareLock', 'RowShareLock')
                        AND format('%s.%s', n.nspname, c.relname) = ANY($1) END
        ORDER BY 1, 2
        "#,
    )
    .bind(tables)
    .fetch_all(&mut *conn)
    .await
    .unwrap_or_default();
    rows.iter()
        .filter_map(|r| {
            let rel: String = r.try_get("rel").ok()?;
            let pid: i32 = r.try_get("pid").ok()?;
            let mode: String = r.try_get("mode").ok()?;
            let app: String = r.try_get("app").ok()?;
            let state: String = r.try_get("state").ok()?;
            Some(format!(
                "{rel} is locked ({mode}) by backend pid {pid} (application_name '{app}', state '{state}')"
            ))
        })
        .collect()
}

/// Cap each catalog query at `secs` unless the session already has a statement timeout (a
/// role's or database's own setting is kept). Returns the setting to restore. One statement:
/// the setting is read (first column) before it is capped (second).
pub(crate) async fn cap_statement_timeout(
    conn: &mut PgConnection,
    secs: u64,
) -> Result<Option<String>> {
    let (current, _capped): (String, Option<String>) = sqlx::query_as(
        "SELECT current_setting('statement_timeout'), \
                CASE WHEN current_setting('statement_timeout') = '0' \
                     THEN set_config('statement_timeout', $1, false) END",
    )
    .bind(format!("{secs}s"))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| Error::db("setting statement_timeout", e))?;
    Ok((current == "0").then_some(current))
}

/// Undo [`cap_statement_timeout`] (loads must never be cut short by a catalog cap).
pub(crate) async fn restore_statement_timeout(
    conn: &mut PgConnection,
    previous: Option<String>,
) -> Result<()> {
    match previous {
        Some(p) => set_statement_timeout(conn, &p).await,
        None => Ok(()),
    }
}

async fn set_statement_timeout(conn: &mut PgConnection, value: &str) -> Result<()> {
    sqlx::query("SELECT set_config('statement_timeout', $1, false)")
        .bind(value)
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| Error::db("setting statement_timeout", e))
}

/// The non-system schemas of the database.
pub(super) async fn fetch_schemas(conn: &mut PgConnection) -> Result<Vec<String>> {
    sqlx::query_scalar(
        r"SELECT nspname::text FROM pg_namespace
          WHERE nspname NOT IN ('pg_catalog', 'information_schema')
            AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
          ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading schemas", e))
}
