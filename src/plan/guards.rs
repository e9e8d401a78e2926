//! The rows a BEFORE INSERT trigger refuses (`IF … THEN RAISE`), kept out like a CHECK.
//!
//! A refusal's condition reads the row and, through a subquery on a foreign key of the row,
//! the parent row the key picked (`NOT EXISTS (SELECT … FROM attribute_type WHERE id =
//! NEW.attribute_type AND free_text)`). The row engine recomputes that parent row's columns
//! from the seed and the parent's row number (they are made row-addressable here, like the
//! columns lineage reads), evaluates the condition, and re-draws the row's columns it reads,
//! the foreign key among them, until the trigger would accept the row. A condition seedbed
//! cannot evaluate stays a warning.

use super::{CheckPlan, Diagnostics, TablePlan, constraints::Translation};
use crate::model::{Catalog, Lookup, Rejection, Table, Trigger};
use crate::values::eval;
use crate::values::expr::{BinOp, CaseBranch, Expr, Literal};
use crate::values::plpgsql::lookup::LOOKUP_PREFIX;
use crate::values::value::{MICROS_PER_DAY, Value, civil_from_days};

/// A trigger's refusal, planned: the row passes when `check.node` holds over the row followed
/// by the parent columns `reads` (in that order).
#[derive(Debug, Clone)]
pub struct GuardPlan {
    /// Named `trigger NAME`, defined as the condition under which it raises.
    pub check: CheckPlan,
    pub reads: Vec<ParentRead>,
}

/// A parent column a guard reads: column `column` of plan table `table` at the parent row
/// foreign key `fk` of the row picked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParentRead {
    pub fk: usize,
    pub table: usize,
    pub column: usize,
}

/// The guards of `t`'s BEFORE INSERT triggers that can be evaluated; a warning for each
/// refusal that cannot.
pub fn plan_guards(
    catalog: &Catalog,
    t: &Table,
    tp: &TablePlan,
    window_end: i64,
) -> (Vec<GuardPlan>, Diagnostics) {
    let mut out = Vec::new();
    let mut found = Diagnostics::default();
    for trg in &t.triggers {
        // Refusals that join a listing are planned by `membership`.
        for r in trg.effect.rejections.iter().filter(|r| r.joins.is_empty()) {
            match guard(catalog, t, tp, trg, r, window_end) {
                Ok(g) => out.push(g),
                Err(why) => found.warnings.push(unchecked(t, trg, &why)),
            }
        }
    }
    (out, found)
}

/// The warning for a refusal that is not kept out.
pub(super) fn unchecked(t: &Table, trg: &Trigger, why: &str) -> String {
    format!(
        "{}: BEFORE INSERT trigger {} ({}) raises an error on conditions seedbed cannot check ({why}): it may reject generated rows",
        t.key(),
        trg.name,
        trg.function
    )
}

fn guard(
    catalog: &Catalog,
    t: &Table,
    tp: &TablePlan,
    trg: &Trigger,
    r: &Rejection,
    window_end: i64,
) -> Result<GuardPlan, String> {
    let mut reads: Vec<ParentRead> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut values = Vec::new();
    for (k, l) in r.lookups.iter().enumerate() {
        let (fk, parent) = lookup_key(t, tp, l)?;
        let key = &tp.fks[fk].parent_key;
        let pt = catalog
            .tables
            .iter()
            .find(|p| &p.key() == key)
            .ok_or("its parent table is not loaded")?;
        let renamed = l.expr.rewrite(&|n| match n {
            Expr::Column { name } => Some(Expr::Column {
                name: format!("__parent{k}__{name}"),
            }),
            _ => None,
        });
        for c in l.expr.columns() {
            let column = pt
                .column_index(&c)
                .ok_or_else(|| format!("{} has no column {c}", pt.key()))?;
            let read = ParentRead {
                fk,
                table: parent,
                column,
            };
            if !reads.contains(&read) {
                reads.push(read);
                names.push(format!("__parent{k}__{c}"));
                labels.push(format!("{}.{c}", pt.key()));
            }
        }
        values.push(lookup_value(&l.by, l.exists, renamed));
    }
    let when = r.when.rewrite(&|n| match n {
        Expr::Column { name } => name
            .strip_prefix(LOOKUP_PREFIX)
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| values.get(k).cloned()),
        _ => None,
    });
    let when = fixed_now(when, window_end)?;
    let width = t.columns.len();
    let index = |name: &str| {
        t.column_index(name)
            .or_else(|| names.iter().position(|n| n == name).map(|i| width + i))
    };
    let accepted = Expr::IsBool {
        expr: Box::new(when),
        value: true,
        negated: true,
    };
    let (node, modelled) = eval::compile(&accepted, &index);
    if !modelled {
        return Err("part of it is not modelled".into());
    }
    let columns = columns_of(&node_columns(&accepted, t));
    if columns.iter().any(|&c| !tp.columns[c].write) {
        return Err("it reads a column seedbed does not write".into());
    }
    Ok(GuardPlan {
        check: CheckPlan {
            name: format!("trigger {}", trg.name),
            definition: describe(trg, &columns, t, &labels),
            node,
            columns,
            translation: Translation::None,
            modelled: true,
            domain_of: None,
        },
        reads,
    })
}

fn node_columns(e: &Expr, t: &Table) -> Vec<usize> {
    e.columns()
        .iter()
        .filter_map(|c| t.column_index(c))
        .collect()
}

fn columns_of(cols: &[usize]) -> Vec<usize> {
    let mut v = cols.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// `f raises on a condition on a, b, schema.parent.c`.
fn describe(trg: &Trigger, columns: &[usize], t: &Table, parent_columns: &[String]) -> String {
    let read: Vec<&str> = columns
        .iter()
        .map(|&c| t.columns[c].name.as_str())
        .chain(parent_columns.iter().map(String::as_str))
        .collect();
    format!(
        "{} raises on a condition on {}",
        trg.function,
        read.join(", ")
    )
}

/// The functions that read the clock.
const CLOCK: [&str; 7] = [
    "now",
    "current_timestamp",
    "current_date",
    "localtimestamp",
    "transaction_timestamp",
    "statement_timestamp",
    "clock_timestamp",
];

fn is_clock(e: &Expr) -> bool {
    match e.strip_casts() {
        Expr::Function { name, args } => args.is_empty() && CLOCK.contains(&name.as_str()),
        Expr::Column { name } => CLOCK.contains(&name.as_str()),
        _ => false,
    }
}

fn reads_clock(e: &Expr) -> bool {
    let mut found = false;
    e.visit(&mut |n| found |= is_clock(n));
    found
}

/// `when` with the clock read as the end of the profile's time window. Sound only when
/// refusing never gets more likely as time passes (the server's clock is later than the
/// window's end): `x <= now()` may refuse less later on, `x > now()` more, so a condition
/// is read only when it is monotone in the right direction, and only once the window has
/// ended.
fn fixed_now(when: Expr, window_end: i64) -> Result<Expr, String> {
    if !reads_clock(&when) {
        return Ok(when);
    }
    if !refusal_shrinks_with_time(&when, true) {
        return Err("it compares with the clock in a way that may refuse more rows later".into());
    }
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64 - 946_684_800_000_000);
    if today < window_end {
        return Err("it compares with the clock and the time window has not ended yet".into());
    }
    let end = timestamp_text(window_end);
    Ok(when.rewrite(&|n| {
        is_clock(n).then(|| Expr::Cast {
            expr: Box::new(Expr::Literal {
                value: Literal::String(end.clone()),
            }),
            to: "timestamp with time zone".into(),
        })
    }))
}

/// Whether a refusal condition `e` (true: refused) can only become false, never true, as the
/// clock moves forward (`shrinks`), or the other way round with `!shrinks`.
fn refusal_shrinks_with_time(e: &Expr, shrinks: bool) -> bool {
    if !reads_clock(e) {
        return true;
    }
    match e {
        Expr::Binary {
            op: BinOp::And | BinOp::Or,
            left,
            right,
        } => refusal_shrinks_with_time(left, shrinks) && refusal_shrinks_with_time(right, shrinks),
        Expr::Not { expr } => refusal_shrinks_with_time(expr, !shrinks),
        // Branches chosen without the clock: each result moves the same way.
        Expr::Case {
            operand: None,
            branches,
            otherwise,
        } => {
            branches
                .iter()
                .all(|b| !reads_clock(&b.when) && refusal_shrinks_with_time(&b.then, shrinks))
                && otherwise
                    .as_deref()
                    .is_none_or(|o| refusal_shrinks_with_time(o, shrinks))
        }
        Expr::IsBool {
            expr,
            value,
            negated,
        } => refusal_shrinks_with_time(expr, shrinks == (*value != *negated)),
        Expr::Binary { op, left, right } => {
            // `x op now()`: true more often later for < and <=, less often for > and >=.
            let (clock_right, other) = match (is_clock(left), is_clock(right)) {
                (false, true) => (true, left),
                (true, false) => (false, right),
                _ => return false,
            };
            if reads_clock(other) {
                return false;
            }
            let grows = match (op, clock_right) {
                (BinOp::Lt | BinOp::LtEq, true) | (BinOp::Gt | BinOp::GtEq, false) => true,
                (BinOp::Gt | BinOp::GtEq, true) | (BinOp::Lt | BinOp::LtEq, false) => false,
                _ => return false,
            };
            grows != shrinks
        }
        _ => false,
    }
}

/// `YYYY-MM-DD HH:MM:SS.ffffff` of microseconds since 2000-01-01.
fn timestamp_text(micros: i64) -> String {
    let day = micros.div_euclid(MICROS_PER_DAY);
    let us = micros.rem_euclid(MICROS_PER_DAY);
    let (y, m, d) = civil_from_days(day as i32);
    let secs = us / 1_000_000;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:06}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        us % 1_000_000
    )
}

/// The foreign key of `t` whose one column is the lookup's `by` and which references the
/// lookup's table by its `key`, with the parent's plan index.
fn lookup_key(t: &Table, tp: &TablePlan, l: &Lookup) -> Result<(usize, usize), String> {
    let by = t
        .column_index(&l.by)
        .ok_or_else(|| format!("{} is not a column of the table", l.by))?;
    let Some((fk, _)) = tp.fk_of_column[by] else {
        return Err(format!(
            "it looks up {} by {}, which is not a foreign key",
            l.table, l.by
        ));
    };
    let f = &tp.fks[fk];
    let key_matches = f.columns == [by] && f.parent_key == l.table;
    let parent = f
        .parent
        .filter(|_| key_matches && !f.self_reference && f.deferred.is_none());
    let parent = parent.ok_or_else(|| {
        format!(
            "it looks up {} by {}, which is not a loaded foreign key to that table",
            l.table, l.by
        )
    })?;
    Ok((fk, parent))
}

/// A lookup as an expression over the row and the parent's columns: EXISTS is `by IS NOT NULL
/// AND expr IS TRUE` (the foreign key guarantees the parent row); a scalar subquery is NULL
/// when `by` is.
fn lookup_value(by: &str, exists: bool, expr: Expr) -> Expr {
    let by_col = Expr::Column {
        name: by.to_string(),
    };
    if exists {
        Expr::Binary {
            op: BinOp::And,
            left: Box::new(Expr::IsNull {
                expr: Box::new(by_col),
                negated: true,
            }),
            right: Box::new(Expr::IsBool {
                expr: Box::new(expr),
                value: true,
                negated: false,
            }),
        }
    } else {
        Expr::Case {
            operand: None,
            branches: vec![CaseBranch {
                when: Expr::IsNull {
                    expr: Box::new(by_col),
                    negated: false,
                },
                then: Expr::Literal {
                    value: Literal::Null,
                },
            }],
            otherwise: Some(Box::new(expr)),
        }
    }
}

/// The parent columns every guard reads must be row-addressable (computable from the parent's
/// row number alone); a guard reading one that is not is dropped with a warning. Run once
/// every table is planned, after lineage.
pub fn settle(tables: &mut [TablePlan], warnings: &mut Vec<String>) {
    for ti in 0..tables.len() {
        let guards = std::mem::take(&mut tables[ti].guards);
        let mut kept = Vec::new();
        for g in guards {
            let ok = g.reads.iter().all(|r| {
                r.table < ti && super::lineage::make_addressable(tables, r.table, r.column)
            });
            if ok {
                kept.push(g);
            } else {
                warnings.push(format!(
                    "{}: BEFORE INSERT {} raises an error on conditions seedbed cannot check (a parent column it reads is re-drawn per row): it may reject generated rows",
                    tables[ti].key, g.check.name
                ));
            }
        }
        tables[ti].guards = kept;
    }
}

/// The row followed by the parent columns `g` reads, at the row's `parents`.
pub fn guard_row(
    g: &GuardPlan,
    values: &[Value],
    parents: &[Option<u64>],
    value_at: &dyn Fn(usize, usize, u64) -> Value,
) -> Vec<Value> {
    let mut row = values.to_vec();
    for r in &g.reads {
        row.push(match parents[r.fk] {
            Some(p) => value_at(r.table, r.column, p),
            None => Value::Null,
        });
    }
    row
}

/// Whether `node` passes (NULL counts as passing, as in a CHECK).
pub fn accepts(g: &GuardPlan, row: &[Value]) -> bool {
    eval::passes(&g.check.node, row) != Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(sql: &str) -> Expr {
        Expr::parse_whole(sql).expect("parses")
    }

    #[test]
    fn the_clock_is_read_only_where_later_means_fewer_refusals() {
        // Refused unless confirmed by now: later, fewer rows are refused.
        for ok in [
            "NOT (confirmed IS NOT NULL AND confirmed <= now())",
            "confirmed > now()",
            "now() < confirmed OR confirmed IS NULL",
        ] {
            assert!(refusal_shrinks_with_time(&refusal(ok), true), "{ok}");
        }
        for wrong in [
            "expires < now()",
            "NOT (expires > now())",
            "d = current_date",
        ] {
            assert!(!refusal_shrinks_with_time(&refusal(wrong), true), "{wrong}");
        }
    }

    #[test]
    fn the_window_end_as_text() {
        assert_eq!(timestamp_text(0), "2000-01-01 00:00:00.000000");
        assert_eq!(
            timestamp_text(MICROS_PER_DAY + 3_723_000_001),
            "2000-01-02 01:02:03.000001"
        );
    }
}
