//! A generator for a value of the column's type, one function per type family, within its
//! CHECK facts and suggested by its name.

use super::*;
use crate::values::literal::{Geo, LiteralKind, vector_dims};
use crate::values::text::TextKind;

/// A generator for a value of the column's type, by type family, within its CHECK facts and
/// suggested by its name.
pub(super) fn base_gen(
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
        TypeClass::Inet => {
            let mut c = chosen(
                Gen::Inet { v6: false },
                Source::Type,
                "IPv4 documentation addresses (RFC 5737)",
            );
            c.pii = Some(Pii::IpAddress);
            c
        }
        TypeClass::Mac => chosen(Gen::Mac, Source::Type, "locally administered MAC addresses"),
        TypeClass::Lexemes => chosen(
            Gen::Text {
                kind: TextKind::Words,
            },
            Source::Type,
            "a few words, read as lexemes by the text-search type",
        ),
        TypeClass::Literal(LiteralKind::Geometry(_)) => chosen(
            Gen::Literal(LiteralKind::Geometry(Geo::from_type_name(&col.type_name))),
            Source::Type,
            "small shapes of the column's type and SRID, as EWKT",
        ),
        TypeClass::Literal(LiteralKind::Vector(_)) => chosen(
            Gen::Literal(LiteralKind::Vector(vector_dims(&col.type_name))),
            Source::Type,
            "vectors of the column's dimension, floats in [-1, 1]",
        ),
        TypeClass::Literal(LiteralKind::Xml) => xml_document(col),
        TypeClass::Literal(k) => chosen(
            Gen::Literal(*k),
            Source::Type,
            "values in the type's own text form (read by its input function)",
        ),
        TypeClass::Enum(labels) => return enum_gen(f, labels),
        TypeClass::Text { max_len, fixed } => {
            if let Some(c) = polymorphic_type(input.catalog, t, col, f, *max_len, s) {
                return Ok(c);
            }
            return text_gen(t, col, f, *max_len, *fixed, sem, s);
        }
        TypeClass::Array(elem) => return array_gen(input, t, col, f, elem, sem),
        TypeClass::Range(sub) => return range_gen(sub, s),
        TypeClass::Composite(fields) => return composite_gen(input, t, fields),
        TypeClass::Unsupported(name) => {
            return Err(format!("type {name} cannot be generated"));
        }
    })
}

/// A generator chosen for what the column's name suggests.
pub(super) fn from_name(col: &Column, generator: Gen, what: &str) -> Chosen {
    chosen(
        generator,
        Source::Name,
        format!("{what} (from the name \"{}\")", col.name),
    )
}

/// Integers within the type's `(min, max)` and the CHECKs, in a range the name suggests.
pub(super) fn int_gen(
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
        Some(Semantic::Measure(a, b, skewed, what)) => (a, b, skewed, what),
        _ => (1, 1000, false, ""),
    };
    // A realistic window outside what the type allows (an oid starts at 16384) moves to the
    // type's lower end, keeping its width.
    let window = if dhi < min || dlo > max {
        (min, min.saturating_add(dhi - dlo).min(max))
    } else {
        (dlo.max(min), dhi.min(max))
    };
    let (lo, hi) = intersect_range(
        window,
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
pub(super) fn numeric_gen(
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
        Some(Semantic::Measure(a, b, skewed, what)) => (a as f64, b as f64, skewed, what),
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

pub(super) fn float_gen(f: &ColumnFacts, sem: Option<Semantic>) -> Chosen {
    let (dlo, dhi) = match sem {
        Some(Semantic::Latitude) => (-90.0, 90.0),
        Some(Semantic::Longitude) => (-180.0, 180.0),
        Some(Semantic::Rating(a, b)) | Some(Semantic::Amount(a, b)) => (a, b),
        Some(Semantic::Percent) => (0.0, 100.0),
        Some(Semantic::Measure(a, b, ..)) => (a as f64, b as f64),
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

pub(super) fn date_gen(f: &ColumnFacts, sem: Option<Semantic>, s: &Settings) -> Chosen {
    // A number's meaning (`same_day`: a day of the month) says nothing about a date.
    let sem = sem.filter(|m| {
        !matches!(
            m,
            Semantic::Count(..)
                | Semantic::Measure(..)
                | Semantic::Amount(..)
                | Semantic::Rating(..)
                | Semantic::Percent
                | Semantic::Age
                | Semantic::Year
        )
    });
    let (dlo, dhi) = match sem {
        Some(Semantic::BirthDate) => crate::plan::coherence::adult_birth_days(s.window.1),
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
        source_of(sem),
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

pub(super) fn timestamp_gen(f: &ColumnFacts, sem: Option<Semantic>, s: &Settings) -> Chosen {
    let span = match sem {
        Some(Semantic::BirthDate) => {
            let (a, b) = crate::plan::coherence::adult_birth_days(s.window.1);
            (a * MICROS_PER_DAY, (b + 1) * MICROS_PER_DAY - 1)
        }
        _ => (s.window.0, s.window.1 - 1),
    };
    let (lo, hi) = time_bounds(f, span, 1);
    let mut c = chosen(
        Gen::Timestamp { min: lo, max: hi },
        source_of(sem),
        format!(
            "timestamp {}..{}",
            Value::Timestamp(lo).to_text(false),
            Value::Timestamp(hi).to_text(false)
        ),
    );
    if sem == Some(Semantic::BirthDate) {
        c.pii = Some(Pii::DateOfBirth);
    }
    c.null_fraction = deleted_null_fraction(sem);
    c
}

pub(super) fn json_gen(f: &ColumnFacts, sem: Option<Semantic>) -> Chosen {
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
    if !f.json_keys.is_empty() {
        let keys: Vec<(String, JsonLeaf)> = f
            .json_keys
            .iter()
            .map(|k| {
                let leaf = match &k.value {
                    Some(v) => JsonLeaf::Fixed(v.clone()),
                    None => JsonLeaf::Typed(k.json_type.clone()),
                };
                (k.key.clone(), leaf)
            })
            .collect();
        let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        let detail = format!("JSON object with keys {} (CHECK)", names.join(", "));
        return chosen(
            Gen::Json(JsonGen::Shaped {
                base: Box::new(JsonGen::Object(flavour)),
                keys,
            }),
            Source::Constraint,
            detail,
        );
    }
    chosen(
        Gen::Json(JsonGen::Object(flavour)),
        source_of(sem),
        format!(
            "JSON object of {} keys",
            format!("{flavour:?}").to_lowercase()
        ),
    )
}

pub(super) fn enum_gen(f: &ColumnFacts, labels: &[String]) -> std::result::Result<Chosen, String> {
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
pub(super) fn array_gen(
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

/// Non-empty ranges of integers, numerics, dates, timestamps or uuids.
pub(super) fn range_gen(sub: &SqlType, s: &Settings) -> std::result::Result<Chosen, String> {
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
        TypeClass::Uuid => (Gen::UuidRandom, RangeKind::Uuid),
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
pub(super) fn composite_gen(
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

pub(super) fn deleted_null_fraction(sem: Option<Semantic>) -> Option<f64> {
    match sem {
        Some(Semantic::Deleted) => Some(0.85),
        Some(Semantic::LaterEvent) => Some(0.3),
        _ => None,
    }
}

pub(super) fn fmt_scaled(v: i128, scale: u8) -> String {
    let mut s = String::new();
    crate::values::value::format_numeric(&mut s, v, scale);
    s
}

/// A generator the name chose, or the type alone.
fn source_of(sem: Option<Semantic>) -> Source {
    if sem.is_some() {
        Source::Name
    } else {
        Source::Type
    }
}

/// An `xml` column (AdventureWorks' `demographics`, `resume`, `instructions`): a small
/// well-formed document whose root element is named after the column, holding words and a
/// sentence.
fn xml_document(col: &Column) -> Chosen {
    let mut root: String = (col.name.to_ascii_lowercase().chars())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if root.is_empty() || root.starts_with(|c: char| c.is_ascii_digit()) || root.starts_with("xml")
    {
        root = format!("document{root}");
    }
    let template = format!("<{root}><item>{{words}}</item><note>{{sentence}}</note></{root}>");
    match crate::values::gens::parse_template(&template) {
        Ok(parts) => chosen(
            Gen::Template(parts),
            Source::Name,
            format!(
                "XML documents rooted at <{root}> with words and a sentence (from the name \"{}\")",
                col.name
            ),
        ),
        Err(_) => chosen(
            Gen::Literal(LiteralKind::Xml),
            Source::Type,
            "values in the type's own text form (read by its input function)",
        ),
    }
}
