//! Uniqueness: primary keys, unique constraints and unique indexes (partial and expression ones
//! included), satisfied by construction wherever possible:
//!
//! 1. a key that contains a column already unique by construction is satisfied;
//! 2. otherwise one *anchor* column of the key is made injective in the row index (a sequence,
//!    a keyed permutation of the allowed range, a row token appended to text, the n-th string of
//!    a CHECK pattern…), or a per-group counter when the table is grouped by a key in it;
//! 3. a key made only of foreign keys and finite columns (enums, booleans, CHECK lists) is filled
//!    by enumerating combinations: a keyed permutation of the row index decoded in mixed radix;
//! 4. only when none applies is a set of seen values kept (bounded by the table's rows, and said
//!    so in `plan`), and the table generated in row order.
//!
//! When the rows asked for exceed what a key can hold, the plan refuses, saying how many rows
//! are possible.
//!
//! Each strategy is a `try_*` function that reads the table's plan and returns the [`Strategy`]
//! it would use; [`choose`] tries them in that order of preference and the first that applies
//! wins; only then is its [`Change`] applied to the plan.

use super::columns::{TypeClass, classify};
use super::*;
use crate::model::{KeyPart, UniqueKey, UniqueKind};
use crate::values::eval;
use crate::values::expr::Expr;
use crate::values::gens::Gen;
use crate::values::value::Value;

mod injective;
#[cfg(test)]
mod tests;

use injective::{Hints, Injective, make_unique};

pub fn plan_uniques(tp: &mut TablePlan, t: &Table, refusals: &mut Vec<Refusal>) {
    for k in t.all_unique_keys() {
        let (report, refusal) = plan_one(tp, t, k);
        refusals.extend(refusal);
        tp.uniques.push(report);
    }
}

/// The columns of a key, with whether a part is case-folded (`lower(col)`-like, or citext).
fn key_columns(t: &Table, k: &UniqueKey) -> Option<Vec<(usize, bool)>> {
    k.parts
        .iter()
        .map(|p| match p {
            // citext compares case-insensitively: a key on it is case-folded.
            KeyPart::Column(c) => t
                .column_index(c)
                .map(|i| (i, t.columns[i].type_name.ends_with("citext"))),
            KeyPart::Expression { expr, .. } => match expr.strip_casts() {
                Expr::Function { name, args }
                    if matches!(name.as_str(), "lower" | "upper" | "btrim" | "trim")
                        && args.len() == 1 =>
                {
                    args[0]
                        .as_column()
                        .and_then(|c| t.column_index(c))
                        .map(|i| (i, true))
                }
                _ => None,
            },
        })
        .collect()
}

/// Plan a key that is not among the table's unique keys (an exclusion constraint that is one).
pub fn plan_key(tp: &mut TablePlan, t: &Table, k: &UniqueKey) -> (UniqueReport, Option<Refusal>) {
    plan_one(tp, t, k)
}

/// Plan one key: choose its strategy, apply it, and say how (with the refusal, if refused).
fn plan_one(tp: &mut TablePlan, t: &Table, k: &UniqueKey) -> (UniqueReport, Option<Refusal>) {
    let Strategy {
        how,
        capacity,
        change,
    } = choose(tp, t, k);
    let refusal = apply(tp, k, change);
    let report = UniqueReport {
        key: format!(
            "{} ({})",
            k.name,
            k.parts
                .iter()
                .map(|p| p.display())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        how,
        capacity,
    };
    (report, refusal)
}

/// How a key is kept unique: what `plan` says, and what it changes in the table's plan.
struct Strategy {
    how: String,
    capacity: Option<u128>,
    change: Change,
}

impl Strategy {
    fn new(how: impl Into<String>, capacity: Option<u128>, change: Change) -> Strategy {
        Strategy {
            how: how.into(),
            capacity,
            change,
        }
    }
}

/// What a chosen strategy changes in the table's plan.
enum Change {
    /// The key holds already.
    Nothing,
    /// The key cannot be kept.
    Refuse(Refusal),
    /// The column counts `start, start + 1, …` within each group of the grouping foreign key.
    GroupCounter {
        column: usize,
        start: i64,
        reason: String,
    },
    /// The column's generator becomes one injective in the row index.
    Anchor {
        column: usize,
        generator: Gen,
        how: String,
        /// Primary keys and NULLS NOT DISTINCT keys: no NULLs either.
        not_null: bool,
    },
    /// Foreign keys and finite columns enumerated together.
    Tuple { tuple: TuplePlan, comps: Vec<Comp> },
    /// Values checked against those already generated.
    SeenSet(SeenSetPlan),
}

/// One key being planned: what every strategy reads.
struct KeyCx<'a> {
    tp: &'a TablePlan,
    t: &'a Table,
    k: &'a UniqueKey,
    /// The key's columns, with whether each is case-folded.
    cols: Vec<(usize, bool)>,
    rows: u64,
    /// The foreign key the table is grouped by, when the key holds all its columns.
    grouped_fk: Option<usize>,
    predicate: Option<Expr>,
}

impl<'a> KeyCx<'a> {
    fn new(tp: &'a TablePlan, t: &'a Table, k: &'a UniqueKey, cols: Vec<(usize, bool)>) -> Self {
        let grouped_fk = tp.grouping.as_ref().map(|g| g.fk).filter(|&g| {
            tp.fks[g]
                .columns
                .iter()
                .all(|c| cols.iter().any(|(k, _)| k == c))
        });
        KeyCx {
            tp,
            t,
            k,
            cols,
            rows: tp.rows,
            grouped_fk,
            predicate: k.predicate.as_ref().map(|p| p.expr.clone()),
        }
    }

    fn refusal(&self, message: String, fix: String) -> Refusal {
        Refusal {
            table: self.tp.key.clone(),
            subject: format!("unique key {}", self.k.name),
            message,
            fix,
        }
    }
}

/// The strategies in order of preference: the first that applies wins.
fn choose(tp: &TablePlan, t: &Table, k: &UniqueKey) -> Strategy {
    let Some(cols) = key_columns(t, k) else {
        return choose_expression_key(tp, t, k);
    };
    let cx = KeyCx::new(tp, t, k, cols);
    if let Some(s) = try_unique_column(&cx).or_else(|| try_single_row(&cx)) {
        return s;
    }
    let anchors = try_anchor(&cx);
    anchors
        .chosen
        .or_else(|| try_enumerate(&cx))
        .or_else(|| try_refuse_short_anchor(&cx, anchors.largest_short))
        .unwrap_or_else(|| seen_set(&cx))
}

/// A key with expression parts beyond `lower/upper/trim(col)` (`COALESCE(org_id, 0)`): unique
/// by construction when its plain columns can be made unique alone (distinct values there make
/// the whole key distinct, whatever the expressions give); otherwise each row's expressions are
/// evaluated and checked against those already generated. Refused only when an expression is
/// one the evaluator does not model.
fn choose_expression_key(tp: &TablePlan, t: &Table, k: &UniqueKey) -> Strategy {
    let index_of = |name: &str| t.column_index(name);
    let mut plain = Vec::new();
    let mut exprs = Vec::new();
    for p in &k.parts {
        let part = UniqueKey {
            parts: vec![p.clone()],
            ..k.clone()
        };
        match (key_columns(t, &part), p) {
            (Some(c), _) => plain.extend(c),
            (None, KeyPart::Expression { expr, .. }) => match eval::compile(expr, &index_of) {
                (node, true) => exprs.push((node, expr.columns())),
                _ => return refuse_expression(tp, k),
            },
            (None, KeyPart::Column(_)) => return refuse_expression(tp, k),
        }
    }
    if !plain.is_empty() {
        let cx = KeyCx::new(tp, t, k, plain);
        if let Some(s) = try_unique_column(&cx).or_else(|| try_anchor(&cx).chosen) {
            return s;
        }
    }
    let cx = KeyCx::new(tp, t, k, key_columns_plain(t, k));
    let read: Vec<usize> = exprs
        .iter()
        .flat_map(|(_, cols)| cols.iter().filter_map(|n| index_of(n)))
        .collect();
    seen_set_of(&cx, &read, exprs.into_iter().map(|(n, _)| n).collect())
}

/// The plain and case-folded columns of a key, leaving its other expressions out.
fn key_columns_plain(t: &Table, k: &UniqueKey) -> Vec<(usize, bool)> {
    k.parts
        .iter()
        .filter_map(|p| {
            key_columns(
                t,
                &UniqueKey {
                    parts: vec![p.clone()],
                    ..k.clone()
                },
            )
        })
        .flatten()
        .collect()
}

/// A key with an expression the evaluator does not model is refused.
fn refuse_expression(tp: &TablePlan, k: &UniqueKey) -> Strategy {
    let refusal = Refusal {
        table: tp.key.clone(),
        subject: format!("unique index {}", k.name),
        message:
            "its expression calls something seedbed cannot evaluate, so it cannot keep it unique"
                .into(),
        fix: format!(
            "exclude the table (--exclude-table {}) or ask for this expression in an issue",
            tp.key
        ),
    };
    Strategy::new("refused", None, Change::Refuse(refusal))
}

/// Strategy 1: already unique through one of its columns (a sequence only up to its type's
/// and CHECKs' maximum).
fn try_unique_column(cx: &KeyCx) -> Option<Strategy> {
    let (tp, rows) = (cx.tp, cx.rows);
    let &(c, _) = cx
        .cols
        .iter()
        .find(|(c, _)| tp.columns[*c].generator.is_unique() && tp.columns[*c].write)?;
    let col = &tp.columns[c];
    let how = format!("by construction: {} never repeats", col.name);
    let (Gen::Sequence { start, step }, Some((_, hi))) = (&col.generator, col.int_bounds) else {
        return Some(Strategy::new(how, None, Change::Nothing));
    };
    let cap = ((hi as i128 - *start as i128) / (*step).max(1) as i128 + 1).max(0) as u128;
    if (rows as u128) > cap {
        let refusal = cx.refusal(
            format!("{rows} rows need {rows} values, but {} counts from {start} and its type and CHECKs stop it after {cap}", col.name),
            format!("at most {cap} rows are possible: set [tables.\"{}\"] rows = {cap} or less (or lower --scale)", tp.key),
        );
        return Some(Strategy::new(
            "refused: too few values",
            Some(cap),
            Change::Refuse(refusal),
        ));
    }
    Some(Strategy::new(how, Some(cap), Change::Nothing))
}

/// A single row cannot repeat.
fn try_single_row(cx: &KeyCx) -> Option<Strategy> {
    (cx.rows <= 1).then(|| Strategy::new("a single row", Some(cx.rows as u128), Change::Nothing))
}

/// The outcome of looking for an anchor column.
struct AnchorSearch {
    chosen: Option<Strategy>,
    /// When anchors exist but hold too few values: the largest, named, and its capacity.
    largest_short: Option<(String, u128)>,
}

/// Strategy 2: an anchor column, tried column by column in key order: a counter within each
/// parent's group, else the column's generator made injective in the row index.
fn try_anchor(cx: &KeyCx) -> AnchorSearch {
    let mut largest_short: Option<(String, u128)> = None;
    for &(c, _) in &cx.cols {
        if cx.tp.fk_of_column[c].is_some() || !cx.tp.columns[c].write {
            continue;
        }
        let class = classify(&cx.t.columns[c].type_info);
        if let Some(s) = try_group_counter(cx, c, &class) {
            return AnchorSearch {
                chosen: Some(s),
                largest_short,
            };
        }
        let Some(injective) = try_injective(cx, c, &class) else {
            continue;
        };
        let name = &cx.t.columns[c].name;
        let cap = injective.capacity;
        if cap < cx.rows as u128 {
            if largest_short.as_ref().is_none_or(|(_, b)| cap > *b) {
                largest_short = Some((format!("{name} ({})", injective.how), cap));
            }
            continue;
        }
        let chosen = Strategy::new(
            format!("by construction: {name} is {}", injective.how),
            Some(cap),
            Change::Anchor {
                column: c,
                generator: injective.generator,
                how: injective.how,
                not_null: cx.k.kind == UniqueKind::PrimaryKey || cx.k.nulls_not_distinct,
            },
        );
        return AnchorSearch {
            chosen: Some(chosen),
            largest_short,
        };
    }
    AnchorSearch {
        chosen: None,
        largest_short,
    }
}

/// A counter within each parent's group: lines 1..k of an order.
fn try_group_counter(cx: &KeyCx, c: usize, class: &TypeClass) -> Option<Strategy> {
    let (Some(g), TypeClass::Int { max, .. }) = (cx.grouped_fk, class) else {
        return None;
    };
    let tp = cx.tp;
    let grouping = tp.grouping.as_ref().expect("grouped");
    let start = match &tp.columns[c].generator {
        Gen::Int { min, .. } => (*min).max(1),
        _ => 1,
    };
    let cap = (*max - start + 1).max(0) as u128;
    if grouping.max_group() as u128 > cap {
        return None;
    }
    let reason = format!(
        "{start}, {}, … within each {} (unique with {})",
        start + 1,
        tp.fks[g].parent_key,
        tp.fks[g].name
    );
    Some(Strategy::new(
        format!(
            "by construction: {} counts within each {}",
            cx.t.columns[c].name, tp.fks[g].parent_key
        ),
        Some(cap),
        Change::GroupCounter {
            column: c,
            start,
            reason,
        },
    ))
}

/// The column's generator made injective in the row index; a column whose CHECK requires a
/// pattern is made unique by enumerating that pattern.
fn try_injective(cx: &KeyCx, c: usize, class: &TypeClass) -> Option<Injective> {
    let cp = &cx.tp.columns[c];
    let base = match (&cp.generator, cp.patterns.first()) {
        (Gen::Text { .. } | Gen::PersonEmail { .. } | Gen::Template(_), Some((p, _))) => {
            // A pattern with look-arounds is not enumerated: some of its n-th strings fail it.
            match crate::values::regex_enum::RegexEnum::new(p).filter(|e| e.exact()) {
                Some(mut e) => {
                    if cx.cols.iter().any(|&(i, folded)| i == c && folded) {
                        e.fold_case();
                    }
                    Gen::Regex(Box::new(e))
                }
                None => cp.generator.clone(),
            }
        }
        (g, _) => g.clone(),
    };
    // An email whose row-token form still matches the CHECK keeps its generator.
    let keeps_pattern = matches!(cp.generator, Gen::PersonEmail { .. })
        && cp.patterns.iter().all(|(p, ci)| {
            crate::values::matcher::Matcher::new(p, *ci)
                .is_some_and(|r| r.is_match("a.b.0@example.com"))
        });
    let base = if keeps_pattern {
        cp.generator.clone()
    } else {
        base
    };
    let hints = Hints {
        int_bounds: cp.int_bounds,
        primary: cx.k.kind == UniqueKind::PrimaryKey && cx.cols.len() == 1,
        own_pattern: cp.patterns.is_empty(),
    };
    make_unique(&base, class, cx.rows, cp.max_chars, cp.key64, hints)
}

/// A part of an enumerated key.
enum Comp {
    /// A foreign key (index into `fks`): the parent row.
    Fk(usize),
    /// A column with a finite domain: one of its values.
    Col(usize, Vec<Value>),
}

/// Strategy 3: enumerate combinations of foreign keys and finite columns (not for partial keys).
fn try_enumerate(cx: &KeyCx) -> Option<Strategy> {
    let tp = cx.tp;
    let (mut domains, comps) = enumerable_parts(cx)?;
    if comps.is_empty() || cx.predicate.is_some() {
        return None;
    }
    let group_component = cx.grouped_fk.and_then(|g| {
        comps
            .iter()
            .position(|x| matches!(x, Comp::Fk(f) if *f == g))
    });
    let ordered_pair = ordered_pair(cx, &comps)
        .filter(|(lo, hi, _)| group_component.is_none_or(|g| g != *lo && g != *hi));
    if let Some((lo, hi, n)) = ordered_pair {
        domains[lo] = n * n.saturating_sub(1) / 2;
        domains[hi] = 1;
    }
    let cap: u128 = match group_component {
        Some(gc) => domains
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != gc)
            .map(|(_, d)| *d as u128)
            .product(),
        None => domains.iter().map(|d| *d as u128).product(),
    };
    let needed = match group_component {
        Some(_) => tp
            .grouping
            .as_ref()
            .map(|g| g.max_group())
            .unwrap_or(cx.rows) as u128,
        None => cx.rows as u128,
    };
    let names: Vec<String> = comps
        .iter()
        .map(|c| match c {
            Comp::Fk(f) => format!("{} ({} rows)", tp.fks[*f].parent_key, parent_rows(tp, *f)),
            Comp::Col(c, v) => format!("{} ({} values)", tp.columns[*c].name, v.len()),
        })
        .collect();
    if cap < needed {
        let rows = cx.rows;
        let refusal = cx.refusal(
            if group_component.is_some() {
                format!("a parent's group of {needed} rows needs as many distinct combinations, but {} allow only {cap}", names.join(" × "))
            } else {
                format!("{rows} rows need {rows} distinct combinations, but {} allow only {cap}", names.join(" × "))
            },
            format!("at most {cap} rows are possible: lower [tables.\"{}\"] rows (or per_parent max), or raise the parents' rows", tp.key),
        );
        return Some(Strategy::new(
            "refused: too few combinations",
            Some(cap),
            Change::Refuse(refusal),
        ));
    }
    let key64 = hash_at(tp.columns[cx.cols[0].0].key64, 0x7475706c65);
    let tuple = TuplePlan {
        key_name: cx.k.name.clone(),
        domains,
        group_component,
        key64,
        perm: Permutation::new((cap.min(u64::MAX as u128) as u64).max(1), key64),
        ordered_pair,
    };
    Some(Strategy::new(
        format!(
            "by construction: combinations of {} enumerated without repeats",
            names.join(" × ")
        ),
        Some(cap),
        Change::Tuple { tuple, comps },
    ))
}

/// Two single-column foreign keys of the key to the same parent that a CHECK of the table
/// orders or tells apart (`tag1 < tag2`, `a <> b`): their combinations are the unordered pairs
/// of distinct parents, and the row engine puts each pair in the order the CHECK wants.
fn ordered_pair(cx: &KeyCx, comps: &[Comp]) -> Option<(usize, usize, u64)> {
    use crate::values::expr::BinOp;
    let tp = cx.tp;
    let fk_col = |ci: usize| match comps[ci] {
        Comp::Fk(f) if tp.fks[f].columns.len() == 1 => Some((f, tp.fks[f].columns[0])),
        _ => None,
    };
    for i in 0..comps.len() {
        for j in i + 1..comps.len() {
            let (Some((fi, a)), Some((fj, b))) = (fk_col(i), fk_col(j)) else {
                continue;
            };
            if tp.fks[fi].parent_key != tp.fks[fj].parent_key || tp.fks[fi].parent_rows < 2 {
                continue;
            }
            let (an, bn) = (&tp.columns[a].name, &tp.columns[b].name);
            let ordered = cx.t.checks.iter().any(|c| match c.expr.strip_casts() {
                Expr::Binary {
                    op: BinOp::Lt | BinOp::Gt | BinOp::NotEq,
                    left,
                    right,
                } => {
                    let (l, r) = (left.as_column(), right.as_column());
                    (l == Some(an) && r == Some(bn)) || (l == Some(bn) && r == Some(an))
                }
                _ => false,
            });
            if ordered {
                return Some((i, j, tp.fks[fi].parent_rows));
            }
        }
    }
    None
}

/// The key's parts as enumerable components with their domain sizes, or `None` when a part is
/// neither a free foreign key nor a finite column.
fn enumerable_parts(cx: &KeyCx) -> Option<(Vec<u64>, Vec<Comp>)> {
    let tp = cx.tp;
    let mut domains = Vec::new();
    let mut comps: Vec<Comp> = Vec::new();
    for &(c, _) in &cx.cols {
        if let Some((fi, _)) = tp.fk_of_column[c] {
            if comps.iter().any(|x| matches!(x, Comp::Fk(f) if *f == fi)) {
                continue;
            }
            let fk = &tp.fks[fi];
            // Already enumerated by another key, or grouped by a key not in this one.
            let taken = matches!(fk.choice, FkChoice::Tuple { .. })
                || (matches!(fk.choice, FkChoice::Grouped) && cx.grouped_fk != Some(fi));
            if (fk.parent.is_none() && fk.existing.is_none()) || fk.self_reference || taken {
                return None;
            }
            domains.push(parent_rows(tp, fi));
            comps.push(Comp::Fk(fi));
        } else if let Some(values) = finite_values(&tp.columns[c].generator).or_else(|| {
            (cx.cols.len() > 1)
                .then(|| enumerated_values(cx, c))
                .flatten()
        }) {
            domains.push(values.len() as u64);
            comps.push(Comp::Col(c, values))
        } else {
            return None;
        }
    }
    Some((domains, comps))
}

/// Most values a bounded column contributes to an enumerated key (`code smallint CHECK (code
/// BETWEEN 1 AND 999)`, `region char(2)`): its injective generator's whole domain, listed.
const MAX_ENUMERATED: u128 = 1 << 16;

/// Every value a column can take as a key component, when its injective form has a small
/// domain: listed by generating rows `0..capacity` (distinct by construction; checked).
fn enumerated_values(cx: &KeyCx, c: usize) -> Option<Vec<Value>> {
    let cp = &cx.tp.columns[c];
    if !cp.write {
        return None;
    }
    let class = classify(&cx.t.columns[c].type_info);
    let injective = try_injective(cx, c, &class)?;
    if injective.capacity > MAX_ENUMERATED || injective.capacity == 0 {
        return None;
    }
    let mut rng = crate::values::rng::RowRng::new(cp.key64, 0);
    let empty: [Value; 0] = [];
    let values: Vec<Value> = (0..injective.capacity as u64)
        .map(|row| {
            let cx = crate::values::gens::Cx {
                row,
                values: &empty,
                group_offset: 0,
                tuples: &[],
                locale: crate::values::text::Locale::En,
                max_chars: cp.max_chars,
            };
            injective.generator.generate(&mut rng, &cx)
        })
        .collect();
    let mut seen: Vec<String> = values.iter().map(|v| v.to_text(true)).collect();
    seen.sort_unstable();
    seen.dedup();
    (seen.len() == values.len() && !values.iter().any(Value::is_null)).then_some(values)
}

/// Rows exceed every anchor's capacity: refuse, naming the largest (not for partial keys).
fn try_refuse_short_anchor(cx: &KeyCx, largest_short: Option<(String, u128)>) -> Option<Strategy> {
    let (what, cap) = largest_short.filter(|_| cx.predicate.is_none())?;
    let rows = cx.rows;
    let refusal = cx.refusal(
        format!("{rows} rows need {rows} distinct values, but {what} allows only {cap}"),
        format!("at most {cap} rows are possible: set [tables.\"{}\"] rows = {cap} or less (or lower --scale)", cx.tp.key),
    );
    Some(Strategy::new(
        "refused: too few values",
        Some(cap),
        Change::Refuse(refusal),
    ))
}

/// Strategy 4: a set of seen values; partial keys only count rows matching their predicate.
fn seen_set(cx: &KeyCx) -> Strategy {
    seen_set_of(cx, &[], Vec::new())
}

/// The seen-set strategy over the key's columns and `expressions` (which read `read`).
fn seen_set_of(cx: &KeyCx, read: &[usize], expressions: Vec<eval::Node>) -> Strategy {
    let (tp, t) = (cx.tp, cx.t);
    let index_of = |name: &str| t.column_index(name);
    let pred_node = cx
        .predicate
        .as_ref()
        .map(|p| crate::values::eval::compile(p, &index_of).0);
    let mut regenerate: Vec<usize> = cx.cols.iter().map(|(c, _)| *c).collect();
    regenerate.extend_from_slice(read);
    if let Some(p) = &cx.predicate {
        regenerate.extend(p.columns().iter().filter_map(|n| index_of(n)));
    }
    regenerate.retain(|&c| !tp.columns[c].pinned && tp.columns[c].write);
    regenerate.sort();
    regenerate.dedup();
    if regenerate.is_empty() {
        let refusal = cx.refusal(
            "none of its columns can be re-drawn to avoid a repeat".into(),
            format!("give one of its columns a unique override, e.g. [tables.\"{}\".columns.{}] template = \"{{row}}\"", tp.key, tp.columns[cx.cols.first().map_or(read.first().copied().unwrap_or(0), |c| c.0)].name),
        );
        return Strategy::new("refused", None, Change::Refuse(refusal));
    }
    let how = format!(
        "checked against the values already generated{} (a set of 8 bytes per row, kept for this table only; rows generated in order); a repeat re-draws {}",
        if cx.predicate.is_some() {
            " for rows matching its predicate"
        } else {
            ""
        },
        regenerate
            .iter()
            .map(|&c| tp.columns[c].name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let plan = SeenSetPlan {
        key_name: cx.k.name.clone(),
        columns: cx.cols.iter().map(|(c, _)| *c).collect(),
        fold_case: cx.cols.iter().map(|(_, f)| *f).collect(),
        predicate: pred_node,
        regenerate,
        nulls_not_distinct: cx.k.nulls_not_distinct,
        expressions,
    };
    Strategy::new(how, None, Change::SeenSet(plan))
}

/// Make the chosen strategy's change to the table's plan; a refusal is handed back.
fn apply(tp: &mut TablePlan, k: &UniqueKey, change: Change) -> Option<Refusal> {
    match change {
        Change::Nothing => {}
        Change::Refuse(refusal) => return Some(refusal),
        Change::GroupCounter {
            column,
            start,
            reason,
        } => {
            let cp = &mut tp.columns[column];
            cp.generator = Gen::GroupOffset { start };
            cp.reason = reason;
            cp.source = Source::Constraint;
            cp.honours.push(k.name.clone());
            cp.null_fraction = 0.0;
        }
        Change::Anchor {
            column,
            generator,
            how,
            not_null,
        } => {
            let cp = &mut tp.columns[column];
            cp.generator = generator;
            cp.reason = format!("{}; unique: {how}", cp.reason);
            cp.honours.push(k.name.clone());
            if not_null {
                cp.null_fraction = 0.0;
            }
        }
        Change::Tuple { tuple: plan, comps } => {
            let group_component = plan.group_component;
            let tuple = tp.tuples.len();
            tp.tuples.push(plan);
            for (component, comp) in comps.into_iter().enumerate() {
                match comp {
                    Comp::Fk(f) => {
                        if Some(component) != group_component {
                            tp.fks[f].choice = FkChoice::Tuple { tuple, component };
                            tp.fks[f].null_fraction = 0.0;
                        }
                    }
                    Comp::Col(c, values) => {
                        let cp = &mut tp.columns[c];
                        cp.generator = Gen::FromTuple {
                            tuple,
                            component,
                            values,
                        };
                        cp.null_fraction = 0.0;
                        cp.honours.push(k.name.clone());
                    }
                }
            }
        }
        Change::SeenSet(plan) => tp.seen_sets.push(plan),
    }
    None
}

fn parent_rows(tp: &TablePlan, fk: usize) -> u64 {
    tp.fks[fk].parent_rows
}

/// Values of a generator with a finite, known domain.
fn finite_values(g: &Gen) -> Option<Vec<Value>> {
    match g {
        Gen::Choice { values, .. } | Gen::FromTuple { values, .. } => Some(values.clone()),
        Gen::Bool { .. } => Some(vec![Value::Bool(false), Value::Bool(true)]),
        _ => None,
    }
}
