//! The index behind a trigger's listing ([`crate::plan::membership`]): the parents grouped by
//! the values the trigger's join reads, and the listed rows, from those tables' rows as their
//! loads generate them. It holds a row number per parent row and a group per listed row:
//! memory grows with those tables, not with the table being generated.

use super::{SeenState, TableEngine};
use crate::plan::membership::{MemberIndex, MemberPlan};
use crate::plan::{Plan, RowLimit, TablePlan};
use crate::values::rng::{below, hash_at};
use crate::values::value::Value;

/// The index of `m`, a listing of table `t`, built on first use.
pub fn index<'p>(plan: &Plan, t: &TablePlan, m: &'p MemberPlan) -> &'p MemberIndex {
    m.index.get_or_init(|| {
        let values = (m.parts.iter())
            .map(|p| match t.fks[p.fk].parent {
                Some(pt) => keys(plan, pt, std::slice::from_ref(&p.read))
                    .pop()
                    .unwrap_or_default(),
                None => Vec::new(),
            })
            .collect();
        let listed: Vec<Vec<usize>> = m.parts.iter().map(|p| p.listed.clone()).collect();
        let by_part = keys(plan, m.table, &listed);
        let rows = plan.tables[m.table].rows as usize;
        let listed = (0..rows)
            .map(|r| by_part.iter().map(|k| k[r].clone()).collect())
            .collect();
        MemberIndex::build(values, listed, m.key64)
    })
}

/// For each column set of `sets`, its values in every row of plan table `ti` as one key per
/// row (`None` when one is NULL: a join never matches it). The table's rows are generated
/// as its load generates them, re-draws and earlier blocks' unique values included, so the
/// keys are the values the server will hold; only the columns asked are kept.
fn keys(plan: &Plan, ti: usize, sets: &[Vec<usize>]) -> Vec<Vec<Option<String>>> {
    let engine = TableEngine::new(plan, ti);
    let mut seen = SeenState::default();
    let rows = plan.tables[ti].rows as usize;
    let mut out: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(rows); sets.len()];
    for block in 0..engine.blocks() {
        let generated = engine.block(block, Some(&mut seen), &mut |values| {
            for (set, keys) in sets.iter().zip(out.iter_mut()) {
                keys.push(key_of(values, set));
            }
        });
        if generated.is_err() {
            // The table cannot be generated: its own load reports why; it lists nothing.
            return vec![vec![None; rows]; sets.len()];
        }
    }
    out
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
        Some(p) if m.distinct && row < cap => p.apply(row),
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
            let limit = if m.distinct {
                cap
            } else {
                cap.min(1) * u64::MAX
            };
            if t.rows > limit {
                let parents: Vec<&str> = (m.parts.iter())
                    .filter_map(|p| t.fks[p.fk].parent)
                    .map(|pt| plan.tables[pt].key.as_str())
                    .collect();
                let what = if m.distinct {
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
