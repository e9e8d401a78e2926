//! Planning one table: its foreign keys, its grouping, a generator for every column, its
//! CHECKs compiled for the row evaluator, and the order columns are generated in.

use std::collections::HashMap;

use super::constraints::{Bound, ColumnFacts, Facts, Scalar};
use super::semantic::{self, Semantic};
use super::*;
use crate::model::{
    BoundValue, Check, Column, CompositeField, ForeignKey, PartitionBound, PartitionStrategy,
    SqlType,
};
pub use crate::pgtype::{TypeClass, classify};
use crate::profile::ColumnProfile;
use crate::values::expr::BinOp;
use crate::values::gens::{JsonFlavour, JsonGen, RangeKind, parse_template};
use crate::values::regex_enum::RegexEnum;
use crate::values::rng::RowRng;
use crate::values::text::TextKind;
use crate::values::value::{Value, parse_date};

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
pub fn plan_table(input: TableInput) -> (TablePlan, Diagnostics) {
    let t = input.table;
    let mut found = Diagnostics::default();
    let checks = CheckFacts::of(t);
    let (mut fks, fk_of_column) = found.keep(plan_foreign_keys(&input));
    let grouping = plan_grouping(&input, &mut fks);
    let decided = Decided {
        facts: &checks.facts,
        fks: &fks,
        fk_of_column: &fk_of_column,
        grouping: &grouping,
    };
    let columns = found.keep(plan_columns(&input, &decided));
    let compiled = compile_checks(t, &checks, &columns);
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
    };
    unique::plan_uniques(&mut tp, t, &mut found.refusals);
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
    let mut fks = Vec::new();
    for (fi, fk) in t.foreign_keys.iter().enumerate() {
        let plan = found.keep(plan_foreign_key(input, fk));
        for (pos, &c) in plan.columns.iter().enumerate() {
            fk_of_column[c].get_or_insert((fi, pos));
        }
        fks.push(plan);
    }
    ((fks, fk_of_column), found)
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
    found.extend(parent_problems(input, fk, parent_ci, parent, nullable));
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
        parent_rows: parent_ci
            .and_then(|p| input.all_rows.get(&p).copied())
            .unwrap_or(0),
        nullable,
        null_fraction: if parent.is_none() { 1.0 } else { null_fraction },
        choice,
        key64: key64(&derive_key(s.seed, &[&key, "fk", &fk.name])),
        deferred,
        self_reference,
        pinned: false,
    };
    (plan, found)
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
        );
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
    let f = decided.facts.column(&col.name);
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
        plan.reason = format!(
            "foreign key {} → {}{}",
            fk.name,
            fk.parent_key,
            fk_parents(fk, decided.grouping)
        );
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
    (plan, found)
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
    }
}

/// Table and domain CHECKs compiled against column positions.
fn compile_checks(t: &Table, checks: &CheckFacts, cols: &[ColumnPlan]) -> Vec<CheckPlan> {
    let index_of = |name: &str| t.column_index(name);
    let mut out = Vec::new();
    for (c, tr) in t.checks.iter().zip(&checks.translations) {
        let (node, modelled) = eval::compile(&c.expr, &index_of);
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
        let (node, modelled) = eval::compile(&dc.expr, &map);
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

struct Chosen {
    generator: Gen,
    source: Source,
    reason: String,
    pii: Option<Pii>,
    null_fraction: Option<f64>,
}

fn chosen(generator: Gen, source: Source, reason: impl Into<String>) -> Chosen {
    Chosen {
        generator,
        source,
        reason: reason.into(),
        pii: None,
        null_fraction: None,
    }
}

fn choose(
    input: &TableInput,
    decided: &Decided,
    col: &Column,
    f: &ColumnFacts,
    cp: Option<&ColumnProfile>,
) -> std::result::Result<Chosen, String> {
    let s = input.settings;
    let t = input.table;
    let class = classify(&col.type_info);
    let sem = semantic::infer(&t.name, &col.name);

    // 1. The profile's override.
    if let Some(cp) = cp
        && let Some(c) = from_profile(cp, &class, s, input.table, col)?
    {
        return Ok(c);
    }

    // 2. What the constraints demand.
    if let TypeClass::Int { .. } = class
        && (col.identity.is_some() || col.sequence.is_some())
    {
        let start = bound_i64(f.lower.as_ref(), true).unwrap_or(1).max(1);
        return Ok(chosen(
            Gen::Sequence { start, step: 1 },
            Source::Constraint,
            format!(
                "{} column: explicit values {start}, {}, …; the sequence is advanced after loading",
                if col.identity.is_some() {
                    "identity"
                } else {
                    "serial"
                },
                start + 1
            ),
        ));
    }
    if let Some(choices) = &f.choices {
        let values: Vec<Value> = choices
            .iter()
            .filter(|c| !f.excluded.contains(c))
            .filter_map(|c| value_from_text(&class, c))
            .collect();
        if values.is_empty() {
            return Err(format!(
                "its CHECKs ({}) allow no value",
                f.sources.join(", ")
            ));
        }
        let n = values.len();
        return Ok(chosen(
            Gen::choice(values, None),
            Source::Constraint,
            format!("one of {n} values allowed by {}", f.sources.join(", ")),
        ));
    }
    if let Some(g) = partition_gen(t, col, &class) {
        return Ok(chosen(
            g,
            Source::Constraint,
            "inside the bounds of the table's partitions",
        ));
    }
    if let Some((base, op, check)) = relation_base(t, col, decided.facts) {
        let base_col = &t.columns[base];
        let (min_delta, max_delta, unit) = match class {
            TypeClass::Timestamp => (
                if op == BinOp::Gt { 1_000_000 } else { 0 },
                90 * MICROS_PER_DAY,
                "up to 90 days",
            ),
            TypeClass::Date => (if op == BinOp::Gt { 1 } else { 0 }, 365, "up to a year"),
            TypeClass::Int { .. } => (if op == BinOp::Gt { 1 } else { 0 }, 100, "up to 100"),
            TypeClass::Numeric { scale, .. } => (
                if op == BinOp::Gt { 1 } else { 0 },
                100 * 10i64.pow(scale as u32),
                "up to 100",
            ),
            _ => return Err(format!("cannot order {} after {}", col.name, base_col.name)),
        };
        let fallback = base_gen(input, t, col, f, &class, sem)?.generator;
        let cap = upper_cap(f, &class);
        let sem_nf = match sem {
            Some(Semantic::Deleted) => Some(0.85),
            Some(Semantic::LaterEvent) => Some(0.3),
            _ => None,
        };
        return Ok(Chosen {
            generator: Gen::After {
                base,
                min_delta,
                max_delta,
                cap,
                fallback: Box::new(fallback),
            },
            source: Source::Constraint,
            reason: format!("after {} by {unit} ({check})", base_col.name),
            pii: None,
            null_fraction: sem_nf,
        });
    }

    // 3 and 4. What the name and type suggest, within the constraints.
    base_gen(input, t, col, f, &class, sem)
}

/// `col` must come after another column (a CHECK relation, or created/updated coherence).
fn relation_base(t: &Table, col: &Column, facts: &Facts) -> Option<(usize, BinOp, String)> {
    let me = t.column_index(&col.name)?;
    for r in &facts.relations {
        let (later, earlier, op) = match r.op {
            BinOp::Gt | BinOp::GtEq => (&r.left, &r.right, r.op),
            BinOp::Lt | BinOp::LtEq => (&r.right, &r.left, r.op.flipped()),
            _ => continue,
        };
        if *later == col.name
            && let Some(b) = t.column_index(earlier)
            && b != me
            && !t.columns[b].is_generated()
        {
            return Some((b, op, r.check.clone()));
        }
    }
    // Coherence without a CHECK: updated/deleted/later events follow the creation time.
    let sem = semantic::infer(&t.name, &col.name)?;
    if matches!(
        sem,
        Semantic::Updated | Semantic::Deleted | Semantic::LaterEvent
    ) {
        let class = classify(&col.type_info);
        let created = t.columns.iter().position(|c| {
            c.name != col.name
                && semantic::infer(&t.name, &c.name) == Some(Semantic::Created)
                && std::mem::discriminant(&classify(&c.type_info)) == std::mem::discriminant(&class)
        })?;
        // Never chain onto a column that itself follows this one.
        if facts
            .relations
            .iter()
            .any(|r| r.left == t.columns[created].name && r.right == col.name)
        {
            return None;
        }
        return Some((
            created,
            BinOp::GtEq,
            "coherence with the creation time".into(),
        ));
    }
    None
}

fn upper_cap(f: &ColumnFacts, class: &TypeClass) -> Option<i64> {
    let b = f.upper.as_ref()?;
    match (class, b.value) {
        (TypeClass::Timestamp, Scalar::Time(t)) => Some(if b.inclusive { t } else { t - 1 }),
        (TypeClass::Date, Scalar::Time(t)) => {
            let d = t.div_euclid(MICROS_PER_DAY);
            Some(if b.inclusive { d } else { d - 1 })
        }
        (TypeClass::Int { .. }, _) => bound_i64(Some(b), false),
        _ => None,
    }
}

/// Integer bound from a CHECK bound (`lower` rounds up, `upper` rounds down; exclusive bounds
/// step one past).
fn bound_i64(b: Option<&Bound>, lower: bool) -> Option<i64> {
    bound_scaled(b, lower, 0).map(|v| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// Scaled-integer bound for numeric(p, s).
fn bound_scaled(b: Option<&Bound>, lower: bool, scale: u8) -> Option<i128> {
    let b = b?;
    let Scalar::Num(v) = b.value else { return None };
    let x = v * 10f64.powi(scale as i32);
    Some(if lower {
        let c = x.ceil();
        if !b.inclusive && c == x {
            c as i128 + 1
        } else {
            c as i128
        }
    } else {
        let c = x.floor();
        if !b.inclusive && c == x {
            c as i128 - 1
        } else {
            c as i128
        }
    })
}

fn time_bounds(f: &ColumnFacts, default: (i64, i64), unit: i64) -> (i64, i64) {
    let lo = match f.lower {
        Some(Bound {
            value: Scalar::Time(t),
            inclusive,
        }) => Some(if inclusive { t } else { t + unit }),
        _ => None,
    };
    let hi = match f.upper {
        Some(Bound {
            value: Scalar::Time(t),
            inclusive,
        }) => Some(if inclusive { t } else { t - unit }),
        _ => None,
    };
    intersect_range(default, lo, hi)
}

/// Intersect a default range with optional bounds (in 128 bits: numerics' scaled values
/// outgrow an i64); if they do not meet, keep the default's width on the bounded side.
fn intersect_range_i128(default: (i128, i128), lo: Option<i128>, hi: Option<i128>) -> (i128, i128) {
    let (dlo, dhi) = default;
    let span = dhi.saturating_sub(dlo).max(0);
    let (mut a, mut b) = (
        lo.map_or(dlo, |l| l.max(dlo)),
        hi.map_or(dhi, |h| h.min(dhi)),
    );
    if a > b {
        match (lo, hi) {
            (Some(l), Some(h)) => (a, b) = (l, h),
            (Some(l), None) => (a, b) = (l, l.saturating_add(span)),
            (None, Some(h)) => (a, b) = (h.saturating_sub(span), h),
            (None, None) => {}
        }
    }
    (a, b)
}

/// Intersect a default range with optional bounds; if they do not meet, keep the default's
/// width on the bounded side.
fn intersect_range(default: (i64, i64), lo: Option<i64>, hi: Option<i64>) -> (i64, i64) {
    let (a, b) = intersect_range_i128(
        (default.0 as i128, default.1 as i128),
        lo.map(i128::from),
        hi.map(i128::from),
    );
    let clamp = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    (clamp(a), clamp(b))
}

/// A generator for a value of the column's type, by type family, within its CHECK facts and
/// suggested by its name.
fn base_gen(
    input: &TableInput,
    t: &Table,
    col: &Column,
    f: &ColumnFacts,
    class: &TypeClass,
    sem: Option<Semantic>,
) -> std::result::Result<Chosen, String> {
    let s = input.settings;
    Ok(match class {
        TypeClass::Int { min, max } => return int_gen(col, f, (*min, *max), sem),
        TypeClass::Numeric { int_digits, scale } => {
            return numeric_gen(col, f, *int_digits, *scale, sem);
        }
        TypeClass::Float => float_gen(f, sem),
        TypeClass::Money => chosen(
            Gen::Money {
                min: 100,
                max: 100_000,
            },
            Source::Type,
            "money 1.00..1000.00",
        ),
        TypeClass::Bool => match sem {
            Some(Semantic::Flag(p)) => from_name(
                col,
                Gen::Bool { p_true: p },
                &format!("flag, {}% true", (p * 100.0).round()),
            ),
            _ => chosen(Gen::Bool { p_true: 0.5 }, Source::Type, "boolean"),
        },
        TypeClass::Uuid => chosen(
            Gen::Uuid {
                key: key64(&column_key(s.seed, &t.key(), &col.name)),
            },
            Source::Type,
            "uuid v4 (a keyed bijection of the row number: never repeats)",
        ),
        TypeClass::Date => date_gen(f, sem, s),
        TypeClass::Timestamp => timestamp_gen(f, sem, s),
        TypeClass::Time => chosen(Gen::Time, Source::Type, "time of day"),
        TypeClass::TimeTz => chosen(Gen::TimeTz, Source::Type, "time of day with zone"),
        TypeClass::Interval => chosen(
            Gen::Interval { max_days: 30 },
            Source::Type,
            "interval up to 30 days",
        ),
        TypeClass::Json => json_gen(f, sem),
        TypeClass::Bytes => chosen(
            Gen::Bytes { min: 8, max: 32 },
            Source::Type,
            "8..32 random bytes",
        ),
        TypeClass::Inet { .. } => {
            let mut c = chosen(
                Gen::Inet { v6: false },
                Source::Type,
                "IPv4 documentation addresses (RFC 5737)",
            );
            c.pii = Some(Pii::IpAddress);
            c
        }
        TypeClass::Mac => chosen(Gen::Mac, Source::Type, "locally administered MAC addresses"),
        TypeClass::Enum(labels) => return enum_gen(f, labels),
        TypeClass::Text { max_len, fixed } => return text_gen(t, col, f, *max_len, *fixed, sem, s),
        TypeClass::Array(elem) => return array_gen(input, t, col, f, elem, sem),
        TypeClass::Range(sub) => return range_gen(sub, s),
        TypeClass::Composite(fields) => return composite_gen(input, t, fields),
        TypeClass::Unsupported(name) => {
            return Err(format!("type {name} cannot be generated"));
        }
    })
}

/// A generator chosen for what the column's name suggests.
fn from_name(col: &Column, generator: Gen, what: &str) -> Chosen {
    chosen(
        generator,
        Source::Name,
        format!("{what} (from the name \"{}\")", col.name),
    )
}

/// Integers within the type's `(min, max)` and the CHECKs, in a range the name suggests.
fn int_gen(
    col: &Column,
    f: &ColumnFacts,
    (min, max): (i64, i64),
    sem: Option<Semantic>,
) -> std::result::Result<Chosen, String> {
    let (dlo, dhi, skewed, what) = match sem {
        Some(Semantic::Count(a, b)) => (a, b, true, "count"),
        Some(Semantic::Amount(a, b)) => (a as i64, b as i64, false, "amount"),
        Some(Semantic::Rating(a, b)) => (a as i64, b as i64, false, "rating"),
        Some(Semantic::Percent) => (0, 100, false, "percentage"),
        Some(Semantic::Age) => (18, 90, false, "age"),
        Some(Semantic::Year) => (1990, 2025, false, "year"),
        _ => (1, 1000, false, ""),
    };
    let (lo, hi) = intersect_range(
        (dlo.max(min), dhi.min(max)),
        bound_i64(f.lower.as_ref(), true),
        bound_i64(f.upper.as_ref(), false),
    );
    let (lo, hi) = (lo.max(min), hi.min(max));
    if lo > hi {
        return Err(format!(
            "its CHECKs ({}) leave no integer in range",
            f.sources.join(", ")
        ));
    }
    let generator = Gen::Int {
        min: lo,
        max: hi,
        skewed,
    };
    Ok(if what.is_empty() {
        chosen(
            generator,
            if f.sources.is_empty() {
                Source::Type
            } else {
                Source::Constraint
            },
            format!("integer {lo}..{hi}"),
        )
    } else {
        from_name(col, generator, &format!("{what} {lo}..{hi}"))
    })
}

/// Scaled numerics within the precision and the CHECKs, in a range the name suggests.
fn numeric_gen(
    col: &Column,
    f: &ColumnFacts,
    int_digits: Option<u32>,
    scale: u8,
    sem: Option<Semantic>,
) -> std::result::Result<Chosen, String> {
    let unit = 10i128.pow(scale as u32);
    let type_max = int_digits
        .map(|d| 10i128.pow(d).saturating_mul(unit) - 1)
        .unwrap_or(i128::MAX / 4);
    let (dlo, dhi, skewed, what) = match sem {
        Some(Semantic::Amount(a, b)) => (a, b, true, "amount"),
        Some(Semantic::Rating(a, b)) => (a, b, false, "rating"),
        Some(Semantic::Count(a, b)) => (a as f64, b as f64, true, "count"),
        Some(Semantic::Percent) => (0.0, 100.0, false, "percentage"),
        Some(Semantic::Latitude) => (-90.0, 90.0, false, "latitude"),
        Some(Semantic::Longitude) => (-180.0, 180.0, false, "longitude"),
        _ => (0.0, 1000.0, false, ""),
    };
    let d = (
        (dlo * unit as f64) as i128,
        ((dhi * unit as f64) as i128).min(type_max),
    );
    let lo = bound_scaled(f.lower.as_ref(), true, scale);
    let hi = bound_scaled(f.upper.as_ref(), false, scale);
    let (a, b) = intersect_range_i128(d, lo, hi);
    let (a, b) = (a.max(-type_max), b.min(type_max));
    if a > b {
        return Err(format!(
            "its CHECKs ({}) and numeric precision leave no value",
            f.sources.join(", ")
        ));
    }
    let generator = Gen::Numeric {
        min: a,
        max: b,
        scale,
        skewed,
    };
    let desc = format!("numeric {}..{}", fmt_scaled(a, scale), fmt_scaled(b, scale));
    Ok(if what.is_empty() {
        chosen(
            generator,
            if f.sources.is_empty() {
                Source::Type
            } else {
                Source::Constraint
            },
            desc,
        )
    } else {
        from_name(col, generator, &format!("{what} {desc}"))
    })
}

fn float_gen(f: &ColumnFacts, sem: Option<Semantic>) -> Chosen {
    let (dlo, dhi) = match sem {
        Some(Semantic::Latitude) => (-90.0, 90.0),
        Some(Semantic::Longitude) => (-180.0, 180.0),
        Some(Semantic::Rating(a, b)) | Some(Semantic::Amount(a, b)) => (a, b),
        Some(Semantic::Percent) => (0.0, 100.0),
        _ => (0.0, 1000.0),
    };
    let lo = match f.lower {
        Some(Bound {
            value: Scalar::Num(v),
            inclusive,
        }) => Some(if inclusive { v } else { v + 0.01 }),
        _ => None,
    };
    let hi = match f.upper {
        Some(Bound {
            value: Scalar::Num(v),
            inclusive,
        }) => Some(if inclusive { v } else { v - 0.01 }),
        _ => None,
    };
    let (a, b) = (
        lo.map_or(dlo, |l| l.max(dlo)),
        hi.map_or(dhi, |h| h.min(dhi)),
    );
    let (a, b) = if a > b {
        (lo.unwrap_or(b), hi.unwrap_or(a))
    } else {
        (a, b)
    };
    chosen(
        Gen::Float { min: a, max: b },
        Source::Type,
        format!("float {a}..{b}"),
    )
}

fn date_gen(f: &ColumnFacts, sem: Option<Semantic>, s: &Settings) -> Chosen {
    let (dlo, dhi) = match sem {
        Some(Semantic::BirthDate) => (
            days_from_civil(1940, 1, 1) as i64,
            days_from_civil(2006, 12, 31) as i64,
        ),
        _ => (
            s.window.0.div_euclid(MICROS_PER_DAY),
            (s.window.1 - 1).div_euclid(MICROS_PER_DAY),
        ),
    };
    let (lo, hi) = time_bounds(
        f,
        (dlo * MICROS_PER_DAY, dhi * MICROS_PER_DAY),
        MICROS_PER_DAY,
    );
    let (lo, hi) = (
        lo.div_euclid(MICROS_PER_DAY) as i32,
        hi.div_euclid(MICROS_PER_DAY) as i32,
    );
    let mut c = chosen(
        Gen::Date { min: lo, max: hi },
        if sem.is_some() {
            Source::Name
        } else {
            Source::Type
        },
        format!(
            "date {}..{}",
            Value::Date(lo).to_text(false),
            Value::Date(hi).to_text(false)
        ),
    );
    if sem == Some(Semantic::BirthDate) {
        c.pii = Some(Pii::DateOfBirth);
    }
    c.null_fraction = deleted_null_fraction(sem);
    c
}

fn timestamp_gen(f: &ColumnFacts, sem: Option<Semantic>, s: &Settings) -> Chosen {
    let (lo, hi) = time_bounds(f, (s.window.0, s.window.1 - 1), 1);
    let mut c = chosen(
        Gen::Timestamp { min: lo, max: hi },
        if sem.is_some() {
            Source::Name
        } else {
            Source::Type
        },
        format!(
            "timestamp {}..{}",
            Value::Timestamp(lo).to_text(false),
            Value::Timestamp(hi).to_text(false)
        ),
    );
    c.null_fraction = deleted_null_fraction(sem);
    c
}

fn json_gen(f: &ColumnFacts, sem: Option<Semantic>) -> Chosen {
    let flavour = match sem {
        Some(Semantic::JsonSettings) => JsonFlavour::Settings,
        Some(Semantic::JsonAttributes) => JsonFlavour::Attributes,
        Some(Semantic::JsonEvent) => JsonFlavour::Event,
        _ => JsonFlavour::Generic,
    };
    if f.json_type.as_deref() == Some("array") {
        return chosen(
            Gen::Json(JsonGen::Array),
            Source::Constraint,
            "JSON array (jsonb_typeof CHECK)",
        );
    }
    chosen(
        Gen::Json(JsonGen::Object(flavour)),
        if sem.is_some() {
            Source::Name
        } else {
            Source::Type
        },
        format!(
            "JSON object of {} keys",
            format!("{flavour:?}").to_lowercase()
        ),
    )
}

fn enum_gen(f: &ColumnFacts, labels: &[String]) -> std::result::Result<Chosen, String> {
    let values: Vec<Value> = labels
        .iter()
        .filter(|l| !f.excluded.contains(l))
        .map(|l| Value::Text(l.clone()))
        .collect();
    if values.is_empty() {
        return Err("its enum has no labels the CHECKs allow".into());
    }
    let n = values.len();
    Ok(chosen(
        Gen::choice(values, None),
        Source::Type,
        format!("one of the enum's {n} labels"),
    ))
}

/// Arrays of a few elements, each generated as a column of the element type would be.
fn array_gen(
    input: &TableInput,
    t: &Table,
    col: &Column,
    f: &ColumnFacts,
    elem: &SqlType,
    sem: Option<Semantic>,
) -> std::result::Result<Chosen, String> {
    let elem_class = classify(elem);
    let elem_sem = match sem {
        Some(Semantic::Tags) => Some(Semantic::Text(TextKind::Word)),
        other => other,
    };
    let fake_col = Column {
        type_info: elem.clone(),
        nullable: false,
        ..col.clone()
    };
    let inner = base_gen(
        input,
        t,
        &fake_col,
        &ColumnFacts::default(),
        &elem_class,
        elem_sem,
    )?;
    let max = f
        .max_items
        .unwrap_or(4)
        .min(f.min_items.unwrap_or(0).max(4));
    let min = f.min_items.unwrap_or(0).min(max);
    Ok(chosen(
        Gen::Array {
            elem: Box::new(inner.generator),
            min,
            max,
        },
        Source::Type,
        format!("array of {min}..{max}: {}", inner.reason),
    ))
}

/// Non-empty ranges of integers, numerics, dates or timestamps.
fn range_gen(sub: &SqlType, s: &Settings) -> std::result::Result<Chosen, String> {
    let (lower, kind) = match classify(sub) {
        TypeClass::Int { .. } => (
            Gen::Int {
                min: 1,
                max: 1000,
                skewed: false,
            },
            RangeKind::Int,
        ),
        TypeClass::Numeric { scale, .. } => (
            Gen::Numeric {
                min: 0,
                max: 1000 * 10i128.pow(scale as u32),
                scale,
                skewed: false,
            },
            RangeKind::Numeric(scale),
        ),
        TypeClass::Date => (
            Gen::Date {
                min: s.window.0.div_euclid(MICROS_PER_DAY) as i32,
                max: (s.window.1 - 1).div_euclid(MICROS_PER_DAY) as i32,
            },
            RangeKind::Date,
        ),
        TypeClass::Timestamp => (
            Gen::Timestamp {
                min: s.window.0,
                max: s.window.1 - 1,
            },
            RangeKind::Timestamp,
        ),
        other => return Err(format!("range of {other:?} is not generated")),
    };
    Ok(chosen(
        Gen::Range {
            lower: Box::new(lower),
            kind,
        },
        Source::Type,
        "non-empty ranges [lower, upper)",
    ))
}

/// Composite values: each field generated as a column of its name and type would be.
fn composite_gen(
    input: &TableInput,
    t: &Table,
    fields: &[CompositeField],
) -> std::result::Result<Chosen, String> {
    let mut gens = Vec::new();
    for fld in fields {
        let fake_col = Column {
            name: fld.name.clone(),
            type_name: fld.type_name.clone(),
            type_info: fld.type_info.clone(),
            nullable: true,
            default: None,
            identity: None,
            sequence: None,
            generated: None,
            comment: None,
        };
        let sem = semantic::infer(&t.name, &fld.name);
        gens.push(
            base_gen(
                input,
                t,
                &fake_col,
                &ColumnFacts::default(),
                &classify(&fld.type_info),
                sem,
            )?
            .generator,
        );
    }
    Ok(chosen(
        Gen::Composite(gens),
        Source::Type,
        "composite: each field by its name and type",
    ))
}

fn deleted_null_fraction(sem: Option<Semantic>) -> Option<f64> {
    match sem {
        Some(Semantic::Deleted) => Some(0.85),
        Some(Semantic::LaterEvent) => Some(0.3),
        _ => None,
    }
}

fn fmt_scaled(v: i128, scale: u8) -> String {
    let mut s = String::new();
    crate::values::value::format_numeric(&mut s, v, scale);
    s
}

fn text_gen(
    t: &Table,
    col: &Column,
    f: &ColumnFacts,
    max_len: Option<usize>,
    fixed: bool,
    sem: Option<Semantic>,
    s: &Settings,
) -> std::result::Result<Chosen, String> {
    let max = match (max_len, f.max_len) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    // A name kind, checked against the column's patterns on a sample.
    if let Some(k) = text_kind(sem, max) {
        let generator = kind_generator(t, col, k);
        if sample_matches(&generator, &f.patterns, max, s) {
            return Ok(kind_chosen(t, col, k, generator));
        }
    }
    if let Some((p, _)) = f.patterns.first() {
        let Some(e) = RegexEnum::new(p) else {
            return Err(format!("its pattern {p} cannot be generated"));
        };
        return Ok(chosen(
            Gen::Regex(Box::new(e)),
            Source::Constraint,
            format!("strings matching {p} ({})", f.sources.join(", ")),
        ));
    }
    if let Some(m) = max
        && (fixed || m <= 3)
        && m <= 8
    {
        let e = RegexEnum::new(&format!("[A-Z]{{{m}}}")).expect("valid pattern");
        return Ok(chosen(
            Gen::Regex(Box::new(e)),
            Source::Type,
            format!("{m} capital letters"),
        ));
    }
    Ok(chosen(
        Gen::Text {
            kind: TextKind::Words,
        },
        Source::Type,
        "a few words",
    ))
}

/// The kind of text the column's name suggests, if it fits in `max` characters.
fn text_kind(sem: Option<Semantic>, max: Option<usize>) -> Option<TextKind> {
    let kind = match sem {
        Some(Semantic::Text(k)) => Some(k),
        Some(Semantic::Tags) => Some(TextKind::Word),
        Some(Semantic::Amount(..)) | Some(Semantic::Count(..)) => None,
        _ => None,
    };
    // Short fixed-width codes: the kinds that fit, else letters.
    match (kind, max) {
        (Some(k @ (TextKind::CountryCode | TextKind::Language)), Some(m)) if m >= 2 => Some(k),
        (Some(TextKind::CurrencyCode), Some(m)) if m >= 3 => Some(TextKind::CurrencyCode),
        (Some(_), Some(m)) if m <= 3 => None,
        (k, _) => k,
    }
}

/// The generator for a text kind: cities and countries follow a country column of the row,
/// emails the row's person names.
fn kind_generator(t: &Table, col: &Column, k: TextKind) -> Gen {
    let country_col = || {
        t.columns.iter().position(|c| {
            c.name != col.name
                && matches!(
                    semantic::infer(&t.name, &c.name),
                    Some(Semantic::Text(TextKind::Country | TextKind::CountryCode))
                )
        })
    };
    let code_col = t.columns.iter().position(|c| {
        c.name != col.name
            && semantic::infer(&t.name, &c.name) == Some(Semantic::Text(TextKind::CountryCode))
    });
    if let (TextKind::City, Some(country)) = (k, code_col.or_else(country_col)) {
        Gen::CityOf { country }
    } else if let (TextKind::Country, Some(code)) = (k, code_col) {
        Gen::CountryOf { code }
    } else if k == TextKind::Email {
        let find = |want: TextKind| {
            t.columns.iter().position(|c| {
                c.name != col.name
                    && semantic::infer(&t.name, &c.name) == Some(Semantic::Text(want))
            })
        };
        let (first, last) = (find(TextKind::FirstName), find(TextKind::LastName));
        let full = if first.is_none() && last.is_none() {
            find(TextKind::FullName)
        } else {
            None
        };
        Gen::PersonEmail {
            first,
            last,
            full,
            unique: false,
        }
    } else {
        Gen::Text { kind: k }
    }
}

/// A text kind's generator, with a reason naming the columns it follows.
fn kind_chosen(t: &Table, col: &Column, k: TextKind, generator: Gen) -> Chosen {
    let mut c = chosen(
        generator,
        Source::Name,
        format!(
            "{} (from the name \"{}\")",
            k.name().replace('_', " "),
            col.name
        ),
    );
    if let Gen::CountryOf { code } = &c.generator {
        c.reason = format!(
            "the country of the row's {} (from the name \"{}\")",
            t.columns[*code].name, col.name
        );
    }
    if let Gen::CityOf { country } = &c.generator {
        c.reason = format!(
            "a city of the row's {} (from the name \"{}\")",
            t.columns[*country].name, col.name
        );
    }
    if let Gen::PersonEmail {
        first, last, full, ..
    } = &c.generator
        && let Some(i) = first.or(*last).or(*full)
    {
        c.reason = format!(
            "email matching {} (from the name \"{}\")",
            t.columns[i].name, col.name
        );
    }
    c.pii = k.pii();
    if matches!(k, TextKind::Sentence | TextKind::Paragraph) {
        c.null_fraction = Some(0.2);
    }
    c
}

/// Do 64 sample values of `generator` fit the patterns and the length limit?
fn sample_matches(
    generator: &Gen,
    patterns: &[(String, bool)],
    max: Option<usize>,
    s: &Settings,
) -> bool {
    let res: Vec<regex::Regex> = patterns
        .iter()
        .filter_map(|(p, ci)| {
            regex::RegexBuilder::new(p)
                .case_insensitive(*ci)
                .build()
                .ok()
        })
        .collect();
    if res.len() != patterns.len() {
        return false;
    }
    let mut rng = RowRng::new(0x5eed, 0);
    let empty: [Value; 0] = [];
    let cx = crate::values::gens::Cx {
        row: 0,
        values: &empty,
        group_offset: 0,
        tuples: &[],
        locale: s.locale,
    };
    let limit = max.unwrap_or(usize::MAX);
    (0..64).all(|_| match generator.generate(&mut rng, &cx) {
        Value::Text(v) => v.chars().count() <= limit || patterns.is_empty() && limit >= 8,
        _ => true,
    } && match generator.generate(&mut rng, &cx) {
        Value::Text(v) => res.iter().all(|r| r.is_match(&v)),
        _ => true,
    })
}

/// Values of the partition key that land in some partition.
fn partition_gen(t: &Table, col: &Column, class: &TypeClass) -> Option<Gen> {
    let p = t.partitioning.as_ref()?;
    if p.key.len() != 1 || p.key[0].column() != Some(col.name.as_str()) {
        return None;
    }
    if p.partitions
        .iter()
        .any(|x| x.bound == PartitionBound::Default)
        && p.strategy != PartitionStrategy::List
    {
        return None;
    }
    match p.strategy {
        PartitionStrategy::List => {
            let values: Vec<Value> = p
                .partitions
                .iter()
                .flat_map(|x| match &x.bound {
                    PartitionBound::List { values } => values.iter().flatten().cloned().collect(),
                    _ => Vec::new(),
                })
                .filter_map(|v| value_from_text(class, &v))
                .collect();
            (!values.is_empty()).then(|| Gen::choice(values, None))
        }
        PartitionStrategy::Range => {
            let mut spans = Vec::new();
            for part in &p.partitions {
                let PartitionBound::Range { from, to } = &part.bound else {
                    continue;
                };
                let (Some(f), Some(tt)) = (from.first(), to.first()) else {
                    continue;
                };
                // MINVALUE/MAXVALUE: keep values within a generous but finite span.
                let (lo_d, hi_d) = match class {
                    TypeClass::Timestamp => (
                        days_from_civil(1990, 1, 1) as i64 * MICROS_PER_DAY,
                        days_from_civil(2040, 1, 1) as i64 * MICROS_PER_DAY,
                    ),
                    TypeClass::Date => (
                        days_from_civil(1990, 1, 1) as i64,
                        days_from_civil(2040, 1, 1) as i64,
                    ),
                    _ => (0, 1_000_000),
                };
                let num = |b: &BoundValue, dflt: i64| -> Option<i64> {
                    match (b, class) {
                        (BoundValue::MinValue | BoundValue::MaxValue, _) => Some(dflt),
                        (BoundValue::Value(v), TypeClass::Timestamp) => parse_timestamp(v),
                        (BoundValue::Value(v), TypeClass::Date) => parse_date(v).map(|d| d as i64),
                        (BoundValue::Value(v), TypeClass::Int { .. }) => v.parse().ok(),
                        _ => None,
                    }
                };
                let (Some(lo), Some(hi)) = (num(f, lo_d), num(tt, hi_d)) else {
                    continue;
                };
                // Upper bounds of range partitions are exclusive.
                if hi > lo {
                    spans.push((lo, hi - 1));
                }
            }
            if spans.is_empty() {
                return None;
            }
            let mut total = 0.0;
            let cumulative = spans
                .iter()
                .map(|(a, b)| {
                    total += (b - a + 1) as f64;
                    total
                })
                .collect();
            Some(Gen::Partitioned {
                spans,
                cumulative,
                kind: match class {
                    TypeClass::Timestamp => RangeKind::Timestamp,
                    TypeClass::Date => RangeKind::Date,
                    _ => RangeKind::Int,
                },
            })
        }
        PartitionStrategy::Hash => None,
    }
}

/// A profile override, type-checked against the column.
fn from_profile(
    cp: &ColumnProfile,
    class: &TypeClass,
    s: &Settings,
    t: &Table,
    col: &Column,
) -> std::result::Result<Option<Chosen>, String> {
    let here = format!("profile [tables.\"{}\".columns.{}]", t.key(), col.name);
    if let Some(v) = &cp.value {
        let val = value_from_toml(class, v)
            .ok_or_else(|| format!("{here}: value {v} does not fit type {}", col.type_name))?;
        return Ok(Some(chosen(
            Gen::Const(val),
            Source::Profile,
            format!("{here}: constant {v}"),
        )));
    }
    if let Some(choices) = &cp.choices {
        return profile_choices(choices, class, col, &here).map(Some);
    }
    if let Some(re) = &cp.regex {
        let e =
            RegexEnum::new(re).ok_or_else(|| format!("{here}: regex {re} cannot be generated"))?;
        return Ok(Some(chosen(
            Gen::Regex(Box::new(e)),
            Source::Profile,
            format!("{here}: strings matching {re}"),
        )));
    }
    if let Some(tpl) = &cp.template {
        let parts = parse_template(tpl).map_err(|m| format!("{here}: template: {m}"))?;
        return Ok(Some(chosen(
            Gen::Template(parts),
            Source::Profile,
            format!("{here}: template {tpl}"),
        )));
    }
    if let Some(j) = &cp.json {
        let doc = serde_json::to_value(j).map_err(|e| format!("{here}: json: {e}"))?;
        return Ok(Some(chosen(
            Gen::Json(JsonGen::Template(doc)),
            Source::Profile,
            format!("{here}: JSON document"),
        )));
    }
    if let Some(name) = &cp.generator {
        return profile_generator(name, &here).map(Some);
    }
    if cp.min.is_some() || cp.max.is_some() {
        return profile_range(cp, class, s, col, &here).map(Some);
    }
    Ok(None)
}

/// `choices = [...]` or `choices = { value = weight, ... }`.
fn profile_choices(
    choices: &crate::profile::Choices,
    class: &TypeClass,
    col: &Column,
    here: &str,
) -> std::result::Result<Chosen, String> {
    let (vals, weights): (Vec<toml::Value>, Option<Vec<f64>>) = match choices {
        crate::profile::Choices::List(l) => (l.clone(), None),
        crate::profile::Choices::Weighted(m) => (
            m.keys().map(|k| toml::Value::String(k.clone())).collect(),
            Some(m.values().copied().collect()),
        ),
    };
    let values: Option<Vec<Value>> = vals.iter().map(|v| value_from_toml(class, v)).collect();
    let values =
        values.ok_or_else(|| format!("{here}: a choice does not fit type {}", col.type_name))?;
    if values.is_empty() {
        return Err(format!("{here}: choices is empty"));
    }
    Ok(chosen(
        Gen::choice(values, weights),
        Source::Profile,
        format!("{here}: weighted choices"),
    ))
}

/// `generator = "kind"`: a named text generator.
fn profile_generator(name: &str, here: &str) -> std::result::Result<Chosen, String> {
    let kind = TextKind::from_name(name).ok_or_else(|| {
        format!(
            "{here}: no generator \"{name}\"{}",
            crate::profile::suggest(
                name,
                TextKind::ALL
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str)
            )
        )
    })?;
    let mut c = chosen(
        Gen::Text { kind },
        Source::Profile,
        format!("{here}: generator {name}"),
    );
    c.pii = kind.pii();
    Ok(c)
}

/// `min` / `max` for numbers, dates and timestamps.
fn profile_range(
    cp: &ColumnProfile,
    class: &TypeClass,
    s: &Settings,
    col: &Column,
    here: &str,
) -> std::result::Result<Chosen, String> {
    let num = |v: &Option<toml::Value>| {
        v.as_ref()
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
    };
    let time = |v: &Option<toml::Value>| {
        v.as_ref().and_then(|v| match v {
            toml::Value::String(s) => parse_timestamp(s),
            toml::Value::Datetime(d) => parse_timestamp(&d.to_string()),
            _ => None,
        })
    };
    let generator = match class {
        TypeClass::Int { .. } => Gen::Int {
            min: num(&cp.min).unwrap_or(0.0) as i64,
            max: num(&cp.max).unwrap_or(1000.0) as i64,
            skewed: false,
        },
        TypeClass::Numeric { scale, .. } => {
            let u = 10f64.powi(*scale as i32);
            Gen::Numeric {
                min: (num(&cp.min).unwrap_or(0.0) * u) as i128,
                max: (num(&cp.max).unwrap_or(1000.0) * u) as i128,
                scale: *scale,
                skewed: false,
            }
        }
        TypeClass::Float => Gen::Float {
            min: num(&cp.min).unwrap_or(0.0),
            max: num(&cp.max).unwrap_or(1000.0),
        },
        TypeClass::Timestamp => Gen::Timestamp {
            min: time(&cp.min).unwrap_or(s.window.0),
            max: time(&cp.max).unwrap_or(s.window.1 - 1),
        },
        TypeClass::Date => Gen::Date {
            min: time(&cp.min)
                .map(|t| t.div_euclid(MICROS_PER_DAY) as i32)
                .unwrap_or((s.window.0 / MICROS_PER_DAY) as i32),
            max: time(&cp.max)
                .map(|t| t.div_euclid(MICROS_PER_DAY) as i32)
                .unwrap_or((s.window.1 / MICROS_PER_DAY) as i32 - 1),
        },
        _ => {
            return Err(format!(
                "{here}: min/max apply to numbers, dates and timestamps, not {}",
                col.type_name
            ));
        }
    };
    Ok(chosen(generator, Source::Profile, format!("{here}: range")))
}

/// A literal (from a CHECK, a partition bound or a profile) as a value of the column's type.
pub fn value_from_text(class: &TypeClass, s: &str) -> Option<Value> {
    Some(match class {
        TypeClass::Int { .. } => Value::Int(s.trim().parse().ok()?),
        TypeClass::Numeric { scale, .. } => {
            let v: f64 = s.trim().parse().ok()?;
            Value::Numeric {
                unscaled: (v * 10f64.powi(*scale as i32)).round() as i128,
                scale: *scale,
            }
        }
        TypeClass::Float => Value::Float(s.trim().parse().ok()?),
        TypeClass::Money => Value::Money((s.trim().parse::<f64>().ok()? * 100.0).round() as i64),
        TypeClass::Bool => Value::Bool(matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "t" | "true" | "yes" | "on" | "1"
        )),
        TypeClass::Date => Value::Date(parse_date(s)?),
        TypeClass::Timestamp => Value::Timestamp(parse_timestamp(s)?),
        TypeClass::Uuid => Value::Uuid(u128::from_str_radix(&s.replace('-', ""), 16).ok()?),
        TypeClass::Json => Value::Json(s.to_string()),
        TypeClass::Text { .. } | TypeClass::Enum(_) => Value::Text(s.to_string()),
        TypeClass::Inet { .. } => {
            let (a, p) = s.split_once('/').unwrap_or((s, ""));
            let addr: std::net::IpAddr = a.parse().ok()?;
            let prefix = p.parse().unwrap_or(if addr.is_ipv4() { 32 } else { 128 });
            Value::Inet { addr, prefix }
        }
        _ => return None,
    })
}

fn value_from_toml(class: &TypeClass, v: &toml::Value) -> Option<Value> {
    match (class, v) {
        (TypeClass::Json, other) => Some(Value::Json(serde_json::to_string(other).ok()?)),
        (_, toml::Value::String(s)) => value_from_text(class, s),
        (_, toml::Value::Integer(i)) => value_from_text(class, &i.to_string()),
        (_, toml::Value::Float(f)) => value_from_text(class, &f.to_string()),
        (_, toml::Value::Boolean(b)) => value_from_text(class, if *b { "true" } else { "false" }),
        (_, toml::Value::Datetime(d)) => value_from_text(class, &d.to_string()),
        (TypeClass::Array(elem), toml::Value::Array(items)) => {
            let ec = classify(elem);
            Some(Value::Array(
                items
                    .iter()
                    .map(|i| value_from_toml(&ec, i))
                    .collect::<Option<_>>()?,
            ))
        }
        _ => None,
    }
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
        let mut t = Table::empty("public", "t");
        t.columns.push(column("doc", base("xml", None), false));
        t.columns.push(column("note", base("tsvector", None), true));
        let plan = plan_of(t);
        assert_eq!(plan.refusals.len(), 1, "{:?}", plan.refusals);
        let r = &plan.refusals[0];
        assert_eq!(
            (r.table.as_str(), r.subject.as_str(), r.message.as_str()),
            ("public.t", "column doc", "type xml cannot be generated")
        );
        assert_eq!(
            plan.warnings,
            ["public.t.note: type tsvector cannot be generated; left NULL"]
        );
        let note = col(&plan, "note");
        assert_eq!(note.null_fraction, 1.0);
        assert_eq!(note.codec, Codec::Unsupported("tsvector".into()));
        // xml is encodable (as text) though the planner does not generate it.
        assert_eq!(col(&plan, "doc").codec, Codec::Text);
    }
}
