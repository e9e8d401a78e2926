//! Server search for a CHECK that calls code seedbed cannot read (issue 11): when the server
//! rejects sample rows, build candidate values of the column from what the CHECK and its
//! functions' bodies mention (string and number literals, JSON keys, the JSON types they
//! test), ask the server which candidates pass, and generate those. Only generated values are
//! sent; nothing is read from user tables.

use std::fmt::Write;

use sqlx::PgConnection;

use crate::model::{Column, quote_ident, quote_literal};
use crate::pgtype::{TypeClass, classify};

/// Candidates sent to the server for one CHECK, at most.
const MAX_CANDIDATES: usize = 64;

/// Candidate values (text forms) of a column of `class`, from the literals of `source` (the
/// CHECK's text and its functions' bodies).
pub(super) fn candidates(class: &TypeClass, source: &str) -> Vec<String> {
    let strings = string_literals(source);
    let numbers = number_literals(source);
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: String| {
        if !out.contains(&v) && out.len() < MAX_CANDIDATES {
            out.push(v);
        }
    };
    match class {
        TypeClass::Int { .. } | TypeClass::Numeric { .. } | TypeClass::Float => {
            for n in &numbers {
                for d in [0.0, 1.0, -1.0] {
                    add(trim_float(n + d));
                }
            }
            ["0", "1", "2", "10", "100"]
                .into_iter()
                .for_each(|v| add(v.into()));
        }
        TypeClass::Bool => ["true", "false"].into_iter().for_each(|v| add(v.into())),
        TypeClass::Json => json_candidates(&strings).into_iter().for_each(add),
        _ => {
            strings.iter().cloned().for_each(&mut add);
            numbers.iter().map(|n| trim_float(*n)).for_each(add);
        }
    }
    out
}

/// Objects holding the keys the text names (identifier-like strings), with values of each
/// JSON type; each literal that is itself JSON; the empty object and array.
fn json_candidates(strings: &[String]) -> Vec<String> {
    let keys: Vec<&String> = strings
        .iter()
        .filter(|s| {
            let mut c = s.chars();
            c.next()
                .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
                && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect();
    let mut out = Vec::new();
    for value in ["\"x\"", "1", "true", "{}", "[]"] {
        let all: Vec<String> = keys.iter().map(|k| format!("\"{k}\": {value}")).collect();
        out.push(format!("{{{}}}", all.join(", ")));
    }
    for k in &keys {
        out.push(format!("{{\"{k}\": \"x\"}}"));
    }
    out.extend(
        strings
            .iter()
            .filter(|s| serde_json::from_str::<serde_json::Value>(s).is_ok())
            .cloned(),
    );
    out.extend(["{}".to_string(), "[]".to_string()]);
    out
}

fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// `'…'` literals of SQL text (`''` inside is a quote).
fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    s.push('\'');
                    continue;
                }
                break;
            }
            s.push(c);
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Numbers the text holds (outside identifiers: `v2` is no number).
fn number_literals(text: &str) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == '_'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == '.') {
            j += 1;
        }
        let neg = i > 0 && bytes[i - 1] == '-';
        let s: String = bytes[i..j].iter().collect();
        if let Ok(v) = s.trim_end_matches('.').parse::<f64>() {
            let v = if neg { -v } else { v };
            if !out.contains(&v) {
                out.push(v);
            }
        }
        i = j;
    }
    out
}

/// The bodies of the functions `names` (bare names), joined.
pub(super) async fn bodies(conn: &mut PgConnection, names: &[String]) -> sqlx::Result<String> {
    let rows: Option<String> = sqlx::query_scalar(
        "SELECT string_agg(prosrc, E'\\n') FROM pg_proc WHERE proname = ANY($1::text[])",
    )
    .bind(names)
    .fetch_one(&mut *conn)
    .await?;
    Ok(rows.unwrap_or_default())
}

/// The candidates (text forms) the CHECK `expr` accepts for `col`, in the order given; tried
/// together, then one by one when one of them makes the query fail (a value the function
/// raises an error on).
pub(super) async fn passing(
    conn: &mut PgConnection,
    col: &Column,
    expr: &str,
    cands: &[String],
) -> sqlx::Result<Vec<String>> {
    match query_passing(conn, col, expr, cands).await {
        Err(sqlx::Error::Database(_)) => {}
        other => return other,
    }
    let mut out = Vec::new();
    for c in cands {
        match query_passing(conn, col, expr, std::slice::from_ref(c)).await {
            Ok(v) => out.extend(v),
            Err(sqlx::Error::Database(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

async fn query_passing(
    conn: &mut PgConnection,
    col: &Column,
    expr: &str,
    cands: &[String],
) -> sqlx::Result<Vec<String>> {
    let mut sql = String::from("SELECT t.v FROM (VALUES ");
    for (i, c) in cands.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        let _ = write!(sql, "({i}, {})", quote_literal(c));
    }
    let name = quote_ident(&col.name);
    let _ = write!(
        sql,
        ") AS t(i, v) CROSS JOIN LATERAL (SELECT t.v::{} AS {name}) c WHERE ({expr}) IS NOT FALSE ORDER BY t.i",
        col.type_name
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await
}

/// Whether the column's values are single literals the search can build.
pub(super) fn searchable(col: &Column) -> bool {
    !matches!(
        classify(&col.type_info),
        TypeClass::Unsupported(_) | TypeClass::Array(_) | TypeClass::Composite(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_become_candidates_of_the_column_type() {
        let body = "BEGIN IF v->>'kind' = 'box' AND (v->'size')::int > 40 THEN RETURN true; \
                    END IF; RETURN v2 = 'it''s'; END";
        assert_eq!(string_literals(body), ["kind", "box", "size", "it's"]);
        assert_eq!(
            number_literals("x > 40 AND y < -2.5 AND v2 = 7"),
            [40.0, -2.5, 7.0]
        );
        let ints = candidates(
            &TypeClass::Int { min: 0, max: 100 },
            "r := v % 7; RETURN r = 3;",
        );
        assert!(
            ints.starts_with(&["7".into(), "8".into(), "6".into(), "3".into()]),
            "{ints:?}"
        );
        let texts = candidates(
            &TypeClass::Text {
                max_len: None,
                fixed: false,
            },
            body,
        );
        assert!(texts.contains(&"box".to_string()) && texts.contains(&"40".to_string()));
        let json = candidates(&TypeClass::Json, body);
        assert!(
            json.contains(&r#"{"kind": "x", "box": "x", "size": "x"}"#.to_string()),
            "{json:?}"
        );
        assert!(
            json.iter()
                .all(|j| serde_json::from_str::<serde_json::Value>(j).is_ok())
        );
        assert!(json.len() <= MAX_CANDIDATES);
    }
}
