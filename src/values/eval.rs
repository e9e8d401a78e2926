//! Evaluate CHECK expressions on generated rows, with SQL's three-valued logic: a CHECK passes
//! unless it is *false*. Expressions are compiled once per table (columns resolved to indexes,
//! regular expressions and LIKE patterns compiled), then run on every row before it is emitted.
//!
//! Anything the evaluator does not model (a user function such as `validate_template_schema`)
//! evaluates to *unknown*; such a CHECK is marked `server_verified` and checked by the server on
//! a sample of rows before loading (see `plan::verify`).

use std::borrow::Cow;
use std::sync::Arc;

use crate::values::expr::{BinOp, Expr, Literal};
use crate::values::matcher::Matcher;
use crate::values::value::{MICROS_PER_DAY, Value, parse_timestamp};

/// A compiled expression.
#[derive(Debug, Clone)]
pub enum Node {
    Col(usize),
    Lit(Ev<'static>),
    /// A cast that changes how values compare (to date/timestamp or numeric).
    CastTime(Box<Node>),
    CastNum(Box<Node>),
    CastText(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Regex {
        expr: Box<Node>,
        re: Arc<Matcher>,
        negated: bool,
    },
    Not(Box<Node>),
    IsNull(Box<Node>, bool),
    IsBool(Box<Node>, bool, bool),
    Between(Box<Node>, Box<Node>, Box<Node>, bool),
    InList(Box<Node>, Vec<Node>, bool),
    Any {
        left: Box<Node>,
        op: BinOp,
        right: Box<Node>,
        all: bool,
    },
    Array(Vec<Node>),
    Func(Func, Vec<Node>),
    /// `CASE`: the operand (simple form), `(when, then)` branches, the `ELSE`.
    Case(Option<Box<Node>>, Vec<(Node, Node)>, Option<Box<Node>>),
    /// A cast to `json`/`jsonb`.
    CastJson(Box<Node>),
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    CharLength,
    OctetLength,
    Lower,
    Upper,
    Trim,
    JsonTypeof,
    ArrayLength,
    Cardinality,
    Coalesce,
    Abs,
    NumNonNulls,
    NumNulls,
    /// `rpad(x, n)` with spaces: how a `character(n)` value reaches a pattern operator.
    PadTo(usize),
}

/// An evaluated value.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Text(Cow<'a, str>),
    /// Microseconds since 2000-01-01 (dates are midnight).
    Time(i64),
    Json(Cow<'a, str>),
    Array(Vec<Ev<'a>>),
    Unknown,
}

/// Compile `expr`; `column` maps a column name to its index (`VALUE` in domain checks maps to
/// the column the domain is on). Returns the node and whether every part was modelled.
pub fn compile(expr: &Expr, column: &dyn Fn(&str) -> Option<usize>) -> (Node, bool) {
    let mut modelled = true;
    let node = comp(expr, column, &mut modelled);
    (node, modelled)
}

/// Resolves a column name to its index.
type ColumnIndex<'a> = &'a dyn Fn(&str) -> Option<usize>;

/// Compile one expression; `ok` is cleared when a part is not modelled.
fn comp(e: &Expr, col: ColumnIndex, ok: &mut bool) -> Node {
    let mut c = |x: &Expr| Box::new(comp(x, col, ok));
    match e {
        Expr::Column { name } => match col(name) {
            Some(i) => Node::Col(i),
            None => unknown(ok),
        },
        Expr::Literal { value } => Node::Lit(literal(value)),
        Expr::Cast { expr, to } => cast(c(expr), to),
        Expr::Binary { op, left, right } => {
            if op.is_pattern_match() {
                return comp_match(*op, left, right, col, ok);
            }
            Node::Bin(*op, c(left), c(right))
        }
        Expr::Not { expr } => Node::Not(c(expr)),
        Expr::Negate { expr } => {
            Node::Bin(BinOp::Minus, Box::new(Node::Lit(Ev::Num(0.0))), c(expr))
        }
        Expr::IsNull { expr, negated } => Node::IsNull(c(expr), *negated),
        Expr::IsBool {
            expr,
            value,
            negated,
        } => Node::IsBool(c(expr), *value, *negated),
        Expr::Between {
            expr,
            low,
            high,
            negated,
        } => Node::Between(c(expr), c(low), c(high), *negated),
        Expr::InList {
            expr,
            list,
            negated,
        } => Node::InList(
            c(expr),
            list.iter().map(|x| comp(x, col, ok)).collect(),
            *negated,
        ),
        Expr::AnyOp {
            left,
            op,
            right,
            all,
        } => Node::Any {
            left: c(left),
            op: *op,
            right: c(right),
            all: *all,
        },
        Expr::Array { elements } => {
            Node::Array(elements.iter().map(|x| comp(x, col, ok)).collect())
        }
        Expr::Like {
            expr,
            pattern,
            negated,
            case_insensitive,
            similar,
        } => comp_like(
            expr,
            pattern,
            *negated,
            *case_insensitive,
            *similar,
            col,
            ok,
        ),
        Expr::Function { name, args } => comp_function(name, args, col, ok),
        Expr::Case {
            operand,
            branches,
            otherwise,
        } => Node::Case(
            operand.as_deref().map(&mut c),
            branches
                .iter()
                .map(|b| (comp(&b.when, col, ok), comp(&b.then, col, ok)))
                .collect(),
            otherwise.as_deref().map(|o| Box::new(comp(o, col, ok))),
        ),
        Expr::Unsupported { .. } => unknown(ok),
    }
}

/// A part the evaluator does not model: unknown, and the whole is not fully modelled.
fn unknown(ok: &mut bool) -> Node {
    *ok = false;
    Node::Unknown
}

fn literal(value: &Literal) -> Ev<'static> {
    match value {
        Literal::Null => Ev::Null,
        Literal::Bool(b) => Ev::Bool(*b),
        Literal::Number(n) => n.parse().map(Ev::Num).unwrap_or(Ev::Unknown),
        Literal::String(s) => Ev::Text(Cow::Owned(s.clone())),
    }
}

/// A cast that changes how values compare becomes a cast node; any other is transparent.
fn cast(inner: Box<Node>, to: &str) -> Node {
    let base = to.trim_end_matches("[]");
    if to.ends_with("[]") {
        return *inner;
    }
    if base.starts_with("timestamp") || base == "date" {
        Node::CastTime(inner)
    } else if [
        "numeric",
        "integer",
        "bigint",
        "smallint",
        "real",
        "double precision",
        "int",
        "int4",
        "int8",
        "int2",
        "decimal",
    ]
    .iter()
    .any(|t| base.starts_with(t))
    {
        Node::CastNum(inner)
    } else if base == "text" || base.starts_with("character") || base.starts_with("varchar") {
        Node::CastText(inner)
    } else if base == "jsonb" || base == "json" {
        Node::CastJson(inner)
    } else {
        *inner
    }
}

/// A match operator with a literal pattern compiles to a regex; any other is unknown.
fn comp_match(op: BinOp, left: &Expr, right: &Expr, col: ColumnIndex, ok: &mut bool) -> Node {
    let pattern = pattern_of(right);
    let (pat, ci, neg) = match (op, pattern) {
        (BinOp::RegexMatch, Some(p)) => (Some(p), false, false),
        (BinOp::RegexIMatch, Some(p)) => (Some(p), true, false),
        (BinOp::RegexNotMatch, Some(p)) => (Some(p), false, true),
        (BinOp::RegexNotIMatch, Some(p)) => (Some(p), true, true),
        (BinOp::LikeMatch, Some(p)) => (Some(like_to_regex(&p)), false, false),
        (BinOp::ILikeMatch, Some(p)) => (Some(like_to_regex(&p)), true, false),
        (BinOp::NotLikeMatch, Some(p)) => (Some(like_to_regex(&p)), false, true),
        (BinOp::NotILikeMatch, Some(p)) => (Some(like_to_regex(&p)), true, true),
        _ => (None, false, false),
    };
    let re = pat.and_then(|p| Matcher::new(&p, ci));
    match re {
        Some(re) => Node::Regex {
            expr: Box::new(comp(left, col, ok)),
            re: Arc::new(re),
            negated: neg,
        },
        None => unknown(ok),
    }
}

/// `LIKE` / `ILIKE` / `SIMILAR TO` with a literal pattern compiles to a regex.
fn comp_like(
    expr: &Expr,
    pattern: &Expr,
    negated: bool,
    case_insensitive: bool,
    similar: bool,
    col: ColumnIndex,
    ok: &mut bool,
) -> Node {
    let p = pattern_of(pattern).map(|p| {
        if similar {
            similar_to_regex(&p)
        } else {
            like_to_regex(&p)
        }
    });
    match p.and_then(|p| Matcher::new(&p, case_insensitive)) {
        Some(re) => Node::Regex {
            expr: Box::new(comp(expr, col, ok)),
            re: Arc::new(re),
            negated,
        },
        None => unknown(ok),
    }
}

/// The functions the evaluator models, by bare name; any other is unknown.
fn comp_function(name: &str, args: &[Expr], col: ColumnIndex, ok: &mut bool) -> Node {
    let bare = name.rsplit('.').next().unwrap_or(name);
    let f = match bare {
        "char_length" | "character_length" | "length" => Func::CharLength,
        "octet_length" => Func::OctetLength,
        "lower" => Func::Lower,
        "upper" => Func::Upper,
        "btrim" | "trim" => Func::Trim,
        "jsonb_typeof" | "json_typeof" => Func::JsonTypeof,
        "array_length" => Func::ArrayLength,
        "cardinality" => Func::Cardinality,
        "coalesce" => Func::Coalesce,
        "abs" => Func::Abs,
        "num_nonnulls" => Func::NumNonNulls,
        "num_nulls" => Func::NumNulls,
        "rpad" => {
            let width = args.get(1).and_then(Expr::as_literal);
            let spaces = args.get(2).map(Expr::as_literal);
            let blank = spaces.is_none_or(|s| s == Some(Literal::String(" ".into())));
            match width {
                Some(Literal::Number(n)) if blank => match n.parse::<usize>() {
                    Ok(n) => Func::PadTo(n),
                    Err(_) => return unknown(ok),
                },
                _ => return unknown(ok),
            }
        }
        _ => return unknown(ok),
    };
    Node::Func(f, args.iter().map(|a| comp(a, col, ok)).collect())
}

/// The literal text of a pattern operand, including `similar_to_escape('…')` as PostgreSQL
/// prints `SIMILAR TO`.
fn pattern_of(e: &Expr) -> Option<String> {
    match e.strip_casts() {
        Expr::Function { name, args }
            if name.ends_with("similar_to_escape") || name.ends_with("similar_escape") =>
        {
            match args.first()?.as_literal()? {
                Literal::String(s) => Some(similar_to_regex(&s)),
                _ => None,
            }
        }
        other => match other.as_literal()? {
            Literal::String(s) => Some(s),
            _ => None,
        },
    }
}

/// LIKE pattern → anchored regex (`%` any run, `_` one character, `\` escapes).
pub fn like_to_regex(p: &str) -> String {
    let mut out = String::from("^");
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push_str(&regex::escape(&n.to_string()));
                }
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

/// SIMILAR TO pattern → anchored regex.
pub fn similar_to_regex(p: &str) -> String {
    let mut out = String::from("^(?:");
    let mut chars = p.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '%' if !in_class => out.push_str(".*"),
            '_' if !in_class => out.push('.'),
            '[' => {
                in_class = true;
                out.push('[')
            }
            ']' => {
                in_class = false;
                out.push(']')
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push_str(&regex::escape(&n.to_string()));
                }
            }
            '.' | '^' | '$' if !in_class => out.push_str(&regex::escape(&c.to_string())),
            c => out.push(c),
        }
    }
    out.push_str(")$");
    out
}

impl<'a> Ev<'a> {
    pub fn of(v: &'a Value) -> Ev<'a> {
        match v {
            Value::Null => Ev::Null,
            Value::Bool(b) => Ev::Bool(*b),
            Value::Int(i) => Ev::Num(*i as f64),
            Value::Float(f) => Ev::Num(*f),
            Value::Numeric { unscaled, scale } => {
                Ev::Num(*unscaled as f64 / 10f64.powi(*scale as i32))
            }
            Value::Money(c) => Ev::Num(*c as f64 / 100.0),
            Value::Text(s) => Ev::Text(Cow::Borrowed(s)),
            Value::Json(s) => Ev::Json(Cow::Borrowed(s)),
            Value::Date(d) => Ev::Time((*d as i64).saturating_mul(MICROS_PER_DAY)),
            Value::Timestamp(t) => Ev::Time(*t),
            Value::Array(items) => Ev::Array(items.iter().map(Ev::of).collect()),
            Value::Uuid(_) | Value::Inet { .. } | Value::MacAddr(_) => {
                Ev::Text(Cow::Owned(v.to_text(true)))
            }
            _ => Ev::Unknown,
        }
    }

    fn truth(&self) -> Option<bool> {
        match self {
            Ev::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn as_num(&self) -> Option<f64> {
        match self {
            Ev::Num(n) => Some(*n),
            Ev::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn as_time(&self) -> Option<i64> {
        match self {
            Ev::Time(t) => Some(*t),
            Ev::Text(s) => parse_timestamp(s),
            _ => None,
        }
    }

    fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Ev::Text(s) | Ev::Json(s) => Some(Cow::Borrowed(s.as_ref())),
            Ev::Num(n) => Some(Cow::Owned(n.to_string())),
            Ev::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }
}

/// Evaluate a compiled node on a row.
pub fn eval<'a>(n: &Node, row: &'a [Value]) -> Ev<'a> {
    match n {
        Node::Col(i) => Ev::of(&row[*i]),
        Node::Lit(v) => v.clone(),
        Node::CastTime(x) => match eval(x, row) {
            Ev::Null => Ev::Null,
            v => v.as_time().map(Ev::Time).unwrap_or(Ev::Unknown),
        },
        Node::CastNum(x) => match eval(x, row) {
            Ev::Null => Ev::Null,
            v => v.as_num().map(Ev::Num).unwrap_or(Ev::Unknown),
        },
        Node::CastText(x) => match eval(x, row) {
            Ev::Json(s) => Ev::Text(s),
            v => v,
        },
        Node::Bin(op, l, r) => bin(*op, eval(l, row), eval(r, row)),
        Node::Regex { expr, re, negated } => match eval(expr, row) {
            Ev::Null => Ev::Null,
            Ev::Unknown => Ev::Unknown,
            v => match v.as_text() {
                Some(s) => Ev::Bool(re.is_match(&s) != *negated),
                None => Ev::Unknown,
            },
        },
        Node::Not(x) => match eval(x, row) {
            Ev::Bool(v) => Ev::Bool(!v),
            Ev::Unknown => Ev::Unknown,
            _ => Ev::Null,
        },
        Node::IsNull(x, negated) => match eval(x, row) {
            Ev::Unknown => Ev::Unknown,
            v => Ev::Bool((v == Ev::Null) != *negated),
        },
        Node::IsBool(x, value, negated) => match eval(x, row) {
            Ev::Unknown => Ev::Unknown,
            v => Ev::Bool((v.truth() == Some(*value)) != *negated),
        },
        Node::Between(x, lo, hi, negated) => {
            let v = eval(x, row);
            let a = bin(BinOp::GtEq, v.clone(), eval(lo, row));
            let c = bin(BinOp::LtEq, v, eval(hi, row));
            let r = bin(BinOp::And, a, c);
            if *negated { not(r) } else { r }
        }
        Node::InList(x, list, negated) => {
            let v = eval(x, row);
            let r = any_of(&v, BinOp::Eq, list.iter().map(|n| eval(n, row)), false);
            if *negated { not(r) } else { r }
        }
        Node::Any {
            left,
            op,
            right,
            all,
        } => {
            let v = eval(left, row);
            match eval(right, row) {
                Ev::Array(items) => any_of(&v, *op, items.into_iter(), *all),
                Ev::Null => Ev::Null,
                _ => Ev::Unknown,
            }
        }
        Node::Array(items) => Ev::Array(items.iter().map(|n| eval(n, row)).collect()),
        Node::Func(f @ (Func::Coalesce | Func::NumNulls | Func::NumNonNulls), args) => {
            of_all(*f, args.iter().map(|a| eval(a, row)).collect())
        }
        // The others read their first argument only: no vector per row (a CHECK such as
        // `char_length(name) <= 100` is evaluated on every generated row).
        Node::Func(f, args) => func(*f, args.first().map_or(Ev::Null, |a| eval(a, row))),
        Node::Case(operand, branches, otherwise) => {
            case(operand.as_deref(), branches, otherwise.as_deref(), row)
        }
        Node::CastJson(x) => match eval(x, row) {
            Ev::Text(s) => Ev::Json(s),
            v => v,
        },
        Node::Unknown => Ev::Unknown,
    }
}

/// The first branch whose condition is true (equal to the operand, in the simple form) gives
/// the value; none: the `ELSE`, or NULL. An unknown condition makes the whole unknown.
fn case<'a>(
    operand: Option<&Node>,
    branches: &[(Node, Node)],
    otherwise: Option<&Node>,
    row: &'a [Value],
) -> Ev<'a> {
    let subject = operand.map(|o| eval(o, row));
    for (when, then) in branches {
        let w = eval(when, row);
        let hit = match &subject {
            Some(s) => bin(BinOp::Eq, s.clone(), w),
            None => w,
        };
        match hit {
            Ev::Bool(true) => return eval(then, row),
            Ev::Unknown => return Ev::Unknown,
            _ => {}
        }
    }
    otherwise.map_or(Ev::Null, |o| eval(o, row))
}

/// The JSON document a value holds (a jsonb column, or text cast to jsonb).
fn json_of(v: &Ev) -> Option<serde_json::Value> {
    match v {
        Ev::Json(s) | Ev::Text(s) => serde_json::from_str(s).ok(),
        _ => None,
    }
}

/// The key list of `?&` / `?|`: an array of texts, or a `'{a,b}'` array literal.
fn key_list(v: &Ev) -> Option<Vec<String>> {
    match v {
        Ev::Array(items) => items
            .iter()
            .map(|i| i.as_text().map(|t| t.into_owned()))
            .collect(),
        Ev::Text(s) => {
            let inner = s.trim().strip_prefix('{')?.strip_suffix('}')?;
            Some(
                inner
                    .split(',')
                    .map(|k| k.trim().trim_matches('"').to_string())
                    .filter(|k| !k.is_empty())
                    .collect(),
            )
        }
        _ => None,
    }
}

/// Does a JSON document have key `k` (an object key, or a string element of an array)?
fn has_key(doc: &serde_json::Value, k: &str) -> bool {
    match doc {
        serde_json::Value::Object(m) => m.contains_key(k),
        serde_json::Value::Array(a) => a.iter().any(|v| v.as_str() == Some(k)),
        serde_json::Value::String(s) => s == k,
        _ => false,
    }
}

/// jsonb containment (`@>`): objects by key, arrays by element, scalars by equality.
pub fn json_contains(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Object(x), J::Object(y)) => y
            .iter()
            .all(|(k, v)| x.get(k).is_some_and(|xv| json_contains(xv, v))),
        (J::Array(x), J::Array(y)) => y.iter().all(|v| x.iter().any(|xv| json_contains(xv, v))),
        (J::Array(x), scalar) if !scalar.is_object() => x.iter().any(|xv| xv == scalar),
        (x, y) => x == y,
    }
}

/// `?&`, `?|` and `@>` (on jsonb or arrays).
fn json_op<'a>(op: BinOp, l: &Ev<'a>, r: &Ev<'a>) -> Ev<'a> {
    if let (BinOp::Contains, Ev::Array(a), Ev::Array(b)) = (op, l, r) {
        return Ev::Bool(b.iter().all(|y| {
            a.iter()
                .any(|x| bin(BinOp::Eq, x.clone(), y.clone()) == Ev::Bool(true))
        }));
    }
    let Some(doc) = json_of(l) else {
        return Ev::Unknown;
    };
    match op {
        BinOp::Contains => match json_of(r) {
            Some(other) => Ev::Bool(json_contains(&doc, &other)),
            None => Ev::Unknown,
        },
        _ => match key_list(r) {
            Some(keys) if op == BinOp::JsonHasAll => {
                Ev::Bool(keys.iter().all(|k| has_key(&doc, k)))
            }
            Some(keys) => Ev::Bool(keys.iter().any(|k| has_key(&doc, k))),
            None => Ev::Unknown,
        },
    }
}

fn not(v: Ev) -> Ev {
    match v {
        Ev::Bool(b) => Ev::Bool(!b),
        other => other,
    }
}

fn any_of<'a>(v: &Ev<'a>, op: BinOp, items: impl Iterator<Item = Ev<'a>>, all: bool) -> Ev<'a> {
    let mut saw_null = false;
    for item in items {
        match bin(op, v.clone(), item) {
            Ev::Bool(true) if !all => return Ev::Bool(true),
            Ev::Bool(false) if all => return Ev::Bool(false),
            Ev::Bool(_) => {}
            Ev::Unknown => return Ev::Unknown,
            _ => saw_null = true,
        }
    }
    if saw_null { Ev::Null } else { Ev::Bool(all) }
}

fn bin<'a>(op: BinOp, l: Ev<'a>, r: Ev<'a>) -> Ev<'a> {
    if l == Ev::Unknown || r == Ev::Unknown {
        // Unknown AND false is still false; unknown OR true still true.
        return match (op, l.truth(), r.truth()) {
            (BinOp::And, Some(false), _) | (BinOp::And, _, Some(false)) => Ev::Bool(false),
            (BinOp::Or, Some(true), _) | (BinOp::Or, _, Some(true)) => Ev::Bool(true),
            _ => Ev::Unknown,
        };
    }
    match op {
        BinOp::And => match (l.truth(), r.truth()) {
            (Some(false), _) | (_, Some(false)) => Ev::Bool(false),
            (Some(true), Some(true)) => Ev::Bool(true),
            _ => Ev::Null,
        },
        BinOp::Or => match (l.truth(), r.truth()) {
            (Some(true), _) | (_, Some(true)) => Ev::Bool(true),
            (Some(false), Some(false)) => Ev::Bool(false),
            _ => Ev::Null,
        },
        _ if l == Ev::Null || r == Ev::Null => Ev::Null,
        op if op.is_comparison() => {
            let ord = match (&l, &r) {
                (Ev::Num(a), _) => r.as_num().and_then(|b| a.partial_cmp(&b)),
                (_, Ev::Num(b)) => l.as_num().and_then(|a| a.partial_cmp(b)),
                (Ev::Time(a), _) => r.as_time().map(|b| a.cmp(&b)),
                (_, Ev::Time(b)) => l.as_time().map(|a| a.cmp(b)),
                (Ev::Bool(a), Ev::Bool(b)) => Some(a.cmp(b)),
                (Ev::Bool(a), Ev::Text(t)) | (Ev::Text(t), Ev::Bool(a)) => {
                    let tb = matches!(t.as_ref(), "t" | "true" | "yes" | "on" | "1");
                    return match op {
                        BinOp::Eq => Ev::Bool(*a == tb),
                        BinOp::NotEq => Ev::Bool(*a != tb),
                        _ => Ev::Unknown,
                    };
                }
                _ => match (l.as_text(), r.as_text()) {
                    (Some(a), Some(b)) => Some(a.as_ref().cmp(b.as_ref())),
                    _ => None,
                },
            };
            let Some(ord) = ord else {
                return Ev::Unknown;
            };
            use std::cmp::Ordering::*;
            Ev::Bool(match op {
                BinOp::Eq => ord == Equal,
                BinOp::NotEq => ord != Equal,
                BinOp::Lt => ord == Less,
                BinOp::LtEq => ord != Greater,
                BinOp::Gt => ord == Greater,
                BinOp::GtEq => ord != Less,
                _ => unreachable!(),
            })
        }
        BinOp::Plus | BinOp::Minus | BinOp::Multiply | BinOp::Divide | BinOp::Modulo => {
            match (l.as_num(), r.as_num()) {
                (Some(a), Some(b)) => Ev::Num(match op {
                    BinOp::Plus => a + b,
                    BinOp::Minus => a - b,
                    BinOp::Multiply => a * b,
                    BinOp::Divide if b != 0.0 => a / b,
                    BinOp::Modulo if b != 0.0 => a % b,
                    _ => return Ev::Unknown,
                }),
                _ => Ev::Unknown,
            }
        }
        BinOp::Concat => match (l.as_text(), r.as_text()) {
            (Some(a), Some(b)) => Ev::Text(Cow::Owned(format!("{a}{b}"))),
            _ => Ev::Unknown,
        },
        BinOp::JsonHasKey => match (&l, r.as_text()) {
            (Ev::Json(doc), Some(k)) => match serde_json::from_str::<serde_json::Value>(doc) {
                Ok(v) => Ev::Bool(has_key(&v, &k)),
                Err(_) => Ev::Unknown,
            },
            _ => Ev::Unknown,
        },
        BinOp::JsonHasAll | BinOp::JsonHasAny | BinOp::Contains => json_op(op, &l, &r),
        BinOp::JsonGet | BinOp::JsonGetText => match &l {
            Ev::Json(doc) => {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(doc) else {
                    return Ev::Unknown;
                };
                let got = match (&v, &r) {
                    (serde_json::Value::Object(m), _) => {
                        r.as_text().and_then(|k| m.get(k.as_ref()).cloned())
                    }
                    (serde_json::Value::Array(a), Ev::Num(i)) => a.get(*i as usize).cloned(),
                    _ => None,
                };
                match got {
                    None => Ev::Null,
                    Some(serde_json::Value::String(s)) if op == BinOp::JsonGetText => {
                        Ev::Text(Cow::Owned(s))
                    }
                    Some(serde_json::Value::Null) if op == BinOp::JsonGetText => Ev::Null,
                    Some(other) if op == BinOp::JsonGetText => {
                        Ev::Text(Cow::Owned(other.to_string()))
                    }
                    Some(other) => Ev::Json(Cow::Owned(other.to_string())),
                }
            }
            _ => Ev::Unknown,
        },
        _ => Ev::Unknown,
    }
}

/// `coalesce`, `num_nulls`, `num_nonnulls`: the functions that read every argument.
fn of_all(f: Func, args: Vec<Ev>) -> Ev {
    if f == Func::Coalesce {
        return args
            .into_iter()
            .find(|a| *a != Ev::Null)
            .unwrap_or(Ev::Null);
    }
    if args.contains(&Ev::Unknown) {
        return Ev::Unknown;
    }
    let nulls = args.iter().filter(|a| **a == Ev::Null).count();
    let n = if f == Func::NumNulls {
        nulls
    } else {
        args.len() - nulls
    };
    Ev::Num(n as f64)
}

/// A function of its first argument (NULL when it has none); strict: NULL gives NULL.
fn func(f: Func, first: Ev) -> Ev {
    if first == Ev::Null {
        return Ev::Null;
    }
    match f {
        Func::CharLength => match first.as_text() {
            Some(s) => Ev::Num(s.chars().count() as f64),
            None => Ev::Unknown,
        },
        Func::OctetLength => match first.as_text() {
            Some(s) => Ev::Num(s.len() as f64),
            None => Ev::Unknown,
        },
        Func::Lower => match first.as_text() {
            Some(s) => Ev::Text(Cow::Owned(s.to_lowercase())),
            None => Ev::Unknown,
        },
        Func::Upper => match first.as_text() {
            Some(s) => Ev::Text(Cow::Owned(s.to_uppercase())),
            None => Ev::Unknown,
        },
        Func::PadTo(n) => match first.as_text() {
            Some(s) => {
                let mut out: String = s.chars().take(n).collect();
                let have = out.chars().count();
                out.extend(std::iter::repeat_n(' ', n - have));
                Ev::Text(Cow::Owned(out))
            }
            None => Ev::Unknown,
        },
        Func::Trim => match first.as_text() {
            Some(s) => Ev::Text(Cow::Owned(s.trim().to_string())),
            None => Ev::Unknown,
        },
        // Validated without building the document: a valid one's type is its first token's.
        Func::JsonTypeof => match &first {
            Ev::Json(doc) => match serde_json::from_str::<serde::de::IgnoredAny>(doc) {
                Ok(_) => Ev::Text(Cow::Borrowed(match doc.trim_start().as_bytes().first() {
                    Some(b'{') => "object",
                    Some(b'[') => "array",
                    Some(b'"') => "string",
                    Some(b't' | b'f') => "boolean",
                    Some(b'n') => "null",
                    _ => "number",
                })),
                Err(_) => Ev::Unknown,
            },
            _ => Ev::Unknown,
        },
        // array_length of an empty array is NULL in PostgreSQL; cardinality is 0.
        Func::ArrayLength => match &first {
            Ev::Array(a) if a.is_empty() => Ev::Null,
            Ev::Array(a) => Ev::Num(a.len() as f64),
            _ => Ev::Unknown,
        },
        Func::Cardinality => match &first {
            Ev::Array(a) => Ev::Num(a.len() as f64),
            _ => Ev::Unknown,
        },
        Func::Coalesce | Func::NumNonNulls | Func::NumNulls => of_all(f, vec![first]),
        Func::Abs => first
            .as_num()
            .map(|n| Ev::Num(n.abs()))
            .unwrap_or(Ev::Unknown),
    }
}

/// Does the row pass? `None` when the result is unknown (not modelled).
pub fn passes(n: &Node, row: &[Value]) -> Option<bool> {
    match eval(n, row) {
        Ev::Bool(false) => Some(false),
        Ev::Unknown => None,
        _ => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sql: &str, cols: &[&str], row: &[Value]) -> Option<bool> {
        let e = Expr::parse(sql);
        let (n, _) = compile(&e, &|name| cols.iter().position(|c| *c == name));
        passes(&n, row)
    }

    #[test]
    fn far_dates_do_not_overflow() {
        // Found by tests/fuzz.rs: a date's days times microseconds overflowed i64.
        let far = Value::Date(i32::MAX);
        assert_eq!(
            check(
                "(d IN (a)) IS NULL",
                &["a", "d"],
                &[Value::Null, far.clone()]
            ),
            Some(true)
        );
        assert_eq!(check("d > '2024-01-01'::date", &["d"], &[far]), Some(true));
    }

    #[test]
    fn comparisons_and_null_semantics() {
        assert_eq!(
            check("(usage_count >= 0)", &["usage_count"], &[Value::Int(3)]),
            Some(true)
        );
        assert_eq!(
            check("(usage_count >= 0)", &["usage_count"], &[Value::Int(-1)]),
            Some(false)
        );
        // NULL passes a CHECK.
        assert_eq!(
            check("(usage_count >= 0)", &["usage_count"], &[Value::Null]),
            Some(true)
        );
        let ts = |s: &str| Value::Timestamp(parse_timestamp(s).unwrap());
        assert_eq!(
            check(
                "((shipped_at IS NULL) OR (shipped_at >= placed_at))",
                &["shipped_at", "placed_at"],
                &[ts("2024-01-01"), ts("2024-02-01")]
            ),
            Some(false)
        );
        assert_eq!(
            check(
                "(birth_date > '1900-01-01'::date)",
                &["birth_date"],
                &[Value::Date(100)]
            ),
            Some(true)
        );
    }

    #[test]
    fn patterns_lists_and_functions() {
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(
            check(
                "((role)::text = ANY ((ARRAY['user'::character varying, 'admin'::character varying])::text[]))",
                &["role"],
                &[t("admin")]
            ),
            Some(true)
        );
        assert_eq!(
            check(
                "((role)::text = ANY ((ARRAY['user'::character varying])::text[]))",
                &["role"],
                &[t("root")]
            ),
            Some(false)
        );
        assert_eq!(
            check(
                "((version)::text ~ '^[0-9]+\\.[0-9]+\\.[0-9]+.*$'::text)",
                &["version"],
                &[t("1.2.3")]
            ),
            Some(true)
        );
        assert_eq!(
            check(
                "((email)::text ~* '^[a-z]+@x\\.com$'::text)",
                &["email"],
                &[t("AB@X.COM")]
            ),
            Some(true)
        );
        assert_eq!(
            check(
                "((char_length((name)::text) >= 2) AND (char_length((name)::text) <= 100))",
                &["name"],
                &[t("a")]
            ),
            Some(false)
        );
        assert_eq!(
            check(
                "(jsonb_typeof(configuration) = 'object'::text)",
                &["configuration"],
                &[Value::Json("{}".into())]
            ),
            Some(true)
        );
        assert_eq!(
            check(
                "(jsonb_typeof(configuration) = 'object'::text)",
                &["configuration"],
                &[Value::Json("[]".into())]
            ),
            Some(false)
        );
        assert_eq!(
            check(
                "(cardinality(tags) <= 5)",
                &["tags"],
                &[Value::Array(vec![t("a"); 6])]
            ),
            Some(false)
        );
        assert_eq!(
            check("((code)::text ~~ 'A%'::text)", &["code"], &[t("Abc")]),
            Some(true)
        );
        assert_eq!(
            check(
                "validate_template_schema(schema)",
                &["schema"],
                &[Value::Json("{}".into())]
            ),
            None
        );
        assert_eq!(
            check(
                "((schema ? 'variables'::text) AND (schema ? 'files'::text))",
                &["schema"],
                &[Value::Json("{\"variables\":[]}".into())]
            ),
            Some(false)
        );
    }

    #[test]
    fn implication_between_enum_and_nullability() {
        let sql = "((status = ANY (ARRAY['shipped'::shop.order_status, 'delivered'::shop.order_status])) = (shipped_at IS NOT NULL))";
        let cols = ["status", "shipped_at"];
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(
            check(sql, &cols, &[t("shipped"), Value::Timestamp(0)]),
            Some(true)
        );
        assert_eq!(
            check(sql, &cols, &[t("pending"), Value::Timestamp(0)]),
            Some(false)
        );
        assert_eq!(check(sql, &cols, &[t("pending"), Value::Null]), Some(true));
    }

    #[test]
    fn jsonb_key_sets_containment_and_case() {
        let j = |s: &str| Value::Json(s.into());
        let doc = r#"{"a":1,"b":[1,2],"c":{"d":true}}"#;
        assert_eq!(
            check("(x ?& ARRAY['a'::text, 'b'::text])", &["x"], &[j(doc)]),
            Some(true)
        );
        assert_eq!(
            check("(x ?& ARRAY['a'::text, 'z'::text])", &["x"], &[j(doc)]),
            Some(false)
        );
        assert_eq!(
            check("(x ?| ARRAY['z'::text, 'b'::text])", &["x"], &[j(doc)]),
            Some(true)
        );
        assert_eq!(
            check("(x @> '{\"c\": {\"d\": true}}'::jsonb)", &["x"], &[j(doc)]),
            Some(true)
        );
        assert_eq!(
            check("(x @> '{\"b\": [3]}'::jsonb)", &["x"], &[j(doc)]),
            Some(false)
        );
        let case =
            "(CASE WHEN (n > 10) THEN (m IS NOT NULL) WHEN (n < 0) THEN false ELSE true END)";
        let cols = ["n", "m"];
        assert_eq!(
            check(case, &cols, &[Value::Int(11), Value::Null]),
            Some(false)
        );
        assert_eq!(
            check(case, &cols, &[Value::Int(11), Value::Int(1)]),
            Some(true)
        );
        assert_eq!(
            check(case, &cols, &[Value::Int(-1), Value::Int(1)]),
            Some(false)
        );
        assert_eq!(
            check(case, &cols, &[Value::Int(5), Value::Null]),
            Some(true)
        );
        let simple = "(CASE kind WHEN 'a'::text THEN (n > 0) ELSE (n < 0) END)";
        let cols = ["kind", "n"];
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(check(simple, &cols, &[t("a"), Value::Int(1)]), Some(true));
        assert_eq!(check(simple, &cols, &[t("b"), Value::Int(1)]), Some(false));
    }

    #[test]
    fn null_counting_and_xor_forms() {
        let cols = ["a", "b", "c"];
        let one = "(num_nonnulls(a, b, c) = 1)";
        assert_eq!(
            check(one, &cols, &[Value::Int(1), Value::Null, Value::Null]),
            Some(true)
        );
        assert_eq!(
            check(one, &cols, &[Value::Int(1), Value::Int(2), Value::Null]),
            Some(false)
        );
        assert_eq!(
            check(
                "(num_nulls(a, b, c) = 3)",
                &cols,
                &[Value::Null, Value::Null, Value::Null]
            ),
            Some(true)
        );
        let xor = "((a IS NULL) <> (b IS NULL))";
        assert_eq!(
            check(xor, &cols, &[Value::Null, Value::Int(1), Value::Null]),
            Some(true)
        );
        assert_eq!(
            check(xor, &cols, &[Value::Null, Value::Null, Value::Null]),
            Some(false)
        );
    }
}
