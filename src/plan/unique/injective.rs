//! Anchors: one column's generator turned into one injective in the row index, by generator
//! family (integers, numerics, CHECK patterns, text, times, identifiers).

use super::super::columns::TypeClass;
use crate::values::gens::{Gen, TemplatePart};
use crate::values::regex_enum::RegexEnum;
use crate::values::rng::Permutation;
use crate::values::text::TextKind;
use crate::values::value::Value;

/// What `make_unique` may take into account beyond the generator.
#[derive(Clone, Copy)]
pub(super) struct Hints {
    /// Integer range the type and CHECKs allow.
    pub int_bounds: Option<(i64, i64)>,
    /// The column is the whole primary key: 1, 2, 3… reads best.
    pub primary: bool,
    /// The generator's pattern is our own choice, not a CHECK's.
    pub own_pattern: bool,
}

/// A generator injective in the row index.
pub(super) struct Injective {
    pub generator: Gen,
    /// Rows it can number before repeating.
    pub capacity: u128,
    /// As `plan` says it.
    pub how: String,
}

impl Injective {
    fn new(generator: Gen, capacity: u128, how: impl Into<String>) -> Injective {
        Injective {
            generator,
            capacity,
            how: how.into(),
        }
    }
}

/// Turn a generator into one injective in the row index; `None` when its family has no such
/// form (floats, free text of a non-text type, short codes…).
pub(super) fn make_unique(
    g: &Gen,
    class: &TypeClass,
    rows: u64,
    max_chars: Option<usize>,
    key: u64,
    hints: Hints,
) -> Option<Injective> {
    match g {
        Gen::Int { .. } | Gen::Sequence { .. } => integer(g, class, rows, key, hints),
        Gen::Numeric { .. } => numeric(g, key),
        Gen::Regex(_) | Gen::RegexUnique(_) => pattern(g, rows, max_chars, key, hints),
        Gen::Text {
            kind: kind @ (TextKind::CountryCode | TextKind::CurrencyCode | TextKind::Language),
        } => code(*kind, class, rows, key),
        Gen::PersonEmail { .. } | Gen::Text { .. } | Gen::Template(_) => text(g, class, max_chars),
        Gen::Timestamp { .. } | Gen::Date { .. } => time(g, rows, key),
        Gen::Uuid { .. } | Gen::Inet { .. } | Gen::Mac => identifier(g),
        _ => None,
    }
}

/// Integers: a primary key counts from its lower bound; other keys permute a range wide enough
/// for the rows (the realistic default range when it suffices).
fn integer(g: &Gen, class: &TypeClass, rows: u64, key: u64, hints: Hints) -> Option<Injective> {
    match (g, class) {
        (Gen::Int { min, max, .. }, _) => {
            if let Some((lo, hi)) = hints.int_bounds {
                if hints.primary {
                    return Some(counted_from_bottom(lo, hi));
                }
                let default_cap = (*max as i128 - *min as i128 + 1).max(0) as u128;
                if default_cap < rows as u128 {
                    return Some(widened(*min, (lo, hi), rows, key));
                }
            }
            let TypeClass::Int { .. } = class else {
                return None;
            };
            let cap = (*max as i128 - *min as i128 + 1).max(0) as u128;
            Some(if cap >= rows as u128 && cap > 0 {
                // A plain sequence reads better when the range starts at 1 and is roomy.
                let generator = Gen::PermutedInt {
                    min: *min,
                    perm: Permutation::new(cap.min(u64::MAX as u128) as u64, key),
                };
                Injective::new(
                    generator,
                    cap,
                    format!("a keyed permutation of {min}..{max}"),
                )
            } else {
                Injective::new(g.clone(), cap, format!("integers {min}..{max}"))
            })
        }
        (Gen::Sequence { start, .. }, TypeClass::Int { max, .. }) => Some(Injective::new(
            g.clone(),
            (*max as i128 - *start as i128 + 1).max(0) as u128,
            format!("the sequence {start}, {}, …", start + 1),
        )),
        _ => None,
    }
}

/// 1, 2, 3… when the range `lo..=hi` allows; a range of negatives counts up from its bottom.
fn counted_from_bottom(lo: i64, hi: i64) -> Injective {
    let start = if hi >= 1 { lo.max(1) } else { lo };
    Injective::new(
        Gen::Sequence { start, step: 1 },
        (hi as i128 - start as i128 + 1).max(0) as u128,
        format!("the sequence {start}, {}, …", start + 1),
    )
}

/// A keyed permutation of `min..min+2·rows` when the bounds allow it, else of all of them.
fn widened(min: i64, (lo, hi): (i64, i64), rows: u64, key: u64) -> Injective {
    let wide_hi = ((min as i128) + 2 * rows as i128 - 1).min(hi as i128) as i64;
    let (a, b) = if wide_hi as i128 - (min as i128) + 1 >= rows as i128 {
        (min, wide_hi)
    } else {
        (lo, hi)
    };
    let cap = (b as i128 - a as i128 + 1).max(0) as u128;
    Injective::new(
        Gen::PermutedInt {
            min: a,
            perm: Permutation::new(cap.clamp(1, u64::MAX as u128) as u64, key),
        },
        cap,
        format!("a keyed permutation of {a}..{b}"),
    )
}

fn numeric(g: &Gen, key: u64) -> Option<Injective> {
    let Gen::Numeric {
        min, max, scale, ..
    } = g
    else {
        return None;
    };
    let cap = (max - min + 1).max(0) as u128;
    Some(Injective::new(
        Gen::PermutedNumeric {
            min: *min,
            scale: *scale,
            perm: Permutation::new(cap.clamp(1, u64::MAX as u128) as u64, key),
        },
        cap,
        "a keyed permutation of its range",
    ))
}

/// Strings of a regular language: the n-th string of the pattern, or, for a short code we chose
/// ourselves, a row token when tokens hold more than the pattern's letters alone.
fn pattern(
    g: &Gen,
    rows: u64,
    max_chars: Option<usize>,
    key: u64,
    hints: Hints,
) -> Option<Injective> {
    match g {
        // Look-arounds: some n-th strings would fail the pattern.
        Gen::Regex(e) if !e.exact() => None,
        Gen::Regex(e) => {
            // A pattern of our own choosing reads better than a row token; a token only where
            // the pattern's strings run out first.
            if hints.own_pattern {
                let token_cap = token_capacity(max_chars);
                let mut e2 = (**e).clone();
                let cap = e2.prepare_unique(rows, key);
                if cap < rows as u128 && token_cap > cap {
                    return Some(Injective::new(
                        Gen::UniqueText {
                            inner: Box::new(Gen::Const(Value::Text(String::new()))),
                            max_len: max_chars,
                        },
                        token_cap,
                        "a row token",
                    ));
                }
            }
            let mut e = (**e).clone();
            let cap = e.prepare_unique(rows, key);
            Some(Injective::new(
                Gen::RegexUnique(Box::new(e)),
                cap,
                "the n-th string of its pattern",
            ))
        }
        Gen::RegexUnique(e) => Some(Injective::new(
            g.clone(),
            e.max_capacity(),
            "the n-th string of its pattern",
        )),
        _ => None,
    }
}

/// Short codes (currencies, countries, languages) unique by row: the n-th string of `[A-Z]{3}`
/// (`[A-Z]{2}` for countries and `[a-z]{2}` for languages while they hold the rows), under a
/// keyed permutation, so codes look like codes rather than carrying a row token.
fn code(kind: TextKind, class: &TypeClass, rows: u64, key: u64) -> Option<Injective> {
    let TypeClass::Text { max_len, fixed } = class else {
        return None;
    };
    let room = max_len.unwrap_or(3);
    let (upper, base) = match kind {
        TextKind::CurrencyCode => (true, 3),
        TextKind::CountryCode if *fixed && room == 3 => (true, 3),
        TextKind::CountryCode => (true, 2),
        _ => (false, 2),
    };
    let letters = if 26u128.pow(base as u32) < rows as u128 && room > base {
        base + 1
    } else {
        base
    };
    if letters > room {
        return None;
    }
    let class_set = if upper { "A-Z" } else { "a-z" };
    let mut e = RegexEnum::new(&format!("^[{class_set}]{{{letters}}}$"))?;
    let cap = e.prepare_unique(rows, key);
    Some(Injective::new(
        Gen::RegexUnique(Box::new(e)),
        cap,
        format!("{letters}-letter codes, none repeated"),
    ))
}

/// Emails, vocabulary text and templates: a row token, carried where it keeps the value's shape.
fn text(g: &Gen, class: &TypeClass, max_chars: Option<usize>) -> Option<Injective> {
    match (g, class) {
        (
            Gen::PersonEmail {
                first, last, full, ..
            },
            _,
        ) => Some(Injective::new(
            Gen::PersonEmail {
                first: *first,
                last: *last,
                full: *full,
                unique: true,
            },
            token_capacity(max_chars.map(|m| m.saturating_sub("@x.test".len()))),
            "an email whose local part carries a row token",
        )),
        (Gen::Text { kind }, TypeClass::Text { .. }) => Some(Injective::new(
            Gen::UniqueText {
                inner: Box::new(g.clone()),
                max_len: max_chars,
            },
            token_capacity(max_chars),
            format!("{} with a row token", kind.name().replace('_', " ")),
        )),
        (Gen::Template(parts), _) if parts.iter().any(|p| matches!(p, TemplatePart::Row(_))) => {
            Some(Injective::new(
                g.clone(),
                u64::MAX as u128,
                "a template with {row}",
            ))
        }
        (Gen::Template(_), TypeClass::Text { .. }) => Some(Injective::new(
            Gen::UniqueText {
                inner: Box::new(g.clone()),
                max_len: max_chars,
            },
            token_capacity(max_chars),
            "a template with a row token",
        )),
        _ => None,
    }
}

/// Timestamps one per stride; dates a keyed permutation of the days.
fn time(g: &Gen, rows: u64, key: u64) -> Option<Injective> {
    match g {
        Gen::Timestamp { min, max } => {
            let span = (max - min).max(0) as u128;
            let step = (span / rows.max(1) as u128).min(i64::MAX as u128) as i64;
            Some(Injective::new(
                Gen::StridedTimestamp {
                    min: *min,
                    step: step.max(1),
                },
                span,
                "increasing timestamps, one per stride",
            ))
        }
        Gen::Date { min, max } => {
            let cap = (*max as i64 - *min as i64 + 1).max(0) as u128;
            Some(Injective::new(
                Gen::PermutedDate {
                    min: *min,
                    perm: Permutation::new(cap.clamp(1, u64::MAX as u128) as u64, key),
                },
                cap,
                "a keyed permutation of its days",
            ))
        }
        _ => None,
    }
}

/// Uuids, network and hardware addresses: a bijection of the row number.
fn identifier(g: &Gen) -> Option<Injective> {
    match g {
        Gen::Uuid { .. } => Some(Injective::new(
            g.clone(),
            1u128 << 62,
            "a uuid bijection of the row number",
        )),
        Gen::Inet { .. } => Some(Injective::new(
            Gen::InetUnique,
            u64::MAX as u128,
            "documentation addresses by row",
        )),
        Gen::Mac => Some(Injective::new(
            Gen::MacUnique,
            1 << 32,
            "locally administered addresses by row",
        )),
        _ => None,
    }
}

/// Distinct row tokens that fit in `max` characters: the row numbers below 36^max (base-36
/// tokens have no leading zeros, so those are exactly the ones of at most `max` digits).
fn token_capacity(max: Option<usize>) -> u128 {
    match max {
        None => u64::MAX as u128,
        Some(m) => 36u128.saturating_pow(m.min(24) as u32),
    }
}
