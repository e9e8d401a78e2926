//! Planning one table: its foreign keys, its grouping, a generator for every column, its
//! CHECKs compiled for the row evaluator, and the order columns are generated in.
//!
//! This module runs the phases; choosing one column's generator is in `choose`, which calls
//! on the profile overrides (`overrides`), partition keys (`partition`) and the generators
//! by type family (`families`, text in `text`), all bounded by CHECK facts (`bounds`).

mod bounds;
mod choose;
mod families;
mod overrides;
mod partition;
mod text;

use std::collections::HashMap;

use super::constraints::{Bound, ColumnFacts, Facts, Scalar};
use super::semantic::{self, Semantic};
use super::*;
use crate::model::{
    BoundValue, Check, Column, CompositeField, Exclusion, ForeignKey, KeyPart, PartitionBound,
    PartitionStrategy, Predicate, SqlType, UniqueKey, UniqueKind,
};
pub use crate::pgtype::{TypeClass, classify};
use crate::profile::ColumnProfile;
use crate::values::expr::BinOp;
use crate::values::expr::Expr;
use crate::values::gens::{JsonFlavour, JsonGen, JsonLeaf, RangeKind, parse_template};
use crate::values::regex_enum::RegexEnum;
use crate::values::rng::RowRng;
use crate::values::text::TextKind;
use crate::values::value::{Value, parse_date};
use bounds::*;
use choose::*;
use families::*;
use overrides::*;
mod shape;
pub use overrides::{check_profile, value_from_text};
use partition::*;
use text::*;

pub struct TableInput<'a> {
    pub catalog: &'a Catalog,
    pub order: &'a LoadOrder,
    pub table: &'a Table,
    pub catalog_index: usize,
    pub rows: u64,
    pub rows_reason: String,
    pub all_rows: &'a HashMap<usize, u64>,
    pub plan_index: &'a HashMap<usize, usize>,
    pub profile: Option<&'a TableProfile>,
    pub grouping: Option<&'a (PerParent, usize)>,
    pub settings: &'a Settings,
    pub keyed: &'a dyn Fn(&str) -> bool,
}

impl TableInput<'_> {
    /// The profile's settings for one column of the table, if it has any.
    fn column_profile(&self, name: &str) -> Option<&ColumnProfile> {
        self.profile.and_then(|p| p.columns.get(name))
    }

    /// Rows a table of the catalog gets (0 when it is not loaded).
    fn rows_of(&self, catalog_index: usize) -> u64 {
        self.all_rows.get(&catalog_index).copied().unwrap_or(0)
    }
}

/// Plan one table, phase by phase. Refusals and warnings come back in the order the phases
/// find them.
/// CHECKs that contradict their column's type, refused naming both; they replace what the
/// column's planner said of the same column (that its CHECKs leave no value).
fn type_contradictions(t: &Table, facts: &Facts, found: &mut Diagnostics) {
    for (name, f) in &facts.columns {
        let Some(message) = t.column(name).and_then(|c| type_contradiction(c, f)) else {
            continue;
        };
        let subject = format!("column {name}");
        found.refusals.retain(|r| r.subject != subject);
        found.refusals.push(Refusal {
            table: t.key(),
            subject,
            message,
            fix: "correct the CHECK or widen the column's type: no value can satisfy it".into(),
        });
    }
}

pub fn plan_table(input: TableInput) -> (TablePlan, Diagnostics) {
    let t = input.table;
    let mut found = Diagnostics::default();
    let checks = CheckFacts::of(t);
    for (col, message) in checks.facts.contradictions() {
        found.refusals.push(Refusal {
            table: t.key(),
            subject: col,
            message,
            fix: "correct the CHECK: no row can satisfy it".into(),
        });
    }
    let (mut fks, fk_of_column) = found.keep(plan_foreign_keys(&input));
    let grouping = plan_grouping(&input, &mut fks);
    let decided = Decided {
        facts: &checks.facts,
        fks: &fks,
        fk_of_column: &fk_of_column,
        grouping: &grouping,
    };
    let mut columns = found.keep(plan_columns(&input, &decided));
    found.extend(super::triggers::cast_enum_labels(
        input.catalog,
        t,
        &mut columns,
    ));
    type_contradictions(t, &checks.facts, &mut found);
    let compiled = compile_checks(t, &checks, &columns);
    let rewrites = found.keep(super::triggers::plan_rewrites(t, &|c| columns[c].write));
    found
        .refusals
        .extend(super::triggers::missing_calls(t, input.rows));
    let mut tp = TablePlan {
        catalog_index: input.catalog_index,
        key: t.key(),
        sql_name: t.sql_name(),
        rows: input.rows,
        rows_reason: input.rows_reason.clone(),
        columns,
        order: Vec::new(),
        checks: compiled,
        fks,
        fk_of_column,
        grouping,
        tuples: Vec::new(),
        seen_sets: Vec::new(),
        uniques: Vec::new(),
        primary_key: t
            .primary_key
            .iter()
            .flat_map(|k| k.columns.iter().filter_map(|c| t.column_index(c)))
            .collect(),
        row_offset: 0,
        rewrites,
        guards: Vec::new(),
        members: Vec::new(),
        aligned: Vec::new(),
    };
    tp.aligned = aligned_keys(&tp.fks, &tp.fk_of_column);
    tp.guards = found.keep(super::guards::plan_guards(
        input.catalog,
        t,
        &tp,
        input.settings.window.1,
    ));
    crate::plan::coherence::apply(&mut tp, t);
    unique::plan_uniques(&mut tp, t, &mut found.refusals);
    crate::plan::coherence::natural_uniques(&mut tp, input.settings.locale);
    shape::apply_distinct(&input, &mut tp, &mut found);
    found.refusals.extend(text::unfit_columns(&tp));
    found
        .refusals
        .extend(plan_exclusions(&mut tp, t, input.settings));
    found
        .refusals
        .extend(unplaceable_partition_key(&input, tp.rows));
    pin_keys(&mut tp);
    tp.order = generation_order(&tp);
    (tp, found)
}

/// What the phases before column planning decided: the CHECK facts, the foreign keys and the
/// grouping.
struct Decided<'a> {
    facts: &'a Facts,
    fks: &'a [FkPlan],
    fk_of_column: &'a [Option<(usize, usize)>],
    grouping: &'a Option<Grouping>,
}

/// The table's CHECKs and its columns' domain CHECKs, translated into facts about columns.
struct CheckFacts<'a> {
    facts: Facts,
    /// How much of each table CHECK became facts, in `Table::checks` order.
    translations: Vec<constraints::Translation>,
    /// (column, domain CHECK, how much of it became facts), in column order.
    domain_checks: Vec<(String, &'a Check, constraints::Translation)>,
}

impl CheckFacts<'_> {
    fn of(t: &Table) -> CheckFacts<'_> {
        let mut facts = Facts::default();
        let translations = t.checks.iter().map(|c| facts.add(c, None)).collect();
        let mut domain_checks = Vec::new();
        for col in &t.columns {
            for dc in col.type_info.domain_checks() {
                let tr = facts.add(dc, Some(&col.name));
                domain_checks.push((col.name.clone(), dc, tr));
            }
        }
        CheckFacts {
            facts,
            translations,
            domain_checks,
        }
    }
}

/// Every foreign key of the table, and for each column the key (and position) it belongs to.
#[allow(clippy::type_complexity)]
fn plan_foreign_keys(
    input: &TableInput,
) -> ((Vec<FkPlan>, Vec<Option<(usize, usize)>>), Diagnostics) {
    let t = input.table;
    let mut found = Diagnostics::default();
    let mut fk_of_column: Vec<Option<(usize, usize)>> = vec![None; t.columns.len()];
    let fks: Vec<FkPlan> = t
        .foreign_keys
        .iter()
        .map(|fk| found.keep(plan_foreign_key(input, fk)))
        .collect();
    // A column in several foreign keys takes its value from the widest: a composite key's
    // columns must come from one parent row together (`(dir_id, ws_id) → dir_ws` beside
    // `dir_id → dir`).
    let mut widest_first: Vec<usize> = (0..fks.len()).collect();
    widest_first.sort_by_key(|&fi| std::cmp::Reverse(fks[fi].columns.len()));
    for &fi in &widest_first {
        for (pos, &c) in fks[fi].columns.iter().enumerate() {
            fk_of_column[c].get_or_insert((fi, pos));
        }
    }
    for (fi, fk) in t.foreign_keys.iter().enumerate() {
        if let Some(r) = overlap_refusal(input, fk, fi, &fks, &fk_of_column) {
            found.refusals.push(r);
        }
    }
    ((fks, fk_of_column), found)
}

/// The foreign keys that share columns with another and pick their parent to agree with it.
fn aligned_keys(fks: &[FkPlan], fk_of_column: &[Option<(usize, usize)>]) -> Vec<AlignedFk> {
    (0..fks.len())
        .filter_map(|fi| alignment(fi, fks, fk_of_column))
        .collect()
}

/// Foreign key `fi` when one other loaded key fills some of its columns and it fills the rest:
/// it then picks a parent that agrees with that key's on the shared columns.
fn alignment(
    fi: usize,
    fks: &[FkPlan],
    fk_of_column: &[Option<(usize, usize)>],
) -> Option<AlignedFk> {
    let f = &fks[fi];
    let owners: Vec<(usize, usize, usize)> = f
        .columns
        .iter()
        .enumerate()
        .filter_map(|(pos, &c)| fk_of_column[c].map(|(o, opos)| (o, opos, pos)))
        .filter(|&(o, _, _)| o != fi)
        .collect();
    let &(owner, _, _) = owners.first()?;
    let loaded = |k: &FkPlan| k.parent.is_some() && !k.self_reference && k.deferred.is_none();
    if owners.iter().any(|&(o, _, _)| o != owner)
        || owners.len() == f.columns.len()
        || !loaded(f)
        || !loaded(&fks[owner])
    {
        return None;
    }
    Some(AlignedFk {
        owner,
        other: fi,
        shared: owners.iter().map(|&(_, opos, pos)| (opos, pos)).collect(),
        rows_by_key: Default::default(),
    })
}

/// A foreign key some of whose columns another key fills: met when that key's parent row
/// itself references the same rows through those columns (`dir_ws.dir_id → dir`, so
/// `src.dir_id` taken from a `dir_ws` row is a `dir`), refused otherwise: the load would fail.
fn overlap_refusal(
    input: &TableInput,
    fk: &ForeignKey,
    fi: usize,
    fks: &[FkPlan],
    fk_of_column: &[Option<(usize, usize)>],
) -> Option<Refusal> {
    let mine = &fks[fi];
    let owners: Vec<(usize, usize)> = mine
        .columns
        .iter()
        .map(|&c| fk_of_column[c].expect("a column of a foreign key"))
        .collect();
    if owners.iter().all(|&(o, _)| o == fi) {
        return None;
    }
    let mut others: Vec<usize> = owners
        .iter()
        .map(|&(o, _)| o)
        .filter(|&o| o != fi)
        .collect();
    others.sort_unstable();
    others.dedup();
    let names: Vec<&str> = others
        .iter()
        .map(|&o| input.table.foreign_keys[o].name.as_str())
        .collect();
    if alignment(fi, fks, fk_of_column).is_some() {
        // Its parent agrees with the other key's on the shared columns.
        return None;
    }
    let owner = others[0];
    if others.len() > 1 || owners.iter().any(|&(o, _)| o == fi) {
        return Some(overlap(input, fk, &names.join(" and ")));
    }
    let other = &fks[owner];
    let implied = input
        .catalog
        .tables
        .iter()
        .find(|p| p.key() == other.parent_key)
        .is_some_and(|parent| {
            let through: Vec<&str> = owners
                .iter()
                .map(|&(_, pos)| parent.columns[other.parent_columns[pos]].name.as_str())
                .collect();
            parent.foreign_keys.iter().any(|pf| {
                pf.columns
                    .iter()
                    .map(String::as_str)
                    .eq(through.iter().copied())
                    && pf.references.key() == fk.references.key()
                    && pf.references.columns == fk.references.columns
            })
        });
    (!implied).then(|| overlap(input, fk, names[0]))
}

fn overlap(input: &TableInput, fk: &ForeignKey, other: &str) -> Refusal {
    Refusal {
        table: input.table.key(),
        subject: format!("foreign key {}", fk.name),
        message: format!(
            "its columns {} are filled by {other} as well, from a parent row that need not match a row of {}",
            fk.columns.join(", "),
            fk.references.key()
        ),
        fix: format!(
            "foreign keys that share columns without one implying the other are not generated yet: leave the table out with --exclude-table {}",
            input.table.key()
        ),
    }
}

fn plan_foreign_key(input: &TableInput, fk: &ForeignKey) -> (FkPlan, Diagnostics) {
    let t = input.table;
    let s = input.settings;
    let key = t.key();
    let mut found = Diagnostics::default();
    let cols: Vec<usize> = fk
        .columns
        .iter()
        .filter_map(|c| t.column_index(c))
        .collect();
    let parent_ci = input
        .catalog
        .table_index(&fk.references.schema, &fk.references.table);
    let parent = parent_ci.and_then(|p| input.plan_index.get(&p).copied());
    let parent_columns: Vec<usize> = parent_ci
        .map(|p| {
            fk.references
                .columns
                .iter()
                .filter_map(|c| input.catalog.tables[p].column_index(c))
                .collect()
        })
        .unwrap_or_default();
    let nullable = fk
        .columns
        .iter()
        .all(|c| t.column(c).is_some_and(|c| !c.effectively_not_null()));
    let first_col = fk.columns.first().map(String::as_str).unwrap_or("");
    let cp = input.column_profile(first_col);
    let choice = match cp.and_then(|c| c.distribution.as_deref()) {
        Some("zipf") => FkChoice::Zipf {
            exponent: cp.and_then(|c| c.exponent).unwrap_or(1.1),
        },
        Some("uniform") | None => FkChoice::Uniform,
        Some(other) => {
            found.refusals.push(Refusal {
                table: key.clone(),
                subject: format!("column {first_col}"),
                message: format!("distribution \"{other}\" is not known"),
                fix: format!("set [tables.\"{key}\".columns.{first_col}] distribution = \"uniform\" or \"zipf\""),
            });
            FkChoice::Uniform
        }
    };
    let deferred = input.order.is_deferred(input.catalog_index, &fk.name);
    let self_reference = parent_ci == Some(input.catalog_index);
    let null_fraction = if nullable {
        cp.and_then(|c| c.null_fraction)
            .unwrap_or(if self_reference { 0.2 } else { s.null_fraction })
    } else {
        0.0
    };
    let existing = match parent_ci.and_then(|p| existing_parent(input, fk, p)) {
        Some(Ok(rows)) => Some(rows),
        Some(Err(r)) => {
            found.refusals.push(r);
            None
        }
        None => None,
    };
    if existing.is_none() {
        found.extend(parent_problems(input, fk, parent_ci, parent, nullable));
    }
    let parent_rows = match &existing {
        Some(rows) => rows.len() as u64,
        None => parent_ci
            .and_then(|p| input.all_rows.get(&p).copied())
            .unwrap_or(0),
    };
    let plan = FkPlan {
        name: fk.name.clone(),
        columns: cols,
        parent: if parent_ci.is_some_and(|p| input.rows_of(p) > 0) {
            parent
        } else {
            None
        },
        parent_key: fk.references.key(),
        parent_columns,
        parent_rows,
        nullable,
        null_fraction: if parent.is_none() && existing.is_none() {
            1.0
        } else {
            null_fraction
        },
        choice,
        key64: key64(&derive_key(s.seed, &[&key, "fk", &fk.name])),
        deferred,
        self_reference,
        pinned: false,
        existing,
    };
    (plan, found)
}

/// The existing keys of a pre-filled parent table, in the foreign key's column order, as
/// values of the parent columns' types; a refusal when it has none to point at.
fn existing_parent(
    input: &TableInput,
    fk: &ForeignKey,
    parent_ci: usize,
) -> Option<std::result::Result<std::sync::Arc<Vec<Vec<Value>>>, Refusal>> {
    let parent = &input.catalog.tables[parent_ci];
    let keys = input.catalog.existing.get(&parent.key())?;
    let refusal = |message: String| Refusal {
        table: input.table.key(),
        subject: format!("foreign key {}", fk.name),
        message,
        fix: format!(
            "fill {} first, or drop prefilled = true from [tables.\"{}\"]",
            parent.key(),
            parent.key()
        ),
    };
    let mut positions = Vec::new();
    let mut classes = Vec::new();
    for c in &fk.references.columns {
        let pos = keys.columns.iter().position(|k| k == c)?;
        positions.push(pos);
        classes.push(classify(&parent.column(c)?.type_info));
    }
    let rows: Option<Vec<Vec<Value>>> = keys
        .rows
        .iter()
        .filter(|r| positions.iter().all(|&p| r[p].is_some()))
        .map(|r| {
            positions
                .iter()
                .zip(&classes)
                .map(|(&p, class)| value_from_text(class, r[p].as_deref().unwrap_or("")))
                .collect()
        })
        .collect();
    Some(match rows {
        None => Err(refusal(format!(
            "a key of pre-filled {} has a form seedbed cannot read back",
            parent.key()
        ))),
        Some(rows) if rows.is_empty() => Err(refusal(format!(
            "pre-filled {} has no rows to point at",
            parent.key()
        ))),
        Some(rows) => Ok(std::sync::Arc::new(rows)),
    })
}

/// A parent outside the load (a warning when the key may stay NULL, else a refusal), or a
/// parent that gets no rows for NOT NULL children.
fn parent_problems(
    input: &TableInput,
    fk: &ForeignKey,
    parent_ci: Option<usize>,
    parent: Option<usize>,
    nullable: bool,
) -> Diagnostics {
    let key = input.table.key();
    let mut found = Diagnostics::default();
    if parent.is_none() {
        let msg = format!(
            "foreign key {} references {}, which is not part of this load (excluded or in another schema)",
            fk.name,
            fk.references.key()
        );
        if nullable {
            found
                .warnings
                .push(format!("{key}: {msg}; its columns are left NULL"));
        } else {
            found.refusals.push(Refusal {
                table: key.clone(),
                subject: format!("foreign key {}", fk.name),
                message: msg,
                fix: format!(
                    "include {} (check --schema and --exclude-table)",
                    fk.references.key()
                ),
            });
        }
    } else if let Some(p) = parent_ci
        && input.rows_of(p) == 0
        && !nullable
        && input.rows > 0
    {
        found.refusals.push(Refusal {
            table: key.clone(),
            subject: format!("foreign key {}", fk.name),
            message: format!(
                "{} rows need a parent in {}, which gets 0 rows",
                input.rows,
                fk.references.key()
            ),
            fix: format!("give [tables.\"{}\"] rows > 0", fk.references.key()),
        });
    }
    found
}

/// Grouping: rows sized per parent, or evenly spread when a composite key pairs a foreign
/// key with a small counter (order_items(order_id, line_no)). The grouping foreign key's
/// parents are then chosen by group.
fn plan_grouping(input: &TableInput, fks: &mut [FkPlan]) -> Option<Grouping> {
    let t = input.table;
    let key = t.key();
    if let Some((pp, fk)) = input.grouping {
        let parent_rows = fks[*fk].parent_rows;
        let kind = super::group_kind(
            pp,
            parent_rows,
            derive_key(input.settings.seed, &[&key, "per_parent"]),
        )
        // The same call sized the table (`row_counts`), which stops on its error.
        .ok()?;
        let grouping = Grouping {
            fk: *fk,
            parent_rows,
            description: format!(
                "{} per row of {}",
                super::describe_per_parent(pp),
                fks[*fk].parent_key
            ),
            kind,
        };
        fks[*fk].choice = FkChoice::Grouped;
        return Some(grouping);
    }
    let (fk, _) = auto_group_candidate(t, fks)?;
    let parent_rows = fks[fk].parent_rows;
    if parent_rows == 0 || input.rows == 0 {
        return None;
    }
    let grouping = Grouping {
        fk,
        parent_rows,
        kind: GroupKind::Even { rows: input.rows },
        description: format!(
            "rows spread evenly over {} (composite key with a counter)",
            fks[fk].parent_key
        ),
    };
    fks[fk].choice = FkChoice::Grouped;
    Some(grouping)
}

/// A generator for every column, in table order.
fn plan_columns(input: &TableInput, decided: &Decided) -> (Vec<ColumnPlan>, Diagnostics) {
    let mut found = Diagnostics::default();
    let cols = (input.table.columns.iter().enumerate())
        .map(|(ci, col)| found.keep(plan_column(input, decided, ci, col)))
        .collect();
    (cols, found)
}

/// The n of a `character(n)` column: the width the server pads its values to.
fn fixed_width(col: &Column) -> Option<usize> {
    match classify(&col.type_info) {
        TypeClass::Text {
            max_len: Some(n),
            fixed: true,
        } => Some(n),
        _ => None,
    }
}

/// A `character(n)` column's patterns, each made to give only n-character strings where it can
/// (the server pads shorter values before a CHECK matches them).
fn full_width_patterns(col: &Column, patterns: &[(String, bool)]) -> Vec<(String, bool)> {
    let Some(n) = fixed_width(col) else {
        return patterns.to_vec();
    };
    (patterns.iter())
        .map(|(p, ci)| {
            let full = crate::values::regex_enum::fill_width(p, n);
            (full.unwrap_or_else(|| p.clone()), *ci)
        })
        .collect()
}

/// A column's plan before a generator is chosen: what its type and CHECK facts allow.
fn column_plan(input: &TableInput, col: &Column, f: &ColumnFacts) -> ColumnPlan {
    let s = input.settings;
    let stream_key = column_key(s.seed, &input.table.key(), &col.name);
    let class = classify(&col.type_info);
    let int_bounds = match class {
        TypeClass::Int { min, max } => Some((
            bound_i64(f.lower.as_ref(), true).map_or(min, |b| b.max(min)),
            bound_i64(f.upper.as_ref(), false).map_or(max, |b| b.min(max)),
        )),
        _ => None,
    };
    let max_chars = match class {
        TypeClass::Text { max_len, .. } => match (max_len, f.max_len) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
        _ => None,
    };
    ColumnPlan {
        name: col.name.clone(),
        type_name: col.type_name.clone(),
        write: true,
        codec: Codec::for_type(&col.type_info),
        generator: Gen::Null,
        key64: key64(&stream_key),
        stream_key,
        null_fraction: 0.0,
        keyed: (input.keyed)(&col.name),
        pinned: (input.keyed)(&col.name),
        min_chars: f.min_len,
        max_chars,
        patterns: f.patterns.clone(),
        int_bounds,
        source: Source::Type,
        reason: String::new(),
        pii: None,
        honours: f.sources.clone(),
        distinct: None,
        addressable: false,
        lineage: None,
    }
}

fn plan_column(
    input: &TableInput,
    decided: &Decided,
    ci: usize,
    col: &Column,
) -> (ColumnPlan, Diagnostics) {
    let s = input.settings;
    let key = input.table.key();
    let mut found = Diagnostics::default();
    let cp = input.column_profile(&col.name);
    let mut f = decided.facts.column(&col.name);
    f.patterns = full_width_patterns(col, &f.patterns);
    let mut plan = column_plan(input, col, &f);
    if col.is_generated() {
        plan.write = false;
        plan.source = Source::Generated;
        plan.reason = "stored generated column: computed by PostgreSQL".into();
        return (plan, found);
    }
    if cp.is_some_and(|c| c.use_default) {
        plan.write = false;
        plan.source = Source::ServerDefault;
        plan.reason = format!(
            "profile: use_default (the server's DEFAULT {})",
            col.default.as_deref().unwrap_or("NULL")
        );
        return (plan, found);
    }
    if let Some((fi, _)) = decided.fk_of_column[ci] {
        let fk = &decided.fks[fi];
        plan.generator = Gen::Engine;
        plan.source = Source::ForeignKey;
        plan.reason = fk_reason(fk, &fk_parents(fk, decided.grouping));
        plan.null_fraction = fk.null_fraction;
        plan.honours.push(fk.name.clone());
        return (plan, found);
    }
    let not_null = col.effectively_not_null() || f.not_null;
    plan.null_fraction = if not_null {
        0.0
    } else {
        cp.and_then(|c| c.null_fraction).unwrap_or(s.null_fraction)
    };
    match choose(input, decided, col, &f, cp) {
        Ok(c) => {
            plan.generator = c.generator;
            plan.source = c.source;
            plan.reason = c.reason;
            plan.pii = c.pii;
            if let Some(nf) = c.null_fraction
                && !not_null
                && cp.and_then(|c| c.null_fraction).is_none()
            {
                plan.null_fraction = nf;
            }
        }
        // A type seedbed cannot write, on a NOT NULL column with a DEFAULT: the server fills it.
        Err(msg)
            if col.effectively_not_null()
                && col.default.is_some()
                && matches!(classify(&col.type_info), TypeClass::Unsupported(_)) =>
        {
            plan.write = false;
            plan.source = Source::ServerDefault;
            plan.reason = format!(
                "{msg}: its DEFAULT {} fills it",
                col.default.as_deref().unwrap_or("")
            );
        }
        Err(msg) if col.effectively_not_null() => {
            found.refusals.push(Refusal {
                table: key.clone(),
                subject: format!("column {}", col.name),
                message: msg,
                fix: format!(
                    "set [tables.\"{key}\".columns.{}] value = \"…\" (or template, regex, choices), or use_default = true",
                    col.name
                ),
            });
        }
        Err(msg) => {
            found
                .warnings
                .push(format!("{key}.{}: {msg}; left NULL", col.name));
            plan.null_fraction = 1.0;
            plan.reason = format!("{msg}: left NULL");
        }
    }
    if plan.keyed {
        plan.null_fraction = 0.0;
    }
    if let Some(cp) = cp {
        shape::apply_length(&mut plan, cp, &key, &mut found);
    }
    (plan, found)
}

/// What `plan` says of a foreign-key column: the key, its parent, and `how` parents are chosen.
pub(crate) fn fk_reason(fk: &FkPlan, how: &str) -> String {
    format!("foreign key {} → {}{how}", fk.name, fk.parent_key)
}

/// How a foreign key column's parents are chosen, as the tail of its reason.
fn fk_parents(fk: &FkPlan, grouping: &Option<Grouping>) -> String {
    match (&fk.choice, fk.self_reference) {
        (_, true) => ", an earlier row (trees)".to_string(),
        (FkChoice::Uniform, _) => ", parents chosen uniformly".to_string(),
        (FkChoice::Zipf { exponent }, _) => format!(", zipf s={exponent}"),
        (FkChoice::Grouped, _) => format!(
            ", {}",
            grouping
                .as_ref()
                .map(|g| g.description.clone())
                .unwrap_or_default()
        ),
        (FkChoice::Tuple { .. }, _) => ", combinations enumerated".to_string(),
        (FkChoice::Member { .. }, _) => ", combinations a trigger's listing admits".to_string(),
    }
}

/// A CHECK as the server evaluates it: a pattern operator (`~`, `LIKE`, `SIMILAR TO`, …) sees a
/// `character(n)` column's value padded with spaces to n (`'ab'::char(4) ~ '^ab$'` is false).
fn padded_patterns(e: &Expr, width_of: &dyn Fn(&str) -> Option<usize>) -> Expr {
    use crate::values::expr::Literal;
    e.rewrite(&|n| {
        let Expr::Binary { op, left, right } = n else {
            return None;
        };
        let Expr::Column { name } = left.as_ref() else {
            return None;
        };
        let width = width_of(name).filter(|_| op.is_pattern_match())?;
        let padded = Expr::Function {
            name: "rpad".into(),
            args: vec![
                (**left).clone(),
                Expr::Literal {
                    value: Literal::Number(width.to_string()),
                },
            ],
        };
        Some(Expr::Binary {
            op: *op,
            left: Box::new(padded),
            right: right.clone(),
        })
    })
}

/// Table and domain CHECKs compiled against column positions.
fn compile_checks(t: &Table, checks: &CheckFacts, cols: &[ColumnPlan]) -> Vec<CheckPlan> {
    let index_of = |name: &str| t.column_index(name);
    let width_of = |name: &str| fixed_width(t.column(name)?);
    let mut out = Vec::new();
    for (c, tr) in t.checks.iter().zip(&checks.translations) {
        let (node, modelled) = eval::compile(&padded_patterns(&c.expr, &width_of), &index_of);
        out.push(CheckPlan {
            name: c.name.clone(),
            definition: c.definition.clone(),
            node,
            columns: c.columns.iter().filter_map(|n| index_of(n)).collect(),
            translation: *tr,
            modelled,
            domain_of: None,
        });
    }
    for (col, dc, tr) in &checks.domain_checks {
        let ci = index_of(col);
        let map = |name: &str| if name == "value" { ci } else { None };
        let width = |name: &str| if name == "value" { width_of(col) } else { None };
        let (node, modelled) = eval::compile(&padded_patterns(&dc.expr, &width), &map);
        out.push(CheckPlan {
            name: dc.name.clone(),
            definition: dc.definition.clone(),
            node,
            columns: ci.into_iter().collect(),
            translation: *tr,
            modelled,
            domain_of: Some(col.clone()),
        });
    }
    // A CHECK reading a column we do not write cannot be evaluated here: the server checks it.
    for ch in &mut out {
        if ch.columns.iter().any(|&c| !cols[c].write) {
            ch.modelled = false;
        }
    }
    out
}

/// A range- or list-partitioned table without a default partition must have its key placed
/// inside some partition; refuse here what we cannot place rather than fail mid-COPY.
fn unplaceable_partition_key(input: &TableInput, rows: u64) -> Option<Refusal> {
    let t = input.table;
    let key = t.key();
    let p = t.partitioning.as_ref()?;
    if p.partitions.is_empty() && rows > 0 {
        return Some(Refusal {
            table: key.clone(),
            subject: "partitions".into(),
            message: format!(
                "{rows} rows are asked for, but the table has no partitions: PostgreSQL has nowhere to store a row"
            ),
            fix: format!(
                "create its partitions first, or remove [tables.\"{key}\"] rows from the profile"
            ),
        });
    }
    if p.strategy == PartitionStrategy::Hash
        || p.partitions
            .iter()
            .any(|x| x.bound == PartitionBound::Default)
        || rows == 0
    {
        return None;
    }
    let placed = p.key.len() == 1
        && p.key[0]
            .column()
            .and_then(|c| t.column(c))
            .is_some_and(|c| partition_gen(t, c, &classify(&c.type_info)).is_some());
    let overridden = p
        .key
        .iter()
        .filter_map(|k| k.column())
        .any(|c| input.column_profile(c).is_some());
    if placed || overridden {
        return None;
    }
    let keys: Vec<String> = p.key.iter().map(|k| k.display()).collect();
    Some(Refusal {
        table: key.clone(),
        subject: format!("partition key ({})", keys.join(", ")),
        message: "seedbed can place rows only by a single date, timestamp or integer range key, or a list key; these bounds it cannot read, and there is no DEFAULT partition".into(),
        fix: format!("give the key column values inside the partitions, e.g. [tables.\"{key}\".columns.{}] choices = [...]", keys.first().cloned().unwrap_or_default()),
    })
}

/// Keys others reference are computed alone (see `Gen::standalone`), and pin their own
/// foreign keys too (shipments → order_items(order_id)).
fn pin_keys(tp: &mut TablePlan) {
    for c in &mut tp.columns {
        if c.keyed {
            c.generator = c.generator.standalone();
        }
    }
    for ci in 0..tp.columns.len() {
        if tp.columns[ci].keyed
            && let Some((fi, _)) = tp.fk_of_column[ci]
        {
            tp.fks[fi].pinned = true;
        }
    }
}

/// Exclusion constraints: `(range_col WITH &&[, col WITH =]…)` is honoured by giving the range
/// column ranges that never overlap at all (which satisfies any `=` parts too). Other forms are
/// refused before loading.
fn plan_exclusions(tp: &mut TablePlan, t: &Table, s: &Settings) -> Vec<Refusal> {
    let mut refusals = Vec::new();
    for x in &t.exclusions {
        let inner = x
            .definition
            .split_once('(')
            .map(|(_, r)| r)
            .and_then(|r| r.rsplit_once(')').map(|(a, _)| a))
            .unwrap_or("");
        // Drop a trailing WHERE clause's parenthesis mismatch: elements end before `)`.
        let inner = inner.split(") WHERE").next().unwrap_or(inner);
        if let Some(key) = equality_exclusion(t, x, inner) {
            let (report, refusal) = unique::plan_key(tp, t, &key);
            tp.uniques.push(report);
            refusals.extend(refusal);
            continue;
        }
        let mut overlap_col = None;
        let mut ok = true;
        for el in inner.split(", ") {
            let Some((col, op)) = el.rsplit_once(" WITH ") else {
                ok = false;
                break;
            };
            let col = col.trim().trim_matches('"');
            match op.trim() {
                "=" => {}
                "&&" if overlap_col.is_none() => overlap_col = t.column_index(col),
                _ => ok = false,
            }
        }
        let Some(ci) = overlap_col.filter(|_| ok) else {
            refusals.push(Refusal {
                table: tp.key.clone(),
                subject: format!("exclusion constraint {}", x.name),
                message: format!("{} is not a form seedbed can honour (it honours a range column WITH &&, optionally with columns WITH =)", x.definition),
                fix: format!("exclude the table (--exclude-table {}) or set [tables.\"{}\"] rows = 1", tp.key, tp.key),
            });
            continue;
        };
        let rows = tp.rows.max(1) as i64;
        let (kind, min, span) = match classify(&t.columns[ci].type_info) {
            TypeClass::Range(sub) => match classify(&sub) {
                TypeClass::Timestamp => (RangeKind::Timestamp, s.window.0, s.window.1 - s.window.0),
                TypeClass::Date => (
                    RangeKind::Date,
                    s.window.0.div_euclid(MICROS_PER_DAY),
                    (s.window.1 - s.window.0) / MICROS_PER_DAY,
                ),
                TypeClass::Int { .. } => (RangeKind::Int, 1, 1_000_000),
                TypeClass::Numeric { scale, .. } => (
                    RangeKind::Numeric(scale),
                    0,
                    1_000_000 * 10i64.pow(scale as u32),
                ),
                _ => continue,
            },
            _ => continue,
        };
        let stride = (span / rows).max(2);
        let c = &mut tp.columns[ci];
        c.generator = Gen::DisjointRange { kind, min, stride };
        c.null_fraction = 0.0;
        c.source = Source::Constraint;
        c.reason = format!("ranges that never overlap, one slot per row ({})", x.name);
        c.honours.push(x.name.clone());
    }
    refusals
}

/// An exclusion constraint whose operators are all `=` (`EXCLUDE USING btree (email WITH =,
/// tenant_id WITH =) WHERE (…)`) is a partial unique key in disguise: planned as one.
fn equality_exclusion(t: &Table, x: &Exclusion, elements: &str) -> Option<UniqueKey> {
    let mut columns = Vec::new();
    for el in elements.split(", ") {
        let (col, op) = el.rsplit_once(" WITH ")?;
        let col = col.trim().trim_matches('"');
        if op.trim() != "=" || t.column_index(col).is_none() {
            return None;
        }
        columns.push(col.to_string());
    }
    let predicate = x.definition.split_once(") WHERE ").map(|(_, w)| {
        let w = w.trim();
        let w = w
            .strip_prefix('(')
            .and_then(|w| w.strip_suffix(')'))
            .unwrap_or(w);
        Predicate {
            expression: w.to_string(),
            expr: Expr::parse(w),
        }
    });
    Some(UniqueKey {
        name: x.name.clone(),
        kind: UniqueKind::Constraint,
        parts: columns.iter().cloned().map(KeyPart::Column).collect(),
        columns,
        predicate,
        nulls_not_distinct: false,
        definition: Some(x.definition.clone()),
    })
}

/// A NOT NULL foreign key that, with one integer column, forms a unique key: such tables read
/// best as groups (lines 1..k of each order).
fn auto_group_candidate(t: &Table, fks: &[FkPlan]) -> Option<(usize, String)> {
    for k in t.all_unique_keys() {
        if k.predicate.is_some() || k.parts.len() != k.columns.len() {
            continue;
        }
        for (fi, fk) in t.foreign_keys.iter().enumerate() {
            if fks[fi].nullable || fks[fi].self_reference || fks[fi].parent.is_none() {
                continue;
            }
            let rest: Vec<&String> = k
                .columns
                .iter()
                .filter(|c| !fk.columns.contains(c))
                .collect();
            if rest.len() == 1
                && fk.columns.iter().all(|c| k.columns.contains(c))
                && t.column(rest[0])
                    .is_some_and(|c| matches!(classify(&c.type_info), TypeClass::Int { .. }))
                && !t.foreign_keys.iter().any(|f| f.columns.contains(rest[0]))
            {
                return Some((fi, rest[0].clone()));
            }
        }
    }
    None
}

/// Columns after the columns they read; ties in table order.
fn generation_order(tp: &TablePlan) -> Vec<usize> {
    let n = tp.columns.len();
    let deps: Vec<Vec<usize>> = tp
        .columns
        .iter()
        .map(|c| c.generator.depends_on())
        .collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let before = order.len();
        for i in 0..n {
            if !done[i] && deps[i].iter().all(|&d| done[d] || d == i) {
                done[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            // A dependency cycle cannot come out of the planner; keep going in table order.
            for (i, d) in done.iter_mut().enumerate() {
                if !*d {
                    *d = true;
                    order.push(i);
                }
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse_check;
    use crate::model::SqlType;

    fn base(name: &str, length: Option<u32>) -> SqlType {
        SqlType::Base {
            name: name.into(),
            oid: 0,
            length,
            precision: None,
            scale: None,
        }
    }

    fn column(name: &str, type_info: SqlType, nullable: bool) -> Column {
        Column {
            name: name.into(),
            type_name: name.into(),
            type_info,
            nullable,
            default: None,
            identity: None,
            sequence: None,
            generated: None,
            comment: None,
        }
    }

    fn check(name: &str, definition: &str) -> Check {
        parse_check(name.into(), definition.into(), false)
    }

    /// The plan of a one-table catalog, with an empty profile.
    fn plan_of(table: Table) -> Plan {
        let catalog = Catalog {
            server_version: String::new(),
            schemas: vec!["public".into()],
            tables: vec![table],
            views: Vec::new(),
            excluded: Vec::new(),
            existing: Default::default(),
        };
        let order = crate::graph::load_order(&catalog).expect("load order");
        Plan::build(&catalog, &order, &Profile::default(), Overrides::default()).expect("plan")
    }

    fn col<'a>(plan: &'a Plan, name: &str) -> &'a ColumnPlan {
        let t = &plan.tables[0];
        &t.columns[t.column_index(name).expect("column")]
    }

    #[test]
    fn a_bounded_int_check_bounds_the_generator() {
        let mut t = Table::empty("public", "t");
        t.columns.push(column("zz", base("int4", None), false));
        t.checks
            .push(check("zz_range", "CHECK (((zz >= 3) AND (zz <= 7)))"));
        let plan = plan_of(t);
        assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
        let c = col(&plan, "zz");
        assert!(
            matches!(c.generator, Gen::Int { min: 3, max: 7, .. }),
            "{:?}",
            c.generator
        );
        assert_eq!(c.int_bounds, Some((3, 7)));
        assert_eq!(c.source, Source::Constraint);
        assert_eq!(c.null_fraction, 0.0);
        assert_eq!(c.honours, ["zz_range"]);
        assert_eq!(c.codec, Codec::Int4);
    }

    #[test]
    fn character_lengths_bound_text() {
        let mut t = Table::empty("public", "t");
        t.columns.push(column("zz", base("varchar", Some(5)), true));
        t.columns.push(column("yy", base("bpchar", Some(2)), false));
        let plan = plan_of(t);
        let varchar = col(&plan, "zz");
        assert_eq!(varchar.max_chars, Some(5));
        assert!(matches!(
            varchar.generator,
            Gen::Text {
                kind: TextKind::Words
            }
        ));
        let fixed = col(&plan, "yy");
        assert_eq!(fixed.max_chars, Some(2));
        assert!(matches!(fixed.generator, Gen::Regex(_)));
        assert_eq!(fixed.reason, "2 capital letters");
    }

    #[test]
    fn an_enum_chooses_among_its_allowed_labels() {
        let mood = SqlType::Enum {
            schema: "public".into(),
            name: "mood".into(),
            oid: 0,
            labels: vec!["sad".into(), "ok".into(), "happy".into()],
        };
        let mut t = Table::empty("public", "t");
        t.columns.push(column("zz", mood, false));
        t.checks
            .push(check("not_sad", "CHECK ((zz <> 'sad'::mood))"));
        let plan = plan_of(t);
        let c = col(&plan, "zz");
        let Gen::Choice { values, .. } = &c.generator else {
            panic!("{:?}", c.generator)
        };
        assert_eq!(
            values,
            &[Value::Text("ok".into()), Value::Text("happy".into())]
        );
        assert_eq!(c.reason, "one of the enum's 2 labels");
        assert_eq!(c.codec, Codec::Text);
    }

    #[test]
    fn a_domain_check_bounds_the_column() {
        let positive = SqlType::Domain {
            schema: "public".into(),
            name: "small".into(),
            oid: 0,
            base: Box::new(base("int2", None)),
            not_null: true,
            checks: vec![check(
                "small_check",
                "CHECK (((VALUE > 0) AND (VALUE < 5)))",
            )],
        };
        let mut t = Table::empty("public", "t");
        t.columns.push(column("zz", positive, true));
        let plan = plan_of(t);
        let c = col(&plan, "zz");
        assert!(matches!(c.generator, Gen::Int { min: 1, max: 4, .. }));
        assert_eq!(c.null_fraction, 0.0, "the domain is NOT NULL");
        assert_eq!(c.codec, Codec::Int2);
        let ch = &plan.tables[0].checks[0];
        assert_eq!(ch.domain_of.as_deref(), Some("zz"));
        assert_eq!(ch.columns, [0]);
    }

    #[test]
    fn an_unsupported_type_is_refused_when_not_null_and_left_null_otherwise() {
        let other = |name: &str| SqlType::Other {
            schema: "public".into(),
            name: name.into(),
            oid: 0,
        };
        let mut t = Table::empty("public", "t");
        t.columns.push(column("doc", other("mystery"), false));
        t.columns.push(column("note", other("box3d"), true));
        let mut filled = column("shape", other("box3d"), false);
        filled.default = Some("'POINT(0 0)'::box3d".into());
        t.columns.push(filled);
        let plan = plan_of(t);
        assert_eq!(plan.refusals.len(), 1, "{:?}", plan.refusals);
        let r = &plan.refusals[0];
        assert_eq!(
            (r.table.as_str(), r.subject.as_str(), r.message.as_str()),
            ("public.t", "column doc", "type mystery cannot be generated")
        );
        assert_eq!(
            plan.warnings,
            ["public.t.note: type box3d cannot be generated; left NULL"]
        );
        let note = col(&plan, "note");
        assert_eq!(note.null_fraction, 1.0);
        assert_eq!(note.codec, Codec::Unsupported("box3d".into()));
        // NOT NULL with a DEFAULT: left to the server.
        let shape = col(&plan, "shape");
        assert!(!shape.write);
        assert_eq!(shape.source, Source::ServerDefault);
    }
}
