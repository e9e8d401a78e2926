//! Choosing a column's generator, in order of precedence: the profile's override, what the
//! column's constraints demand, then what its name and type suggest.

use super::*;

/// A generator chosen for a column, and why.
pub(super) struct Chosen {
    pub(super) generator: Gen,
    pub(super) source: Source,
    pub(super) reason: String,
    pub(super) pii: Option<Pii>,
    /// Overrides the run's NULL fraction when neither the column nor the profile fixes one.
    pub(super) null_fraction: Option<f64>,
}

pub(super) fn chosen(generator: Gen, source: Source, reason: impl Into<String>) -> Chosen {
    Chosen {
        generator,
        source,
        reason: reason.into(),
        pii: None,
        null_fraction: None,
    }
}

pub(super) fn choose(
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
            // A listed value longer than the column can never be stored: not a choice.
            .filter(|c| column_max(&class, f).is_none_or(|m| c.chars().count() <= m))
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
            // Equal: the base's value itself, whatever the type.
            _ if op == BinOp::Eq => (0, 0, "equal"),
            TypeClass::Timestamp => (
                if op == BinOp::Gt { 1_000_000 } else { 0 },
                90 * MICROS_PER_DAY,
                "up to 90 days",
            ),
            TypeClass::Date => (if op == BinOp::Gt { 1 } else { 0 }, 365, "up to a year"),
            TypeClass::Int { .. } => (if op == BinOp::Gt { 1 } else { 0 }, 100, "up to 100"),
            // Hundredths: a step of 0.01 is above a real's precision below 100 000.
            TypeClass::Float => (if op == BinOp::Gt { 1 } else { 0 }, 10_000, "up to 100"),
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
            reason: if op == BinOp::Eq {
                format!("equal to {} ({check})", base_col.name)
            } else {
                format!("after {} by {unit} ({check})", base_col.name)
            },
            pii: None,
            null_fraction: sem_nf,
        });
    }

    // 3 and 4. What the name and type suggest, within the constraints.
    base_gen(input, t, col, f, &class, sem)
}

/// `col` must come after another column, or equal it (a CHECK relation, or created/updated
/// coherence).
pub(super) fn relation_base(
    t: &Table,
    col: &Column,
    facts: &Facts,
) -> Option<(usize, BinOp, String)> {
    check_relation_base(t, col, facts).or_else(|| coherence_base(t, col, facts))
}

/// The column a CHECK relation derives `col` from.
fn check_relation_base(t: &Table, col: &Column, facts: &Facts) -> Option<(usize, BinOp, String)> {
    let me = t.column_index(&col.name)?;
    let (i, earlier, op) = derived_from(t, &col.name, facts, 0)?;
    let b = t.column_index(earlier)?;
    // Two relations deriving each column from the other (`c = d` and `d >= c`): the first
    // CHECK relation decides, the other is left to the row evaluator.
    if let Some((j, _, _)) = derived_from(t, earlier, facts, 0).filter(|(_, e, _)| *e == col.name)
        && j < i
    {
        return derived_from(t, &col.name, facts, i + 1).and_then(|(k, e, op)| {
            let b = t.column_index(e).filter(|&b| b != me)?;
            Some((b, op, facts.relations[k].check.clone()))
        });
    }
    (b != me).then(|| (b, op, facts.relations[i].check.clone()))
}

/// The first relation from index `from` on that derives `name` from another written column:
/// its index, that column, and the operator read as `name op other`.
fn derived_from<'f>(
    t: &Table,
    name: &str,
    facts: &'f Facts,
    from: usize,
) -> Option<(usize, &'f str, BinOp)> {
    let me = t.column(name)?;
    facts
        .relations
        .iter()
        .enumerate()
        .skip(from)
        .find_map(|(i, r)| {
            let (later, earlier, op) = match r.op {
                BinOp::Gt | BinOp::GtEq => (&r.left, &r.right, r.op),
                BinOp::Lt | BinOp::LtEq => (&r.right, &r.left, r.op.flipped()),
                // `b = a`: b is a's value, when both have one type (a's value may not fit another:
                // `int = bigint`, `varchar(3) = text`).
                BinOp::Eq if t.column(&r.right).map(|c| &c.type_name) == Some(&me.type_name) => {
                    (&r.left, &r.right, r.op)
                }
                _ => return None,
            };
            let base = t.column(earlier)?;
            (*later == name && !base.is_generated()).then_some((i, earlier.as_str(), op))
        })
}

/// Created/updated coherence: a later event follows the creation time.
fn coherence_base(t: &Table, col: &Column, facts: &Facts) -> Option<(usize, BinOp, String)> {
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

pub(super) fn upper_cap(f: &ColumnFacts, class: &TypeClass) -> Option<i64> {
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
