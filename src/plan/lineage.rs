//! Values derived from a parent row (coherence across tables).
//!
//! A child row's foreign key picks a parent row index; the child can recompute that parent's
//! values only if they are *row-addressable*: a pure function of the seed and the row number
//! (a counter-based RNG keyed by (column, row), never re-drawn by a CHECK). This pass, run once
//! every table is planned, decides which parent columns children need, makes them addressable,
//! and gives each child column a [`Lineage`]:
//!
//! - a creation-like timestamp comes after its parents' (`orders.placed_at ≥
//!   customers.created_at`): [`Rule::After`];
//! - a line's price is its product's, sometimes with a small discount: [`Rule::Price`];
//! - a denormalized copy equals the parent's column of the same name (`partial_state_events.
//!   room_id = events.room_id`): [`Rule::Copy`]. When the child's copy is a foreign key to Q
//!   and the parent's column is plain text, the parent's column draws Q's keys
//!   ([`Rule::PickKey`]) so the copy is a valid reference too.
//!
//! Everything is decided from the catalog, the names and the plan: nothing per schema.

use serde::Serialize;

use super::constraints::Translation;
use super::{ColumnPlan, TablePlan};
use crate::model::Catalog;
use crate::pgtype::{TypeClass, classify};
use crate::values::eval;
use crate::values::gens::Gen;
use crate::values::value::{MICROS_PER_DAY, Value};
use crate::values::vocab::{Semantic, meaning, words};

/// How a column's value follows from parent rows.
#[derive(Debug, Clone)]
pub struct Lineage {
    pub rule: Rule,
    /// The parent values read, in order (several for [`Rule::After`]: after all of them).
    pub sources: Vec<LineageSource>,
}

/// One parent value a derived column reads.
#[derive(Debug, Clone)]
pub struct LineageSource {
    /// Index into the table's `fks` of the key whose parent row is read; `None` for
    /// [`Rule::PickKey`], which picks a row of `table` by a keyed hash of its own row.
    pub fk: Option<usize>,
    /// Plan index of the parent table.
    pub table: usize,
    /// Column index in the parent table.
    pub column: usize,
    /// `schema.table.column` of the parent value, for `plan`.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum Rule {
    /// At or after the latest parent value, at most `max` (days for a date, microseconds for
    /// a timestamp: the column's own range). With no parent (NULL keys), in `[min, max]`.
    After { date: bool, min: i64, max: i64 },
    /// The parent's price, in 1 row of 5 less a discount of 5, 10, 15 or 20 %, at `scale`
    /// decimals (numeric) or rounded to cents (float). A parent without a price (NULL, or no
    /// parent) leaves the column to its own generator.
    Price { scale: u8 },
    /// Exactly the parent's value.
    Copy,
    /// The key of a row of the source table chosen by a keyed hash of the row (`rows` rows).
    PickKey { rows: u64 },
}

impl Lineage {
    /// What `plan` says about it.
    pub fn describe(&self) -> String {
        let names: Vec<&str> = self.sources.iter().map(|s| s.name.as_str()).collect();
        let names = names.join(", ");
        match self.rule {
            Rule::After { .. } => format!("derived: at or after {names}"),
            Rule::Price { .. } => {
                format!("derived: the parent's {names}, 1 row in 5 discounted 5–20 %")
            }
            Rule::Copy => format!("derived: a copy of {names}"),
            Rule::PickKey { .. } => format!("derived: a key of {names} (children copy it)"),
        }
    }
}

/// The parent values a derived column reads, for `plan --format json`.
#[derive(Debug, Serialize)]
pub struct LineageReport {
    #[serde(flatten)]
    pub rule: Rule,
    pub from: Vec<String>,
}

impl From<&Lineage> for LineageReport {
    fn from(l: &Lineage) -> LineageReport {
        LineageReport {
            rule: l.rule,
            from: l.sources.iter().map(|s| s.name.clone()).collect(),
        }
    }
}

/// Give child columns their lineage, parents first (tables are in load order).
pub fn plan(catalog: &Catalog, tables: &mut [TablePlan]) {
    for ti in 0..tables.len() {
        for ci in 0..tables[ti].columns.len() {
            if !candidate(&tables[ti], ci) {
                continue;
            }
            let found = copy_rule(catalog, tables, ti, ci)
                .or_else(|| price_rule(catalog, tables, ti, ci))
                .or_else(|| after_rule(catalog, tables, ti, ci));
            if let Some((lineage, parent_changes)) = found {
                for (pt, pc, l) in parent_changes {
                    derive(&mut tables[pt].columns[pc], l, true);
                }
                let stable = parent_fks(&tables[ti], ti, true);
                let addressable = lineage
                    .sources
                    .iter()
                    .all(|s| s.fk.is_none_or(|fi| stable.contains(&fi)));
                derive(&mut tables[ti].columns[ci], Some(lineage), addressable);
            }
        }
    }
}

/// Parent columns to change for a rule: (table, column, lineage to give it, if any).
type ParentChanges = Vec<(usize, usize, Option<Lineage>)>;

/// Pin a column (never re-drawn by a CHECK) and make it addressable when every parent row it
/// reads is fixed at the first draw; derived from its parents when `lineage` says how.
fn derive(c: &mut ColumnPlan, lineage: Option<Lineage>, addressable: bool) {
    c.addressable = addressable;
    c.pinned = true;
    if let Some(l) = lineage {
        c.reason = format!("{}; {}", l.describe(), c.reason);
        if matches!(l.rule, Rule::Copy | Rule::PickKey { .. }) {
            // NULL exactly when the value copied is.
            c.null_fraction = 0.0;
        }
        c.lineage = Some(l);
    }
}

/// A column the profile or a key does not already decide.
fn candidate(t: &TablePlan, ci: usize) -> bool {
    let c = &t.columns[ci];
    c.write
        && !c.keyed
        && c.lineage.is_none()
        && c.distinct.is_none()
        && c.source != super::Source::Profile
        && c.generator.depends_on().is_empty()
        && !in_seen_set(t, ci)
}

/// A column a unique key's seen-set re-draws on a collision.
fn in_seen_set(t: &TablePlan, ci: usize) -> bool {
    t.seen_sets.iter().any(|s| s.regenerate.contains(&ci))
}

/// Foreign keys a child can derive values through: their parent is in the plan and loaded
/// before, and they are neither trees nor deferred. With `stable`, only those whose parent row
/// is fixed at the first draw (no CHECK reads them, no seen-set re-draws them), so values
/// derived through them are addressable in turn; the engine refreshes values derived through
/// the others whenever the row's parents change.
fn parent_fks(t: &TablePlan, ti: usize, stable: bool) -> Vec<usize> {
    (0..t.fks.len())
        .filter(|&fi| {
            let f = &t.fks[fi];
            f.parent.is_some_and(|p| p < ti)
                && !f.self_reference
                && f.deferred.is_none()
                && f.parent_rows > 0
                && (!stable
                    || f.columns.iter().all(|&c| {
                        !t.checks.iter().any(|ch| ch.columns.contains(&c))
                            && !t.guards.iter().any(|g| g.check.columns.contains(&c))
                            && !in_seen_set(t, c)
                    }))
        })
        .collect()
}

/// Whether a parent column's value at any row can be computed alone, making it so when it
/// can be (without changing it yet: the caller marks it).
fn addressable(tables: &[TablePlan], pt: usize, pc: usize) -> bool {
    let t = &tables[pt];
    let c = &t.columns[pc];
    if !c.write {
        return false;
    }
    if c.keyed || c.lineage.is_some() {
        return c.keyed || c.addressable;
    }
    if let Some((fi, _)) = t.fk_of_column[pc] {
        return parent_fks(t, pt, true).contains(&fi) && t.fks[fi].columns.len() == 1;
    }
    // A CHECK on it alone that the generator meets by construction passes on the first draw;
    // any other needs another column to re-draw.
    let met = |ch: &super::CheckPlan| {
        ch.columns.iter().all(|&o| o == pc) && ch.translation == Translation::Full && ch.modelled
    };
    candidate(t, pc)
        && t.checks
            .iter()
            .filter(|ch| ch.columns.contains(&pc))
            .all(|ch| c.null_fraction == 0.0 && (met(ch) || others_redrawn(t, &ch.columns, pc)))
}

/// Make a parent column row-addressable for a reader outside lineage (a trigger's guard);
/// false when it cannot be.
pub fn make_addressable(tables: &mut [TablePlan], pt: usize, pc: usize) -> bool {
    if !addressable(tables, pt, pc) {
        return false;
    }
    let t = &mut tables[pt];
    let c = &t.columns[pc];
    if !c.keyed && c.lineage.is_none() && t.fk_of_column[pc].is_none() {
        derive(&mut t.columns[pc], None, true);
    }
    true
}

/// A CHECK over `cols` can still be met with `pc` pinned: another of its columns is re-drawn.
fn others_redrawn(t: &TablePlan, cols: &[usize], pc: usize) -> bool {
    cols.iter().any(|&o| {
        let c = &t.columns[o];
        o != pc
            && c.write
            && !c.pinned
            && !c.addressable
            && t.fk_of_column[o].is_none_or(|(fi, _)| !t.fks[fi].pinned)
    })
}

/// Whether the child's CHECKs allow `ci` to be pinned to derived values: each CHECK on `ci`
/// alone passes for every one of `probes`, and each CHECK on more columns can re-draw another
/// (and, the column being NOT NULL, cannot settle the row by making it NULL).
fn checks_allow(t: &TablePlan, ci: usize, probes: &[Value]) -> bool {
    let mut row = vec![Value::Null; t.columns.len()];
    t.checks
        .iter()
        .filter(|ch| ch.columns.contains(&ci))
        .all(|ch| {
            if ch.columns.iter().any(|&o| o != ci) {
                return t.columns[ci].null_fraction == 0.0 && others_redrawn(t, &ch.columns, ci);
            }
            probes.iter().all(|p| {
                row[ci] = p.clone();
                eval::passes(&ch.node, &row) == Some(true)
            })
        })
}

fn source(tables: &[TablePlan], fk: Option<usize>, pt: usize, pc: usize) -> LineageSource {
    LineageSource {
        fk,
        table: pt,
        column: pc,
        name: format!("{}.{}", tables[pt].key, tables[pt].columns[pc].name),
    }
}

fn class_of(catalog: &Catalog, t: &TablePlan, ci: usize) -> TypeClass {
    classify(&catalog.tables[t.catalog_index].columns[ci].type_info)
}

fn not_null(catalog: &Catalog, t: &TablePlan, ci: usize) -> bool {
    catalog.tables[t.catalog_index].columns[ci].effectively_not_null()
}

/// Whether the column is in a unique key or primary key of the table (any, when a key has
/// expression parts), or in its partition key: a copied value could break either.
fn in_unique_key(catalog: &Catalog, t: &TablePlan, ci: usize) -> bool {
    let table = &catalog.tables[t.catalog_index];
    let name = &t.columns[ci].name;
    let partition_key = table
        .partitioning
        .iter()
        .flat_map(|p| &p.key)
        .any(|k| k.column().is_none_or(|c| c == name));
    partition_key
        || table
            .primary_key
            .iter()
            .chain(&table.unique_keys)
            .any(|k| k.columns.contains(name) || k.parts.len() != k.columns.len())
}

// ---------------------------------------------------------------------------------------------
// Rule 3: denormalized copies
// ---------------------------------------------------------------------------------------------

/// `child.x = parent.x` where the child has a foreign key to the parent and an identifier
/// column `x` (a foreign key, or a plain `…_id`) that the parent has too.
fn copy_rule(
    catalog: &Catalog,
    tables: &[TablePlan],
    ti: usize,
    ci: usize,
) -> Option<(Lineage, ParentChanges)> {
    let t = &tables[ti];
    let c = &t.columns[ci];
    let own_fk = t.fk_of_column[ci].map(|(fi, _)| fi);
    if let Some(fk2) = own_fk {
        let f2 = &t.fks[fk2];
        if f2.columns.len() != 1
            || f2.pinned
            || f2.parent.is_none()
            || f2.deferred.is_some()
            || !matches!(
                f2.choice,
                super::FkChoice::Uniform | super::FkChoice::Zipf { .. }
            )
        {
            return None;
        }
    } else if words(&c.name).last().map(String::as_str) != Some("id") {
        return None;
    }
    if in_unique_key(catalog, t, ci) || t.checks.iter().any(|ch| ch.columns.contains(&ci)) {
        return None;
    }
    for fi in parent_fks(t, ti, false) {
        let f = &t.fks[fi];
        if Some(fi) == own_fk || f.columns.contains(&ci) {
            continue;
        }
        let pt = f.parent?;
        let p = &tables[pt];
        let Some(pc) = p.column_index(&c.name) else {
            continue;
        };
        if p.columns[pc].type_name != c.type_name || f.parent_columns.contains(&pc) {
            continue;
        }
        let child_not_null = not_null(catalog, t, ci);
        if child_not_null && f.nullable && f.null_fraction > 0.0 {
            continue;
        }
        let lineage = Lineage {
            rule: Rule::Copy,
            sources: vec![source(tables, Some(fi), pt, pc)],
        };
        match own_fk {
            None if addressable(tables, pt, pc)
                && (!child_not_null || parent_never_null(tables, pt, pc)) =>
            {
                return Some((lineage, vec![(pt, pc, None)]));
            }
            None => continue,
            Some(fk2) => {
                if let Some(change) = parent_refers_like(catalog, tables, pt, pc, &t.fks[fk2]) {
                    return Some((lineage, change));
                }
            }
        }
    }
    None
}

fn parent_never_null(tables: &[TablePlan], pt: usize, pc: usize) -> bool {
    let t = &tables[pt];
    match t.fk_of_column[pc] {
        Some((fi, _)) => !t.fks[fi].nullable || t.fks[fi].null_fraction == 0.0,
        None => t.columns[pc].null_fraction == 0.0,
    }
}

/// The parent column `pc` holds keys of the child's own foreign key `f2`'s table: it is a
/// foreign key to the same columns already, or a plain column that can be made to draw them.
fn parent_refers_like(
    catalog: &Catalog,
    tables: &[TablePlan],
    pt: usize,
    pc: usize,
    f2: &super::FkPlan,
) -> Option<ParentChanges> {
    let p = &tables[pt];
    let (q, qc) = (f2.parent?, f2.parent_columns[0]);
    if let Some((pf, _)) = p.fk_of_column[pc] {
        let same = p.fks[pf].parent == Some(q) && p.fks[pf].parent_columns == [qc];
        let never_null = !p.fks[pf].nullable || p.fks[pf].null_fraction == 0.0;
        return (same && never_null && addressable(tables, pt, pc)).then(Vec::new);
    }
    // A plain column: draw the keys of Q instead (Q's key column is keyed, so computable).
    let pcol = &p.columns[pc];
    let ok = candidate(p, pc)
        && q < tables.len()
        && tables[q].rows > 0
        && !in_unique_key(catalog, p, pc)
        && !p.checks.iter().any(|ch| ch.columns.contains(&pc))
        && !p
            .columns
            .iter()
            .any(|o| o.generator.depends_on().contains(&pc))
        && pcol.null_fraction == 0.0;
    ok.then(|| {
        let pick = Lineage {
            rule: Rule::PickKey {
                rows: tables[q].rows,
            },
            sources: vec![source(tables, None, q, qc)],
        };
        vec![(pt, pc, Some(pick))]
    })
}

// ---------------------------------------------------------------------------------------------
// Rule 2: a line's price is its product's
// ---------------------------------------------------------------------------------------------

fn is_price(name: &str) -> bool {
    words(name).last().map(String::as_str) == Some("price")
}

/// Parent price columns, best first: the same name, then `price`, `unit_price`, `list_price`.
fn parent_price(p: &TablePlan, name: &str) -> Option<usize> {
    [name, "price", "unit_price", "list_price"]
        .iter()
        .find_map(|n| p.column_index(n))
        .filter(|&pc| is_price(&p.columns[pc].name))
}

/// The smallest and largest value a numeric generator gives, as values.
fn number_range(g: &Gen) -> Option<(Value, Value)> {
    match g {
        Gen::Numeric {
            min, max, scale, ..
        } => Some((
            Value::Numeric {
                unscaled: *min,
                scale: *scale,
            },
            Value::Numeric {
                unscaled: *max,
                scale: *scale,
            },
        )),
        Gen::Float { min, max } => Some((Value::Float(*min), Value::Float(*max))),
        _ => None,
    }
}

fn price_rule(
    catalog: &Catalog,
    tables: &[TablePlan],
    ti: usize,
    ci: usize,
) -> Option<(Lineage, ParentChanges)> {
    let t = &tables[ti];
    let c = &t.columns[ci];
    if !is_price(&c.name) || t.fk_of_column[ci].is_some() {
        return None;
    }
    let class = class_of(catalog, t, ci);
    for fi in parent_fks(t, ti, false) {
        let pt = t.fks[fi].parent?;
        let p = &tables[pt];
        let Some(pc) = parent_price(p, &c.name) else {
            continue;
        };
        let Some((lo, hi)) = number_range(&p.columns[pc].generator) else {
            continue;
        };
        let rule = match (&class, class_of(catalog, p, pc)) {
            (
                TypeClass::Numeric { int_digits, scale },
                TypeClass::Numeric {
                    int_digits: pd,
                    scale: ps,
                },
            ) if fits_digits(*int_digits, pd) && *scale >= ps.min(2) => {
                Rule::Price { scale: *scale }
            }
            (TypeClass::Float, TypeClass::Float) => Rule::Price { scale: 2 },
            _ => continue,
        };
        let lowest = derive_price(&lo, rule, 0.8);
        if !checks_allow(t, ci, &[lowest, derive_price(&hi, rule, 1.0)])
            || !addressable(tables, pt, pc)
        {
            continue;
        }
        let lineage = Lineage {
            rule,
            sources: vec![source(tables, Some(fi), pt, pc)],
        };
        return Some((lineage, vec![(pt, pc, None)]));
    }
    None
}

/// Child integer digits hold the parent's (`None`: unconstrained numeric).
fn fits_digits(child: Option<u32>, parent: Option<u32>) -> bool {
    match (child, parent) {
        (None, _) => true,
        (Some(c), Some(p)) => c >= p,
        (Some(_), None) => false,
    }
}

/// `price × factor` in the rule's representation (numeric rounded half up to its scale).
pub fn derive_price(v: &Value, rule: Rule, factor: f64) -> Value {
    let Rule::Price { scale } = rule else {
        return v.clone();
    };
    match v {
        Value::Numeric {
            unscaled,
            scale: from,
        } => {
            // Work in basis points of the factor to stay exact: factor is a multiple of 5 %.
            let bp = (factor * 10_000.0).round() as i128;
            let x = unscaled * bp;
            let (at, to) = (*from as u32 + 4, scale as u32);
            // One rounding only: rounding digit by digit would round twice (…424.5 → …425 → …43).
            let x = if at > to {
                div_round(x, 10i128.pow(at - to))
            } else {
                x * 10i128.pow(to - at)
            };
            Value::Numeric { unscaled: x, scale }
        }
        Value::Float(f) => Value::Float((f * factor * 100.0).round() / 100.0),
        other => other.clone(),
    }
}

fn div_round(x: i128, d: i128) -> i128 {
    let q = x / d;
    let r = x % d;
    if r * 2 >= d {
        q + 1
    } else if r * 2 <= -d {
        q - 1
    } else {
        q
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 1: a child is created after its parents
// ---------------------------------------------------------------------------------------------

fn creation_like(table: &str, column: &str) -> bool {
    let w = words(column);
    meaning(table, column).semantic == Some(Semantic::Created)
        || (matches!(w.last().map(String::as_str), Some("at" | "date" | "on"))
            && w.iter().any(|x| x == "ordered" || x == "order"))
}

/// The range of a date (days) or timestamp (microseconds) generator: (date, min, max).
fn time_range(c: &ColumnPlan) -> Option<(bool, i64, i64)> {
    if let Some(Lineage {
        rule: Rule::After { date, min, max },
        ..
    }) = &c.lineage
    {
        return Some((*date, *min, *max));
    }
    match &c.generator {
        Gen::Timestamp { min, max } => Some((false, *min, *max)),
        Gen::Date { min, max } => Some((true, *min as i64, *max as i64)),
        _ => None,
    }
}

/// `v` (days or microseconds per `date`) in the other unit, rounded up.
pub fn to_unit(v: i64, from_date: bool, to_date: bool) -> i64 {
    match (from_date, to_date) {
        (true, false) => v * MICROS_PER_DAY,
        (false, true) => v.div_euclid(MICROS_PER_DAY) + (v.rem_euclid(MICROS_PER_DAY) > 0) as i64,
        _ => v,
    }
}

fn after_rule(
    catalog: &Catalog,
    tables: &[TablePlan],
    ti: usize,
    ci: usize,
) -> Option<(Lineage, ParentChanges)> {
    let t = &tables[ti];
    let c = &t.columns[ci];
    let table_name = &catalog.tables[t.catalog_index].name;
    if t.fk_of_column[ci].is_some() || !creation_like(table_name, &c.name) {
        return None;
    }
    let (date, min, max) = time_range(c)?;
    let mut sources = Vec::new();
    let mut changes = Vec::new();
    for fi in parent_fks(t, ti, false) {
        let pt = t.fks[fi].parent?;
        let p = &tables[pt];
        let pname = &catalog.tables[p.catalog_index].name;
        let Some(pc) = (0..p.columns.len()).find(|&pc| {
            p.columns[pc].write
                && creation_like(pname, &p.columns[pc].name)
                && p.fk_of_column[pc].is_none()
        }) else {
            continue;
        };
        let Some((pdate, _, pmax)) = time_range(&p.columns[pc]) else {
            continue;
        };
        if to_unit(pmax, pdate, date) > max || !addressable(tables, pt, pc) {
            continue;
        }
        sources.push(source(tables, Some(fi), pt, pc));
        changes.push((pt, pc, None));
    }
    let probe = |v: i64| {
        if date {
            Value::Date(v as i32)
        } else {
            Value::Timestamp(v)
        }
    };
    if sources.is_empty() || !checks_allow(t, ci, &[probe(min), probe(max)]) {
        return None;
    }
    let lineage = Lineage {
        rule: Rule::After { date, min, max },
        sources,
    };
    Some((lineage, changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discounted_prices_round_once_half_up() {
        let rule = Rule::Price { scale: 2 };
        let p = |unscaled| Value::Numeric { unscaled, scale: 2 };
        // 756.97 × 0.85 = 643.4245 → 643.42 (not 643.43 by rounding twice).
        assert_eq!(derive_price(&p(75697), rule, 0.85), p(64342));
        assert_eq!(derive_price(&p(1000), rule, 0.95), p(950));
        assert_eq!(derive_price(&p(75697), rule, 1.0), p(75697));
        let wider = Rule::Price { scale: 4 };
        assert_eq!(
            derive_price(&p(531), wider, 0.95),
            Value::Numeric {
                unscaled: 50445,
                scale: 4
            }
        );
        assert_eq!(
            derive_price(&Value::Float(10.0), rule, 0.8),
            Value::Float(8.0)
        );
    }

    #[test]
    fn units_round_up_to_whole_days() {
        assert_eq!(to_unit(2, true, false), 2 * MICROS_PER_DAY);
        assert_eq!(to_unit(MICROS_PER_DAY + 1, false, true), 2);
        assert_eq!(to_unit(MICROS_PER_DAY, false, true), 1);
        assert_eq!(to_unit(-1, false, true), 0);
    }
}
