//! Introspection: `pg_catalog` → [`Catalog`].
//!
//! A fixed handful of set-based queries (relations, columns, types, constraints, indexes,
//! triggers), each over every table at once, so the cost does not grow with a round trip per
//! table. Only catalog metadata is read: never a row of a user table.
//!
//! [`queries`] runs the queries and returns their rows; [`assemble`] builds the model from
//! them without I/O; [`parse`] reads the definition texts (checks, partition keys and bounds)
//! and [`types`] resolves type oids.

mod assemble;
mod parse;
mod queries;
mod types;

use sqlx::PgConnection;

use crate::error::Result;
use crate::model::Catalog;
use assemble::{CatalogRows, assemble, top_level_tables};
pub use parse::check_expression;
pub(crate) use parse::parse_check;
use queries::*;

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
    let version = fetch_server_version(conn).await?;
    let relations = fetch_relations(conn, &filter.schemas).await?;
    let oids: Vec<i64> = top_level_tables(&relations, filter)
        .iter()
        .map(|r| r.oid)
        .collect();
    let columns = fetch_columns(conn, &oids).await?;
    let types = fetch_type_closure(conn, columns.iter().map(|c| c.typid).collect()).await?;
    let constraints = fetch_constraints(conn, &oids).await?;
    let indexes = fetch_indexes(conn, &oids, version.num).await?;
    let incoming_keys = fetch_incoming_keys(conn, &oids).await?;
    let triggers = fetch_triggers(conn, &oids).await?;
    let rows = CatalogRows {
        server_version: version.text,
        relations,
        columns,
        types,
        constraints,
        indexes,
        incoming_keys,
        triggers,
    };
    Ok(assemble(rows, filter))
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
