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
use crate::values::value::Value;

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
pub fn plan_guards(catalog: &Catalog, t: &Table, tp: &TablePlan) -> (Vec<GuardPlan>, Diagnostics) {
    let mut out = Vec::new();
    let mut found = Diagnostics::default();
    for trg in &t.triggers {
        for r in &trg.effect.rejections {
            match guard(catalog, t, tp, trg, r) {
                Ok(g) => out.push(g),
                Err(why) => found.warnings.push(unchecked(t, trg, &why)),
            }
        }
    }
    (out, found)
}

/// The warning for a refusal that is not kept out.
fn unchecked(t: &Table, trg: &Trigger, why: &str) -> String {
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
