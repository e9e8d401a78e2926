//! Text columns: a kind the name suggests (checked against the CHECK patterns on a sample),
//! else the pattern itself, else letters or words.

use super::*;
use crate::values::matcher::Matcher;

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
    // Labels or an identifier the name calls for, checked the same way.
    if let Some(c) = labels_or_identifier(col, sem, max)
        && sample_matches(&c.generator, &f.patterns, max, s)
    {
        return Ok(c);
    }
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

/// The `…_type` half of a Rails polymorphic pair (`record_type` beside `record_id`): the model
/// class of one of the schema's own tables (`merge_requests` → `MergeRequest`), the first
/// tables most often.
pub(super) fn polymorphic_type(
    catalog: &crate::model::Catalog,
    t: &Table,
    col: &Column,
    f: &ColumnFacts,
    max: Option<usize>,
    s: &Settings,
) -> Option<Chosen> {
    let stem = col.name.strip_suffix("_type")?;
    let id = format!("{stem}_id");
    if stem.is_empty() || !t.columns.iter().any(|c| c.name == id) {
        return None;
    }
    let fits = |n: &String| max.is_none_or(|m| n.len() <= m);
    let classes: Vec<String> = catalog
        .tables
        .iter()
        .filter(|t| t.columns.iter().any(|c| c.name == "id"))
        .map(|t| model_class(&t.name))
        .filter(fits)
        .take(8)
        .collect();
    if classes.len() < 2 {
        return None;
    }
    let weights = (1..=classes.len()).map(|i| 1.0 / i as f64).collect();
    let reason = format!(
        "a model class of the schema's tables ({}, …), beside {id} (from the name \"{}\")",
        classes[..classes.len().min(3)].join(", "),
        col.name
    );
    let values = classes.into_iter().map(Value::Text).collect();
    let c = chosen(Gen::choice(values, Some(weights)), Source::Name, reason);
    sample_matches(&c.generator, &f.patterns, max, s).then_some(c)
}

/// The Rails model class of a table: `merge_requests` → `MergeRequest`, `categories` →
/// `Category`.
fn model_class(table: &str) -> String {
    let words = crate::values::vocab::words(table);
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = if i + 1 < n {
                w.clone()
            } else if let Some(s) = w.strip_suffix("ies") {
                format!("{s}y")
            } else if ["sses", "xes", "ches", "shes"]
                .iter()
                .any(|e| w.ends_with(e))
            {
                w[..w.len() - 2].to_string()
            } else if w.ends_with("ss") {
                w.clone()
            } else {
                w.strip_suffix('s').unwrap_or(w).to_string()
            };
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A one-character code column (`level character(1)`): the labels' initials, weighted by
/// their labels, when at least two labels differ in their first letter.
fn initials(col: &Column, labels: &[(&str, u16)], max: Option<usize>) -> Option<Chosen> {
    if max != Some(1) {
        return None;
    }
    let mut letters: Vec<(char, f64, &str)> = Vec::new();
    for (l, w) in labels {
        let c = l.chars().next()?.to_ascii_lowercase();
        match letters.iter_mut().find(|(x, _, _)| *x == c) {
            Some(e) => e.1 += f64::from(*w),
            None => letters.push((c, f64::from(*w), l)),
        }
    }
    if letters.len() < 2 {
        return None;
    }
    let values = letters
        .iter()
        .map(|(c, _, _)| Value::Text(c.to_string()))
        .collect();
    let weights = letters.iter().map(|(_, w, _)| *w).collect();
    let names: Vec<String> = letters
        .iter()
        .map(|(c, _, l)| format!("{c} ({l})"))
        .collect();
    Some(chosen(
        Gen::choice(values, Some(weights)),
        Source::Name,
        format!(
            "one-letter codes {}, most often the first (from the name \"{}\")",
            names.join(", "),
            col.name
        ),
    ))
}

/// Categorical labels (weighted, those that fit in `max`) or an identifier shaped from the
/// column's name, when the name calls for one.
fn labels_or_identifier(col: &Column, sem: Option<Semantic>, max: Option<usize>) -> Option<Chosen> {
    let fits = |n: usize| max.is_none_or(|m| n <= m);
    match sem? {
        Semantic::Category(labels) => {
            let kept: Vec<_> = labels.iter().filter(|(l, _)| fits(l.len())).collect();
            if kept.len() < 2 {
                return initials(col, labels, max);
            }
            let values = kept
                .iter()
                .map(|(l, _)| Value::Text(l.to_string()))
                .collect();
            let weights = kept.iter().map(|(_, w)| f64::from(*w)).collect();
            let names: Vec<&str> = kept.iter().map(|(l, _)| *l).collect();
            Some(chosen(
                Gen::choice(values, Some(weights)),
                Source::Name,
                format!(
                    "one of {}, most often the first (from the name \"{}\")",
                    names.join(", "),
                    col.name
                ),
            ))
        }
        Semantic::Identifier => {
            let pattern = identifier_pattern(&col.name, max.unwrap_or(64))?;
            let e = RegexEnum::new(&pattern)?;
            Some(chosen(
                Gen::Regex(Box::new(e)),
                Source::Name,
                format!(
                    "identifiers like {pattern} (from the name \"{}\")",
                    col.name
                ),
            ))
        }
        // A count or measure kept as text (`product.size varchar(5)`, `real_size`): digits.
        Semantic::Count(_, hi) => {
            let digits = hi.max(1).to_string().len().min(max.unwrap_or(usize::MAX));
            let pattern = match digits {
                0 => return None,
                1 => "[1-9]".to_string(),
                d => format!("[1-9][0-9]{{0,{}}}", d - 1),
            };
            let e = RegexEnum::new(&pattern)?;
            Some(chosen(
                Gen::Regex(Box::new(e)),
                Source::Name,
                format!("numbers as text (from the name \"{}\")", col.name),
            ))
        }
        // A JSON document kept in a text column: a small object.
        Semantic::JsonSettings | Semantic::JsonAttributes | Semantic::JsonEvent => {
            let p = r#"\{"(id|key|name|kind)": "[a-z]{3,8}"\}"#;
            let e = RegexEnum::new(p)?;
            Some(chosen(
                Gen::Regex(Box::new(e)),
                Source::Name,
                format!(
                    "a small JSON object as text (from the name \"{}\")",
                    col.name
                ),
            ))
        }
        Semantic::Pattern(p) => {
            let e = RegexEnum::new(p)?;
            Some(chosen(
                Gen::Regex(Box::new(e)),
                Source::Name,
                format!("strings like {p} (from the name \"{}\")", col.name),
            ))
        }
        _ => None,
    }
}

/// An identifier pattern for a column name within `max` characters: `PO-202[0-5]-[0-9]{6}` for
/// a number (`purchase_order_number`), else a prefix from the name and base-36 characters
/// (`ext_[0-9a-z]{16}` for `external_customer_id`).
pub(super) fn identifier_pattern(name: &str, max: usize) -> Option<String> {
    let words = crate::values::vocab::read(name);
    let last = words.last()?;
    let numbered = matches!(last.as_str(), "number" | "no" | "num" | "nbr");
    if numbered && max >= 14 {
        let initials: String = words[..words.len() - 1]
            .iter()
            .filter_map(|w| w.chars().find(|c| c.is_ascii_alphabetic()))
            .take(3)
            .collect::<String>()
            .to_ascii_uppercase();
        let initials = if initials.is_empty() {
            "N".into()
        } else {
            initials
        };
        if initials.len() + 12 <= max {
            return Some(format!("{initials}-202[0-5]-[0-9]{{6}}"));
        }
    }
    // The word the identifier names (`customer` in `external_customer_id`), shortened to its
    // first letter and next consonants: `cst`, `usr`, `rm`.
    let named = if words.len() >= 2 {
        &words[words.len() - 2]
    } else {
        last
    };
    let mut letters = named.chars().filter(char::is_ascii_lowercase);
    let stem: String = letters
        .next()
        .into_iter()
        .chain(letters.filter(|c| !"aeiou".contains(*c)))
        .take(3)
        .collect();
    let body = max.saturating_sub(stem.len() + 1).min(16);
    if stem.len() >= 2 && body >= 8 {
        Some(format!("{stem}_[0-9a-z]{{{body}}}"))
    } else if max >= 4 {
        Some(format!("[0-9a-z]{{{}}}", max.min(16)))
    } else {
        None
    }
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
        // A country in two or three characters is its code (umami's `session.country char(2)`).
        (Some(TextKind::Country), Some(m))
            if (2..crate::values::text::min_len(TextKind::Country)).contains(&m) =>
        {
            Some(TextKind::CountryCode)
        }
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
    if let Some(g) = crate::plan::coherence::local_generator(t, col, k) {
        return g;
    }
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
    if let Gen::LocalOf { country, .. } = &c.generator {
        c.reason = format!(
            "{} of the row's {} (from the name \"{}\")",
            k.name().replace('_', " "),
            t.columns[*country].name,
            col.name
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
    let res: Vec<Matcher> = patterns
        .iter()
        .filter_map(|(p, ci)| Matcher::new(p, *ci))
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

#[cfg(test)]
mod tests {
    use super::{identifier_pattern, model_class};

    #[test]
    fn model_classes_of_tables() {
        assert_eq!(model_class("merge_requests"), "MergeRequest");
        assert_eq!(model_class("categories"), "Category");
        assert_eq!(model_class("addresses"), "Address");
        assert_eq!(model_class("access"), "Access");
    }

    #[test]
    fn identifiers_are_shaped_from_the_name_never_words() {
        assert_eq!(
            identifier_pattern("external_customer_id", 64).as_deref(),
            Some("cst_[0-9a-z]{16}")
        );
        assert_eq!(
            identifier_pattern("purchase_order_number", 64).as_deref(),
            Some("PO-202[0-5]-[0-9]{6}")
        );
        assert_eq!(
            identifier_pattern("user_id", 10).as_deref(),
            Some("[0-9a-z]{10}")
        );
        assert_eq!(identifier_pattern("key", 3), None);
    }
}
