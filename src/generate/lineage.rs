//! Values derived from parent rows (planned in `plan::lineage`): a child recomputes its
//! parent's value at the parent row its foreign key picked, never reads it back.

use rand::Rng;

use super::{NULL_SALT, RowCtx, fk_parent, key_value, produce};
use crate::plan::lineage::{Lineage, Rule, derive_price, to_unit};
use crate::plan::{Plan, TablePlan};
use crate::values::gens::keyed_unit;
use crate::values::rng::{RowRng, below, hash_at, unit};
use crate::values::value::Value;

/// Keys a derived column's own randomness (its offset after the parent, its discount), apart
/// from the stream its generator would use.
const LINEAGE_SALT: u64 = 0x6c69_6e65_6167_6521;

/// The value of column `ci` of plan table `ti` at `row` as its first draw gives it, computed
/// alone. Valid for keyed, addressable and derived columns and foreign-key columns.
pub fn row_value(plan: &Plan, ti: usize, ci: usize, row: u64) -> Value {
    let t = &plan.tables[ti];
    if t.columns[ci].lineage.is_none() && t.fk_of_column[ci].is_some() {
        return key_value(plan, ti, ci, row);
    }
    let ctx = RowCtx::new(plan, t, row);
    first_draw(plan, t, ci, row, &ctx, &|fi| fk_parent(t, fi, row, 0, &ctx))
}

/// The first draw of an addressable or derived column, given the row's parent rows.
pub fn first_draw(
    plan: &Plan,
    t: &TablePlan,
    ci: usize,
    row: u64,
    ctx: &RowCtx,
    parent: &dyn Fn(usize) -> Option<u64>,
) -> Value {
    let c = &t.columns[ci];
    let at = t.row_offset + row;
    let copies = matches!(
        c.lineage,
        Some(Lineage {
            rule: Rule::Copy | Rule::PickKey { .. },
            ..
        })
    );
    let null = match c.null_fraction {
        _ if copies => false,
        f if f <= 0.0 => false,
        f if f >= 1.0 => true,
        f => keyed_unit(c.key64 ^ NULL_SALT, row) < f,
    };
    if null {
        return Value::Null;
    }
    let Some(lineage) = &c.lineage else {
        return produce(c, &mut RowRng::new(c.key64, at), &ctx.cx(at, &[], plan));
    };
    let mut rng = RowRng::new(c.key64 ^ LINEAGE_SALT, at);
    let sources = lineage.sources.iter().map(|s| match s.fk {
        Some(fi) => parent(fi).map_or(Value::Null, |p| row_value(plan, s.table, s.column, p)),
        None => Value::Null,
    });
    match lineage.rule {
        Rule::After { date, min, max } => {
            let base = sources
                .filter_map(|v| match v {
                    Value::Date(d) => Some(to_unit(d as i64, true, date)),
                    Value::Timestamp(us) => Some(to_unit(us, false, date)),
                    _ => None,
                })
                .max()
                .map_or(min, |b| b.max(min));
            let v = base + below(rng.next_u64(), (max - base).max(0) as u64 + 1) as i64;
            if date {
                Value::Date(v as i32)
            } else {
                Value::Timestamp(v)
            }
        }
        Rule::Price { .. } => {
            let price = sources.into_iter().next().unwrap_or(Value::Null);
            if price.is_null() {
                return produce(c, &mut rng, &ctx.cx(at, &[], plan));
            }
            let factor = if unit(rng.next_u64()) < 0.8 {
                1.0
            } else {
                1.0 - 0.05 * (1 + below(rng.next_u64(), 4)) as f64
            };
            derive_price(&price, lineage.rule, factor)
        }
        Rule::Copy => sources.into_iter().next().unwrap_or(Value::Null),
        Rule::PickKey { rows } => {
            let s = &lineage.sources[0];
            let r = below(hash_at(c.key64 ^ LINEAGE_SALT, at), rows);
            key_value(plan, s.table, s.column, r)
        }
    }
}

/// Recompute the values derived through foreign keys a CHECK or a unique key may re-draw (the
/// columns not addressable), so they follow the row's current parents.
pub fn refresh(
    plan: &Plan,
    t: &TablePlan,
    row: u64,
    ctx: &RowCtx,
    parents: &[Option<u64>],
    values: &mut [Value],
) {
    for (ci, c) in t.columns.iter().enumerate() {
        if c.write && c.lineage.is_some() && !c.addressable {
            values[ci] = first_draw(plan, t, ci, row, ctx, &|fi| parents[fi]);
        }
    }
}
