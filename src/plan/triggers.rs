//! Triggers that change what a load stores, planned for so the seed cannot break:
//!
//! - a BEFORE INSERT row trigger read from its body rewrites each generated row before its
//!   CHECKs and unique keys are evaluated (the row checked is the row the server stores; the
//!   row sent is the one generated, which the trigger rewrites the same way);
//! - one that may change the row but cannot be read is a warning: its changes are not checked;
//! - a table an AFTER INSERT trigger of another loaded table inserts into, when it has a unique
//!   key, is left to the trigger (its own rows would collide with the trigger's);
//! - a trigger whose body calls a function the database lacks is refused: every row inserted
//!   would fail.

use std::collections::HashMap;

use super::{Diagnostics, Refusal};
use crate::model::{Catalog, Rewrite, Table, Trigger};
use crate::values::eval::{self, Node};
use crate::values::expr::{Expr, Literal};
use crate::values::value::Value;

/// One change a BEFORE INSERT trigger makes to a generated row.
#[derive(Debug, Clone)]
pub struct RewritePlan {
    /// The trigger's name.
    pub trigger: String,
    pub column: usize,
    /// Applied when this is true (always when `None`).
    pub when: Option<Node>,
    pub value: NewValue,
}

/// What a rewritten column becomes.
#[derive(Debug, Clone)]
pub enum NewValue {
    Set(Value),
    /// The value of another column of the row.
    Copy(usize),
}

/// Apply the rewrites, in order, to a row.
pub fn apply(rewrites: &[RewritePlan], values: &mut [Value]) {
    for r in rewrites {
        if r.when
            .as_ref()
            .is_none_or(|w| eval::passes(w, values) == Some(true))
        {
            values[r.column] = match &r.value {
                NewValue::Set(v) => v.clone(),
                NewValue::Copy(c) => values[*c].clone(),
            };
        }
    }
}

/// The rewrites of `t`'s BEFORE INSERT triggers (in firing order: by name), with a warning for
/// each trigger that may change rows but is not modelled.
pub fn plan_rewrites(
    t: &Table,
    written: &dyn Fn(usize) -> bool,
) -> (Vec<RewritePlan>, Diagnostics) {
    let mut out = Vec::new();
    let mut found = Diagnostics::default();
    for trg in &t.triggers {
        let not_modelled = |why: &str| {
            format!(
                "{}: BEFORE INSERT trigger {} ({}) may change the rows it is given and {why}: \
                 the rows are checked as generated, what the trigger changes is not",
                t.key(),
                trg.name,
                trg.function
            )
        };
        if trg.effect.may_reject {
            found.warnings.push(format!(
                "{}: BEFORE INSERT trigger {} ({}) raises an error on conditions seedbed cannot read: it may reject generated rows",
                t.key(),
                trg.name,
                trg.function
            ));
        }
        if let Some(why) = &trg.effect.unread {
            found
                .warnings
                .push(not_modelled(&format!("its body cannot be read ({why})")));
            continue;
        }
        let planned: Result<Vec<RewritePlan>, String> = trg
            .effect
            .rewrites
            .iter()
            .map(|r| rewrite(t, trg, r, written))
            .collect();
        match planned {
            Ok(p) => {
                found.extend(hazards(t, trg, &p));
                out.extend(p);
            }
            Err(why) => found.warnings.push(not_modelled(&why)),
        }
    }
    (out, found)
}

/// What a modelled trigger's changes may break that the row engine does not re-check: a NOT
/// NULL column set to NULL (refused when on every row, a warning when under a condition), a
/// column of a unique key set to a value (kept unique as generated, not as changed).
fn hazards(t: &Table, trg: &Trigger, planned: &[RewritePlan]) -> Diagnostics {
    let mut found = Diagnostics::default();
    for r in planned {
        let col = &t.columns[r.column];
        if matches!(r.value, NewValue::Set(Value::Null)) && col.effectively_not_null() {
            let message = format!(
                "BEFORE INSERT trigger {} sets this NOT NULL column to NULL",
                trg.name
            );
            match r.when {
                None => found.refusals.push(Refusal {
                    table: t.key(),
                    subject: col.name.clone(),
                    message: format!("{message}, so no row can be inserted"),
                    fix: "correct the trigger or the column".into(),
                }),
                Some(_) => found.warnings.push(format!(
                    "{}.{}: {message} under a condition: rows meeting it would be rejected",
                    t.key(),
                    col.name
                )),
            }
        }
        // A NULL never repeats a key.
        let null = matches!(r.value, NewValue::Set(Value::Null));
        if !null && t.all_unique_keys().any(|k| k.columns.contains(&col.name)) {
            found.warnings.push(format!(
                "{}.{}: BEFORE INSERT trigger {} changes this column of a unique key: unless the key is kept with a set of seen values (see its line), it is kept unique as generated, not as changed",
                t.key(),
                col.name,
                trg.name
            ));
        }
    }
    found
}

fn rewrite(
    t: &Table,
    trg: &Trigger,
    r: &Rewrite,
    written: &dyn Fn(usize) -> bool,
) -> Result<RewritePlan, String> {
    let index = |name: &str| t.column_index(name);
    let column = index(&r.column)
        .filter(|&c| written(c))
        .ok_or_else(|| format!("it sets {}, which seedbed does not write", r.column))?;
    let when = match &r.when {
        Some(w) => match eval::compile(w, &index) {
            (n, true) => Some(n),
            _ => return Err(format!("seedbed cannot evaluate when it sets {}", r.column)),
        },
        None => None,
    };
    let value = new_value(t, column, &r.value)
        .ok_or_else(|| format!("seedbed cannot evaluate what it sets {} to", r.column))?;
    Ok(RewritePlan {
        trigger: trg.name.clone(),
        column,
        when,
        value,
    })
}

/// A type name without its modifiers: `character varying(64)` → `character varying`.
fn base_type(t: &str) -> &str {
    t.split('(').next().unwrap_or(t).trim()
}

/// The values a rewrite can set: NULL, another column of the same type, a boolean, a string
/// into a text column, an integer into an integer column.
fn new_value(t: &Table, column: usize, e: &Expr) -> Option<NewValue> {
    let ty = base_type(&t.columns[column].type_name);
    let text = matches!(ty, "text" | "character varying" | "character" | "citext");
    let int = matches!(ty, "smallint" | "integer" | "bigint");
    if let Some(c) = e.as_column() {
        let c = t.column_index(c)?;
        return (base_type(&t.columns[c].type_name) == ty).then_some(NewValue::Copy(c));
    }
    let v = match e.strip_casts().as_literal()? {
        Literal::Null => Value::Null,
        Literal::Bool(b) if ty == "boolean" => Value::Bool(b),
        Literal::String(s) if text => Value::Text(s),
        Literal::Number(n) if int => Value::Int(n.parse().ok()?),
        _ => return None,
    };
    Some(NewValue::Set(v))
}

/// What AFTER INSERT triggers of loaded tables mean for the tables they insert into (by
/// catalog index): a table whose primary key the trigger's `INSERT` fills from the row that
/// fired it is left to the trigger, rows of its own would collide with the trigger's. (Keys the
/// `INSERT` leaves to a sequence do not collide: a load advances sequences before the rows go
/// in.)
pub fn trigger_targets(
    catalog: &Catalog,
    loaded: &[usize],
    rows: &HashMap<usize, u64>,
) -> HashMap<usize, String> {
    let index: HashMap<String, usize> = loaded
        .iter()
        .map(|&i| (catalog.tables[i].key(), i))
        .collect();
    let mut left = HashMap::new();
    for &si in loaded
        .iter()
        .filter(|i| rows.get(i).is_some_and(|&n| n > 0))
    {
        let source = &catalog.tables[si];
        for trg in &source.triggers {
            for target in &trg.effect.inserts_into {
                let Some(&ti) = index.get(&target.table).filter(|&&ti| ti != si) else {
                    continue;
                };
                let t = &catalog.tables[ti];
                let named = |c: &String| target.columns.as_ref().is_none_or(|l| l.contains(c));
                if target.from_new
                    && t.primary_key
                        .as_ref()
                        .is_some_and(|k| k.columns.iter().all(named))
                {
                    left.entry(ti).or_insert_with(|| {
                        format!(
                            "left to AFTER INSERT trigger {} on {}, which inserts its rows (rows of its own would collide with them in its primary key)",
                            trg.name,
                            source.key()
                        )
                    });
                }
            }
        }
    }
    left
}

/// A refusal for each trigger of a table that gets rows whose body calls a function the
/// database does not have.
pub fn missing_calls(t: &Table, rows: u64) -> Vec<Refusal> {
    if rows == 0 {
        return Vec::new();
    }
    t.triggers
        .iter()
        .filter(|trg| !trg.effect.missing.is_empty())
        .map(|trg| Refusal {
            table: t.key(),
            subject: format!("trigger {}", trg.name),
            message: format!(
                "its function {} {} {}, so an insert that reaches it fails",
                trg.function,
                if trg.effect.missing.iter().any(|m| m.starts_with("table ")) {
                    "uses"
                } else {
                    "calls"
                },
                trg.effect.missing.join(", ")
            ),
            fix: "create what it calls first (the application may install it at run time), or leave the table out with --exclude-table".into(),
        })
        .collect()
}

/// For `plan`: per BEFORE INSERT trigger modelled, the columns it may set, e.g.
/// `simplify_search_hints sets sort_name, locale`.
pub fn describe(t: &super::TablePlan) -> Vec<String> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for r in &t.rewrites {
        let col = t.columns[r.column].name.as_str();
        match out.iter_mut().find(|(name, _)| *name == r.trigger) {
            Some((_, cols)) if !cols.contains(&col) => cols.push(col),
            Some(_) => {}
            None => out.push((r.trigger.clone(), vec![col])),
        }
    }
    out.into_iter()
        .map(|(name, cols)| format!("{name} sets {}", cols.join(", ")))
        .collect()
}

/// Columns an INSERT trigger casts to an enum (`NEW."limitStrategy"::varchar::strategy`) choose
/// only labels that enum has: the cast fails for the others, and with it the insert. A column
/// choosing among labels keeps those the target has too (a warning when none is left).
pub fn cast_enum_labels(
    catalog: &Catalog,
    t: &Table,
    columns: &mut [super::ColumnPlan],
) -> Diagnostics {
    let mut found = Diagnostics::default();
    for trg in &t.triggers {
        for (column, ty) in &trg.effect.casts {
            let (Some(ci), Some(labels)) = (t.column_index(column), enum_labels(catalog, ty))
            else {
                continue;
            };
            let c = &mut columns[ci];
            let crate::values::gens::Gen::Choice { values, cumulative } = &c.generator else {
                continue;
            };
            let weights: Vec<f64> = cumulative
                .iter()
                .scan(0.0, |prev, &c| {
                    let w = c - *prev;
                    *prev = c;
                    Some(w)
                })
                .collect();
            let kept: Vec<(Value, f64)> = values
                .iter()
                .zip(weights)
                .filter(|(v, _)| matches!(v, Value::Text(l) if labels.contains(l)))
                .map(|(v, w)| (v.clone(), w))
                .collect();
            if kept.len() == values.len() {
                continue;
            }
            if kept.is_empty() {
                found.warnings.push(format!(
                    "{}.{}: trigger {} casts it to {ty}, which has none of its labels: rows that reach the cast will fail",
                    t.key(),
                    c.name,
                    trg.name
                ));
                continue;
            }
            let (vals, ws): (Vec<Value>, Vec<f64>) = kept.into_iter().unzip();
            c.generator = crate::values::gens::Gen::choice(vals, Some(ws));
            c.reason = format!(
                "{}; only labels of {ty}, which trigger {} casts it to",
                c.reason, trg.name
            );
        }
    }
    found
}

/// The labels of the enum named `ty` (`name` or `schema.name`), from any column of that type.
fn enum_labels(catalog: &Catalog, ty: &str) -> Option<Vec<String>> {
    catalog
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .find_map(|c| match &c.type_info {
            crate::model::SqlType::Enum {
                schema,
                name,
                labels,
                ..
            } if name == ty || format!("{schema}.{name}") == ty => Some(labels.clone()),
            _ => None,
        })
}
