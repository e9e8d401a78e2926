//! Coherence within a row, read from the names and types of the table's own columns (never
//! per schema): places follow the row's country, and (in [`apply`], once every column has a
//! generator) stage timestamps follow the row's status and totals are the sum of their parts.

use crate::model::{Column, Table};
use crate::pgtype::{TypeClass, classify};
use crate::plan::semantic::{self, Semantic};
use crate::plan::{Source, TablePlan};
use crate::values::gens::Gen;
use crate::values::rng::Permutation;
use crate::values::text::{self, Locale, TextKind};
use crate::values::value::{MICROS_PER_DAY, Value};
use crate::values::vocab;

/// The column holding the row's country (a name or an ISO code) for `col`: of several, the one
/// sharing the longest prefix with `col` (`ship_region` follows `ship_country`, not
/// `country`).
pub fn country_column(t: &Table, col: &Column) -> Option<usize> {
    let kind_of = |c: &Column| match semantic::infer(&t.name, &c.name) {
        Some(Semantic::Text(k @ (TextKind::Country | TextKind::CountryCode))) => Some(k),
        _ => None,
    };
    t.columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name != col.name && kind_of(c).is_some())
        .max_by_key(|(i, c)| {
            let shared = c
                .name
                .chars()
                .zip(col.name.chars())
                .take_while(|(a, b)| a == b)
                .count();
            // Then codes before names (a code always names a known country), then the first.
            let code = kind_of(c) == Some(TextKind::CountryCode);
            (shared, code, usize::MAX - i)
        })
        .map(|(i, _)| i)
}

/// The generator of a state, post code or phone column of a table with a country column: one
/// of that country's (a state of the row's city, when the table has a city column too).
pub fn local_generator(t: &Table, col: &Column, k: TextKind) -> Option<Gen> {
    if !matches!(k, TextKind::State | TextKind::PostCode | TextKind::Phone) {
        return None;
    }
    let country = country_column(t, col)?;
    let city = (k == TextKind::State)
        .then(|| {
            t.columns.iter().position(|c| {
                c.name != col.name
                    && semantic::infer(&t.name, &c.name) == Some(Semantic::Text(TextKind::City))
                    && country_column(t, c) == Some(country)
            })
        })
        .flatten();
    Some(Gen::LocalOf {
        kind: k,
        country,
        city,
    })
}

/// Adults only: birth dates between 90 and 18 years before the reference date, the end of the
/// run's time window (fixed by the profile, so the same run gives the same dates; never the
/// clock). Days since 2000-01-01, inclusive.
pub fn adult_birth_days(window_end: i64) -> (i64, i64) {
    use crate::values::value::{MICROS_PER_DAY, civil_from_days, days_from_civil};
    let reference = (window_end - 1).div_euclid(MICROS_PER_DAY) as i32;
    let (y, m, d) = civil_from_days(reference);
    // 29 February falls back to the 28th in years without one.
    let years_before = |n: i32| {
        let day = if m == 2 && d == 29 { 28 } else { d };
        days_from_civil(y - n, m, day) as i64
    };
    (years_before(90) + 1, years_before(18))
}

/// Where a timestamp's name places it: a stage of [`vocab::STAGES`] (by rank) or one of
/// [`vocab::END_STATES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Path(usize),
    End(usize),
}

fn stage_of_words(words: &[String], table: &[(&[&str], &[&str])]) -> Option<usize> {
    table
        .iter()
        .position(|(_, names)| words.iter().any(|w| names.contains(&w.as_str())))
}

/// The stage a date or timestamp column's name marks, if any.
fn stage_of_column(name: &str) -> Option<Stage> {
    let words = vocab::words(name);
    stage_of_words(&words, vocab::END_STATES)
        .map(Stage::End)
        .or_else(|| stage_of_words(&words, vocab::STAGES).map(Stage::Path))
}

/// The stage a status label has reached (`None` for a label the vocabulary does not know,
/// which has reached none past the first).
fn stage_of_label(label: &str) -> Option<Stage> {
    let l = label.trim().to_lowercase().replace([' ', '-'], "_");
    let find =
        |table: &[(&[&str], &[&str])]| table.iter().position(|(ls, _)| ls.contains(&l.as_str()));
    find(vocab::END_STATES)
        .map(Stage::End)
        .or_else(|| find(vocab::STAGES).map(Stage::Path))
}

/// Whether the planner may still change column `i`'s generator: not the profile's, not a key,
/// not a foreign key, written.
fn free(tp: &TablePlan, t: &Table, i: usize) -> bool {
    let c = &tp.columns[i];
    let in_unique = t.all_unique_keys().any(|k| k.columns.contains(&c.name));
    c.write
        && !c.keyed
        && !c.pinned
        && c.source != Source::Profile
        && tp.fk_of_column[i].is_none()
        && !in_unique
        && !matches!(c.generator, Gen::Null | Gen::Engine)
}

/// Make the row coherent once every column has a generator: stage timestamps in stage order
/// and set when the row's status has reached their stage; totals the sum of their parts.
pub fn apply(tp: &mut TablePlan, t: &Table) {
    let stamps = stage_columns(tp, t);
    order_stages(tp, t, &stamps);
    order_ranges(tp, t);
    gate_stages(tp, t, &stamps);
    sum_totals(tp, t);
}

/// The two ends of a range named as a pair: `min_qty`/`max_qty`, `valid_from`/`valid_to`,
/// `start_date`/`end_date`, `from_date`/`to_date`, `lft`/`rgt`.
fn range_pairs(t: &Table) -> Vec<(usize, usize)> {
    const ENDS: [(&str, &str); 6] = [
        ("min", "max"),
        ("minimum", "maximum"),
        ("start", "end"),
        ("from", "to"),
        ("begin", "end"),
        ("low", "high"),
    ];
    let names: Vec<Vec<String>> = t.columns.iter().map(|c| vocab::read(&c.name)).collect();
    let mut out = Vec::new();
    for (lo, lw) in names.iter().enumerate() {
        for (hi, hw) in names.iter().enumerate() {
            if lo == hi || lw.len() != hw.len() || lw.is_empty() {
                continue;
            }
            let paired = |a: &str, b: &str| ENDS.iter().any(|&(x, y)| a == x && b == y);
            let n = lw.len();
            let first = paired(&lw[0], &hw[0]) && lw[1..] == hw[1..];
            let last = paired(&lw[n - 1], &hw[n - 1]) && lw[..n - 1] == hw[..n - 1];
            let nested = lw == &["lft"] && matches!(hw[..], [ref r] if r == "rgt" || r == "rght");
            if first || last || nested {
                out.push((lo, hi));
            }
        }
    }
    out
}

/// The upper end of a named range comes after its lower end (unless a CHECK already orders
/// it): a date up to two years later, a timestamp up to 30 days, an integer up to 100 more
/// within its bounds.
fn order_ranges(tp: &mut TablePlan, t: &Table) {
    for (lo, hi) in range_pairs(t) {
        if !free(tp, t, hi) || matches!(tp.columns[hi].generator, Gen::After { .. }) {
            continue;
        }
        let (lo_class, hi_class) = (
            classify(&t.columns[lo].type_info),
            classify(&t.columns[hi].type_info),
        );
        // The month or day parts of a date split in columns (`begin_date_month`,
        // `end_date_month`) are not ordered part by part: the dates are, by their years.
        if is_date_part(&t.columns[lo].name) || is_date_part(&t.columns[hi].name) {
            continue;
        }
        let (min_delta, max_delta, cap, unit) = match (&lo_class, &hi_class) {
            (TypeClass::Date, TypeClass::Date) => (1, 730, None, "by up to two years".into()),
            (TypeClass::Timestamp, TypeClass::Timestamp) => (
                3_600_000_000,
                30 * MICROS_PER_DAY,
                None,
                "by up to 30 days".into(),
            ),
            (TypeClass::Int { .. }, TypeClass::Int { .. }) => {
                let Some((_, max)) = tp.columns[hi].int_bounds else {
                    continue;
                };
                // Within the range the name gave the upper end (a year stays a year).
                match tp.columns[hi].generator {
                    Gen::Int {
                        min: gmin,
                        max: gmax,
                        ..
                    } if gmax < max => (
                        0,
                        (gmax - gmin).clamp(0, 100),
                        Some(gmax),
                        format!("up to {gmax}"),
                    ),
                    _ => (0, 100, Some(max), "by up to 100 more".into()),
                }
            }
            _ => continue,
        };
        let c = &mut tp.columns[hi];
        c.generator = Gen::After {
            base: lo,
            min_delta,
            max_delta,
            cap,
            fallback: Box::new(c.generator.clone()),
        };
        c.reason = format!(
            "after {} {unit} (the two ends of a range, from the names)",
            t.columns[lo].name
        );
    }
}

/// A column holding the month or day of a date split across columns.
fn is_date_part(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["month", "day"]
        .iter()
        .any(|p| n == *p || n.ends_with(&format!("_{p}")))
}

/// Date and timestamp columns named by a stage, with their stage.
fn stage_columns(tp: &TablePlan, t: &Table) -> Vec<(usize, Stage)> {
    (0..tp.columns.len())
        .filter(|&i| {
            matches!(
                time_class(t, i),
                Some(TypeClass::Date | TypeClass::Timestamp)
            )
        })
        .filter_map(|i| stage_of_column(&tp.columns[i].name).map(|s| (i, s)))
        .collect()
}

fn time_class(t: &Table, i: usize) -> Option<TypeClass> {
    let c = classify(&t.columns.get(i)?.type_info);
    matches!(c, TypeClass::Date | TypeClass::Timestamp).then_some(c)
}

/// Later stages after earlier ones: each stage timestamp comes after the latest earlier one of
/// its type (the first after the table's creation time when there is no stage 0), unless a
/// CHECK already orders it after another column.
fn order_stages(tp: &mut TablePlan, t: &Table, stamps: &[(usize, Stage)]) {
    let created = (0..t.columns.len()).find(|&i| {
        semantic::infer(&t.name, &t.columns[i].name) == Some(Semantic::Created)
            && time_class(t, i).is_some()
    });
    for &(i, stage) in stamps {
        if !free(tp, t, i) {
            continue;
        }
        let rank = match stage {
            Stage::Path(r) => r,
            Stage::End(_) => 1,
        };
        // Of the same class: a date stage orders after dates, a timestamp after timestamps.
        let is_date = |j: usize| time_class(t, j).map(|c| matches!(c, TypeClass::Date));
        let same = |j: usize| j != i && is_date(j) == is_date(i);
        let base = stamps
            .iter()
            .filter(|&&(j, s)| same(j) && matches!(s, Stage::Path(r) if r < rank))
            .max_by_key(|&&(j, s)| {
                let r = match s {
                    Stage::Path(r) => r,
                    Stage::End(_) => 0,
                };
                (r, usize::MAX - j)
            })
            .map(|&(j, _)| j)
            .or(created.filter(|&c| same(c)));
        let Some(base) = base else { continue };
        let c = &mut tp.columns[i];
        let (cap, fallback) = match &c.generator {
            // A CHECK's order after a column outside the stages is kept.
            Gen::After { base: b, .. }
                if !stamps.iter().any(|s| s.0 == *b) && Some(*b) != created =>
            {
                continue;
            }
            Gen::After { cap, fallback, .. } => (*cap, fallback.clone()),
            other => (None, Box::new(other.clone())),
        };
        let (min_delta, max_delta, unit) = match time_class(t, i) {
            Some(TypeClass::Date) => (0, 7, "up to a week"),
            _ => (60_000_000, 5 * MICROS_PER_DAY, "up to 5 days"),
        };
        c.generator = Gen::After {
            base,
            min_delta,
            max_delta,
            cap,
            fallback,
        };
        c.reason = format!(
            "after {} by {unit} (stages in order, from the names)",
            t.columns[base].name
        );
    }
}

/// The row's status column with its labels: a column named `status` or `state` (or ending
/// so) whose values are a list (an enum, a CHECK's IN list, a category) with at least one
/// label past the first stage.
fn status_column(tp: &TablePlan) -> Option<(usize, Vec<String>)> {
    tp.columns.iter().enumerate().find_map(|(i, c)| {
        let words = vocab::words(&c.name);
        if !matches!(words.last().map(String::as_str), Some("status" | "state")) {
            return None;
        }
        let Gen::Choice { values, .. } = &c.generator else {
            return None;
        };
        let labels: Vec<String> = values
            .iter()
            .filter_map(|v| match v {
                Value::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        labels
            .iter()
            .any(|l| !matches!(stage_of_label(l), None | Some(Stage::Path(0))))
            .then_some((i, labels))
    })
}

/// Stage timestamps set exactly when the row's status has reached their stage: `shipped_at`
/// for `shipped` and `delivered`, NULL for `pending`. Only nullable columns (a NOT NULL one is
/// always set) and only stages some label reaches and some does not.
fn gate_stages(tp: &mut TablePlan, t: &Table, stamps: &[(usize, Stage)]) {
    let Some((status, labels)) = status_column(tp) else {
        return;
    };
    for &(i, stage) in stamps {
        if !free(tp, t, i) || t.columns[i].effectively_not_null() {
            continue;
        }
        let reached: Vec<String> = labels
            .iter()
            .filter(|l| match (stage_of_label(l), stage) {
                (Some(Stage::Path(r)), Stage::Path(need)) => r >= need,
                (Some(Stage::End(e)), Stage::End(need)) => e == need,
                _ => false,
            })
            .cloned()
            .collect();
        if reached.is_empty() || reached.len() == labels.len() {
            continue;
        }
        let c = &mut tp.columns[i];
        c.reason = format!(
            "set when {} is {}, else NULL; {}",
            t.columns[status].name,
            reached.join(" or "),
            c.reason
        );
        c.generator = Gen::Reached {
            status,
            labels: reached,
            inner: Box::new(std::mem::replace(&mut c.generator, Gen::Null)),
        };
        c.null_fraction = 0.0;
    }
}

/// The role a numeric column's name gives it in a total.
fn part_role(name: &str) -> Option<(&'static str, bool)> {
    let words = vocab::words(name);
    let has = |w: &[&str]| words.iter().any(|x| w.contains(&x.as_str()));
    if words.concat() == "subtotal" || has(&["subtotal"]) {
        Some(("subtotal", false))
    } else if has(&["tax", "vat", "gst"]) {
        Some(("tax", false))
    } else if has(&["shipping", "freight", "delivery", "handling"]) {
        Some(("shipping", false))
    } else if has(&["discount", "rebate"]) {
        Some(("discount", true))
    } else {
        None
    }
}

/// A total computed from its parts in the same row: `total` = `subtotal` + `tax` (+
/// `shipping`/`freight`) − `discount`, when the table has a subtotal and one more part of the
/// total's exact type. CHECKs reading the total re-draw the parts when it fails them.
fn sum_totals(tp: &mut TablePlan, t: &Table) {
    let numeric = |i: usize| {
        matches!(
            classify(&t.columns[i].type_info),
            TypeClass::Int { .. } | TypeClass::Numeric { .. } | TypeClass::Float | TypeClass::Money
        )
    };
    let Some(total) = (0..t.columns.len()).find(|&i| {
        let words = vocab::words(&t.columns[i].name);
        numeric(i) && words.iter().any(|w| w == "total") && part_role(&t.columns[i].name).is_none()
    }) else {
        return;
    };
    let terms: Vec<(usize, bool)> = (0..t.columns.len())
        .filter(|&i| {
            i != total && numeric(i) && t.columns[i].type_name == t.columns[total].type_name
        })
        .filter(|&i| tp.columns[i].write && !tp.columns[i].generator.depends_on().contains(&total))
        .filter_map(|i| part_role(&t.columns[i].name).map(|(_, minus)| (i, minus)))
        .collect();
    let has_subtotal = terms
        .iter()
        .any(|&(i, _)| part_role(&t.columns[i].name).map(|r| r.0) == Some("subtotal"));
    if !has_subtotal || terms.len() < 2 || !free(tp, t, total) {
        return;
    }
    let formula = terms
        .iter()
        .enumerate()
        .map(|(k, &(i, minus))| {
            let op = match (k, minus) {
                (0, _) => "",
                (_, true) => " − ",
                (_, false) => " + ",
            };
            format!("{op}{}", t.columns[i].name)
        })
        .collect::<String>();
    let c = &mut tp.columns[total];
    c.generator = Gen::SumOf {
        terms: terms.clone(),
    };
    c.null_fraction = 0.0;
    c.reason = format!("{formula} (a total of its parts, from the names)");
    for ch in &mut tp.checks {
        if ch.columns.contains(&total) {
            for &(i, _) in &terms {
                if !ch.columns.contains(&i) {
                    ch.columns.push(i);
                }
            }
        }
    }
}

/// Salt of the keyed permutation through a kind's word-list combinations.
const NATURAL_SALT: u64 = 0x6e61_7475_7261_6c73;

/// Unique names, companies, products and titles that look natural: instead of a row token,
/// row `i` takes the combination of words (first × last name, adjective × material × noun, …)
/// a keyed permutation maps it to, unique by construction; rows past the number of
/// combinations keep the row token, and the plan says from which row.
pub fn natural_uniques(tp: &mut TablePlan, locale: Locale) {
    for c in &mut tp.columns {
        let Gen::UniqueText { inner, max_len } = &c.generator else {
            continue;
        };
        let Gen::Text { kind } = **inner else {
            continue;
        };
        let Some(n) = text::natural(kind, locale) else {
            continue;
        };
        if max_len.is_some_and(|m| n.longest() > m) {
            continue;
        }
        let name = kind.name().replace('_', " ");
        let token_how = format!("{name} with a row token");
        let how = if tp.rows <= n.count() {
            format!(
                "one of {} {name} word combinations, no row token",
                n.count()
            )
        } else {
            format!(
                "one of {} {name} word combinations, then (from row {}) a {name} with a row token",
                n.count(),
                n.count() + 1
            )
        };
        c.reason = c.reason.replace(&token_how, &how);
        for u in &mut tp.uniques {
            u.how = u.how.replace(
                &format!("{} is {token_how}", c.name),
                &format!("{} is {how}", c.name),
            );
        }
        c.generator = Gen::Natural {
            kind,
            perm: Permutation::new(n.count(), c.key64 ^ NATURAL_SALT),
            beyond: Box::new(c.generator.clone()),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::value::days_from_civil;

    #[test]
    fn birth_dates_are_adults_at_the_end_of_the_window() {
        let end = days_from_civil(2026, 1, 1) as i64 * MICROS_PER_DAY;
        assert_eq!(
            adult_birth_days(end),
            (
                days_from_civil(1935, 12, 31) as i64 + 1,
                days_from_civil(2007, 12, 31) as i64
            )
        );
    }

    #[test]
    fn stages_from_names_and_labels() {
        assert_eq!(stage_of_column("shipped_at"), Some(Stage::Path(2)));
        assert_eq!(stage_of_column("ShippedDate"), Some(Stage::Path(2)));
        assert_eq!(stage_of_column("delivered_on"), Some(Stage::Path(3)));
        assert_eq!(stage_of_column("paid_at"), Some(Stage::Path(1)));
        assert_eq!(stage_of_column("order_date"), Some(Stage::Path(0)));
        assert_eq!(stage_of_column("cancelled_at"), Some(Stage::End(0)));
        assert_eq!(stage_of_column("updated_at"), None);
        assert_eq!(stage_of_label("Pending"), Some(Stage::Path(0)));
        assert_eq!(stage_of_label("IN PROGRESS"), Some(Stage::Path(1)));
        assert_eq!(stage_of_label("COMPLETED"), Some(Stage::Path(3)));
        assert_eq!(stage_of_label("canceled"), Some(Stage::End(0)));
        assert_eq!(stage_of_label("on_hold"), None);
    }

    #[test]
    fn parts_of_a_total() {
        assert_eq!(part_role("subtotal"), Some(("subtotal", false)));
        assert_eq!(part_role("sub_total"), Some(("subtotal", false)));
        assert_eq!(part_role("tax_amount"), Some(("tax", false)));
        assert_eq!(part_role("freight"), Some(("shipping", false)));
        assert_eq!(part_role("discount"), Some(("discount", true)));
        assert_eq!(part_role("total"), None);
        assert_eq!(part_role("unit_price"), None);
    }
}
