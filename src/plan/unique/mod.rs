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

use super::columns::{TypeClass, classify};
use super::*;
use crate::model::{KeyPart, UniqueKey, UniqueKind};
use crate::values::expr::Expr;
use crate::values::gens::{Gen, TemplatePart};

pub fn plan_uniques(tp: &mut TablePlan, t: &Table, refusals: &mut Vec<Refusal>) {
    let keys: Vec<UniqueKey> = t.all_unique_keys().cloned().collect();
    for k in &keys {
        let report = plan_one(tp, t, k, refusals);
        tp.uniques.push(report);
    }
}

/// The columns of a key, with whether a part is `lower(col)`-like (case-folded).
fn key_columns(t: &Table, k: &UniqueKey) -> Option<Vec<(usize, bool)>> {
    k.parts
        .iter()
        .map(|p| match p {
            KeyPart::Column(c) => t.column_index(c).map(|i| (i, false)),
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

fn plan_one(
    tp: &mut TablePlan,
    t: &Table,
    k: &UniqueKey,
    refusals: &mut Vec<Refusal>,
) -> UniqueReport {
    let rows = tp.rows;
    let report = |how: String, capacity: Option<u128>| UniqueReport {
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
    let Some(cols) = key_columns(t, k) else {
        refusals.push(Refusal {
            table: tp.key.clone(),
            subject: format!("unique index {}", k.name),
            message: "its expression is not one seedbed can keep unique (only columns and lower/upper/trim of a column)".into(),
            fix: format!("exclude the table (--exclude-table {}) or ask for this expression in an issue", tp.key),
        });
        return report("refused".into(), None);
    };
    let predicate = k.predicate.as_ref().map(|p| p.expr.clone());

    // 1. Already unique through one of its columns (a sequence only up to its type's and
    // CHECKs' maximum).
    if let Some(&(c, _)) = cols
        .iter()
        .find(|(c, _)| tp.columns[*c].generator.is_unique() && tp.columns[*c].write)
    {
        let col = &tp.columns[c];
        if let (Gen::Sequence { start, step }, Some((_, hi))) = (&col.generator, col.int_bounds) {
            let cap = ((hi as i128 - *start as i128) / (*step).max(1) as i128 + 1).max(0) as u128;
            if (rows as u128) > cap {
                refusals.push(Refusal {
                    table: tp.key.clone(),
                    subject: format!("unique key {}", k.name),
                    message: format!("{rows} rows need {rows} values, but {} counts from {start} and its type and CHECKs stop it after {cap}", col.name),
                    fix: format!("at most {cap} rows are possible: set [tables.\"{}\"] rows = {cap} or less (or lower --scale)", tp.key),
                });
                return report("refused: too few values".into(), Some(cap));
            }
            return report(
                format!("by construction: {} never repeats", col.name),
                Some(cap),
            );
        }
        return report(format!("by construction: {} never repeats", col.name), None);
    }
    if rows <= 1 {
        return report("a single row".into(), Some(rows as u128));
    }

    // 2. An anchor column.
    let grouped_fk = tp.grouping.as_ref().map(|g| g.fk).filter(|&g| {
        tp.fks[g]
            .columns
            .iter()
            .all(|c| cols.iter().any(|(k, _)| k == c))
    });
    let mut best_cap: Option<(String, u128)> = None;
    for &(c, folded) in &cols {
        if tp.fk_of_column[c].is_some() || !tp.columns[c].write {
            continue;
        }
        let col = &t.columns[c];
        let class = classify(&col.type_info);
        // A counter within each parent's group: lines 1..k of an order.
        if let (Some(g), TypeClass::Int { max, .. }) = (grouped_fk, &class) {
            let grouping = tp.grouping.as_ref().expect("grouped");
            let start = match &tp.columns[c].generator {
                Gen::Int { min, .. } => (*min).max(1),
                _ => 1,
            };
            let cap = (*max - start + 1).max(0) as u128;
            if grouping.max_group() as u128 <= cap {
                tp.columns[c].generator = Gen::GroupOffset { start };
                tp.columns[c].reason = format!(
                    "{start}, {}, … within each {} (unique with {})",
                    start + 1,
                    tp.fks[g].parent_key,
                    tp.fks[g].name
                );
                tp.columns[c].source = Source::Constraint;
                tp.columns[c].honours.push(k.name.clone());
                tp.columns[c].null_fraction = 0.0;
                return report(
                    format!(
                        "by construction: {} counts within each {}",
                        col.name, tp.fks[g].parent_key
                    ),
                    Some(cap),
                );
            }
        }
        // A column whose CHECK requires a pattern is made unique by enumerating that pattern.
        let base = match (&tp.columns[c].generator, tp.columns[c].patterns.first()) {
            (Gen::Text { .. } | Gen::PersonEmail { .. } | Gen::Template(_), Some((p, _))) => {
                match crate::values::regex_enum::RegexEnum::new(p) {
                    Some(e) => Gen::Regex(Box::new(e)),
                    None => tp.columns[c].generator.clone(),
                }
            }
            (g, _) => g.clone(),
        };
        let keeps_pattern = matches!(tp.columns[c].generator, Gen::PersonEmail { .. })
            && tp.columns[c].patterns.iter().all(|(p, ci)| {
                regex::RegexBuilder::new(p)
                    .case_insensitive(*ci)
                    .build()
                    .is_ok_and(|r| r.is_match("a.b.0@example.com"))
            });
        let base = if keeps_pattern {
            tp.columns[c].generator.clone()
        } else {
            base
        };
        let hints = Hints {
            int_bounds: tp.columns[c].int_bounds,
            primary: k.kind == UniqueKind::PrimaryKey && cols.len() == 1,
            own_pattern: tp.columns[c].patterns.is_empty(),
        };
        match make_unique(
            &base,
            &class,
            rows,
            tp.columns[c].max_chars,
            tp.columns[c].key64,
            folded,
            hints,
        ) {
            Ok((generator, cap, how)) => {
                if cap < rows as u128 {
                    if best_cap.as_ref().is_none_or(|(_, b)| cap > *b) {
                        best_cap = Some((format!("{} ({how})", col.name), cap));
                    }
                    continue;
                }
                let cp = &mut tp.columns[c];
                cp.generator = generator;
                cp.reason = format!("{}; unique: {how}", cp.reason);
                cp.honours.push(k.name.clone());
                if k.kind == UniqueKind::PrimaryKey || k.nulls_not_distinct {
                    cp.null_fraction = 0.0;
                }
                return report(format!("by construction: {} is {how}", col.name), Some(cap));
            }
            Err(_) => continue,
        }
    }

    // 3. Enumerate combinations of foreign keys and finite columns.
    let mut domains = Vec::new();
    let mut comps: Vec<Comp> = Vec::new();
    let mut enumerable = true;
    for &(c, _) in &cols {
        if let Some((fi, _)) = tp.fk_of_column[c] {
            if comps.iter().any(|x| matches!(x, Comp::Fk(f) if *f == fi)) {
                continue;
            }
            let fk = &tp.fks[fi];
            let taken = matches!(fk.choice, FkChoice::Tuple { .. })
                || (matches!(fk.choice, FkChoice::Grouped) && grouped_fk != Some(fi));
            if fk.parent.is_none() || fk.self_reference || taken {
                enumerable = false;
                break;
            }
            domains.push(parent_rows(tp, fi));
            comps.push(Comp::Fk(fi));
        } else if let Some(values) = finite_values(&tp.columns[c].generator) {
            domains.push(values.len() as u64);
            comps.push(Comp::Col(c, values));
        } else {
            enumerable = false;
            break;
        }
    }
    if enumerable && !comps.is_empty() && predicate.is_none() {
        let group_component = grouped_fk.and_then(|g| {
            comps
                .iter()
                .position(|x| matches!(x, Comp::Fk(f) if *f == g))
        });
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
            Some(_) => tp.grouping.as_ref().map(|g| g.max_group()).unwrap_or(rows) as u128,
            None => rows as u128,
        };
        let names: Vec<String> = comps
            .iter()
            .map(|c| match c {
                Comp::Fk(f) => format!("{} ({} rows)", tp.fks[*f].parent_key, parent_rows(tp, *f)),
                Comp::Col(c, v) => format!("{} ({} values)", tp.columns[*c].name, v.len()),
            })
            .collect();
        if cap < needed {
            refusals.push(Refusal {
                table: tp.key.clone(),
                subject: format!("unique key {}", k.name),
                message: if group_component.is_some() {
                    format!("a parent's group of {needed} rows needs as many distinct combinations, but {} allow only {cap}", names.join(" × "))
                } else {
                    format!("{rows} rows need {rows} distinct combinations, but {} allow only {cap}", names.join(" × "))
                },
                fix: format!("at most {cap} rows are possible: lower [tables.\"{}\"] rows (or per_parent max), or raise the parents' rows", tp.key),
            });
            return report("refused: too few combinations".into(), Some(cap));
        }
        let tuple = tp.tuples.len();
        let key64 = hash_at(tp.columns[cols[0].0].key64, 0x7475706c65);
        tp.tuples.push(TuplePlan {
            key_name: k.name.clone(),
            domains: domains.clone(),
            group_component,
            key64,
            perm: Permutation::new((cap.min(u64::MAX as u128) as u64).max(1), key64),
        });
        for (component, comp) in comps.iter().enumerate() {
            match comp {
                Comp::Fk(f) => {
                    if Some(component) != group_component {
                        tp.fks[*f].choice = FkChoice::Tuple { tuple, component };
                        tp.fks[*f].null_fraction = 0.0;
                    }
                }
                Comp::Col(c, values) => {
                    tp.columns[*c].generator = Gen::FromTuple {
                        tuple,
                        component,
                        values: values.clone(),
                    };
                    tp.columns[*c].null_fraction = 0.0;
                    tp.columns[*c].honours.push(k.name.clone());
                }
            }
        }
        return report(
            format!(
                "by construction: combinations of {} enumerated without repeats",
                names.join(" × ")
            ),
            Some(cap),
        );
    }

    // Rows exceed every anchor's capacity: refuse, naming the largest.
    if let Some((what, cap)) = best_cap
        && predicate.is_none()
    {
        refusals.push(Refusal {
            table: tp.key.clone(),
            subject: format!("unique key {}", k.name),
            message: format!("{rows} rows need {rows} distinct values, but {what} allows only {cap}"),
            fix: format!("at most {cap} rows are possible: set [tables.\"{}\"] rows = {cap} or less (or lower --scale)", tp.key),
        });
        return report("refused: too few values".into(), Some(cap));
    }

    // 4. A set of seen values; partial keys only count rows matching their predicate.
    let index_of = |name: &str| t.column_index(name);
    let pred_node = predicate
        .as_ref()
        .map(|p| crate::values::eval::compile(p, &index_of).0);
    let mut regenerate: Vec<usize> = cols.iter().map(|(c, _)| *c).collect();
    if let Some(p) = &predicate {
        regenerate.extend(p.columns().iter().filter_map(|n| index_of(n)));
    }
    regenerate.retain(|&c| !tp.columns[c].pinned && tp.columns[c].write);
    regenerate.sort();
    regenerate.dedup();
    if regenerate.is_empty() {
        refusals.push(Refusal {
            table: tp.key.clone(),
            subject: format!("unique key {}", k.name),
            message: "none of its columns can be re-drawn to avoid a repeat".into(),
            fix: format!("give one of its columns a unique override, e.g. [tables.\"{}\".columns.{}] template = \"{{row}}\"", tp.key, tp.columns[cols[0].0].name),
        });
        return report("refused".into(), None);
    }
    tp.seen_sets.push(SeenSetPlan {
        key_name: k.name.clone(),
        columns: cols.iter().map(|(c, _)| *c).collect(),
        fold_case: cols.iter().map(|(_, f)| *f).collect(),
        predicate: pred_node,
        regenerate: regenerate.clone(),
        nulls_not_distinct: k.nulls_not_distinct,
    });
    report(
        format!(
            "checked against the values already generated{} (a set of 8 bytes per row, kept for this table only; rows generated in order); a repeat re-draws {}",
            if predicate.is_some() {
                " for rows matching its predicate"
            } else {
                ""
            },
            regenerate
                .iter()
                .map(|&c| tp.columns[c].name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None,
    )
}

enum Comp {
    Fk(usize),
    Col(usize, Vec<crate::values::value::Value>),
}

fn parent_rows(tp: &TablePlan, fk: usize) -> u64 {
    tp.fks[fk].parent_rows
}

/// Values of a generator with a finite, known domain.
fn finite_values(g: &Gen) -> Option<Vec<crate::values::value::Value>> {
    match g {
        Gen::Choice { values, .. } | Gen::FromTuple { values, .. } => Some(values.clone()),
        Gen::Bool { .. } => Some(vec![
            crate::values::value::Value::Bool(false),
            crate::values::value::Value::Bool(true),
        ]),
        _ => None,
    }
}

/// What `make_unique` may take into account beyond the generator.
#[derive(Clone, Copy)]
struct Hints {
    /// Integer range the type and CHECKs allow.
    int_bounds: Option<(i64, i64)>,
    /// The column is the whole primary key: 1, 2, 3… reads best.
    primary: bool,
    /// The generator's pattern is our own choice, not a CHECK's.
    own_pattern: bool,
}

/// Turn a generator into one injective in the row index: (generator, capacity, description).
fn make_unique(
    g: &Gen,
    class: &TypeClass,
    rows: u64,
    max_chars: Option<usize>,
    key: u64,
    folded: bool,
    hints: Hints,
) -> std::result::Result<(Gen, u128, String), ()> {
    use crate::values::text::TextKind;
    // Integers: a primary key counts from its lower bound; other keys permute a range wide
    // enough for the rows (the realistic default range when it suffices).
    if let (Gen::Int { min, max, .. }, Some((lo, hi))) = (g, hints.int_bounds) {
        if hints.primary {
            // 1, 2, 3… when the range allows; a range of negatives counts up from its bottom.
            let start = if hi >= 1 { lo.max(1) } else { lo };
            return Ok((
                Gen::Sequence { start, step: 1 },
                (hi as i128 - start as i128 + 1).max(0) as u128,
                format!("the sequence {start}, {}, …", start + 1),
            ));
        }
        let default_cap = (*max as i128 - *min as i128 + 1).max(0) as u128;
        if default_cap < rows as u128 {
            let wide_hi = ((*min as i128) + 2 * rows as i128 - 1).min(hi as i128) as i64;
            let (a, b) = if wide_hi as i128 - (*min as i128) + 1 >= rows as i128 {
                (*min, wide_hi)
            } else {
                (lo, hi)
            };
            let cap = (b as i128 - a as i128 + 1).max(0) as u128;
            return Ok((
                Gen::PermutedInt {
                    min: a,
                    perm: Permutation::new(cap.clamp(1, u64::MAX as u128) as u64, key),
                },
                cap,
                format!("a keyed permutation of {a}..{b}"),
            ));
        }
    }
    // A short code we chose ourselves: row tokens hold more than letters alone.
    if let (Gen::Regex(e), true) = (g, hints.own_pattern) {
        let token_cap = token_capacity(max_chars);
        let mut e2 = (**e).clone();
        let cap = e2.prepare_unique(rows, key);
        if token_cap > cap {
            return Ok((
                Gen::UniqueText {
                    inner: Box::new(Gen::Const(crate::values::value::Value::Text(String::new()))),
                    max_len: max_chars,
                },
                token_cap,
                "a row token".into(),
            ));
        }
    }
    Ok(match (g, class) {
        (Gen::Sequence { start, .. }, TypeClass::Int { max, .. }) => (
            g.clone(),
            (*max as i128 - *start as i128 + 1).max(0) as u128,
            format!("the sequence {start}, {}, …", start + 1),
        ),
        (Gen::Int { min, max, .. }, TypeClass::Int { .. }) => {
            let cap = (*max as i128 - *min as i128 + 1).max(0) as u128;
            if cap >= rows as u128 && cap > 0 {
                // A plain sequence reads better when the range starts at 1 and is roomy.
                let generator = Gen::PermutedInt {
                    min: *min,
                    perm: Permutation::new(cap.min(u64::MAX as u128) as u64, key),
                };
                (
                    generator,
                    cap,
                    format!("a keyed permutation of {min}..{max}"),
                )
            } else {
                (g.clone(), cap, format!("integers {min}..{max}"))
            }
        }
        (
            Gen::Numeric {
                min, max, scale, ..
            },
            _,
        ) => {
            let cap = (max - min + 1).max(0) as u128;
            (
                Gen::PermutedNumeric {
                    min: *min,
                    scale: *scale,
                    perm: Permutation::new(cap.clamp(1, u64::MAX as u128) as u64, key),
                },
                cap,
                "a keyed permutation of its range".into(),
            )
        }
        (Gen::Uuid { .. }, _) => (
            g.clone(),
            1u128 << 62,
            "a uuid bijection of the row number".into(),
        ),
        (
            Gen::PersonEmail {
                first, last, full, ..
            },
            _,
        ) => (
            Gen::PersonEmail {
                first: *first,
                last: *last,
                full: *full,
                unique: true,
            },
            token_capacity(max_chars.map(|m| m.saturating_sub(14))),
            "an email whose local part carries a row token".into(),
        ),
        (Gen::Regex(e), _) => {
            let mut e = (**e).clone();
            let cap = e.prepare_unique(rows, key);
            (
                Gen::RegexUnique(Box::new(e)),
                cap,
                "the n-th string of its pattern".into(),
            )
        }
        (Gen::RegexUnique(e), _) => (
            g.clone(),
            e.max_capacity(),
            "the n-th string of its pattern".into(),
        ),
        (Gen::Text { kind }, TypeClass::Text { .. }) => {
            // Keep short codes short: letters and digits only, by row.
            let _ = folded;
            if matches!(
                kind,
                TextKind::CountryCode | TextKind::CurrencyCode | TextKind::Language
            ) {
                return Err(());
            }
            (
                Gen::UniqueText {
                    inner: Box::new(g.clone()),
                    max_len: max_chars,
                },
                token_capacity(max_chars),
                format!("{} with a row token", kind.name().replace('_', " ")),
            )
        }
        (Gen::Template(parts), _) if parts.iter().any(|p| matches!(p, TemplatePart::Row(_))) => {
            (g.clone(), u64::MAX as u128, "a template with {row}".into())
        }
        (Gen::Template(_), TypeClass::Text { .. }) => (
            Gen::UniqueText {
                inner: Box::new(g.clone()),
                max_len: max_chars,
            },
            token_capacity(max_chars),
            "a template with a row token".into(),
        ),
        (Gen::Timestamp { min, max }, _) => {
            let span = (max - min).max(0) as u128;
            let step = (span / rows.max(1) as u128).min(i64::MAX as u128) as i64;
            (
                Gen::StridedTimestamp {
                    min: *min,
                    step: step.max(1),
                },
                span,
                "increasing timestamps, one per stride".into(),
            )
        }
        (Gen::Date { min, max }, _) => {
            let cap = (*max as i64 - *min as i64 + 1).max(0) as u128;
            (
                Gen::PermutedDate {
                    min: *min,
                    perm: Permutation::new(cap.clamp(1, u64::MAX as u128) as u64, key),
                },
                cap,
                "a keyed permutation of its days".into(),
            )
        }
        (Gen::Inet { .. }, _) => (
            Gen::InetUnique,
            u64::MAX as u128,
            "documentation addresses by row".into(),
        ),
        (Gen::Mac, _) => (
            Gen::MacUnique,
            1 << 32,
            "locally administered addresses by row".into(),
        ),
        (Gen::Text { .. }, _) | (Gen::Float { .. }, _) => return Err(()),
        _ => return Err(()),
    })
}

/// Distinct row tokens that fit in `max` characters: the row numbers below 36^max (base-36
/// tokens have no leading zeros, so those are exactly the ones of at most `max` digits).
fn token_capacity(max: Option<usize>) -> u128 {
    match max {
        None => u64::MAX as u128,
        Some(m) => 36u128.saturating_pow(m.min(24) as u32),
    }
}

#[cfg(test)]
mod tests;
