//! Text columns: a kind the name suggests (checked against the CHECK patterns on a sample),
//! else the pattern itself, else letters or words.

use super::*;

pub(super) fn text_gen(
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
pub(super) fn text_kind(sem: Option<Semantic>, max: Option<usize>) -> Option<TextKind> {
    let kind = match sem {
        Some(Semantic::Text(k)) => Some(k),
        Some(Semantic::Tags) => Some(TextKind::Word),
        Some(Semantic::Amount(..)) | Some(Semantic::Count(..)) => None,
        _ => None,
    };
    // Short fixed-width codes: the kinds that fit, else letters. A kind no value of which fits
    // (an email in varchar(6)) gives way to text that does.
    match (kind, max) {
        (Some(k @ (TextKind::CountryCode | TextKind::Language)), Some(m)) if m >= 2 => Some(k),
        (Some(TextKind::CurrencyCode), Some(m)) if m >= 3 => Some(TextKind::CurrencyCode),
        (Some(_), Some(m)) if m <= 3 => None,
        (Some(k), Some(m)) if m < crate::values::text::min_len(k) => None,
        (k, _) => k,
    }
}

/// The characters a text column holds: its type's `(n)` and its length CHECKs.
pub(super) fn column_max(class: &TypeClass, f: &ColumnFacts) -> Option<usize> {
    match class {
        TypeClass::Text { max_len, .. } => match (*max_len, f.max_len) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
        _ => None,
    }
}

/// Columns whose final generator cannot fit them, refused before anything is written: a
/// profile override (regex, template, choices, value) longer than the column holds, a value
/// holding a NUL. Values are never cut to fit.
pub(super) fn unfit_columns(tp: &TablePlan) -> Vec<Refusal> {
    let mut out = Vec::new();
    for c in tp.columns.iter().filter(|c| c.write) {
        let key = &tp.key;
        let fix = |what: &str| {
            format!(
                "{what} in [tables.\"{key}\".columns.{}], or widen the column",
                c.name
            )
        };
        if c.generator.may_hold_nul() {
            out.push(Refusal {
                table: key.clone(),
                subject: format!("column {}", c.name),
                message: format!(
                    "{}: a value holds a NUL character, which PostgreSQL text cannot store",
                    c.reason
                ),
                fix: fix("remove the NUL"),
            });
        }
        let Some(max) = c.max_chars else { continue };
        let need = c.generator.chars_needed(tp.rows);
        if need > max {
            out.push(Refusal {
                table: key.clone(),
                subject: format!("column {}", c.name),
                message: format!(
                    "{}: needs {need} characters, but {} holds at most {max} characters",
                    c.reason, c.type_name
                ),
                fix: fix(&format!("give values of at most {max} characters")),
            });
        }
    }
    out
}

/// The generator for a text kind: cities and countries follow a country column of the row,
/// emails the row's person names.
pub(super) fn kind_generator(t: &Table, col: &Column, k: TextKind) -> Gen {
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
pub(super) fn kind_chosen(t: &Table, col: &Column, k: TextKind, generator: Gen) -> Chosen {
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
pub(super) fn sample_matches(
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
        max_chars: max,
    };
    let limit = max.unwrap_or(usize::MAX);
    (0..64).all(|_| match generator.generate(&mut rng, &cx) {
        Value::Text(v) => v.chars().count() <= limit,
        _ => true,
    } && match generator.generate(&mut rng, &cx) {
        Value::Text(v) => res.iter().all(|r| r.is_match(&v)),
        _ => true,
    })
}
