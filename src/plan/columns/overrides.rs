//! Profile overrides, type-checked against the column, and literals read as values of a
//! column's type.

use super::*;

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
            .ok_or_else(|| format!("{here}: value {v} does not fit type {}", col.type_name))?;
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
        let e =
            RegexEnum::new(re).ok_or_else(|| format!("{here}: regex {re} cannot be generated"))?;
        return Ok(Some(chosen(
            Gen::Regex(Box::new(e)),
            Source::Profile,
            format!("{here}: strings matching {re}"),
        )));
    }
    if let Some(tpl) = &cp.template {
        let parts = parse_template(tpl).map_err(|m| format!("{here}: template: {m}"))?;
        return Ok(Some(chosen(
            Gen::Template(parts),
            Source::Profile,
            format!("{here}: template {tpl}"),
        )));
    }
    if let Some(j) = &cp.json {
        let doc = serde_json::to_value(j).map_err(|e| format!("{here}: json: {e}"))?;
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
    let values =
        values.ok_or_else(|| format!("{here}: a choice does not fit type {}", col.type_name))?;
    if values.is_empty() {
        return Err(format!("{here}: choices is empty"));
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
            "{here}: no generator \"{name}\"{}",
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
                "{here}: min/max apply to numbers, dates and timestamps, not {}",
                col.type_name
            ));
        }
    };
    Ok(chosen(generator, Source::Profile, format!("{here}: range")))
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
