//! Before anything is written: generate a sample of each table and (1) make sure every row can
//! be produced (an unsatisfiable CHECK is refused here, not mid-load), and (2) ask the server to
//! evaluate the CHECKs our evaluator cannot model (user functions such as seed 003's
//! `validate_template_schema`) on that sample; (3) when the server rejects it, search values the
//! server accepts ([`search`]) before refusing. The sample is generated data, never user data.

use std::fmt::Write;

use sqlx::PgConnection;

use crate::error::{Error, Result};
use crate::generate::TableEngine;
use crate::model::{Catalog, Table, quote_ident, quote_literal};
use crate::plan::{CheckPlan, Plan, Refusal, Source, TablePlan};
use crate::values::gens::Gen;
use crate::values::value::Value;

mod search;

/// Rows per table in the sample.
pub const SAMPLE_ROWS: u64 = 200;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Verification {
    pub table: String,
    pub check: String,
    pub sampled: usize,
    pub failed: usize,
}

/// With `SEEDBED_TIMINGS=1`, print to stderr how long a phase took (fixed costs of small runs
/// are measured with it; see the README's "Where the time goes").
pub fn phase_done(phase: &str, since: std::time::Instant) {
    if std::env::var_os("SEEDBED_TIMINGS").is_some_and(|v| v == "1") {
        let ms = since.elapsed().as_secs_f64() * 1e3;
        eprintln!("seedbed timing: {phase:<12} {ms:8.1} ms");
    }
}

/// Generate the first rows of every table in memory (no database needed). Unsatisfiable rows
/// become refusals. A plan that already refuses is not run: its generators may not fit their
/// columns (that is what it refuses).
pub fn dry_run(plan: &mut Plan) {
    if !plan.refusals.is_empty() {
        return;
    }
    let mut refusals = Vec::new();
    for ti in 0..plan.tables.len() {
        if let Err(e) = sample(plan, ti) {
            let message = match e {
                crate::Error::Refused(m) => m,
                other => other.to_string(),
            };
            refusals.push(Refusal {
                table: plan.tables[ti].key.clone(),
                subject: String::new(),
                message,
                fix: String::new(),
            });
        }
    }
    plan.refusals.extend(refusals);
}

fn sample(plan: &Plan, ti: usize) -> Result<Vec<Vec<Value>>> {
    let engine = TableEngine::new(plan, ti);
    let mut rows = Vec::new();
    let n = plan.tables[ti].rows.min(SAMPLE_ROWS);
    if n == 0 {
        return Ok(rows);
    }
    let mut seen = crate::generate::SeenState::default();
    let mut b = 0;
    while (rows.len() as u64) < n {
        engine.block(b, Some(&mut seen), &mut |v| {
            if (rows.len() as u64) < n {
                rows.push(v.to_vec())
            }
        })?;
        b += 1;
    }
    Ok(rows)
}

/// Ask the server to evaluate every CHECK we could not model, on a sample of generated rows.
/// A failing CHECK becomes a refusal naming it, its text, and an override that would fix it.
pub async fn verify_on_server(
    plan: &mut Plan,
    catalog: &Catalog,
    conn: &mut PgConnection,
) -> Result<Vec<Verification>> {
    let mut out = Vec::new();
    let mut refusals = Vec::new();
    for ti in 0..plan.tables.len() {
        let t = &plan.tables[ti];
        let pending: Vec<usize> = (0..t.checks.len())
            .filter(|&i| {
                !t.checks[i].modelled && t.checks[i].columns.iter().all(|&c| t.columns[c].write)
            })
            .collect();
        if pending.is_empty() || t.rows == 0 {
            continue;
        }
        let Ok(rows) = sample(plan, ti) else { continue };
        let table = &catalog.tables[t.catalog_index];
        let mut failures = Vec::new();
        for i in pending {
            let ch = &t.checks[i];
            let sql = failing_rows_sql(table, ch, &rows);
            let failed: std::result::Result<i64, sqlx::Error> =
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_one(&mut *conn)
                    .await;
            let failed = match failed {
                Ok(n) => n as usize,
                // An error the rows cause (a function raising, a bad cast) fails them all; a
                // syntax or name error is the query's own fault and says so.
                Err(sqlx::Error::Database(d)) if !d.code().is_some_and(|c| c.starts_with("42")) => {
                    rows.len()
                }
                Err(e) => {
                    return Err(Error::db(
                        format!("verifying CHECK {} on the server", ch.name),
                        e,
                    ));
                }
            };
            if failed > 0 {
                failures.push((i, failed, rows.len()));
            } else {
                out.push(Verification {
                    table: t.key.clone(),
                    check: ch.name.clone(),
                    sampled: rows.len(),
                    failed,
                });
            }
        }
        for (i, failed, sampled) in failures {
            let (failed, tried) = match search_values(plan, catalog, conn, ti, i).await? {
                Ok(after) => (after, Vec::new()),
                Err(tried) => (failed, tried),
            };
            if failed > 0 {
                let t = &plan.tables[ti];
                let table = &catalog.tables[t.catalog_index];
                refusals.push(rejected(t, table, &t.checks[i], failed, sampled, &tried));
            }
            let t = &plan.tables[ti];
            out.push(Verification {
                table: t.key.clone(),
                check: t.checks[i].name.clone(),
                sampled,
                failed,
            });
        }
    }
    plan.refusals.extend(refusals);
    Ok(out)
}

/// When the server rejects sample rows of CHECK `i`, which reads one column: give the column
/// the values the server accepts among those built from the CHECK's literals and its
/// functions' bodies ([`search`]), and count the failures of a new sample. `Err(tried)`: the
/// candidates tried, none accepted (none when the CHECK is not searched: several columns, a
/// key).
async fn search_values(
    plan: &mut Plan,
    catalog: &Catalog,
    conn: &mut PgConnection,
    ti: usize,
    i: usize,
) -> Result<std::result::Result<usize, Vec<String>>> {
    let t = &plan.tables[ti];
    let ch = &t.checks[i];
    let table = &catalog.tables[t.catalog_index];
    let [c] = ch.columns[..] else {
        return Ok(Err(Vec::new()));
    };
    let (cp, col) = (&t.columns[c], &table.columns[c]);
    if ch.domain_of.is_some() || cp.keyed || cp.generator.is_unique() || !search::searchable(col) {
        return Ok(Err(Vec::new()));
    }
    let db = |e| {
        Error::db(
            format!("searching values for CHECK {} on the server", ch.name),
            e,
        )
    };
    let names: Vec<String> = (table.checks.iter().find(|k| k.name == ch.name))
        .map(|k| k.expr.functions())
        .unwrap_or_default()
        .iter()
        .map(|f| f.rsplit('.').next().unwrap_or(f).to_string())
        .collect();
    let source = format!(
        "{}\n{}",
        ch.definition,
        search::bodies(conn, &names).await.map_err(db)?
    );
    let class = crate::pgtype::classify(&col.type_info);
    let cands = search::candidates(&class, &source);
    let expr = crate::catalog::check_expression(&ch.definition);
    let passing = search::passing(conn, col, &expr, &cands)
        .await
        .map_err(db)?;
    let values: Vec<Value> = (passing.iter())
        .filter_map(|v| crate::plan::columns::value_from_text(&class, v))
        .collect();
    if values.is_empty() {
        return Ok(Err(cands));
    }
    let reason = format!(
        "one of {} values the server accepts for CHECK {} ({}), found among {} built from its functions' literals",
        values.len(),
        ch.name,
        passing.join(", "),
        cands.len()
    );
    let name = ch.name.clone();
    let cp = &mut plan.tables[ti].columns[c];
    let previous = std::mem::replace(&mut cp.generator, Gen::choice(values, None));
    let Ok(rows) = sample(plan, ti) else {
        plan.tables[ti].columns[c].generator = previous;
        return Ok(Err(cands));
    };
    let cp = &mut plan.tables[ti].columns[c];
    cp.source = Source::Constraint;
    cp.reason = reason;
    let sql = failing_rows_sql(table, &plan.tables[ti].checks[i], &rows);
    let failed: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db(format!("verifying CHECK {name} on the server"), e))?;
    Ok(Ok(failed as usize))
}

/// `SELECT count(*)` of the sample rows (the check's columns, as a VALUES list cast to their
/// types) that the check rejects.
fn failing_rows_sql(table: &Table, ch: &CheckPlan, rows: &[Vec<Value>]) -> String {
    let cols: Vec<usize> = ch.columns.clone();
    let mut sql = String::from("SELECT count(*)::int8 FROM (VALUES ");
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for (k, &c) in cols.iter().enumerate() {
            if k > 0 {
                sql.push(',');
            }
            let col = &table.columns[c];
            match &row[c] {
                Value::Null => {
                    let _ = write!(sql, "NULL::{}", col.type_name);
                }
                v => {
                    let _ = write!(
                        sql,
                        "{}::{}",
                        quote_literal(&v.to_text(true)),
                        col.type_name
                    );
                }
            }
        }
        sql.push(')');
    }
    let names: Vec<String> = cols
        .iter()
        .map(|&c| quote_ident(&table.columns[c].name))
        .collect();
    let expr = match &ch.domain_of {
        // A domain CHECK: casting to the domain evaluates it.
        Some(col) => {
            let c = table
                .column(col)
                .map(|c| c.type_name.clone())
                .unwrap_or_default();
            format!("({}::{c}) IS NULL AND false", quote_ident(col))
        }
        None => format!(
            "NOT COALESCE(({}), true)",
            crate::catalog::check_expression(&ch.definition)
        ),
    };
    let _ = write!(sql, ") AS t({}) WHERE {expr}", names.join(", "));
    sql
}

/// The refusal for a CHECK the server rejected on `failed` of `sampled` rows, suggesting an
/// override of its first column.
fn rejected(
    t: &TablePlan,
    table: &Table,
    ch: &CheckPlan,
    failed: usize,
    sampled: usize,
    tried: &[String],
) -> Refusal {
    let col = ch.columns.first().map(|&c| &table.columns[c]);
    let example = match col.map(|c| c.type_info.base_name().unwrap_or("")) {
        Some("json" | "jsonb") => {
            "json = { key = \"value\" } (a JSON document, written as TOML)".to_string()
        }
        _ => "value = \"…\", choices = [\"…\"] or template = \"…\"".to_string(),
    };
    Refusal {
        table: t.key.clone(),
        subject: format!("CHECK {}", ch.name),
        message: format!(
            "{} ({}) calls code seedbed cannot evaluate, and the server rejected {failed} of {sampled} sample rows{}",
            ch.name,
            ch.definition,
            if !tried.is_empty() {
                let shown: Vec<&str> = tried.iter().take(6).map(String::as_str).collect();
                format!(
                    " and all {} values built from the literals of the CHECK and its functions ({}{})",
                    tried.len(),
                    shown.join(", "),
                    if tried.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                )
            } else {
                String::new()
            },
        ),
        fix: format!(
            "give the column values that satisfy it, e.g. [tables.\"{}\".columns.{}] {example}",
            t.key,
            col.map(|c| c.name.as_str()).unwrap_or("COLUMN")
        ),
    }
}
