//! Profile overrides, type-checked against the column, and literals read as values of a
//! column's type.
//!
//! [`check_profile`] runs every override once, before planning: the plan is the type checker,
//! so a profile `plan` accepts is one `seed` can load. Every mistake is an [`Error::Profile`]
//! naming the key.

use super::*;
use crate::profile::suggest;

/// The keys that choose a column's values; a column takes one of them.
const VALUE_KEYS: [&str; 6] = ["value", "choices", "regex", "template", "json", "generator"];

/// Check every table and column setting of the profile against the schema (after
/// [`Profile::resolve`]): names, ranges, and each override against its column's type.
pub fn check_profile(
    catalog: &Catalog,
    profile: &Profile,
    table_profiles: &BTreeMap<usize, &TableProfile>,
    settings: &Settings,
) -> Result<()> {
    let err = |message: String| Error::Profile {
        file: profile.source.clone(),
        message,
    };
    for (key, tp) in &profile.tables {
        let Ok(ti) = resolve_table(catalog, key) else {
            continue; // reported by `resolve`
        };
        debug_assert!(table_profiles.contains_key(&ti));
        let t = &catalog.tables[ti];
        if tp.prefilled && (tp.rows.is_some() || tp.per_parent.is_some() || !tp.columns.is_empty())
        {
            return Err(err(format!(
                "[tables.\"{key}\"]: prefilled = true leaves the table as it is; remove its rows, per_parent and columns settings"
            )));
        }
        if let Some(pp) = &tp.per_parent {
            check_per_parent(pp).map_err(|m| err(format!("[tables.\"{key}\"].per_parent: {m}")))?;
        }
        for (name, cp) in &tp.columns {
            let Some(col) = t.column(name) else {
                continue; // reported by `resolve`
            };
            let at = format!("[tables.\"{key}\".columns.{name}]");
            check_column(cp, t, col, settings).map_err(|m| err(format!("{at} {m}")))?;
        }
    }
    Ok(())
}

fn check_per_parent(pp: &PerParent) -> std::result::Result<(), String> {
    if pp.count == Some(0) {
        return Err("count must be at least 1".into());
    }
    if pp.count.is_some() && (pp.min.is_some() || pp.max.is_some() || pp.zipf.is_some()) {
        return Err("give either count or min/max/zipf, not both".into());
    }
    if let (Some(min), Some(max)) = (pp.min, pp.max)
        && min > max
    {
        return Err(format!("min ({min}) is greater than max ({max})"));
    }
    if let (Some(min), None) = (pp.min, pp.max)
        && min > 10
    {
        return Err(format!(
            "min ({min}) is greater than max (10 when not given); give max too"
        ));
    }
    if let Some(z) = pp.zipf
        && !(z.is_finite() && z > 0.0)
    {
        return Err(format!("zipf must be a number greater than 0, got {z}"));
    }
    Ok(())
}

/// One column's settings: ranges, foreign-key keys, then the override against the type.
fn check_column(
    cp: &ColumnProfile,
    t: &Table,
    col: &Column,
    s: &Settings,
) -> std::result::Result<(), String> {
    if let Some(f) = cp.null_fraction
        && !(0.0..=1.0).contains(&f)
    {
        return Err(format!("null_fraction must be between 0 and 1, got {f}"));
    }
    check_shape(cp, t, col)?;
    let given: Vec<&str> = VALUE_KEYS
        .iter()
        .copied()
        .filter(|k| match *k {
            "value" => cp.value.is_some(),
            "choices" => cp.choices.is_some(),
            "regex" => cp.regex.is_some(),
            "template" => cp.template.is_some(),
            "json" => cp.json.is_some(),
            _ => cp.generator.is_some(),
        })
        .chain((cp.min.is_some() || cp.max.is_some()).then_some("min/max"))
        .collect();
    if given.len() > 1 {
        return Err(format!(
            "gives {}: give one of them (each decides the values alone)",
            given.join(" and ")
        ));
    }
    if cp.use_default && !given.is_empty() {
        return Err(format!(
            "gives use_default and {}: the server's DEFAULT fills the column, so remove one",
            given[0]
        ));
    }
    check_fk_keys(cp, t, col, &given)?;
    let class = classify(&col.type_info);
    let here = format!("profile [tables.\"{}\".columns.{}]", t.key(), col.name);
    let chosen = from_profile(cp, &class, s, t, col).map_err(|m| {
        m.strip_prefix(&here)
            .map(|m| m.trim_start_matches([':', ' ']).to_string())
            .unwrap_or(m)
    })?;
    let Some(chosen) = chosen else {
        return Ok(());
    };
    check_fits(
        cp,
        &chosen.generator,
        &class,
        col,
        given.first().copied().unwrap_or(""),
    )
}

/// A profile override, type-checked against the column.
pub(super) fn from_profile(
    cp: &ColumnProfile,
    class: &TypeClass,
    s: &Settings,
    t: &Table,
    col: &Column,
) -> std::result::Result<Option<Chosen>, String> {
    let here = format!("profile [tables.\"{}\".columns.{}]", t.key(), col.name);
    if let Some(v) = &cp.value {
        let val = value_from_toml(class, v)
            .ok_or_else(|| format!("{here} value: {v} does not fit type {}", col.type_name))?;
        return Ok(Some(chosen(
            Gen::Const(val),
            Source::Profile,
            format!("{here}: constant {v}"),
        )));
    }
    if let Some(choices) = &cp.choices {
        return profile_choices(choices, class, col, &here).map(Some);
    }
    if let Some(re) = &cp.regex {
        let e = RegexEnum::parse(re)
            .map_err(|why| format!("{here} regex: {re} cannot be generated: {why}"))?;
        return Ok(Some(chosen(
            Gen::Regex(Box::new(e)),
            Source::Profile,
            format!("{here}: strings matching {re}"),
        )));
    }
    if let Some(tpl) = &cp.template {
        let parts = parse_template(tpl).map_err(|m| format!("{here} template: {m}"))?;
        return Ok(Some(chosen(
            Gen::Template(parts),
            Source::Profile,
            format!("{here}: template {tpl}"),
        )));
    }
    if let Some(j) = &cp.json {
        let doc = serde_json::to_value(j).map_err(|e| format!("{here} json: {e}"))?;
        json_templates(&doc, "").map_err(|m| format!("{here} json: {m}"))?;
        return Ok(Some(chosen(
            Gen::Json(JsonGen::Template(doc)),
            Source::Profile,
            format!("{here}: JSON document"),
        )));
    }
    if let Some(name) = &cp.generator {
        return profile_generator(name, &here).map(Some);
    }
    if cp.min.is_some() || cp.max.is_some() {
        return profile_range(cp, class, s, col, &here).map(Some);
    }
    Ok(None)
}

/// `choices = [...]` or `choices = { value = weight, ... }`.
pub(super) fn profile_choices(
    choices: &crate::profile::Choices,
    class: &TypeClass,
    col: &Column,
    here: &str,
) -> std::result::Result<Chosen, String> {
    let (vals, weights): (Vec<toml::Value>, Option<Vec<f64>>) = match choices {
        crate::profile::Choices::List(l) => (l.clone(), None),
        crate::profile::Choices::Weighted(m) => (
            m.keys().map(|k| toml::Value::String(k.clone())).collect(),
            Some(m.values().copied().collect()),
        ),
    };
    let values: Option<Vec<Value>> = vals.iter().map(|v| value_from_toml(class, v)).collect();
    let values = values.ok_or_else(|| {
        format!(
            "{here} choices: a choice does not fit type {}",
            col.type_name
        )
    })?;
    if values.is_empty() {
        return Err(format!("{here} choices: is empty; give at least one value"));
    }
    if let Some((v, w)) = weights
        .iter()
        .flatten()
        .zip(&vals)
        .map(|(w, v)| (v, w))
        .find(|(_, w)| !(w.is_finite() && **w > 0.0))
    {
        return Err(format!(
            "{here} choices: the weight of {v} must be a number greater than 0, got {w}"
        ));
    }
    Ok(chosen(
        Gen::choice(values, weights),
        Source::Profile,
        format!("{here}: weighted choices"),
    ))
}

/// `generator = "kind"`: a named text generator.
pub(super) fn profile_generator(name: &str, here: &str) -> std::result::Result<Chosen, String> {
    let kind = TextKind::from_name(name).ok_or_else(|| {
        format!(
            "{here} generator: no generator \"{name}\"{}",
            crate::profile::suggest(
                name,
                TextKind::ALL
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str)
            )
        )
    })?;
    let mut c = chosen(
        Gen::Text { kind },
        Source::Profile,
        format!("{here}: generator {name}"),
    );
    c.pii = kind.pii();
    Ok(c)
}

/// `min` / `max` for numbers, dates and timestamps.
pub(super) fn profile_range(
    cp: &ColumnProfile,
    class: &TypeClass,
    s: &Settings,
    col: &Column,
    here: &str,
) -> std::result::Result<Chosen, String> {
    let num = |v: &Option<toml::Value>| {
        v.as_ref()
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
    };
    let time = |v: &Option<toml::Value>| {
        v.as_ref().and_then(|v| match v {
            toml::Value::String(s) => parse_timestamp(s),
            toml::Value::Datetime(d) => parse_timestamp(&d.to_string()),
            _ => None,
        })
    };
    let generator = match class {
        TypeClass::Int { .. } => Gen::Int {
            min: num(&cp.min).unwrap_or(0.0) as i64,
            max: num(&cp.max).unwrap_or(1000.0) as i64,
            skewed: false,
        },
        TypeClass::Numeric { scale, .. } => {
            let u = 10f64.powi(*scale as i32);
            Gen::Numeric {
                min: (num(&cp.min).unwrap_or(0.0) * u) as i128,
                max: (num(&cp.max).unwrap_or(1000.0) * u) as i128,
                scale: *scale,
                skewed: false,
            }
        }
        TypeClass::Float => Gen::Float {
            min: num(&cp.min).unwrap_or(0.0),
            max: num(&cp.max).unwrap_or(1000.0),
        },
        TypeClass::Timestamp => Gen::Timestamp {
            min: time(&cp.min).unwrap_or(s.window.0),
            max: time(&cp.max).unwrap_or(s.window.1 - 1),
        },
        TypeClass::Date => Gen::Date {
            min: time(&cp.min)
                .map(|t| t.div_euclid(MICROS_PER_DAY) as i32)
                .unwrap_or((s.window.0 / MICROS_PER_DAY) as i32),
            max: time(&cp.max)
                .map(|t| t.div_euclid(MICROS_PER_DAY) as i32)
                .unwrap_or((s.window.1 / MICROS_PER_DAY) as i32 - 1),
        },
        _ => {
            return Err(format!(
                "{here} min/max: apply to numbers, dates and timestamps, not {}",
                col.type_name
            ));
        }
    };
    if range_is_empty(&generator) {
        return Err(format!(
            "{here} min/max: min ({}) is greater than max ({})",
            cp.min.as_ref().map_or("default".into(), |v| v.to_string()),
            cp.max.as_ref().map_or("default".into(), |v| v.to_string()),
        ));
    }
    Ok(chosen(generator, Source::Profile, format!("{here}: range")))
}

/// A range generator whose minimum is above its maximum.
fn range_is_empty(g: &Gen) -> bool {
    match g {
        Gen::Int { min, max, .. } => min > max,
        Gen::Numeric { min, max, .. } => min > max,
        Gen::Float { min, max } => {
            min.partial_cmp(max) != Some(std::cmp::Ordering::Less) && min != max
        }
        Gen::Timestamp { min, max } => min > max,
        Gen::Date { min, max } => min > max,
        _ => false,
    }
}

/// Every string leaf of a JSON override that holds a `{placeholder}` must name a known one.
fn json_templates(doc: &serde_json::Value, path: &str) -> std::result::Result<(), String> {
    match doc {
        serde_json::Value::String(s) if s.contains(['{', '}']) => {
            parse_template(s).map(|_| ()).map_err(|m| {
                format!(
                    "{}{m}",
                    if path.is_empty() {
                        String::new()
                    } else {
                        format!("at {path}: ")
                    }
                )
            })
        }
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| json_templates(v, &format!("{path}[{i}]"))),
        serde_json::Value::Object(m) => m.iter().try_for_each(|(k, v)| {
            json_templates(
                v,
                &if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                },
            )
        }),
        _ => Ok(()),
    }
}

/// `distinct` and `avg_length` shape a column's own values: not a foreign key's (its parents'
/// keys), and `avg_length` only text.
fn check_shape(cp: &ColumnProfile, t: &Table, col: &Column) -> std::result::Result<(), String> {
    let fk = t
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.contains(&col.name));
    for (key, given) in [
        ("distinct", cp.distinct.is_some()),
        ("avg_length", cp.avg_length.is_some()),
    ] {
        if let (true, Some(fk)) = (given, fk) {
            return Err(format!(
                "{key}: {} is a foreign key column ({} → {}): its values are keys of {}; only null_fraction, distribution and exponent apply",
                col.name,
                fk.name,
                fk.references.key(),
                fk.references.key()
            ));
        }
    }
    if cp.distinct == Some(0) {
        return Err("distinct must be at least 1".into());
    }
    if let Some(n) = cp.avg_length {
        if n == 0 {
            return Err("avg_length must be at least 1".into());
        }
        if !matches!(classify(&col.type_info), TypeClass::Text { .. }) {
            return Err(format!(
                "avg_length: applies to text columns; {} is {}",
                col.name, col.type_name
            ));
        }
    }
    Ok(())
}

/// `distribution` and `exponent` belong on a foreign key's first column; value overrides do not
/// belong on foreign key columns at all (their values are the parents' keys).
fn check_fk_keys(
    cp: &ColumnProfile,
    t: &Table,
    col: &Column,
    given: &[&str],
) -> std::result::Result<(), String> {
    let fk = t
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.contains(&col.name));
    if let (Some(fk), Some(first)) = (fk, given.first()) {
        return Err(format!(
            "{first}: {} is a foreign key column ({} → {}): its values are keys of {}; only null_fraction, distribution and exponent apply",
            col.name,
            fk.name,
            fk.references.key(),
            fk.references.key()
        ));
    }
    if let Some(d) = &cp.distribution {
        match fk {
            None => {
                return Err(format!(
                    "distribution: {} is not a foreign key column; distribution says how children spread over parents",
                    col.name
                ));
            }
            Some(fk) if fk.columns.first() != Some(&col.name) => {
                return Err(format!(
                    "distribution: set it on {}, the first column of foreign key {}",
                    fk.columns[0], fk.name
                ));
            }
            _ => {}
        }
        if d != "uniform" && d != "zipf" {
            return Err(format!(
                "distribution: \"{d}\" is not known; use \"uniform\" or \"zipf\"{}",
                suggest(d, ["uniform", "zipf"].into_iter())
            ));
        }
    }
    if let Some(e) = cp.exponent {
        if cp.distribution.as_deref() != Some("zipf") {
            return Err("exponent: applies with distribution = \"zipf\" only".into());
        }
        if !(e.is_finite() && e > 0.0) {
            return Err(format!(
                "exponent: must be a number greater than 0, got {e}"
            ));
        }
    }
    Ok(())
}

/// The values an override produces must be of the column's type: text generators fill text
/// columns, JSON fills json and text, and enum columns take their labels only.
fn check_fits(
    cp: &ColumnProfile,
    g: &Gen,
    class: &TypeClass,
    col: &Column,
    key: &str,
) -> std::result::Result<(), String> {
    let setting = match key {
        "generator" => format!("generator = \"{}\"", cp.generator.as_deref().unwrap_or("")),
        other => other.to_string(),
    };
    let produces = match g {
        // Types without a binary encoder (extension types) load through text COPY: text is how
        // a profile fills them.
        Gen::Text { .. } | Gen::Regex(_) | Gen::Template(_)
            if !matches!(class, TypeClass::Text { .. } | TypeClass::Unsupported(_)) =>
        {
            "text"
        }
        Gen::Json(_)
            if !matches!(
                class,
                TypeClass::Json | TypeClass::Text { .. } | TypeClass::Unsupported(_)
            ) =>
        {
            "JSON"
        }
        _ => "",
    };
    if !produces.is_empty() {
        let hint = match class {
            TypeClass::Enum(_) => "; use choices with its labels",
            TypeClass::Int { .. } | TypeClass::Numeric { .. } | TypeClass::Float => {
                "; use value, choices or min/max"
            }
            _ => "; use value or choices",
        };
        return Err(format!(
            "{key}: {setting} produces {produces}, which column {} of type {} cannot hold{hint}",
            col.name, col.type_name
        ));
    }
    if let TypeClass::Enum(labels) = class {
        let values: &[Value] = match g {
            Gen::Const(v) => std::slice::from_ref(v),
            Gen::Choice { values, .. } => values,
            _ => &[],
        };
        for v in values {
            if let Value::Text(s) = v
                && !labels.contains(s)
            {
                return Err(format!(
                    "{key}: \"{s}\" is not a label of {} ({}){}",
                    col.type_name,
                    labels.join(", "),
                    suggest(s, labels.iter().map(String::as_str))
                ));
            }
        }
    }
    Ok(())
}

/// A literal (from a CHECK, a partition bound or a profile) as a value of the column's type.
pub fn value_from_text(class: &TypeClass, s: &str) -> Option<Value> {
    Some(match class {
        TypeClass::Int { .. } => Value::Int(s.trim().parse().ok()?),
        TypeClass::Numeric { scale, .. } => {
            let v: f64 = s.trim().parse().ok()?;
            Value::Numeric {
                unscaled: (v * 10f64.powi(*scale as i32)).round() as i128,
                scale: *scale,
            }
        }
        TypeClass::Float => Value::Float(s.trim().parse().ok()?),
        TypeClass::Money => Value::Money((s.trim().parse::<f64>().ok()? * 100.0).round() as i64),
        TypeClass::Bool => Value::Bool(matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "t" | "true" | "yes" | "on" | "1"
        )),
        TypeClass::Date => Value::Date(parse_date(s)?),
        TypeClass::Timestamp => Value::Timestamp(parse_timestamp(s)?),
        TypeClass::Uuid => Value::Uuid(u128::from_str_radix(&s.replace('-', ""), 16).ok()?),
        TypeClass::Json => Value::Json(s.to_string()),
        TypeClass::Text { .. } | TypeClass::Enum(_) => Value::Text(s.to_string()),
        TypeClass::Inet => {
            let (a, p) = s.split_once('/').unwrap_or((s, ""));
            let addr: std::net::IpAddr = a.parse().ok()?;
            let prefix = p.parse().unwrap_or(if addr.is_ipv4() { 32 } else { 128 });
            Value::Inet { addr, prefix }
        }
        _ => return None,
    })
}

pub(super) fn value_from_toml(class: &TypeClass, v: &toml::Value) -> Option<Value> {
    match (class, v) {
        (TypeClass::Json, other) => Some(Value::Json(serde_json::to_string(other).ok()?)),
        (_, toml::Value::String(s)) => value_from_text(class, s),
        (_, toml::Value::Integer(i)) => value_from_text(class, &i.to_string()),
        (_, toml::Value::Float(f)) => value_from_text(class, &f.to_string()),
        (_, toml::Value::Boolean(b)) => value_from_text(class, if *b { "true" } else { "false" }),
        (_, toml::Value::Datetime(d)) => value_from_text(class, &d.to_string()),
        (TypeClass::Array(elem), toml::Value::Array(items)) => {
            let ec = classify(elem);
            Some(Value::Array(
                items
                    .iter()
                    .map(|i| value_from_toml(&ec, i))
                    .collect::<Option<_>>()?,
            ))
        }
        _ => None,
    }
}
