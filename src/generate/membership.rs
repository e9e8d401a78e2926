//! The index behind a trigger's listing ([`crate::plan::membership`]): the parents grouped by
//! the values the trigger's join reads, and the listed rows, from those tables' rows as their
//! loads generate them. It holds a row number per parent row and the distinct values read:
//! memory grows with those tables, not with the table being generated.

use super::{SeenState, TableEngine};
use crate::plan::membership::{MemberIndex, MemberIndexBuilder, MemberPlan};
use crate::plan::{Plan, RowLimit, TablePlan};
use crate::values::rng::{below, hash_at};
use crate::values::value::Value;

/// The index of `m`, a listing of table `t`, built on first use.
pub fn index<'p>(plan: &Plan, t: &TablePlan, m: &'p MemberPlan) -> &'p MemberIndex {
    m.index.get_or_init(|| {
        let mut b = MemberIndexBuilder::new(m.parts.len());
        for (k, p) in m.parts.iter().enumerate() {
            if let Some(pt) = t.fks[p.fk].parent {
                let mut row = 0;
                each_row(plan, pt, &mut |values| {
                    b.parent(k, row, key_of(values, &p.read));
                    row += 1;
                });
            }
        }
        each_row(plan, m.table, &mut |values| {
            let keys: Vec<Option<String>> =
                m.parts.iter().map(|p| key_of(values, &p.listed)).collect();
            b.listed(&keys);
        });
        b.finish(m.key64)
    })
}

/// Every row of plan table `ti` as its load generates it (re-draws and earlier blocks'
/// unique values included), so the values read are the ones the server will hold. A table
/// that cannot be generated stops early: its own load reports why.
fn each_row(plan: &Plan, ti: usize, out: &mut dyn FnMut(&[Value])) {
    let engine = TableEngine::new(plan, ti);
    let mut seen = SeenState::default();
    for block in 0..engine.blocks() {
        if engine.block(block, Some(&mut seen), out).is_err() {
            return;
        }
    }
}

fn key_of(values: &[Value], cols: &[usize]) -> Option<String> {
    let mut key = String::new();
    for &c in cols {
        if values[c].is_null() {
            return None;
        }
        key.push_str(&values[c].to_text(false));
        key.push('\u{1f}');
    }
    Some(key)
}

/// The parent row of each part of `m` for `row`: the row's own combination when they must be
/// distinct, else one drawn by a hash of the row.
pub fn parents(plan: &Plan, t: &TablePlan, m: &MemberPlan, row: u64) -> Vec<Option<u64>> {
    let ix = index(plan, t, m);
    let cap = ix.capacity();
    if cap == 0 {
        return vec![None; m.parts.len()];
    }
    let k = match &ix.perm {
        Some(p) if m.distinct() && row < cap => p.apply(row),
        _ => below(hash_at(m.key64, row), cap),
    };
    ix.decode(k).into_iter().map(Some).collect()
}

/// Tables with more rows than their listings admit, by catalog index.
pub fn limits(plan: &Plan) -> Vec<RowLimit> {
    let mut out = Vec::new();
    for t in &plan.tables {
        for m in &t.members {
            let cap = index(plan, t, m).capacity();
            // Distinct combinations run out; any other row may repeat one, if there is one.
            let limit = match (m.distinct(), cap) {
                (true, _) => cap,
                (false, 0) => 0,
                (false, _) => u64::MAX,
            };
            if t.rows > limit {
                let parents: Vec<&str> = (m.parts.iter())
                    .filter_map(|p| t.fks[p.fk].parent)
                    .map(|pt| plan.tables[pt].key.as_str())
                    .collect();
                let what = if m.distinct() {
                    "distinct combinations"
                } else {
                    "combinations"
                };
                out.push(RowLimit {
                    table: t.catalog_index,
                    rows: limit,
                    subject: m.name.clone(),
                    why: format!(
                        "{} admits only {cap} {what} of the rows of {} that {} lists",
                        m.name,
                        parents.join(" and "),
                        plan.tables[m.table].key
                    ),
                });
            }
        }
    }
    out
}

/// Hand the listing indexes `old` built to `new`, a re-plan of the same schema, where the
/// tables they read kept their row counts: the parents are not generated again.
pub fn carry_over(old: &Plan, new: &mut Plan) {
    let rows = |p: &Plan, t: &TablePlan, m: &MemberPlan| -> Vec<u64> {
        let parents = m.parts.iter().filter_map(|part| t.fks[part.fk].parent);
        (parents.chain([m.table]))
            .map(|ti| p.tables[ti].rows)
            .collect()
    };
    let mut carried = Vec::new();
    for (ti, (o, n)) in old.tables.iter().zip(&new.tables).enumerate() {
        for (k, (om, nm)) in o.members.iter().zip(&n.members).enumerate() {
            if om.index.get().is_some() && rows(old, o, om) == rows(new, n, nm) {
                carried.push((ti, k, om.index.clone()));
            }
        }
    }
    for (ti, k, index) in carried {
        new.tables[ti].members[k].index = index;
    }
}
