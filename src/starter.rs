//! `seedbed profile`: a starter profile for a live schema, so users edit instead of writing.
//!
//! Every table appears in load order with its planned row count, and each column's chosen
//! generator is written beside it as a comment. With statistics from another database (a
//! production or staging copy), the profile takes that database's *shape*: row counts from
//! `pg_class.reltuples`, and per column only `null_frac`, `n_distinct`, `avg_width` and
//! `correlation` from `pg_stats`. Never `most_common_vals`, `histogram_bounds` or any other
//! statistic that holds values, and never a row: nothing that could carry a person's data.

use std::collections::HashMap;
use std::fmt::Write;

use sqlx::PgConnection;

use crate::error::{Error, Result};
use crate::model::Catalog;
use crate::plan::{ColumnPlan, Plan, TablePlan};

/// The shape of a source database, keyed by `schema.table` (and column name).
#[derive(Debug, Default, Clone)]
pub struct Shape {
    tables: HashMap<String, TableShape>,
}

#[derive(Debug, Default, Clone)]
struct TableShape {
    /// `pg_class.reltuples`; `None` when never analyzed (-1).
    rows: Option<f64>,
    columns: HashMap<String, ColumnShape>,
}

#[derive(Debug, Clone, Copy)]
struct ColumnShape {
    null_frac: f64,
    /// Positive: a count of distinct values; negative: minus the fraction of rows.
    n_distinct: f64,
    avg_width: i32,
    correlation: Option<f64>,
}

/// Read the shape of the tables `plan` fills from the database on `conn`. Only the catalog
/// columns named in the module documentation are selected.
pub async fn fetch_shape(conn: &mut PgConnection, catalog: &Catalog, plan: &Plan) -> Result<Shape> {
    let keys: Vec<(String, String)> = plan
        .tables
        .iter()
        .map(|t| {
            let ct = &catalog.tables[t.catalog_index];
            (ct.schema.clone(), ct.name.clone())
        })
        .collect();
    let (schemas, names): (Vec<String>, Vec<String>) = keys.into_iter().unzip();
    let rows: Vec<(String, String, f64)> = sqlx::query_as(
        "SELECT n.nspname::text, c.relname::text, c.reltuples::float8
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN unnest($1::text[], $2::text[]) AS want(s, t) ON want.s = n.nspname AND want.t = c.relname",
    )
    .bind(&schemas)
    .bind(&names)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading row estimates (pg_class.reltuples)", e))?;
    let mut shape = Shape::default();
    for (s, t, n) in rows {
        shape.tables.entry(format!("{s}.{t}")).or_default().rows = (n >= 0.0).then_some(n);
    }
    type StatRow = (String, String, String, f32, f32, i32, Option<f32>);
    let stats: Vec<StatRow> = sqlx::query_as(
        "SELECT schemaname::text, tablename::text, attname::text, null_frac, n_distinct, avg_width, correlation
           FROM pg_stats
           JOIN unnest($1::text[], $2::text[]) AS want(s, t) ON want.s = schemaname AND want.t = tablename
          WHERE NOT inherited",
    )
    .bind(&schemas)
    .bind(&names)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading column statistics (pg_stats)", e))?;
    for (s, t, c, null_frac, n_distinct, avg_width, correlation) in stats {
        shape
            .tables
            .entry(format!("{s}.{t}"))
            .or_default()
            .columns
            .insert(
                c,
                ColumnShape {
                    null_frac: null_frac.into(),
                    n_distinct: n_distinct.into(),
                    avg_width,
                    correlation: correlation.map(f64::from),
                },
            );
    }
    Ok(shape)
}

/// The starter profile as TOML. `shape` (from [`fetch_shape`]) sets row counts and null
/// fractions, scaled by `scale`; without it, the plan's row counts are written.
pub fn render(plan: &Plan, shape: Option<&Shape>, scale: f64) -> String {
    let mut out = String::new();
    header(&mut out, plan, shape.is_some(), scale);
    for t in &plan.tables {
        table(&mut out, plan, t, shape, scale);
    }
    out
}

fn header(out: &mut String, plan: &Plan, from_stats: bool, scale: f64) {
    let _ = writeln!(
        out,
        "# Starter profile written by seedbed {}: every table in load order with its row count;",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "# each column's generator is noted as a comment. Edit it, then: seedbed seed --profile FILE"
    );
    if from_stats {
        let _ = writeln!(
            out,
            "# Row counts, null fractions, distinct caps and text lengths come from another database's statistics (pg_class.reltuples,"
        );
        let _ = writeln!(
            out,
            "# pg_stats null_frac/n_distinct/avg_width/correlation only; no values), scaled by {scale}."
        );
    }
    let _ = writeln!(out, "seed = {}", plan.settings.seed);
    let _ = writeln!(out, "default_rows = {}", plan.settings.default_rows);
}

fn table(out: &mut String, plan: &Plan, t: &TablePlan, all: Option<&Shape>, scale: f64) {
    let shape = all.and_then(|s| s.tables.get(&t.key));
    let _ = writeln!(out, "\n[tables.{}]", toml_key(&t.key));
    let rows = shape
        .and_then(|s| s.rows)
        .map(|n| (n * scale).round().max(0.0) as u64);
    match rows {
        Some(n) => {
            let _ = writeln!(out, "rows = {n}");
        }
        None => {
            let _ = writeln!(out, "rows = {}  # {}", t.rows, t.rows_reason);
        }
    }
    fan_out_comments(out, plan, t, all);
    for c in t.columns.iter().filter(|c| c.write) {
        let src = c.source.label();
        let _ = writeln!(out, "# {:<24} [{src}] {}", c.name, c.reason);
    }
    let Some(shape) = shape else {
        return;
    };
    let rows = rows.unwrap_or(t.rows);
    for c in t.columns.iter().filter(|c| c.write) {
        if let Some(cs) = shape.columns.get(&c.name) {
            column_shape(out, &t.key, c, *cs, rows);
        }
    }
}

/// Children per parent row in the source, for each foreign key (from the row counts). The
/// written row counts keep these ratios, since parents are chosen uniformly.
fn fan_out_comments(out: &mut String, plan: &Plan, t: &TablePlan, shape: Option<&Shape>) {
    let Some(shape) = shape else { return };
    let Some(rows) = shape.tables.get(&t.key).and_then(|s| s.rows) else {
        return;
    };
    for f in &t.fks {
        let Some(p) = f.parent else { continue };
        let parent = &plan.tables[p];
        let Some(parent_rows) = shape.tables.get(&parent.key).and_then(|s| s.rows) else {
            continue;
        };
        let _ = writeln!(
            out,
            "# fan-out of {}: {:.2} rows per {} row in the source",
            f.name,
            rows / parent_rows.max(1.0),
            parent.key
        );
    }
}

fn column_shape(out: &mut String, table: &str, c: &ColumnPlan, cs: ColumnShape, rows: u64) {
    let distinct = if cs.n_distinct < 0.0 {
        format!("{:.0}% of rows", -cs.n_distinct * 100.0)
    } else {
        format!("{:.0}", cs.n_distinct)
    };
    let correlation = cs
        .correlation
        .map(|c| format!(", correlation {c:.2}"))
        .unwrap_or_default();
    let _ = write!(
        out,
        "\n[tables.{}.columns.{}]\n# source: {distinct} distinct, {} bytes on average{correlation}\n",
        toml_key(table),
        toml_key(&c.name),
        cs.avg_width
    );
    // Only where NULL is possible: a NOT NULL column plans none and the source has none.
    if c.null_fraction > 0.0 || cs.null_frac > 0.0 {
        let _ = writeln!(out, "null_fraction = {:.4}", cs.null_frac);
    }
    if let Some(n) = distinct_cap(c, cs, rows) {
        let _ = writeln!(out, "distinct = {n}");
    }
    if c.is_free_text() && cs.avg_width > 1 {
        let _ = writeln!(out, "avg_length = {}", text_length(cs.avg_width));
    }
}

/// The source's distinct-value count as a cap for `rows` rows, where it caps anything: a
/// positive `n_distinct` is a count the analyzer expects to stay fixed as the table grows (a
/// status column), a negative one a fraction of the rows. Nearly-unique columns get no cap.
fn distinct_cap(c: &ColumnPlan, cs: ColumnShape, rows: u64) -> Option<u64> {
    if !c.takes_distinct() || cs.n_distinct == 0.0 {
        return None;
    }
    let n = if cs.n_distinct > 0.0 {
        cs.n_distinct.round() as u64
    } else if -cs.n_distinct >= 0.9 {
        return None;
    } else {
        (-cs.n_distinct * rows as f64).ceil() as u64
    };
    (n.max(1) < rows).then_some(n.max(1))
}

/// Characters of text whose stored width averages `avg_width` bytes: less the varlena header,
/// 1 byte up to 126 bytes of data and 4 beyond.
fn text_length(avg_width: i32) -> usize {
    let w = avg_width as usize;
    if w <= 127 { w - 1 } else { w - 4 }.max(1)
}

/// A TOML key, quoted (every name may hold dots, spaces or quotes).
fn toml_key(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_quoted_for_toml() {
        assert_eq!(toml_key("public.users"), "\"public.users\"");
        assert_eq!(toml_key("a\"b\\c\nd"), "\"a\\\"b\\\\c\\u000Ad\"");
        let parsed: toml::Value = toml::from_str(&format!("{} = 1", toml_key("x\"y\n"))).unwrap();
        assert!(parsed.get("x\"y\n").is_some());
    }
}
