//! Bounds from CHECK facts, as integers, scaled numerics and times, intersected with a
//! default range.

use super::*;

/// Integer bound from a CHECK bound (`lower` rounds up, `upper` rounds down; exclusive bounds
/// step one past).
pub(super) fn bound_i64(b: Option<&Bound>, lower: bool) -> Option<i64> {
    bound_scaled(b, lower, 0).map(|v| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// Scaled-integer bound for numeric(p, s).
pub(super) fn bound_scaled(b: Option<&Bound>, lower: bool, scale: u8) -> Option<i128> {
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

pub(super) fn time_bounds(f: &ColumnFacts, default: (i64, i64), unit: i64) -> (i64, i64) {
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
pub(super) fn intersect_range_i128(
    default: (i128, i128),
    lo: Option<i128>,
    hi: Option<i128>,
) -> (i128, i128) {
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
pub(super) fn intersect_range(default: (i64, i64), lo: Option<i64>, hi: Option<i64>) -> (i64, i64) {
    let (a, b) = intersect_range_i128(
        (default.0 as i128, default.1 as i128),
        lo.map(i128::from),
        hi.map(i128::from),
    );
    let clamp = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    (clamp(a), clamp(b))
}

/// A CHECK conjunct that no value of the column's type can meet (`smallint CHECK (x > 40000)`,
/// `varchar(3) CHECK (length(x) > 5)`): the conjunct as written and what the type holds. The
/// CHECK's own bounds are consistent (their contradictions are found first); they lie
/// outside the type.
pub(super) fn type_contradiction(col: &Column, f: &ColumnFacts) -> Option<String> {
    let held = |from: &Option<String>, holds: String| {
        Some(format!(
            "{} contradicts its type {}, which holds {holds}",
            from.as_deref().unwrap_or("its CHECK"),
            col.type_name
        ))
    };
    match classify(&col.type_info) {
        TypeClass::Int { min, max } => {
            let holds = || format!("{min}..{max}");
            if bound_scaled(f.lower.as_ref(), true, 0).is_some_and(|l| l > max as i128) {
                return held(&f.lower_from, holds());
            }
            if bound_scaled(f.upper.as_ref(), false, 0).is_some_and(|h| h < min as i128) {
                return held(&f.upper_from, holds());
            }
            None
        }
        TypeClass::Numeric {
            int_digits: Some(d),
            scale,
        } => {
            let top = 10i128.pow(d + scale as u32) - 1;
            let holds = || format!("{}..{}", fmt_scaled(-top, scale), fmt_scaled(top, scale));
            if bound_scaled(f.lower.as_ref(), true, scale).is_some_and(|l| l > top) {
                return held(&f.lower_from, holds());
            }
            if bound_scaled(f.upper.as_ref(), false, scale).is_some_and(|h| h < -top) {
                return held(&f.upper_from, holds());
            }
            None
        }
        TypeClass::Text {
            max_len: Some(m), ..
        } if f.min_len.is_some_and(|n| n > m) && f.min_len_from.is_some() => {
            held(&f.min_len_from, format!("at most {m} characters"))
        }
        _ => None,
    }
}
