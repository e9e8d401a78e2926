//! The schema's own functions, read as expressions so a CHECK that calls one is generated for
//! and evaluated like any other.
//!
//! A `LANGUAGE sql` function whose body is one `SELECT expr` is that expression. A PL/pgSQL
//! function whose body is only `IF … THEN … [ELSIF …] [ELSE …] END IF` and `RETURN …`
//! statements becomes a `CASE` (and, returning boolean, the equivalent AND/OR form, which the
//! constraint translator can read). Parameters stay columns named after them (and `$n`) until
//! [`inline_call`] puts the call's arguments in their place. Anything else — variables, loops,
//! queries, exceptions — leaves the function opaque: the server verifies it instead.

#![allow(missing_docs)]

pub mod join;
pub mod lookup;
pub mod trigger;

use crate::values::expr::{BinOp, CaseBranch, Expr, Literal};

/// The body of a function as an expression over its parameters, or why it stays opaque.
pub fn translate_body(language: &str, body: &str) -> Result<Expr, String> {
    let e = match language {
        "sql" => sql_body(body)?,
        "plpgsql" => plpgsql_body(body)?,
        other => return Err(format!("LANGUAGE {other} is not read")),
    };
    if e.has_unsupported() {
        return Err("its body uses SQL seedbed does not model".into());
    }
    Ok(e)
}

/// Put the call's arguments in place of the parameters (`name` or `$n`) of a translated body.
/// `None` when the body reads a name that is no parameter (a variable or a table column).
pub fn inline_call(body: &Expr, params: &[String], args: &[Expr]) -> Option<Expr> {
    if args.len() != params.len() {
        return None;
    }
    let slot = |name: &str| {
        name.strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .or_else(|| params.iter().position(|p| p == name))
    };
    if body
        .columns()
        .iter()
        .any(|c| slot(c).is_none_or(|i| i >= args.len()))
    {
        return None;
    }
    Some(body.rewrite(&|e| match e {
        Expr::Column { name } => slot(name).map(|i| args[i].clone()),
        _ => None,
    }))
}

/// `SELECT expr` (one expression, nothing after it).
fn sql_body(body: &str) -> Result<Expr, String> {
    let text = strip_comments(body);
    let text = text.trim().trim_end_matches(';').trim();
    let Some(rest) = strip_keyword(text, "select") else {
        return Err("its SQL body is not a single SELECT expression".into());
    };
    Expr::parse_whole(rest).ok_or_else(|| "its SQL body is not a single SELECT expression".into())
}

/// A PL/pgSQL statement of the forms we read.
#[derive(Debug, Clone)]
enum Stmt {
    Return(Expr),
    /// `NEW.column := expr` (trigger bodies only; the column as [`NEW_PREFIX`] + name).
    Assign(String, Expr),
    If {
        branches: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Vec<Stmt>,
    },
    /// `RAISE` at an error level: the statement fails.
    Raise,
}

fn plpgsql_body(body: &str) -> Result<Expr, String> {
    let stmts = block_statements(&strip_comments(body))?;
    if has_assignment(&stmts) {
        return Err("its PL/pgSQL body has statements other than IF and RETURN".into());
    }
    let value = value_of(&stmts).ok_or("a path through its body ends without RETURN")?;
    Ok(boolean_form(value))
}

/// The statements of a `BEGIN … END` block without declarations.
fn block_statements(text: &str) -> Result<Vec<Stmt>, String> {
    let text = text.trim();
    if strip_keyword(text, "declare").is_some() {
        return Err("its PL/pgSQL body declares variables".into());
    }
    let inner = strip_keyword(text, "begin")
        .and_then(|t| {
            let t = t.trim_end().trim_end_matches(';').trim_end();
            t.len()
                .checked_sub(3)
                .filter(|&i| t.is_char_boundary(i) && t[i..].eq_ignore_ascii_case("end"))
                .map(|i| &t[..i])
        })
        .ok_or("its PL/pgSQL body is not one BEGIN … END block")?;
    let tokens = tokenize(inner);
    let mut pos = 0;
    let stmts = statements(&tokens, &mut pos)?;
    if pos != tokens.len() {
        return Err("its PL/pgSQL body has statements other than IF and RETURN".into());
    }
    Ok(stmts)
}

fn has_assignment(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Assign(..) => true,
        Stmt::Return(_) | Stmt::Raise => false,
        Stmt::If {
            branches,
            otherwise,
        } => branches.iter().any(|(_, b)| has_assignment(b)) || has_assignment(otherwise),
    })
}

/// Remove `-- …` and `/* … */` comments (outside string literals).
fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let (mut i, mut quoted) = (0, false);
    while i < b.len() {
        let c = b[i];
        if c == '\'' {
            quoted = !quoted;
        } else if !quoted && c == '-' && b.get(i + 1) == Some(&'-') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        } else if !quoted && c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            out.push(' ');
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `text` without its leading keyword `kw` (case-insensitive, followed by a non-word character).
fn strip_keyword<'a>(text: &'a str, kw: &str) -> Option<&'a str> {
    let head = text.get(..kw.len())?;
    let rest = &text[kw.len()..];
    (head.eq_ignore_ascii_case(kw)
        && rest
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_')))
    .then_some(rest)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(&'static str),
    Semi,
    Sql(String),
}

const KEYWORDS: [&str; 8] = [
    "if", "then", "elsif", "elseif", "else", "end", "return", "raise",
];

/// Split a block into the control keywords, `;` and the SQL between them. Keywords inside
/// parentheses, string literals and `CASE … END` are SQL.
fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut sql = String::new();
    let flush = |sql: &mut String, out: &mut Vec<Tok>| {
        if !sql.trim().is_empty() {
            out.push(Tok::Sql(sql.trim().to_string()));
        }
        sql.clear();
    };
    let chars: Vec<char> = s.chars().collect();
    let (mut i, mut depth, mut cases, mut quoted) = (0, 0i32, 0i32, false);
    while i < chars.len() {
        let c = chars[i];
        if quoted || c == '\'' {
            quoted ^= c == '\'';
            sql.push(c);
            i += 1;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            let kw = KEYWORDS.iter().find(|k| **k == word);
            match (kw, word.as_str()) {
                (_, "case") => cases += 1,
                (Some(_), "end") if cases > 0 && !next_word_is(&chars, i, "if") => cases -= 1,
                (Some(_), "else") if cases > 0 => {}
                (Some(k), _) if depth == 0 && cases == 0 => {
                    flush(&mut sql, &mut out);
                    out.push(Tok::Word(k));
                    continue;
                }
                _ => {}
            }
            sql.extend(&chars[start..i]);
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth == 0 => {
                flush(&mut sql, &mut out);
                out.push(Tok::Semi);
                i += 1;
                continue;
            }
            _ => {}
        }
        sql.push(c);
        i += 1;
    }
    flush(&mut sql, &mut out);
    out
}

fn next_word_is(chars: &[char], mut i: usize, word: &str) -> bool {
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    let rest: String = chars[i..chars.len().min(i + word.len() + 1)]
        .iter()
        .collect();
    strip_keyword(&rest, word).is_some()
}

/// Statements until a keyword that closes the enclosing block (`ELSIF`, `ELSE`, `END`) or
/// the end.
fn statements(toks: &[Tok], pos: &mut usize) -> Result<Vec<Stmt>, String> {
    let mut out = Vec::new();
    while let Some(t) = toks.get(*pos) {
        match t {
            Tok::Semi => *pos += 1,
            Tok::Word("return") => {
                *pos += 1;
                let e = match toks.get(*pos) {
                    Some(Tok::Sql(s)) => parse(s)?,
                    _ => return Err("a RETURN without a value".into()),
                };
                *pos += 1;
                out.push(Stmt::Return(e));
            }
            Tok::Word("if") => out.push(if_statement(toks, pos)?),
            Tok::Word("raise") => {
                *pos += 1;
                let what = match toks.get(*pos) {
                    Some(Tok::Sql(s)) => {
                        *pos += 1;
                        s.as_str()
                    }
                    _ => "",
                };
                if raises_error(what) {
                    out.push(Stmt::Raise);
                }
            }
            Tok::Word("elsif" | "elseif" | "else" | "end") => break,
            Tok::Sql(s) if trigger::assignment(s).is_some() => {
                let (column, value) = trigger::assignment(s).expect("checked");
                out.push(Stmt::Assign(column, parse(value)?));
                *pos += 1;
            }
            _ => return Err("its PL/pgSQL body has statements other than IF and RETURN".into()),
        }
    }
    Ok(out)
}

/// Whether `RAISE what` raises an error: any level but the informational ones (`RAISE 'msg'`,
/// a condition name and a bare re-raise are errors).
fn raises_error(what: &str) -> bool {
    let level = what
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
        .to_lowercase();
    !matches!(
        level.as_str(),
        "debug" | "log" | "info" | "notice" | "warning"
    )
}

/// `IF c THEN … [ELSIF c THEN …]* [ELSE …] END IF`, from the `IF`.
fn if_statement(toks: &[Tok], pos: &mut usize) -> Result<Stmt, String> {
    let mut branches = Vec::new();
    let mut otherwise = Vec::new();
    loop {
        // At `IF` or `ELSIF`: condition, THEN, statements.
        *pos += 1;
        let cond = match toks.get(*pos) {
            Some(Tok::Sql(s)) => parse(s)?,
            _ => return Err("an IF without a condition".into()),
        };
        *pos += 1;
        if toks.get(*pos) != Some(&Tok::Word("then")) {
            return Err("an IF without THEN".into());
        }
        *pos += 1;
        branches.push((cond, statements(toks, pos)?));
        match toks.get(*pos) {
            Some(Tok::Word("elsif" | "elseif")) => continue,
            Some(Tok::Word("else")) => {
                *pos += 1;
                otherwise = statements(toks, pos)?;
                break;
            }
            _ => break,
        }
    }
    if toks.get(*pos) != Some(&Tok::Word("end")) || toks.get(*pos + 1) != Some(&Tok::Word("if")) {
        return Err("an IF without END IF".into());
    }
    *pos += 2;
    Ok(Stmt::If {
        branches,
        otherwise,
    })
}

/// An expression, parts not modelled kept as [`Expr::Unsupported`]: a function body with one
/// stays opaque ([`translate_body`]), a trigger reads its subqueries ([`lookup`]).
fn parse(sql: &str) -> Result<Expr, String> {
    Expr::parse_with_unsupported(sql).ok_or_else(|| format!("cannot read the expression {sql:?}"))
}

/// What a statement list returns: the first RETURN reached, an IF becoming a CASE whose
/// branches continue with the statements after it. `None` when a path has no RETURN.
fn value_of(stmts: &[Stmt]) -> Option<Expr> {
    let (first, rest) = stmts.split_first()?;
    match first {
        Stmt::Return(e) => Some(e.clone()),
        Stmt::Assign(..) | Stmt::Raise => None,
        Stmt::If {
            branches,
            otherwise,
        } => {
            let then_rest = |body: &[Stmt]| {
                let mut v = body.to_vec();
                v.extend_from_slice(rest);
                value_of(&v)
            };
            let branches = branches
                .iter()
                .map(|(c, body)| {
                    Some(CaseBranch {
                        when: c.clone(),
                        then: then_rest(body)?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Expr::Case {
                operand: None,
                branches,
                otherwise: Some(Box::new(then_rest(otherwise)?)),
            })
        }
    }
}

fn bool_lit(e: &Expr) -> Option<bool> {
    match e {
        Expr::Literal {
            value: Literal::Bool(b),
        } => Some(*b),
        _ => None,
    }
}

fn is_true(c: Expr, negated: bool) -> Expr {
    Expr::IsBool {
        expr: Box::new(c),
        value: true,
        negated,
    }
}

fn and_or(op: BinOp, l: Expr, r: Expr) -> Expr {
    Expr::Binary {
        op,
        left: Box::new(l),
        right: Box::new(r),
    }
}

/// A searched CASE whose results are all boolean literals or boolean expressions, written with
/// AND/OR exactly (`CASE WHEN c THEN false ELSE r END` ≡ `(c IS NOT TRUE) AND r`), so the
/// constraint translator sees conjuncts. Other expressions are returned unchanged.
pub fn boolean_form(e: Expr) -> Expr {
    let Expr::Case {
        operand: None,
        branches,
        otherwise,
    } = e
    else {
        return e;
    };
    let mut acc = otherwise.map_or(
        Expr::Literal {
            value: Literal::Null,
        },
        |o| boolean_form(*o),
    );
    for b in branches.into_iter().rev() {
        let then = boolean_form(b.then);
        acc = match (bool_lit(&then), bool_lit(&acc)) {
            (Some(x), Some(y)) if x == y => then,
            (Some(false), Some(true)) => is_true(b.when, true),
            (Some(true), Some(false)) => is_true(b.when, false),
            (Some(false), _) => and_or(BinOp::And, is_true(b.when, true), acc),
            (Some(true), _) => and_or(BinOp::Or, is_true(b.when, false), acc),
            (_, Some(true)) => and_or(BinOp::Or, is_true(b.when, true), then),
            (_, Some(false)) => and_or(BinOp::And, is_true(b.when, false), then),
            _ => and_or(
                BinOp::Or,
                and_or(BinOp::And, is_true(b.when.clone(), false), then),
                and_or(BinOp::And, is_true(b.when, true), acc),
            ),
        };
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::eval::{compile, passes};
    use crate::values::value::Value;

    const DDX: &str = "
BEGIN
    -- Check required schema fields
    IF NOT (schema ? 'variables' AND schema ? 'files') THEN
        RETURN FALSE;
    END IF;

    -- Validate variables structure
    IF jsonb_typeof(schema->'variables') != 'array' THEN
        RETURN FALSE;
    END IF;

    RETURN TRUE;
END;
";

    fn run(e: &Expr, doc: &str) -> Option<bool> {
        let (n, modelled) = compile(e, &|c| (c == "schema").then_some(0));
        assert!(modelled, "{e:?}");
        passes(&n, &[Value::Json(doc.into())])
    }

    #[test]
    fn ddx_validate_template_schema_becomes_conjuncts() {
        let body = translate_body("plpgsql", DDX).unwrap();
        let call = inline_call(
            &body,
            &["schema".into()],
            &[Expr::Column {
                name: "schema".into(),
            }],
        )
        .unwrap();
        assert_eq!(run(&call, r#"{"variables":[],"files":[]}"#), Some(true));
        assert_eq!(run(&call, r#"{"variables":{},"files":[]}"#), Some(false));
        assert_eq!(run(&call, r#"{"variables":[]}"#), Some(false));
        assert_eq!(call.conjuncts().len(), 2, "{call:?}");
    }

    #[test]
    fn sql_functions_and_positional_parameters() {
        let body = translate_body("sql", "SELECT $1 > 0 AND $2 ~ '^[a-z]+$';").unwrap();
        let col = |n: &str| Expr::Column { name: n.into() };
        let e = inline_call(&body, &["".into(), "".into()], &[col("qty"), col("code")]).unwrap();
        assert_eq!(e.columns(), vec!["qty", "code"]);
        assert!(translate_body("sql", "SELECT count(*) > 0 FROM t WHERE x = $1").is_err());
    }

    #[test]
    fn elsif_else_and_case_inside() {
        let body = translate_body(
            "plpgsql",
            "begin if x < 0 then return false; elsif x > 100 then return false; \
             else return (CASE WHEN x = 50 THEN false ELSE true END); end if; end",
        )
        .unwrap();
        let e = inline_call(&body, &["x".into()], &[Expr::Column { name: "v".into() }]).unwrap();
        let (n, ok) = compile(&e, &|c| (c == "v").then_some(0));
        assert!(ok);
        assert_eq!(passes(&n, &[Value::Int(-1)]), Some(false));
        assert_eq!(passes(&n, &[Value::Int(50)]), Some(false));
        assert_eq!(passes(&n, &[Value::Int(7)]), Some(true));
        assert_eq!(passes(&n, &[Value::Int(101)]), Some(false));
    }

    #[test]
    fn opaque_bodies_are_refused_with_a_reason() {
        assert!(translate_body("plpgsql", "DECLARE n int; BEGIN RETURN true; END").is_err());
        assert!(translate_body("plpgsql", "BEGIN PERFORM 1; RETURN true; END").is_err());
        assert!(translate_body("plpgsql", "BEGIN IF x THEN RETURN true; END IF; END").is_err());
        assert!(translate_body("c", "whatever").is_err());
        let body = translate_body("sql", "SELECT secret > 0").unwrap();
        assert!(inline_call(&body, &["x".into()], &[Expr::Column { name: "a".into() }]).is_none());
    }
}
