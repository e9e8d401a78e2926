//! Introspection: `pg_catalog` → [`Catalog`].
//!
//! Two round trips of set-based queries, each query over every table at once: the relations
//! first (which tables the filter keeps is decided here), then, in one multi-statement message,
//! columns, the types' closure, constraints, indexes, incoming keys and triggers. The cost does
//! not grow with the number of tables, nor with the depth of nested types; functions that
//! CHECKs call add a round trip per level of calls. Only catalog metadata is read: never a row of a user table.
//!
//! [`queries`] runs the queries and returns their rows; [`assemble`] builds the model from
//! them without I/O; [`parse`] reads the definition texts (checks, partition keys and bounds)
//! and [`types`] resolves type oids.

mod assemble;
mod existing;
mod functions;
mod parse;
mod queries;
mod triggers;
mod types;

use sqlx::PgConnection;

use crate::error::{Error, Result};
use crate::model::Catalog;
use assemble::{CatalogRows, assemble, top_level_tables};
pub use existing::read_prefilled;
pub use parse::check_expression;
pub(crate) use parse::parse_check;
use queries::*;
pub(crate) use queries::{
    cap_statement_timeout, explain_lock_timeout, is_lock_timeout, restore_statement_timeout,
};

/// Seconds any one catalog query may run (unless the session has a statement timeout of its
/// own). Loads are never under it.
pub const CATALOG_STATEMENT_TIMEOUT_SECS: u64 = 60;

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

/// Read the schema model of the connected database. Each query is capped at
/// [`CATALOG_STATEMENT_TIMEOUT_SECS`]; a lock wait past the session's `lock_timeout` fails naming
/// the sessions that hold the locks.
pub async fn introspect(conn: &mut PgConnection, filter: &Filter) -> Result<Catalog> {
    let previous = cap_statement_timeout(conn, CATALOG_STATEMENT_TIMEOUT_SECS).await?;
    let result = match read_catalog(conn, filter).await {
        Err(e) => Err(explain_lock_timeout(conn, e, &[]).await),
        ok => ok,
    };
    let restored = restore_statement_timeout(conn, previous).await;
    let catalog = result?;
    restored?;
    Ok(catalog)
}

/// `--schema` names that are not schemas of the database are an error, with the closest
/// existing name.
async fn check_schemas(conn: &mut PgConnection, filter: &Filter) -> Result<()> {
    if filter.schemas.is_empty() {
        return Ok(());
    }
    let existing = fetch_schemas(conn).await?;
    let missing: Vec<String> = filter
        .schemas
        .iter()
        .filter(|s| !existing.contains(s))
        .map(|s| {
            let best = existing
                .iter()
                .map(|e| {
                    (
                        strsim::jaro_winkler(&s.to_lowercase(), &e.to_lowercase()),
                        e,
                    )
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .filter(|(score, _)| *score > 0.7)
                .map(|(_, e)| format!(" (did you mean \"{e}\"?)"))
                .unwrap_or_default();
            format!("\"{s}\"{best}")
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "no such schema in this database: {}; its schemas are: {}",
        missing.join(", "),
        existing.join(", ")
    )))
}

/// `oids` and every partition below them.
fn with_partitions(oids: &[i64], relations: &[RelationRow]) -> Vec<i64> {
    let mut out = oids.to_vec();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            relations
                .iter()
                .filter(|r| r.is_partition && r.parent == Some(parent))
                .map(|r| r.oid),
        );
        i += 1;
    }
    out
}

async fn read_catalog(conn: &mut PgConnection, filter: &Filter) -> Result<Catalog> {
    check_schemas(conn, filter).await?;
    let Relations { version, relations } = fetch_relations(conn, &filter.schemas).await?;
    let oids: Vec<i64> = top_level_tables(&relations, filter)
        .iter()
        .map(|r| r.oid)
        .collect();
    // Partitions too: foreign keys declared only on them are honoured by the whole table.
    let with_partitions = with_partitions(&oids, &relations);
    let tables = fetch_table_rows(conn, &oids, &with_partitions, version.num).await?;
    // A third round trip only when trigger bodies name schema-qualified functions or tables.
    let missing_calls = fetch_missing_calls(
        conn,
        &triggers::called_by_triggers(&tables.triggers),
        &triggers::inserted_by_triggers(&tables.triggers),
    )
    .await?;
    let called = functions::called_functions(
        (tables.constraints.iter())
            .filter(|c| c.kind == "c")
            .map(|c| c.def.as_str())
            .chain(tables.types.domain_checks.iter().map(|d| d.def.as_str())),
    );
    let functions = fetch_function_closure(conn, called).await?;
    let rows = CatalogRows {
        server_version: version.text,
        relations,
        tables,
        missing_calls,
    };
    let mut catalog = assemble(rows, filter);
    functions::inline_functions(&mut catalog, &functions);
    Ok(catalog)
}

/// The functions named `names` and those their readable bodies call, a few calls deep.
async fn fetch_function_closure(
    conn: &mut PgConnection,
    mut names: Vec<String>,
) -> Result<Vec<crate::model::Function>> {
    let mut out: Vec<crate::model::Function> = Vec::new();
    let mut asked: Vec<String> = Vec::new();
    for _ in 0..functions::MAX_DEPTH {
        names.retain(|n| !asked.contains(n));
        if names.is_empty() {
            break;
        }
        let found = fetch_functions(conn, &names).await?;
        asked.append(&mut names);
        names = functions::called_in_bodies(&found);
        out.extend(found);
    }
    Ok(out)
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
}
