//! Parsers for the definition texts the catalog returns: CHECK constraints, partition keys
//! and partition bounds.

use std::collections::{BTreeMap, HashSet};

use crate::model::*;
use crate::values::expr::Expr;
use crate::values::sql::split_top_level;

/// `CHECK ((a > 0)) NOT VALID` → the check with its expression parsed.
pub(crate) fn parse_check(name: String, definition: String, not_valid: bool) -> Check {
    let body = definition
        .strip_prefix("CHECK ")
        .unwrap_or(&definition)
        .trim_end_matches(" NOT VALID")
        .trim_end_matches(" NO INHERIT")
        .trim();
    let expression = strip_outer_parens(body).to_string();
    let expr = Expr::parse(&expression);
    let columns = expr.columns();
    Check {
        name,
        definition,
        expression,
        expr,
        columns,
        not_valid,
        inlined: Vec::new(),
    }
}

/// The boolean expression of a CHECK definition (`CHECK ((a > 0)) NOT VALID` → `(a > 0)`).
pub fn check_expression(definition: &str) -> String {
    parse_check(String::new(), definition.to_string(), false).expression
}

/// Remove one pair of parentheses wrapping the whole text, if they match each other.
fn strip_outer_parens(s: &str) -> &str {
    let s = s.trim();
    if !(s.starts_with('(') && s.ends_with(')')) {
        return s;
    }
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 && i != s.len() - 1 {
                    return s;
                }
            }
            _ => {}
        }
    }
    &s[1..s.len() - 1]
}

/// `RANGE (viewed_at)` → strategy and key parts.
pub(super) fn parse_partkey(
    def: &str,
    attnames: Option<&BTreeMap<i32, String>>,
) -> Option<(PartitionStrategy, Vec<KeyPart>)> {
    let (word, rest) = def.split_once(' ')?;
    let strategy = match word {
        "RANGE" => PartitionStrategy::Range,
        "LIST" => PartitionStrategy::List,
        "HASH" => PartitionStrategy::Hash,
        _ => return None,
    };
    let inner = strip_outer_parens(rest);
    let known: HashSet<&str> = attnames
        .map(|m| m.values().map(String::as_str).collect())
        .unwrap_or_default();
    let parts = split_top_level(inner, ',')
        .into_iter()
        .map(|p| {
            let p = p.trim();
            let unquoted = unquote_ident(p);
            if known.contains(unquoted.as_str()) {
                KeyPart::Column(unquoted)
            } else {
                KeyPart::Expression {
                    expression: p.to_string(),
                    expr: Expr::parse(p),
                }
            }
        })
        .collect();
    Some((strategy, parts))
}

fn unquote_ident(s: &str) -> String {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].replace("\"\"", "\"")
    } else {
        s.to_string()
    }
}

/// Parse `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (…)`, `DEFAULT`.
pub(super) fn parse_bound(text: &str) -> PartitionBound {
    let t = text.trim();
    if t == "DEFAULT" {
        return PartitionBound::Default;
    }
    let Some(rest) = t.strip_prefix("FOR VALUES ") else {
        return PartitionBound::Default;
    };
    let values = |s: &str| -> Vec<BoundValue> {
        split_top_level(strip_outer_parens(s), ',')
            .into_iter()
            .map(|v| match v.trim() {
                "MINVALUE" => BoundValue::MinValue,
                "MAXVALUE" => BoundValue::MaxValue,
                other => BoundValue::Value(unquote_literal(other)),
            })
            .collect()
    };
    if let Some(r) = rest.strip_prefix("FROM ") {
        if let Some((from, to)) = r.split_once(" TO ") {
            return PartitionBound::Range {
                from: values(from),
                to: values(to),
            };
        }
    } else if let Some(r) = rest.strip_prefix("IN ") {
        return PartitionBound::List {
            values: split_top_level(strip_outer_parens(r), ',')
                .into_iter()
                .map(|v| {
                    let v = v.trim();
                    (v != "NULL").then(|| unquote_literal(v))
                })
                .collect(),
        };
    } else if let Some(r) = rest.strip_prefix("WITH ") {
        let mut modulus = 1;
        let mut remainder = 0;
        for kv in split_top_level(strip_outer_parens(r), ',') {
            let mut it = kv.split_whitespace();
            match (it.next(), it.next().and_then(|v| v.parse().ok())) {
                (Some("modulus"), Some(v)) => modulus = v,
                (Some("remainder"), Some(v)) => remainder = v,
                _ => {}
            }
        }
        return PartitionBound::Hash { modulus, remainder };
    }
    PartitionBound::Default
}

/// `'2024-01-01 00:00:00+00'` → `2024-01-01 00:00:00+00`; `42` → `42`.
fn unquote_literal(s: &str) -> String {
    let s = s.trim();
    // Drop a trailing cast such as `'x'::text` if present.
    let s = match s.rfind("::") {
        Some(i) if s[..i].ends_with('\'') => &s[..i],
        _ => s,
    };
    if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        s[1..s.len() - 1].replace("''", "'")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_bounds() {
        assert_eq!(
            parse_bound("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"),
            PartitionBound::Range {
                from: vec![BoundValue::Value("2024-01-01 00:00:00+00".into())],
                to: vec![BoundValue::Value("2025-01-01 00:00:00+00".into())],
            }
        );
        assert_eq!(
            parse_bound("FOR VALUES IN ('login', 'it''s', NULL)"),
            PartitionBound::List {
                values: vec![Some("login".into()), Some("it's".into()), None]
            }
        );
        assert_eq!(
            parse_bound("FOR VALUES WITH (modulus 4, remainder 3)"),
            PartitionBound::Hash {
                modulus: 4,
                remainder: 3
            }
        );
        assert_eq!(
            parse_bound("FOR VALUES FROM (MINVALUE) TO (10)"),
            PartitionBound::Range {
                from: vec![BoundValue::MinValue],
                to: vec![BoundValue::Value("10".into())],
            }
        );
        assert_eq!(parse_bound("DEFAULT"), PartitionBound::Default);
    }

    #[test]
    fn checks_lose_their_wrapper() {
        let c = parse_check(
            "c".into(),
            "CHECK (((a > 0) AND (b < 5))) NOT VALID".into(),
            true,
        );
        assert_eq!(c.expression, "((a > 0) AND (b < 5))");
        assert_eq!(c.columns, vec!["a", "b"]);
        assert_eq!(strip_outer_parens("(a) AND (b)"), "(a) AND (b)");
    }

    #[test]
    fn partition_keys_split_outside_quoted_identifiers() {
        let names: BTreeMap<i32, String> = [(1, "a,b".to_string()), (2, "c".to_string())].into();
        let (strategy, parts) =
            parse_partkey("RANGE (\"a,b\", c, lower(d))", Some(&names)).unwrap();
        assert_eq!(strategy, PartitionStrategy::Range);
        assert_eq!(parts[0], KeyPart::Column("a,b".into()));
        assert_eq!(parts[1], KeyPart::Column("c".into()));
        assert!(
            matches!(&parts[2], KeyPart::Expression { expression, .. } if expression == "lower(d)")
        );
    }
}
