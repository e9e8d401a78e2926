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
