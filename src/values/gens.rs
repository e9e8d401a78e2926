//! Column generators. The planner chooses one [`Gen`] per column; the row engine calls
//! [`Gen::generate`] with the column's random stream and the row context.
//!
//! Generators marked *unique* are injective in the row index (uniqueness by construction, no
//! memory); the rest draw freely.

use std::fmt::Write;
use std::net::IpAddr;

use rand::{Rng, RngExt};
use serde_json::Value as Json;

use super::literal::{self, LiteralKind};
use super::regex_enum::RegexEnum;
use super::rng::{Permutation, below, hash_at, mix64, unit};
use super::text::{self, Locale, TextKind};
use crate::values::value::{MICROS_PER_DAY, Value};

/// What a generator may read besides its random stream.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub row: u64,
    /// The row's values so far, indexed like the table's columns.
    pub values: &'a [Value],
    /// Offset of this row within its parent's group (tables sized per parent).
    pub group_offset: u64,
    /// Components of the composite-unique tuples assigned to this row.
    pub tuples: &'a [Vec<u64>],
    pub locale: Locale,
    /// Characters a text value may have (the column's `varchar(n)`/`char(n)` and length
    /// CHECKs): text generators make every value fit, never cut one.
    pub max_chars: Option<usize>,
}

#[derive(Debug, Clone)]
pub enum Gen {
    Null,
    Const(Value),
    /// Weighted choice; `cumulative` holds running totals of the weights.
    Choice {
        values: Vec<Value>,
        cumulative: Vec<f64>,
    },
    /// The `component`-th element of the row's composite-unique tuple selects the value.
    FromTuple {
        tuple: usize,
        component: usize,
        values: Vec<Value>,
    },
    Bool {
        p_true: f64,
    },
    Int {
        min: i64,
        max: i64,
        /// More small values than large ones (counts, quantities).
        skewed: bool,
    },
    /// unique: `start + row * step`.
    Sequence {
        start: i64,
        step: i64,
    },
    /// unique: `min + perm(row)`.
    PermutedInt {
        min: i64,
        perm: Permutation,
    },
    /// unique within the row's parent group: `start + offset`.
    GroupOffset {
        start: i64,
    },
    Float {
        min: f64,
        max: f64,
    },
    /// Bounds are unscaled (`value * 10^scale`).
    Numeric {
        min: i128,
        max: i128,
        scale: u8,
        skewed: bool,
    },
    /// unique.
    PermutedNumeric {
        min: i128,
        scale: u8,
        perm: Permutation,
    },
    Money {
        min: i64,
        max: i64,
    },
    /// unique: a keyed bijection of the row index, formatted as a version-4 UUID.
    Uuid {
        key: u64,
    },
    UuidRandom,
    Timestamp {
        min: i64,
        max: i64,
    },
    /// unique and increasing: `min + row * step + jitter(< step)`.
    StridedTimestamp {
        min: i64,
        step: i64,
    },
    Date {
        min: i32,
        max: i32,
    },
    /// unique: `min + perm(row)` days.
    PermutedDate {
        min: i32,
        perm: Permutation,
    },
    Time,
    TimeTz,
    Interval {
        max_days: i32,
    },
    /// A value in one of several disjoint spans (the partitions of a range-partitioned table),
    /// chosen by width, uniform inside.
    Partitioned {
        spans: Vec<(i64, i64)>,
        cumulative: Vec<f64>,
        kind: RangeKind,
    },
    /// A value after (or at) another column's value in the same row: `base + delta`, delta in
    /// `[min_delta, max_delta]` (microseconds for timestamps, days for dates, hundredths for
    /// floats, units otherwise); with both 0, the base's value itself, of any type.
    After {
        base: usize,
        min_delta: i64,
        max_delta: i64,
        /// Upper bound of the result (a CHECK or the time window), if any.
        cap: Option<i64>,
        fallback: Box<Gen>,
    },
    Text {
        kind: TextKind,
    },
    /// A built-in type's text form, read by its input function (geometry, bit strings, …).
    Literal(LiteralKind),
    /// Free text of about `mean` characters (a profile's `avg_length`): sentences cut at a
    /// word boundary to a length drawn from `[mean/2, 3·mean/2]`, within the column's room.
    Prose {
        mean: usize,
    },
    /// A city of the country in another column of the row (its name or ISO code).
    CityOf {
        country: usize,
    },
    /// The name of the country whose ISO code is in another column of the row.
    CountryOf {
        code: usize,
    },
    /// A state, post code or phone number of the country in another column of the row (its
    /// name or ISO code); a state follows the row's city when there is one.
    LocalOf {
        kind: TextKind,
        country: usize,
        city: Option<usize>,
    },
    /// `inner` once the row's status (another column) is one of `labels`, else NULL: a stage
    /// timestamp set exactly when the status has reached its stage.
    Reached {
        status: usize,
        labels: Vec<String>,
        inner: Box<Gen>,
    },
    /// The sum of other columns of the row (of the same type), each added or (`true`)
    /// subtracted; a NULL part counts as zero.
    SumOf {
        terms: Vec<(usize, bool)>,
    },
    /// An email matching the row's person name columns when there are any.
    PersonEmail {
        first: Option<usize>,
        last: Option<usize>,
        full: Option<usize>,
        unique: bool,
    },
    /// unique: `inner` with a row token appended, fitted into `max_len` characters.
    UniqueText {
        inner: Box<Gen>,
        max_len: Option<usize>,
    },
    /// unique: row `i` (below the size of the kind's word-list product) is the combination a
    /// keyed permutation maps it to, with no row token; later rows are `beyond`'s.
    Natural {
        kind: TextKind,
        perm: Permutation,
        beyond: Box<Gen>,
    },
    /// Random strings of a regular language (a CHECK pattern or a profile `regex`).
    Regex(Box<RegexEnum>),
    /// unique: the row index enumerated through the regular language.
    RegexUnique(Box<RegexEnum>),
    Template(Vec<TemplatePart>),
    Json(JsonGen),
    Bytes {
        min: usize,
        max: usize,
    },
    Inet {
        v6: bool,
    },
    /// unique: documentation addresses by row (IPv6 beyond 768 rows).
    InetUnique,
    Mac,
    /// unique: locally administered addresses by row.
    MacUnique,
    Array {
        elem: Box<Gen>,
        min: usize,
        max: usize,
    },
    Range {
        lower: Box<Gen>,
        kind: RangeKind,
    },
    /// Ranges that never overlap: row `i` lies inside `[min + i·stride, min + (i+1)·stride)`
    /// (exclusion constraints `EXCLUDE USING gist (col WITH &&)`).
    DisjointRange {
        kind: RangeKind,
        min: i64,
        stride: i64,
    },
    Composite(Vec<Gen>),
    /// Filled by the row engine (foreign keys).
    Engine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeKind {
    Int,
    Numeric(u8),
    Date,
    Timestamp,
    /// A user-defined range over uuid (ordered as PostgreSQL orders uuids: bytewise).
    Uuid,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Lit(String),
    /// `{row}` / `{row:06}`: the 1-based row number, zero-padded to a width.
    Row(usize),
    /// `{n:4}`: random digits.
    Digits(usize),
    Kind(TextKind),
    /// `{uuid}`.
    Uuid,
}

#[derive(Debug, Clone)]
pub enum JsonGen {
    /// A fixed document whose string leaves may hold `{placeholders}`.
    Template(Json),
    /// An object with keys suited to the column's name.
    Object(JsonFlavour),
    Array,
    /// An object from `base` with the keys CHECKs require set to values of the type (or the
    /// value) required.
    Shaped {
        base: Box<JsonGen>,
        keys: Vec<(String, JsonLeaf)>,
    },
}

/// What a required JSON key holds.
#[derive(Debug, Clone)]
pub enum JsonLeaf {
    /// A generated value of this `jsonb_typeof` type (any text when `None`).
    Typed(Option<String>),
    Fixed(Json),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonFlavour {
    Settings,
    Attributes,
    Event,
    Generic,
}

impl Gen {
    pub fn choice(values: Vec<Value>, weights: Option<Vec<f64>>) -> Gen {
        let weights = weights.unwrap_or_else(|| vec![1.0; values.len()]);
        let mut total = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Gen::Choice { values, cumulative }
    }

    /// Generators injective in the row index.
    pub fn is_unique(&self) -> bool {
        matches!(
            self,
            Gen::Sequence { .. }
                | Gen::PermutedInt { .. }
                | Gen::PermutedNumeric { .. }
                | Gen::Uuid { .. }
                | Gen::StridedTimestamp { .. }
                | Gen::PermutedDate { .. }
                | Gen::UniqueText { .. }
                | Gen::Natural { .. }
                | Gen::RegexUnique(_)
                | Gen::InetUnique
                | Gen::MacUnique
                | Gen::DisjointRange { .. }
        ) || matches!(self, Gen::PersonEmail { unique: true, .. })
            || matches!(self, Gen::Template(parts) if parts.iter().any(|p| matches!(p, TemplatePart::Row(_))))
    }

    /// The same kind of value without reading other columns of the row. Key columns use it:
    /// a child computes its parent's key at any row alone, so that key may depend on nothing
    /// but the row number.
    pub fn standalone(&self) -> Gen {
        match self {
            Gen::PersonEmail { unique, .. } => Gen::PersonEmail {
                first: None,
                last: None,
                full: None,
                unique: *unique,
            },
            Gen::CityOf { .. } => Gen::Text {
                kind: TextKind::City,
            },
            Gen::CountryOf { .. } => Gen::Text {
                kind: TextKind::Country,
            },
            Gen::LocalOf { kind, .. } => Gen::Text { kind: *kind },
            Gen::Reached { inner, .. } => inner.standalone(),
            Gen::After { fallback, .. } => fallback.standalone(),
            Gen::UniqueText { inner, max_len } => Gen::UniqueText {
                inner: Box::new(inner.standalone()),
                max_len: *max_len,
            },
            other => other.clone(),
        }
    }

    /// How many distinct values a unique generator yields over row numbers `0..` (`None` when
    /// it is not unique or practically unbounded).
    pub fn unique_capacity(&self) -> Option<u128> {
        match self {
            Gen::PermutedInt { perm, .. }
            | Gen::PermutedNumeric { perm, .. }
            | Gen::PermutedDate { perm, .. } => Some(perm.len() as u128),
            Gen::RegexUnique(e) => e.domain(),
            Gen::UniqueText {
                max_len: Some(m), ..
            } => Some(36u128.saturating_pow((*m).min(24) as u32)),
            _ => None,
        }
    }

    /// The fewest characters every value of this generator fits in, over rows `0..rows`: the
    /// planner refuses a column that holds fewer. Text kinds, emails and patterns shorten their
    /// values to the room they are given (down to this); constants, choices and the fixed parts
    /// of templates do not. 0 for values that are not text.
    pub fn chars_needed(&self, rows: u64) -> usize {
        let text_len = |v: &Value| match v {
            Value::Text(s) => s.chars().count(),
            _ => 0,
        };
        let last_token = text::token(rows.saturating_sub(1)).len();
        match self {
            Gen::Const(v) => text_len(v),
            Gen::Choice { values, .. } | Gen::FromTuple { values, .. } => {
                values.iter().map(text_len).max().unwrap_or(0)
            }
            Gen::Text { kind } => text::min_len(*kind),
            Gen::Prose { .. } => 1,
            Gen::CityOf { .. } => text::min_len(TextKind::City),
            Gen::CountryOf { .. } => text::min_len(TextKind::CountryCode),
            Gen::LocalOf { kind, .. } => text::min_len(*kind),
            Gen::Reached { inner, .. } => inner.chars_needed(rows),
            Gen::PersonEmail { unique, .. } => {
                let local = if *unique { last_token } else { 1 };
                local + "@x.test".len()
            }
            Gen::UniqueText { .. } => last_token,
            Gen::Natural { beyond, .. } => beyond.chars_needed(rows),
            Gen::Regex(e) => e.min_len(),
            Gen::RegexUnique(e) => e.nth_max_len(),
            Gen::Template(parts) => parts
                .iter()
                .map(|p| match p {
                    TemplatePart::Kind(k) => text::min_len(*k),
                    other => part_len(other, rows.max(1)).unwrap_or(0),
                })
                .sum(),
            _ => 0,
        }
    }

    /// Whether a value of this generator may contain a NUL character, which PostgreSQL text
    /// cannot hold (profile constants, choices, template literals and JSON documents can).
    pub fn may_hold_nul(&self) -> bool {
        let nul = |v: &Value| match v {
            Value::Text(s) => s.contains('\0'),
            Value::Json(s) => s.contains('\0') || s.contains("\\u0000"),
            Value::Array(items) => items
                .iter()
                .any(|i| matches!(i, Value::Text(s) if s.contains('\0'))),
            _ => false,
        };
        match self {
            Gen::Const(v) => nul(v),
            Gen::Choice { values, .. } | Gen::FromTuple { values, .. } => values.iter().any(nul),
            Gen::Template(parts) => parts
                .iter()
                .any(|p| matches!(p, TemplatePart::Lit(l) if l.contains('\0'))),
            Gen::Json(JsonGen::Template(doc)) => doc.to_string().contains("\\u0000"),
            Gen::UniqueText { inner, .. } | Gen::Reached { inner, .. } => inner.may_hold_nul(),
            Gen::Array { elem, .. } => elem.may_hold_nul(),
            Gen::Composite(fields) => fields.iter().any(Gen::may_hold_nul),
            _ => false,
        }
    }

    /// Columns of the same row this generator reads.
    pub fn depends_on(&self) -> Vec<usize> {
        match self {
            Gen::After { base, fallback, .. } => {
                let mut v = vec![*base];
                v.extend(fallback.depends_on());
                v
            }
            Gen::PersonEmail {
                first, last, full, ..
            } => [*first, *last, *full].into_iter().flatten().collect(),
            Gen::UniqueText { inner, .. } => inner.depends_on(),
            Gen::CityOf { country } => vec![*country],
            Gen::CountryOf { code } => vec![*code],
            Gen::LocalOf { country, city, .. } => std::iter::once(*country).chain(*city).collect(),
            Gen::Reached { status, inner, .. } => {
                let mut v = vec![*status];
                v.extend(inner.depends_on());
                v
            }
            Gen::SumOf { terms } => terms.iter().map(|t| t.0).collect(),
            _ => Vec::new(),
        }
    }

    pub fn generate<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> Value {
        match self {
            Gen::Null | Gen::Engine => Value::Null,
            Gen::Const(v) => v.clone(),
            Gen::Choice { values, cumulative } => {
                let total = cumulative.last().copied().unwrap_or(0.0);
                let x = unit(rng.next_u64()) * total;
                let i = cumulative
                    .partition_point(|&c| c <= x)
                    .min(values.len() - 1);
                values[i].clone()
            }
            Gen::FromTuple {
                tuple,
                component,
                values,
            } => values[cx.tuples[*tuple][*component] as usize % values.len()].clone(),
            Gen::Bool { p_true } => Value::Bool(unit(rng.next_u64()) < *p_true),
            Gen::Reached {
                status,
                labels,
                inner,
            } => match cx.values.get(*status) {
                Some(Value::Text(s)) if labels.iter().any(|l| l == s) => inner.generate(rng, cx),
                _ => Value::Null,
            },
            Gen::SumOf { terms } => terms.iter().fold(Value::Null, |acc, (i, minus)| {
                add_value(acc, cx.values.get(*i).unwrap_or(&Value::Null), *minus)
            }),
            Gen::Uuid { key } => Value::Uuid(uuid_for(*key, cx.row)),
            Gen::UuidRandom => {
                let v = ((rng.next_u64() as u128) << 64) | rng.next_u64() as u128;
                Value::Uuid(set_uuid_bits(v))
            }
            Gen::After {
                base,
                min_delta,
                max_delta,
                cap,
                fallback,
            } => {
                let delta = int_in(rng, *min_delta, *max_delta, true);
                let clamp = |v: i64| cap.map_or(v, |c| v.min(c));
                match cx.values.get(*base).unwrap_or(&Value::Null) {
                    Value::Timestamp(t) => Value::Timestamp(clamp(t + delta).max(*t + min_delta)),
                    Value::Date(d) => {
                        Value::Date(clamp(*d as i64 + delta).max(*d as i64 + min_delta) as i32)
                    }
                    Value::Int(i) => Value::Int(clamp(i + delta).max(i + min_delta)),
                    Value::Numeric { unscaled, scale } => Value::Numeric {
                        unscaled: unscaled + delta as i128,
                        scale: *scale,
                    },
                    // Floats step in hundredths.
                    Value::Float(f) => Value::Float(f + delta as f64 / 100.0),
                    // No step at all (an equality): the base's value, of any type.
                    v if *max_delta == 0 && !v.is_null() => v.clone(),
                    _ => fallback.generate(rng, cx),
                }
            }
            Gen::Int { .. }
            | Gen::Sequence { .. }
            | Gen::PermutedInt { .. }
            | Gen::GroupOffset { .. }
            | Gen::Float { .. }
            | Gen::Numeric { .. }
            | Gen::PermutedNumeric { .. }
            | Gen::Money { .. } => self.generate_number(rng, cx),
            Gen::Timestamp { .. }
            | Gen::StridedTimestamp { .. }
            | Gen::Date { .. }
            | Gen::PermutedDate { .. }
            | Gen::Time
            | Gen::TimeTz
            | Gen::Interval { .. }
            | Gen::Partitioned { .. } => self.generate_time(rng, cx),
            Gen::Text { .. }
            | Gen::Prose { .. }
            | Gen::Literal(_)
            | Gen::CountryOf { .. }
            | Gen::CityOf { .. }
            | Gen::LocalOf { .. }
            | Gen::PersonEmail { .. }
            | Gen::UniqueText { .. }
            | Gen::Natural { .. }
            | Gen::Regex(_)
            | Gen::RegexUnique(_)
            | Gen::Template(_) => self.generate_text(rng, cx),
            Gen::Json(_)
            | Gen::Bytes { .. }
            | Gen::Inet { .. }
            | Gen::InetUnique
            | Gen::Mac
            | Gen::MacUnique => self.generate_binary(rng, cx),
            Gen::Array { .. }
            | Gen::Range { .. }
            | Gen::DisjointRange { .. }
            | Gen::Composite(_) => self.generate_container(rng, cx),
        }
    }

    /// Numbers: integers, sequences, floats, numerics, money.
    fn generate_number<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> Value {
        match self {
            Gen::Int { min, max, skewed } => Value::Int(int_in(rng, *min, *max, *skewed)),
            Gen::Sequence { start, step } => Value::Int(start + cx.row as i64 * step),
            Gen::PermutedInt { min, perm } => Value::Int(min + perm.apply(cx.row) as i64),
            Gen::GroupOffset { start } => Value::Int(start + cx.group_offset as i64),
            Gen::Float { min, max } => {
                let x = min + unit(rng.next_u64()) * (max - min);
                Value::Float((x * 100.0).round() / 100.0)
            }
            Gen::Numeric {
                min,
                max,
                scale,
                skewed,
            } => {
                let v = if *skewed {
                    let span = (max - min).max(0) as f64;
                    let u = unit(rng.next_u64());
                    min + (span * u * u * u) as i128
                } else {
                    min + below_u128(rng, (max - min + 1) as u128) as i128
                };
                Value::Numeric {
                    unscaled: v,
                    scale: *scale,
                }
            }
            Gen::PermutedNumeric { min, scale, perm } => Value::Numeric {
                unscaled: min + perm.apply(cx.row) as i128,
                scale: *scale,
            },
            Gen::Money { min, max } => Value::Money(int_in(rng, *min, *max, false)),
            _ => unreachable!("generate_number called on {self:?}"),
        }
    }

    /// Dates, times, timestamps and intervals, including spans of partitions.
    fn generate_time<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> Value {
        match self {
            Gen::Timestamp { min, max } => Value::Timestamp(int_in(rng, *min, *max, false)),
            Gen::StridedTimestamp { min, step } => Value::Timestamp(
                min + cx.row as i64 * step + below(rng.next_u64(), *step as u64) as i64,
            ),
            Gen::Date { min, max } => {
                Value::Date(int_in(rng, *min as i64, *max as i64, false) as i32)
            }
            Gen::PermutedDate { min, perm } => Value::Date(min + perm.apply(cx.row) as i32),
            Gen::Time => Value::Time(
                below(rng.next_u64(), MICROS_PER_DAY as u64 / 1_000_000) as i64 * 1_000_000,
            ),
            Gen::TimeTz => {
                const OFFSETS: [i32; 5] = [0, 3600, 7200, -18_000, 19_800];
                let t = below(rng.next_u64(), MICROS_PER_DAY as u64 / 1_000_000) as i64 * 1_000_000;
                Value::TimeTz(t, OFFSETS[below(rng.next_u64(), 5) as usize])
            }
            Gen::Interval { max_days } => Value::Interval {
                months: 0,
                days: below(rng.next_u64(), *max_days as u64 + 1) as i32,
                micros: below(rng.next_u64(), 86_400) as i64 * 1_000_000,
            },
            Gen::Partitioned {
                spans,
                cumulative,
                kind,
            } => {
                let total = cumulative.last().copied().unwrap_or(0.0);
                let x = unit(rng.next_u64()) * total;
                let i = cumulative.partition_point(|&c| c <= x).min(spans.len() - 1);
                let (a, b) = spans[i];
                let v = int_in(rng, a, b, false);
                match kind {
                    RangeKind::Timestamp => Value::Timestamp(v),
                    RangeKind::Date => Value::Date(v as i32),
                    _ => Value::Int(v),
                }
            }
            _ => unreachable!("generate_time called on {self:?}"),
        }
    }

    /// Text: words and names, values read from other columns, unique text, regular languages, templates.
    fn generate_text<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> Value {
        match self {
            Gen::Text { kind } => Value::Text(text_of(*kind, rng, cx)),
            Gen::Literal(kind) => Value::Text(literal::generate(*kind, rng)),
            Gen::Prose { mean } => {
                let lo = (mean / 2).max(1);
                let hi = (mean + mean / 2).max(lo);
                let target = rng.random_range(lo..=hi);
                let target = cx.max_chars.map_or(target, |m| target.min(m));
                Value::Text(text::prose_of_length(cx.locale, rng, target))
            }
            Gen::CountryOf { code } => {
                let code = match cx.values.get(*code) {
                    Some(Value::Text(c)) => c.trim(),
                    _ => "",
                };
                let fits = |v: &&str| cx.max_chars.is_none_or(|m| v.chars().count() <= m);
                // The country's name, or its code where the name does not fit.
                Value::Text(match text::country_named(code).map(|n| (n, code)) {
                    Some((n, c)) => (if fits(&n) { n } else { c }).to_string(),
                    None => text_of(TextKind::Country, rng, cx),
                })
            }
            Gen::CityOf { country } => {
                let country = match cx.values.get(*country) {
                    Some(Value::Text(c)) => c.trim(),
                    _ => "",
                };
                let city = match (text::city_of(country, rng), cx.max_chars) {
                    (Some(c), Some(m)) if c.chars().count() > m => {
                        text::city_of_within(country, rng, m)
                    }
                    (c, _) => c,
                };
                Value::Text(city.unwrap_or_else(|| text_of(TextKind::City, rng, cx)))
            }
            Gen::LocalOf {
                kind,
                country,
                city,
            } => {
                let text = |i: usize| match cx.values.get(i) {
                    Some(Value::Text(c)) => Some(c.trim()),
                    _ => None,
                };
                let place = text(*country).and_then(text::place_index);
                let city = city.and_then(text);
                Value::Text(
                    place
                        .and_then(|p| text::local_value(*kind, p, city, rng, cx.max_chars))
                        .unwrap_or_else(|| text_of(*kind, rng, cx)),
                )
            }
            Gen::PersonEmail {
                first,
                last,
                full,
                unique,
            } => {
                let get = |c: &Option<usize>| match c.and_then(|i| cx.values.get(i)) {
                    Some(Value::Text(s)) => Some(s.clone()),
                    _ => None,
                };
                let (f, l) = match (get(first), get(last), get(full)) {
                    (Some(f), l, _) => (f, l.unwrap_or_default()),
                    (None, Some(l), _) => (String::new(), l),
                    (None, None, Some(full)) => match full.split_once(' ') {
                        Some((a, b)) => (a.to_string(), b.to_string()),
                        None => (full, String::new()),
                    },
                    (None, None, None) => (
                        text::generate(TextKind::FirstName, cx.locale, rng),
                        text::generate(TextKind::LastName, cx.locale, rng),
                    ),
                };
                let row = unique.then_some(cx.row);
                let pick = rng.next_u64();
                // The planner gives emails only columns one fits in (`chars_needed`).
                Value::Text(
                    text::email_within(&f, &l, row, pick, cx.max_chars)
                        .unwrap_or_else(|| text::email_for(&f, &l, row, pick)),
                )
            }
            Gen::UniqueText { inner, max_len } => {
                // The base gets the room the row token leaves it.
                let room = max_len.map(|m| m.saturating_sub(text::token_len(cx.row) + 1));
                let inner_cx = Cx {
                    max_chars: room,
                    ..*cx
                };
                let base = match inner.generate(rng, &inner_cx) {
                    Value::Text(s) => s,
                    other => other.to_text(false),
                };
                Value::Text(unique_text(base, cx.row, *max_len))
            }
            Gen::Natural { kind, perm, beyond } => {
                match text::natural(*kind, cx.locale).filter(|_| cx.row < perm.len()) {
                    Some(n) => Value::Text(text::natural_nth(*kind, n, perm.apply(cx.row))),
                    None => beyond.generate(rng, cx),
                }
            }
            Gen::Regex(re) => Value::Text(match cx.max_chars {
                Some(m) if re.min_len() <= m => re.sample_within(rng, m),
                _ => re.sample(rng),
            }),
            Gen::RegexUnique(e) => Value::Text(e.nth(cx.row)),
            Gen::Template(parts) => Value::Text(render_template(parts, rng, cx)),
            _ => unreachable!("generate_text called on {self:?}"),
        }
    }

    /// JSON, bytes, network and MAC addresses.
    fn generate_binary<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> Value {
        match self {
            Gen::Json(j) => Value::Json(j.generate(rng, cx)),
            Gen::Bytes { min, max } => {
                let n = int_in(rng, *min as i64, *max as i64, false) as usize;
                let mut b = vec![0u8; n];
                rng.fill_bytes(&mut b);
                Value::Bytes(b)
            }
            Gen::Inet { v6 } => {
                if *v6 {
                    Value::Inet {
                        addr: IpAddr::V6(text::ipv6_doc_index(rng.next_u64() as u128)),
                        prefix: 128,
                    }
                } else {
                    Value::Inet {
                        addr: IpAddr::V4(text::ipv4_doc(rng.next_u64())),
                        prefix: 32,
                    }
                }
            }
            Gen::InetUnique => {
                if cx.row < 768 {
                    Value::Inet {
                        addr: IpAddr::V4(text::ipv4_doc_index(cx.row)),
                        prefix: 32,
                    }
                } else {
                    Value::Inet {
                        addr: IpAddr::V6(text::ipv6_doc_index(cx.row as u128)),
                        prefix: 128,
                    }
                }
            }
            Gen::Mac => {
                let b = rng.next_u64().to_be_bytes();
                // Locally administered, unicast: never a vendor's real address.
                Value::MacAddr([(b[0] & 0xfc) | 0x02, b[1], b[2], b[3], b[4], b[5]])
            }
            Gen::MacUnique => {
                let b = cx.row.to_be_bytes();
                Value::MacAddr([0x02, 0x00, b[4], b[5], b[6], b[7]])
            }
            _ => unreachable!("generate_binary called on {self:?}"),
        }
    }

    /// Arrays, ranges and composites (of other generators).
    fn generate_container<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> Value {
        match self {
            Gen::Array { elem, min, max } => {
                let n = int_in(rng, *min as i64, *max as i64, false) as usize;
                Value::Array((0..n).map(|_| elem.generate(rng, cx)).collect())
            }
            Gen::Range { lower, kind } => {
                let lo = lower.generate(rng, cx);
                let width = 1 + below(rng.next_u64(), 30) as i64;
                let hi = match (&lo, kind) {
                    (Value::Int(i), _) => Value::Int(i + width),
                    (Value::Numeric { unscaled, scale }, _) => Value::Numeric {
                        unscaled: unscaled + width as i128 * 10i128.pow(*scale as u32),
                        scale: *scale,
                    },
                    (Value::Date(d), _) => Value::Date(d + width as i32),
                    (Value::Timestamp(t), _) => Value::Timestamp(t + width * 3_600_000_000),
                    (Value::Uuid(u), _) => {
                        let hi = u.wrapping_add((width as u128) << 96);
                        return Value::Range {
                            lower: Some(Box::new(Value::Uuid((*u).min(hi)))),
                            upper: Some(Box::new(Value::Uuid((*u).max(hi)))),
                            lower_inclusive: true,
                            upper_inclusive: false,
                        };
                    }
                    _ => return Value::Null,
                };
                Value::Range {
                    lower: Some(Box::new(lo)),
                    upper: Some(Box::new(hi)),
                    lower_inclusive: true,
                    upper_inclusive: false,
                }
            }
            Gen::DisjointRange { kind, min, stride } => {
                let stride = (*stride).max(2);
                let base = min + cx.row as i64 * stride;
                let lo = base + below(rng.next_u64(), (stride / 4).max(1) as u64) as i64;
                let hi = lo + 1 + below(rng.next_u64(), (stride / 2).max(1) as u64) as i64;
                let wrap = |v: i64| match kind {
                    RangeKind::Int => Value::Int(v),
                    RangeKind::Numeric(scale) => Value::Numeric {
                        unscaled: v as i128,
                        scale: *scale,
                    },
                    RangeKind::Date => Value::Date(v as i32),
                    RangeKind::Timestamp => Value::Timestamp(v),
                    RangeKind::Uuid => Value::Uuid(v as u128),
                };
                Value::Range {
                    lower: Some(Box::new(wrap(lo))),
                    upper: Some(Box::new(wrap(hi))),
                    lower_inclusive: true,
                    upper_inclusive: false,
                }
            }
            Gen::Composite(fields) => {
                Value::Composite(fields.iter().map(|g| g.generate(rng, cx)).collect())
            }
            _ => unreachable!("generate_container called on {self:?}"),
        }
    }
}

/// A uniform (or, when `skewed`, small-biased) integer in `[min, max]`.
fn int_in<R: Rng + ?Sized>(rng: &mut R, min: i64, max: i64, skewed: bool) -> i64 {
    if max <= min {
        return min;
    }
    let span = (max as i128 - min as i128 + 1) as u128;
    if skewed {
        let u = unit(rng.next_u64());
        return (min as i128 + ((span as f64 - 1.0) * u * u) as i128) as i64;
    }
    (min as i128 + below_u128(rng, span) as i128) as i64
}

fn below_u128<R: Rng + ?Sized>(rng: &mut R, n: u128) -> u128 {
    if n <= u64::MAX as u128 {
        below(rng.next_u64(), n as u64) as u128
    } else {
        (((rng.next_u64() as u128) << 64) | rng.next_u64() as u128) % n
    }
}

fn set_uuid_bits(v: u128) -> u128 {
    // Version 4 (random) and the RFC 4122 variant.
    (v & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62)
}

/// A version-4 UUID that is a bijection of `row`: the low 62 bits are a keyed permutation of
/// the row index (so two rows never collide), the rest are keyed noise.
pub fn uuid_for(key: u64, row: u64) -> u128 {
    let perm = Permutation::new(1 << 62, key);
    let low = perm.apply(row & ((1 << 62) - 1)) as u128;
    let high = hash_at(key, row) as u128;
    set_uuid_bits((high << 64) | low)
}

/// `base` + ` ` + row token within `max_len`: the base whole (cut at a word boundary when it is
/// prose), or the token alone when the base does not fit. The planner sizes the token
/// ([`Gen::unique_capacity`]); a token longer than `max_len` is a planner bug.
pub fn unique_text(mut base: String, row: u64, max_len: Option<usize>) -> String {
    // Written into `base` itself: one string per row, not three.
    if let Some(max) = max_len {
        let tok_len = text::token_len(row);
        debug_assert!(tok_len <= max, "row token of {row} longer than {max}");
        let room = max.saturating_sub(tok_len + 1);
        base.truncate(base.trim_end().len());
        if base.chars().count() > room {
            base = match base.contains(' ') {
                true => text::cut_words(&base, room).unwrap_or_default(),
                false => String::new(),
            };
        }
    }
    // An empty base (a token-only key) gets no separator: `0`, not ` 0`.
    if base.trim().is_empty() {
        return text::token(row);
    }
    base.push(' ');
    text::push_token(&mut base, row);
    base
}

/// A template's text within `cx.max_chars`: as drawn when it fits, else drawn again with each
/// `{generator}` part given the room the other parts leave it.
fn render_template<R: Rng + ?Sized>(parts: &[TemplatePart], rng: &mut R, cx: &Cx) -> String {
    let s = render_parts(parts, rng, cx, None);
    match cx.max_chars {
        Some(m) if s.chars().count() > m => render_parts(parts, rng, cx, Some(m)),
        _ => s,
    }
}

fn render_parts<R: Rng + ?Sized>(
    parts: &[TemplatePart],
    rng: &mut R,
    cx: &Cx,
    max: Option<usize>,
) -> String {
    let fixed: usize = parts
        .iter()
        .map(|p| part_len(p, cx.row + 1).unwrap_or(0))
        .sum();
    let kinds: Vec<usize> = parts
        .iter()
        .map(|p| match p {
            TemplatePart::Kind(k) => text::min_len(*k),
            _ => 0,
        })
        .collect();
    let mut room = max.map(|m| m.saturating_sub(fixed));
    let mut s = String::new();
    for (i, p) in parts.iter().enumerate() {
        match p {
            TemplatePart::Lit(l) => s.push_str(l),
            TemplatePart::Row(w) => {
                let _ = write!(s, "{:0w$}", cx.row + 1, w = *w);
            }
            TemplatePart::Digits(n) => {
                for _ in 0..*n {
                    s.push((b'0' + below(rng.next_u64(), 10) as u8) as char);
                }
            }
            TemplatePart::Kind(k) => {
                let later: usize = kinds[i + 1..].iter().sum();
                let budget = room.map(|r| r.saturating_sub(later));
                let v = text::generate_within(*k, cx.locale, rng, budget);
                room = room.map(|r| r.saturating_sub(v.chars().count()));
                s.push_str(&v);
            }
            TemplatePart::Uuid => {
                Value::Uuid(set_uuid_bits(
                    ((rng.next_u64() as u128) << 64) | rng.next_u64() as u128,
                ))
                .write_text(&mut s, false);
            }
        }
    }
    s
}

/// Characters of a part that is not a `{generator}` (`None` for those), at 1-based row `row`.
fn part_len(p: &TemplatePart, row: u64) -> Option<usize> {
    Some(match p {
        TemplatePart::Lit(l) => l.chars().count(),
        TemplatePart::Row(w) => (*w).max(row.to_string().len()),
        TemplatePart::Digits(n) => *n,
        TemplatePart::Uuid => 36,
        TemplatePart::Kind(_) => return None,
    })
}

/// One value of a text kind within the room `cx` gives.
fn text_of<R: Rng + ?Sized>(kind: TextKind, rng: &mut R, cx: &Cx) -> String {
    text::generate_within(kind, cx.locale, rng, cx.max_chars)
}

/// `acc + v` (`acc - v` when `minus`) for two values of one numeric type; NULL counts as zero.
fn add_value(acc: Value, v: &Value, minus: bool) -> Value {
    let s = if minus { -1 } else { 1 };
    match (acc, v) {
        (acc, Value::Null) => acc,
        (Value::Null, v) => add_value(zero_of(v), v, minus),
        (Value::Int(a), Value::Int(b)) => Value::Int(a.saturating_add(s * b)),
        (Value::Money(a), Value::Money(b)) => Value::Money(a.saturating_add(s * b)),
        (Value::Float(a), Value::Float(b)) => {
            Value::Float(((a + s as f64 * b) * 100.0).round() / 100.0)
        }
        (
            Value::Numeric { unscaled: a, scale },
            Value::Numeric {
                unscaled: b,
                scale: sb,
            },
        ) if scale == *sb => Value::Numeric {
            unscaled: a + s as i128 * b,
            scale,
        },
        (acc, _) => acc,
    }
}

/// Zero in the numeric type of `v`.
fn zero_of(v: &Value) -> Value {
    match v {
        Value::Int(_) => Value::Int(0),
        Value::Money(_) => Value::Money(0),
        Value::Float(_) => Value::Float(0.0),
        Value::Numeric { scale, .. } => Value::Numeric {
            unscaled: 0,
            scale: *scale,
        },
        _ => Value::Null,
    }
}

/// The widest `{n:W}` / `{row:W}` a template may ask for: wider ones would build strings of
/// any size (`{n:99999999}` took gigabytes per row).
pub const MAX_TEMPLATE_WIDTH: usize = 1000;

/// Parse `ORD-{row:06}-{word}` into parts. Unknown placeholders are errors (named).
pub fn parse_template(t: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            if chars.peek() == Some(&'{') {
                chars.next();
                lit.push('{');
                continue;
            }
            let mut name = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '}' {
                    closed = true;
                    break;
                }
                name.push(c);
            }
            if !closed {
                return Err(format!(
                    "{{{name} is not closed (write {{{{ for a literal brace)"
                ));
            }
            if !lit.is_empty() {
                parts.push(TemplatePart::Lit(std::mem::take(&mut lit)));
            }
            let (n, arg) = match name.split_once(':') {
                Some((n, a)) => (n.trim(), Some(a.trim())),
                None => (name.trim(), None),
            };
            let width = |a: Option<&str>, d: usize| -> Result<usize, String> {
                let w = a
                    .map(|a| {
                        a.parse::<usize>()
                            .map_err(|_| format!("bad width in {{{name}}}"))
                    })
                    .unwrap_or(Ok(d))?;
                if w > MAX_TEMPLATE_WIDTH {
                    return Err(format!(
                        "width {w} in {{{name}}} is more than {MAX_TEMPLATE_WIDTH}"
                    ));
                }
                Ok(w)
            };
            parts.push(match n {
                "row" => TemplatePart::Row(width(arg, 0)?),
                "n" => TemplatePart::Digits(width(arg, 4)?),
                "uuid" => TemplatePart::Uuid,
                other => TemplatePart::Kind(TextKind::from_name(other).ok_or_else(|| {
                    let names: Vec<String> = TextKind::ALL.iter().map(|k| k.name()).collect();
                    let near = names
                        .iter()
                        .map(|k| (strsim::jaro_winkler(other, k), k))
                        .filter(|(score, _)| *score > 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, k)| format!(" (did you mean {{{k}}}?)"))
                        .unwrap_or_default();
                    format!(
                        "unknown placeholder {{{other}}}{near}; use row, n, uuid or a generator name ({}); write {{{{ for a literal brace",
                        names.join(", ")
                    )
                })?),
            });
        } else if c == '}' && chars.peek() == Some(&'}') {
            chars.next();
            lit.push('}');
        } else {
            lit.push(c);
        }
    }
    if !lit.is_empty() {
        parts.push(TemplatePart::Lit(lit));
    }
    Ok(parts)
}

impl JsonGen {
    /// The document's text, written straight out (no intermediate tree): byte for byte what
    /// `serde_json` prints for the same draws (compact, keys in insertion order).
    fn generate<R: Rng + ?Sized>(&self, rng: &mut R, cx: &Cx) -> String {
        let mut out = String::with_capacity(96);
        match self {
            JsonGen::Shaped { base, keys } => {
                let mut doc = match serde_json::from_str(&base.generate(rng, cx)) {
                    Ok(Json::Object(m)) => m,
                    _ => serde_json::Map::new(),
                };
                for (k, leaf) in keys {
                    let v = match leaf {
                        JsonLeaf::Fixed(v) => v.clone(),
                        JsonLeaf::Typed(t) => json_of_type(t.as_deref(), rng, cx),
                    };
                    doc.insert(k.clone(), v);
                }
                out = Json::Object(doc).to_string();
            }
            JsonGen::Template(doc) => write_expanded(&mut out, doc, rng, cx),
            JsonGen::Array => {
                let n = below(rng.next_u64(), 4) as usize;
                out.push('[');
                for i in 0..n {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_str(&mut out, &text::generate(TextKind::Word, cx.locale, rng));
                }
                out.push(']');
            }
            JsonGen::Object(flavour) => {
                let mut m = JsonObject::default();
                flavour_entries(*flavour, &mut m, rng, cx);
                m.write(&mut out);
            }
        }
        out
    }
}

/// A JSON leaf of a generated object.
enum Leaf {
    Str(String),
    Static(&'static str),
    Num(u64),
    Bool(bool),
}

/// A JSON object under construction: entries in insertion order, a repeated key replacing the
/// value in place (as `serde_json::Map` with `preserve_order` does).
#[derive(Default)]
struct JsonObject {
    entries: Vec<(String, Leaf)>,
}

impl JsonObject {
    fn insert(&mut self, key: impl Into<String>, value: Leaf) {
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(e) => e.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    fn write(&self, out: &mut String) {
        out.push('{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_str(out, k);
            out.push(':');
            match v {
                Leaf::Str(s) => write_json_str(out, s),
                Leaf::Static(s) => write_json_str(out, s),
                Leaf::Num(n) => {
                    let _ = write!(out, "{n}");
                }
                Leaf::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            }
        }
        out.push('}');
    }
}

/// The keys of an object flavour, drawn in a fixed order.
fn flavour_entries<R: Rng + ?Sized>(f: JsonFlavour, m: &mut JsonObject, rng: &mut R, cx: &Cx) {
    let word = |rng: &mut R, k: TextKind| Leaf::Str(text::generate(k, cx.locale, rng));
    match f {
        JsonFlavour::Settings => {
            const THEMES: [&str; 3] = ["light", "dark", "system"];
            m.insert(
                "theme",
                Leaf::Static(THEMES[below(rng.next_u64(), 3) as usize]),
            );
            m.insert("notifications", Leaf::Bool(rng.random_bool(0.7)));
            m.insert("language", word(rng, TextKind::Language));
            m.insert("page_size", Leaf::Num(10 * (1 + below(rng.next_u64(), 10))));
        }
        JsonFlavour::Attributes => {
            m.insert("color", word(rng, TextKind::Color));
            const SIZES: [&str; 5] = ["XS", "S", "M", "L", "XL"];
            m.insert(
                "size",
                Leaf::Static(SIZES[below(rng.next_u64(), 5) as usize]),
            );
            m.insert("material", word(rng, TextKind::Word));
        }
        JsonFlavour::Event => {
            const SOURCES: [&str; 3] = ["web", "ios", "android"];
            m.insert(
                "source",
                Leaf::Static(SOURCES[below(rng.next_u64(), 3) as usize]),
            );
            m.insert("duration_ms", Leaf::Num(below(rng.next_u64(), 5000)));
            m.insert("path", word(rng, TextKind::UrlPath));
        }
        JsonFlavour::Generic => {
            let n = 2 + below(rng.next_u64(), 3);
            for i in 0..n {
                let k = text::generate(TextKind::Word, cx.locale, rng);
                let v = match i % 3 {
                    0 => word(rng, TextKind::Word),
                    1 => Leaf::Num(below(rng.next_u64(), 1000)),
                    _ => Leaf::Bool(rng.random_bool(0.5)),
                };
                m.insert(k, v);
            }
        }
    }
}

/// A small JSON value whose `jsonb_typeof` is `t` (a word when `t` is none or unknown).
fn json_of_type<R: Rng + ?Sized>(t: Option<&str>, rng: &mut R, cx: &Cx) -> Json {
    let word = |rng: &mut R| Json::String(text::generate(TextKind::Word, cx.locale, rng));
    match t {
        Some("array") => {
            let n = 1 + below(rng.next_u64(), 3);
            Json::Array((0..n).map(|_| word(rng)).collect())
        }
        Some("object") => {
            let mut m = serde_json::Map::new();
            let k = text::generate(TextKind::Word, cx.locale, rng);
            m.insert(k, word(rng));
            Json::Object(m)
        }
        Some("number") => below(rng.next_u64(), 1000).into(),
        Some("boolean") => rng.random_bool(0.5).into(),
        Some("null") => Json::Null,
        _ => word(rng),
    }
}

/// A JSON string literal, escaped as `serde_json` escapes it.
fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A template document with its `{placeholder}` strings rendered, written as compact JSON.
fn write_expanded<R: Rng + ?Sized>(out: &mut String, doc: &Json, rng: &mut R, cx: &Cx) {
    match doc {
        Json::String(s) if s.contains('{') => match parse_template(s) {
            Ok(parts) => write_json_str(out, &render_template(&parts, rng, cx)),
            Err(_) => write_json_str(out, s),
        },
        Json::String(s) => write_json_str(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_expanded(out, item, rng, cx);
            }
            out.push(']');
        }
        Json::Object(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(out, k);
                out.push(':');
                write_expanded(out, v, rng, cx);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A fixed pseudo-random choice for row-keyed decisions (null or not, which parent).
#[inline]
pub fn keyed_unit(key: u64, row: u64) -> f64 {
    unit(mix64(hash_at(key, row)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_as_serde_json_does() {
        for s in [
            "plain",
            "q\"b\\s",
            "nl\ntab\tcr\r",
            "\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "é ✓ 😀",
            "",
        ] {
            let mut out = String::new();
            write_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn json_documents_print_as_serde_json_prints_them() {
        let flavours = [
            JsonGen::Object(JsonFlavour::Settings),
            JsonGen::Object(JsonFlavour::Attributes),
            JsonGen::Object(JsonFlavour::Event),
            JsonGen::Object(JsonFlavour::Generic),
            JsonGen::Array,
            JsonGen::Template(
                serde_json::json!({"a": [1, 2.5, null, true, "{word}"], "b": "x\"y"}),
            ),
        ];
        let cx = Cx {
            row: 0,
            values: &[],
            group_offset: 0,
            tuples: &[],
            locale: Locale::En,
            max_chars: None,
        };
        for g in &flavours {
            for i in 0..300 {
                let doc = g.generate(&mut crate::values::rng::RowRng::new(5, i), &cx);
                let parsed: Json = serde_json::from_str(&doc).unwrap();
                assert_eq!(parsed.to_string(), doc);
            }
        }
    }

    #[test]
    fn uuids_are_unique_and_v4() {
        let mut seen = std::collections::HashSet::new();
        for row in 0..10_000 {
            let u = uuid_for(77, row);
            assert!(seen.insert(u));
            assert_eq!((u >> 76) & 0xf, 4);
            assert_eq!((u >> 62) & 0x3, 2);
        }
    }

    #[test]
    fn unique_text_fits() {
        assert_eq!(unique_text("Hello world".into(), 35, Some(8)), "Hello z");
        // A structured base that does not fit is left out, never cut.
        assert_eq!(unique_text("jane@example.com".into(), 35, Some(8)), "z");
        assert_eq!(unique_text("Hello world".into(), 35, Some(5)), "z");
        assert_eq!(unique_text("Hello".into(), 36 * 36, Some(3)), "100");
        assert_eq!(unique_text("Hello".into(), 1, None), "Hello 1");
        assert_eq!(unique_text(String::new(), 1, None), "1");
    }

    #[test]
    fn templates() {
        let parts = parse_template("ORD-{row:06}-{{x}}").unwrap();
        assert_eq!(
            parts,
            vec![
                TemplatePart::Lit("ORD-".into()),
                TemplatePart::Row(6),
                TemplatePart::Lit("-{x}".into())
            ]
        );
        assert!(
            parse_template("{nope}")
                .unwrap_err()
                .contains("unknown placeholder")
        );
    }

    #[test]
    fn template_widths_are_bounded() {
        let e = parse_template("{n:99999999}").unwrap_err();
        assert!(e.contains("more than 1000"), "{e}");
        assert!(parse_template("{row:99999999}").is_err());
        assert_eq!(
            parse_template("{n:1000}").unwrap(),
            vec![TemplatePart::Digits(1000)]
        );
    }

    #[test]
    fn template_mistakes_are_named() {
        let e = parse_template("{phonenumber}").unwrap_err();
        assert!(e.contains("did you mean {phone"), "{e}");
        assert!(
            parse_template("ab{word")
                .unwrap_err()
                .contains("not closed")
        );
    }
}
