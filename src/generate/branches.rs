//! Disjunctive CHECKs whose branches say what the row must hold:
//! `(id <> 1) OR ((type = 3) AND (gender IS NULL) AND …)`. When re-drawing has not met such a
//! CHECK (the row's pinned key forces a branch random values never reach), the row engine
//! applies a branch instead: its columns set NULL, its foreign keys pointed at the parent row
//! that holds the constant, its other constants written.

use crate::plan::{Plan, TablePlan};
use crate::values::eval::{Ev, Node, eval};
use crate::values::expr::BinOp;
use crate::values::value::Value;

/// Parent rows searched for a constant a foreign key must take.
const PARENT_SEARCH: u64 = 10_000;

/// What one branch sets.
#[derive(Debug, Clone, Default)]
pub(super) struct Branch {
    pub nulls: Vec<usize>,
    /// (foreign key, parent row holding the constant).
    pub parents: Vec<(usize, u64)>,
    pub constants: Vec<(usize, Value)>,
}

/// The branches of every CHECK of the table that can be applied (empty for other CHECKs).
pub(super) fn of_table(plan: &Plan, t: &TablePlan) -> Vec<Vec<Branch>> {
    t.checks
        .iter()
        .map(|ch| {
            let parts = split(&ch.node, BinOp::Or);
            if parts.len() < 2 {
                return Vec::new();
            }
            parts
                .into_iter()
                .filter_map(|d| branch(plan, t, d))
                .collect()
        })
        .collect()
}

fn split(n: &Node, op: BinOp) -> Vec<&Node> {
    match n {
        Node::Bin(o, l, r) if *o == op => {
            let mut v = split(l, op);
            v.extend(split(r, op));
            v
        }
        other => vec![other],
    }
}

/// A disjunct made only of `col IS NULL` and `col = constant`, on columns the engine may set.
fn branch(plan: &Plan, t: &TablePlan, d: &Node) -> Option<Branch> {
    let mut b = Branch::default();
    for c in split(d, BinOp::And) {
        match c {
            Node::IsNull(x, false) => {
                let Node::Col(i) = **x else { return None };
                if !settable(t, i) || !nullable(t, i) {
                    return None;
                }
                b.nulls.push(i);
            }
            Node::Bin(BinOp::Eq, l, r) => {
                let (i, lit) = match (&**l, &**r) {
                    (Node::Col(i), Node::Lit(v)) | (Node::Lit(v), Node::Col(i)) => (*i, v),
                    _ => return None,
                };
                if !settable(t, i) {
                    return None;
                }
                match t.fk_of_column[i] {
                    Some((fi, 0)) if t.fks[fi].columns.len() == 1 => {
                        b.parents.push((fi, parent_holding(plan, t, fi, lit)?))
                    }
                    Some(_) => return None,
                    None => b.constants.push((i, constant(t, i, lit)?)),
                }
            }
            _ => return None,
        }
    }
    Some(b)
}

/// Written and not a pinned key (whose value others depend on).
fn settable(t: &TablePlan, i: usize) -> bool {
    let c = &t.columns[i];
    c.write && !c.pinned && t.fk_of_column[i].is_none_or(|(fi, _)| !t.fks[fi].pinned)
}

fn nullable(t: &TablePlan, i: usize) -> bool {
    match t.fk_of_column[i] {
        Some((fi, _)) => t.fks[fi].nullable,
        None => t.columns[i].null_fraction > 0.0,
    }
}

/// The first parent row whose referenced key equals `lit`.
fn parent_holding(plan: &Plan, t: &TablePlan, fi: usize, lit: &Ev<'static>) -> Option<u64> {
    let f = &t.fks[fi];
    let parent = f.parent?;
    let pc = *f.parent_columns.first()?;
    (0..f.parent_rows.min(PARENT_SEARCH)).find(|&p| {
        let v = super::key_value(plan, parent, pc, p);
        eval(
            &Node::Bin(
                BinOp::Eq,
                Box::new(Node::Lit(lit.clone())),
                Box::new(Node::Col(0)),
            ),
            std::slice::from_ref(&v),
        ) == Ev::Bool(true)
    })
}

/// A constant as a value of the column: integers for integer columns, text for text ones.
fn constant(t: &TablePlan, i: usize, lit: &Ev) -> Option<Value> {
    let ty = t.columns[i].type_name.as_str();
    match lit {
        Ev::Num(n) if n.fract() == 0.0 && matches!(ty, "smallint" | "integer" | "bigint") => {
            Some(Value::Int(*n as i64))
        }
        Ev::Text(s) if ty == "text" || ty.starts_with("character") => {
            Some(Value::Text(s.to_string()))
        }
        Ev::Bool(b) if ty == "boolean" => Some(Value::Bool(*b)),
        _ => None,
    }
}
