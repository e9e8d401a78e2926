//! SQL expressions of CHECK constraints, index predicates and expression keys, parsed into a small
//! tree of our own.
//!
//! The text comes from `pg_get_expr`, so it is PostgreSQL's own normalised spelling (`BETWEEN`
//! already expanded, `IN (…)` turned into `= ANY (ARRAY[…])`, `LIKE` into `~~`). We parse it with
//! `sqlparser` (a real SQL parser: regexes cannot follow nesting, casts and quoting) and convert
//! the parts we model into [`Expr`]; anything else becomes [`Expr::Unsupported`] holding its SQL,
//! which later stages verify on the server rather than guess at.

// Not part of the documented API (the crate is embedded through lib.rs); the model's JSON
// form is documented in docs/model.md instead.
#![allow(missing_docs)]

use serde::{Deserialize, Serialize};
use sqlparser::ast;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Expr {
    Column {
        name: String,
    },
    Literal {
        value: Literal,
    },
    Cast {
        expr: Box<Expr>,
        /// Target type as written, lower case (`text`, `numeric`, `shop.order_status`).
        to: String,
    },
    Binary {
        op: BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Not {
        expr: Box<Expr>,
    },
    Negate {
        expr: Box<Expr>,
    },
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `IS [NOT] TRUE/FALSE`.
    IsBool {
        expr: Box<Expr>,
        value: bool,
        negated: bool,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    InList {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    /// `left op ANY (right)` (or `ALL` when `all`).
    AnyOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
        all: bool,
    },
    Array {
        elements: Vec<Expr>,
    },
    /// `LIKE`/`ILIKE`/`SIMILAR TO` written with their keywords (PostgreSQL prints `~~` instead,
    /// which arrives as a [`BinOp`]).
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        negated: bool,
        case_insensitive: bool,
        similar: bool,
    },
    Function {
        name: String,
        args: Vec<Expr>,
    },
    /// `CASE [operand] WHEN … THEN … [ELSE …] END` (also what a PL/pgSQL `IF … RETURN` body
    /// becomes).
    Case {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operand: Option<Box<Expr>>,
        branches: Vec<CaseBranch>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        otherwise: Option<Box<Expr>>,
    },
    /// Something we do not model; `sql` is its text.
    Unsupported {
        sql: String,
    },
}

/// One `WHEN … THEN …` of a [`Expr::Case`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseBranch {
    pub when: Expr,
    pub then: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Literal {
    Null,
    Bool(bool),
    /// Numbers keep their text so that `numeric` precision is not lost.
    Number(String),
    String(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
    Plus,
    Minus,
    Multiply,
    Divide,
    Modulo,
    Concat,
    /// `~`
    RegexMatch,
    /// `~*`
    RegexIMatch,
    /// `!~`
    RegexNotMatch,
    /// `!~*`
    RegexNotIMatch,
    /// `~~` (LIKE)
    LikeMatch,
    /// `~~*` (ILIKE)
    ILikeMatch,
    /// `!~~`
    NotLikeMatch,
    /// `!~~*`
    NotILikeMatch,
    /// `?` (jsonb has key)
    JsonHasKey,
    /// `->`
    JsonGet,
    /// `->>`
    JsonGetText,
    /// `?&` (jsonb has all keys)
    JsonHasAll,
    /// `?|` (jsonb has any key)
    JsonHasAny,
    /// `@>` (contains)
    Contains,
}

impl BinOp {
    pub fn sql(self) -> &'static str {
        match self {
            BinOp::Eq => "=",
            BinOp::NotEq => "<>",
            BinOp::Lt => "<",
            BinOp::LtEq => "<=",
            BinOp::Gt => ">",
            BinOp::GtEq => ">=",
            BinOp::And => "AND",
            BinOp::Or => "OR",
            BinOp::Plus => "+",
            BinOp::Minus => "-",
            BinOp::Multiply => "*",
            BinOp::Divide => "/",
            BinOp::Modulo => "%",
            BinOp::Concat => "||",
            BinOp::RegexMatch => "~",
            BinOp::RegexIMatch => "~*",
            BinOp::RegexNotMatch => "!~",
            BinOp::RegexNotIMatch => "!~*",
            BinOp::LikeMatch => "~~",
            BinOp::ILikeMatch => "~~*",
            BinOp::NotLikeMatch => "!~~",
            BinOp::NotILikeMatch => "!~~*",
            BinOp::JsonHasKey => "?",
            BinOp::JsonGet => "->",
            BinOp::JsonGetText => "->>",
            BinOp::JsonHasAll => "?&",
            BinOp::JsonHasAny => "?|",
            BinOp::Contains => "@>",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::NotEq | BinOp::Lt | BinOp::LtEq | BinOp::Gt | BinOp::GtEq
        )
    }

    /// The regular-expression and LIKE operators (`~`, `~*`, `!~`, `!~*`, `~~`, `~~*`, `!~~`,
    /// `!~~*`).
    pub fn is_pattern_match(self) -> bool {
        matches!(
            self,
            BinOp::RegexMatch
                | BinOp::RegexIMatch
                | BinOp::RegexNotMatch
                | BinOp::RegexNotIMatch
                | BinOp::LikeMatch
                | BinOp::ILikeMatch
                | BinOp::NotLikeMatch
                | BinOp::NotILikeMatch
        )
    }

    /// `a op b` ⇔ `b flipped(op) a`.
    pub fn flipped(self) -> BinOp {
        match self {
            BinOp::Lt => BinOp::Gt,
            BinOp::LtEq => BinOp::GtEq,
            BinOp::Gt => BinOp::Lt,
            BinOp::GtEq => BinOp::LtEq,
            other => other,
        }
    }
}

impl Expr {
    /// Parse a boolean or scalar SQL expression as PostgreSQL prints it.
    pub fn parse(sql: &str) -> Expr {
        let text = standard_trim_as_functions(sql);
        let parsed = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(&text)
            .and_then(|mut p| p.parse_expr());
        match parsed {
            Ok(e) => convert(&e),
            Err(_) => Expr::Unsupported {
                sql: sql.to_string(),
            },
        }
    }

    /// Parse text that must be one whole expression (nothing after it); `None` otherwise or
    /// when some part is not modelled.
    pub fn parse_whole(sql: &str) -> Option<Expr> {
        Expr::parse_with_unsupported(sql).filter(|e| !e.has_unsupported())
    }

    /// Parse text that must be one whole expression, keeping the parts not modelled as
    /// [`Expr::Unsupported`] (a later reading may understand them, e.g. a trigger's subquery).
    pub fn parse_with_unsupported(sql: &str) -> Option<Expr> {
        let text = standard_trim_as_functions(sql);
        let mut p = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(&text)
            .ok()?;
        let e = p.parse_expr().ok()?;
        if p.peek_token().token != sqlparser::tokenizer::Token::EOF {
            return None;
        }
        Some(convert(&e))
    }

    /// Column names the expression reads, in order of first appearance.
    pub fn columns(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Column { name } = e
                && !out.contains(name)
            {
                out.push(name.clone());
            }
        });
        out
    }

    /// True when some part of the tree is not modelled (so only the server can evaluate it).
    pub fn has_unsupported(&self) -> bool {
        let mut found = false;
        self.visit(&mut |e| {
            if matches!(e, Expr::Unsupported { .. }) {
                found = true;
            }
        });
        found
    }

    /// Function names called anywhere in the tree.
    pub fn functions(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Function { name, .. } = e
                && !out.contains(name)
            {
                out.push(name.clone());
            }
        });
        out
    }

    /// Pre-order walk over every node.
    pub fn visit(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Column { .. } | Expr::Literal { .. } | Expr::Unsupported { .. } => {}
            Expr::Cast { expr, .. }
            | Expr::Not { expr }
            | Expr::Negate { expr }
            | Expr::IsNull { expr, .. }
            | Expr::IsBool { expr, .. } => expr.visit(f),
            Expr::Binary { left, right, .. } | Expr::AnyOp { left, right, .. } => {
                left.visit(f);
                right.visit(f);
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                expr.visit(f);
                low.visit(f);
                high.visit(f);
            }
            Expr::InList { expr, list, .. } => {
                expr.visit(f);
                list.iter().for_each(|e| e.visit(f));
            }
            Expr::Array { elements } => elements.iter().for_each(|e| e.visit(f)),
            Expr::Like { expr, pattern, .. } => {
                expr.visit(f);
                pattern.visit(f);
            }
            Expr::Function { args, .. } => args.iter().for_each(|e| e.visit(f)),
            Expr::Case {
                operand,
                branches,
                otherwise,
            } => {
                operand.iter().for_each(|e| e.visit(f));
                for b in branches {
                    b.when.visit(f);
                    b.then.visit(f);
                }
                otherwise.iter().for_each(|e| e.visit(f));
            }
        }
    }

    /// A copy with nodes replaced: `f` is asked first about every node, top down; where it
    /// answers, its answer stands (and is not walked further).
    pub fn rewrite(&self, f: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
        if let Some(e) = f(self) {
            return e;
        }
        let r = |e: &Expr| Box::new(e.rewrite(f));
        let all = |v: &[Expr]| v.iter().map(|e| e.rewrite(f)).collect::<Vec<_>>();
        match self {
            Expr::Column { .. } | Expr::Literal { .. } | Expr::Unsupported { .. } => self.clone(),
            Expr::Cast { expr, to } => Expr::Cast {
                expr: r(expr),
                to: to.clone(),
            },
            Expr::Binary { op, left, right } => Expr::Binary {
                op: *op,
                left: r(left),
                right: r(right),
            },
            Expr::Not { expr } => Expr::Not { expr: r(expr) },
            Expr::Negate { expr } => Expr::Negate { expr: r(expr) },
            Expr::IsNull { expr, negated } => Expr::IsNull {
                expr: r(expr),
                negated: *negated,
            },
            Expr::IsBool {
                expr,
                value,
                negated,
            } => Expr::IsBool {
                expr: r(expr),
                value: *value,
                negated: *negated,
            },
            Expr::Between {
                expr,
                low,
                high,
                negated,
            } => Expr::Between {
                expr: r(expr),
                low: r(low),
                high: r(high),
                negated: *negated,
            },
            Expr::InList {
                expr,
                list,
                negated,
            } => Expr::InList {
                expr: r(expr),
                list: all(list),
                negated: *negated,
            },
            Expr::AnyOp {
                left,
                op,
                right,
                all,
            } => Expr::AnyOp {
                left: r(left),
                op: *op,
                right: r(right),
                all: *all,
            },
            Expr::Array { elements } => Expr::Array {
                elements: all(elements),
            },
            Expr::Like {
                expr,
                pattern,
                negated,
                case_insensitive,
                similar,
            } => Expr::Like {
                expr: r(expr),
                pattern: r(pattern),
                negated: *negated,
                case_insensitive: *case_insensitive,
                similar: *similar,
            },
            Expr::Function { name, args } => Expr::Function {
                name: name.clone(),
                args: all(args),
            },
            Expr::Case {
                operand,
                branches,
                otherwise,
            } => Expr::Case {
                operand: operand.as_deref().map(r),
                branches: branches
                    .iter()
                    .map(|b| CaseBranch {
                        when: b.when.rewrite(f),
                        then: b.then.rewrite(f),
                    })
                    .collect(),
                otherwise: otherwise.as_deref().map(r),
            },
        }
    }

    /// Split a conjunction into its parts: `a AND (b AND c)` → `[a, b, c]`.
    pub fn conjuncts(&self) -> Vec<&Expr> {
        match self {
            Expr::Binary {
                op: BinOp::And,
                left,
                right,
            } => {
                let mut v = left.conjuncts();
                v.extend(right.conjuncts());
                v
            }
            other => vec![other],
        }
    }

    /// Peel casts off (`(x)::text` → `x`).
    pub fn strip_casts(&self) -> &Expr {
        match self {
            Expr::Cast { expr, .. } => expr.strip_casts(),
            other => other,
        }
    }

    /// The column this expression is, possibly under casts.
    pub fn as_column(&self) -> Option<&str> {
        match self.strip_casts() {
            Expr::Column { name } => Some(name),
            _ => None,
        }
    }

    /// The constant this expression is, possibly under casts or a unary minus.
    pub fn as_literal(&self) -> Option<Literal> {
        match self.strip_casts() {
            Expr::Literal { value } => Some(value.clone()),
            Expr::Negate { expr } => match expr.as_literal()? {
                Literal::Number(n) => Some(Literal::Number(match n.strip_prefix('-') {
                    Some(pos) => pos.to_string(),
                    None => format!("-{n}"),
                })),
                _ => None,
            },
            _ => None,
        }
    }
}

fn convert(e: &ast::Expr) -> Expr {
    use ast::Expr as A;
    match e {
        A::Identifier(id) => Expr::Column {
            name: ident_value(id),
        },
        // `t.col`: keep the last part (table aliases do not occur in CHECKs we read).
        A::CompoundIdentifier(parts) => match parts.last() {
            Some(id) => Expr::Column {
                name: ident_value(id),
            },
            None => unsupported(e),
        },
        A::Nested(inner) => convert(inner),
        A::Value(_) | A::TypedString(_) | A::Cast { .. } => convert_constant_or_cast(e),
        A::BinaryOp { .. } | A::UnaryOp { .. } | A::AnyOp { .. } | A::AllOp { .. } => {
            convert_operator(e)
        }
        A::IsNull(_)
        | A::IsNotNull(_)
        | A::IsTrue(_)
        | A::IsNotTrue(_)
        | A::IsFalse(_)
        | A::IsNotFalse(_)
        | A::Between { .. }
        | A::InList { .. } => convert_test(e),
        A::Like { .. } | A::ILike { .. } | A::SimilarTo { .. } => convert_pattern(e),
        A::Array(arr) => Expr::Array {
            elements: arr.elem.iter().map(convert).collect(),
        },
        A::Function(f) => convert_function(e, f),
        // The SQL-standard forms with keywords, as the functions PostgreSQL runs for them.
        A::Trim {
            trim_where,
            trim_what: None,
            expr,
            trim_characters: None,
        } => Expr::Function {
            name: match trim_where {
                Some(ast::TrimWhereField::Leading) => "ltrim",
                Some(ast::TrimWhereField::Trailing) => "rtrim",
                _ => "btrim",
            }
            .into(),
            args: vec![convert(expr)],
        },
        A::Extract { field, expr, .. } => Expr::Function {
            name: "date_part".into(),
            args: vec![
                Expr::Literal {
                    value: Literal::String(field.to_string().to_lowercase()),
                },
                convert(expr),
            ],
        },
        A::Substring {
            expr,
            substring_from,
            substring_for,
            ..
        } => Expr::Function {
            name: "substring".into(),
            args: std::iter::once(convert(expr))
                .chain(substring_from.iter().map(|f| convert(f)))
                .chain(substring_for.iter().map(|f| convert(f)))
                .collect(),
        },
        A::Case {
            operand,
            conditions,
            else_result,
            ..
        } => Expr::Case {
            operand: operand.as_deref().map(|o| Box::new(convert(o))),
            branches: conditions
                .iter()
                .map(|c| CaseBranch {
                    when: convert(&c.condition),
                    then: convert(&c.result),
                })
                .collect(),
            otherwise: else_result.as_deref().map(|o| Box::new(convert(o))),
        },
        _ => unsupported(e),
    }
}

/// `x op ANY (…)` / `x op ALL (…)`.
fn quantified(
    e: &ast::Expr,
    left: &ast::Expr,
    compare_op: &ast::BinaryOperator,
    right: &ast::Expr,
    all: bool,
) -> Expr {
    match bin_op(compare_op) {
        Some(op) => Expr::AnyOp {
            left: Box::new(convert(left)),
            op,
            right: Box::new(convert(right)),
            all,
        },
        None => unsupported(e),
    }
}

/// `TRIM(BOTH FROM x)` (how PostgreSQL prints `btrim(x)`, `trim(x)`), and the LEADING and
/// TRAILING forms, as the function calls they are: the SQL parser reads `TRIM(BOTH 'c' FROM
/// x)` but not the form without characters. Outside string literals only.
fn standard_trim_as_functions(sql: &str) -> std::borrow::Cow<'_, str> {
    const FORMS: [(&str, &str); 3] = [
        ("TRIM(BOTH FROM ", "btrim("),
        ("TRIM(LEADING FROM ", "ltrim("),
        ("TRIM(TRAILING FROM ", "rtrim("),
    ];
    if !FORMS.iter().any(|(f, _)| sql.contains(f)) {
        return std::borrow::Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut i = 0;
    while i < sql.len() {
        let rest = &sql[i..];
        if !quoted && let Some((f, to)) = FORMS.iter().find(|(f, _)| rest.starts_with(f)) {
            out.push_str(to);
            i += f.len();
            continue;
        }
        let c = rest.chars().next().expect("in bounds");
        quoted ^= c == '\'';
        out.push(c);
        i += c.len_utf8();
    }
    std::borrow::Cow::Owned(out)
}

fn unsupported(e: &ast::Expr) -> Expr {
    Expr::Unsupported { sql: e.to_string() }
}

/// Literals, typed strings (`DATE '…'`) and casts.
fn convert_constant_or_cast(e: &ast::Expr) -> Expr {
    use ast::Expr as A;
    match e {
        A::Value(v) => match &v.value {
            // `$1`: a function parameter by position (bodies of inlined functions).
            ast::Value::Placeholder(p) => Expr::Column { name: p.clone() },
            ast::Value::Number(n, _) => Expr::Literal {
                value: Literal::Number(n.to_string()),
            },
            ast::Value::SingleQuotedString(s)
            | ast::Value::EscapedStringLiteral(s)
            | ast::Value::UnicodeStringLiteral(s) => Expr::Literal {
                value: Literal::String(s.clone()),
            },
            ast::Value::Boolean(b) => Expr::Literal {
                value: Literal::Bool(*b),
            },
            ast::Value::Null => Expr::Literal {
                value: Literal::Null,
            },
            _ => unsupported(e),
        },
        A::TypedString(ts) => Expr::Cast {
            expr: Box::new(match &ts.value.value {
                ast::Value::SingleQuotedString(s) => Expr::Literal {
                    value: Literal::String(s.clone()),
                },
                _ => return unsupported(e),
            }),
            to: ts.data_type.to_string().to_lowercase(),
        },
        A::Cast {
            expr, data_type, ..
        } => Expr::Cast {
            expr: Box::new(convert(expr)),
            to: data_type.to_string().to_lowercase(),
        },
        _ => unsupported(e),
    }
}

/// Binary and unary operators, `op ANY (…)` and `op ALL (…)`.
fn convert_operator(e: &ast::Expr) -> Expr {
    use ast::Expr as A;
    match e {
        A::BinaryOp { left, op, right } => match bin_op(op) {
            Some(op) => Expr::Binary {
                op,
                left: Box::new(convert(left)),
                right: Box::new(convert(right)),
            },
            None => unsupported(e),
        },
        A::UnaryOp { op, expr } => match op {
            ast::UnaryOperator::Not => Expr::Not {
                expr: Box::new(convert(expr)),
            },
            ast::UnaryOperator::Minus => Expr::Negate {
                expr: Box::new(convert(expr)),
            },
            ast::UnaryOperator::Plus => convert(expr),
            _ => unsupported(e),
        },
        A::AnyOp {
            left,
            compare_op,
            right,
            ..
        } => quantified(e, left, compare_op, right, false),
        A::AllOp {
            left,
            compare_op,
            right,
        } => quantified(e, left, compare_op, right, true),
        _ => unsupported(e),
    }
}

/// `IS [NOT] NULL`, `IS [NOT] TRUE/FALSE`, `BETWEEN`, `IN (…)`.
fn convert_test(e: &ast::Expr) -> Expr {
    use ast::Expr as A;
    match e {
        A::IsNull(x) => Expr::IsNull {
            expr: Box::new(convert(x)),
            negated: false,
        },
        A::IsNotNull(x) => Expr::IsNull {
            expr: Box::new(convert(x)),
            negated: true,
        },
        A::IsTrue(x) | A::IsNotTrue(x) | A::IsFalse(x) | A::IsNotFalse(x) => Expr::IsBool {
            expr: Box::new(convert(x)),
            value: matches!(e, A::IsTrue(_) | A::IsNotTrue(_)),
            negated: matches!(e, A::IsNotTrue(_) | A::IsNotFalse(_)),
        },
        A::Between {
            expr,
            negated,
            low,
            high,
        } => Expr::Between {
            expr: Box::new(convert(expr)),
            low: Box::new(convert(low)),
            high: Box::new(convert(high)),
            negated: *negated,
        },
        A::InList {
            expr,
            list,
            negated,
        } => Expr::InList {
            expr: Box::new(convert(expr)),
            list: list.iter().map(convert).collect(),
            negated: *negated,
        },
        _ => unsupported(e),
    }
}

/// `LIKE`, `ILIKE` and `SIMILAR TO` (without `ESCAPE` or `ANY`).
fn convert_pattern(e: &ast::Expr) -> Expr {
    use ast::Expr as A;
    match e {
        A::Like {
            negated,
            expr,
            pattern,
            escape_char: None,
            any: false,
        }
        | A::ILike {
            negated,
            expr,
            pattern,
            escape_char: None,
            any: false,
        } => Expr::Like {
            expr: Box::new(convert(expr)),
            pattern: Box::new(convert(pattern)),
            negated: *negated,
            case_insensitive: matches!(e, A::ILike { .. }),
            similar: false,
        },
        A::SimilarTo {
            negated,
            expr,
            pattern,
            escape_char: None,
        } => Expr::Like {
            expr: Box::new(convert(expr)),
            pattern: Box::new(convert(pattern)),
            negated: *negated,
            case_insensitive: false,
            similar: true,
        },
        _ => unsupported(e),
    }
}

/// A plain function call: positional arguments only, no `FILTER`, `OVER` or `WITHIN GROUP`.
fn convert_function(e: &ast::Expr, f: &ast::Function) -> Expr {
    let name = f
        .name
        .0
        .iter()
        .map(|p| p.to_string().to_lowercase())
        .collect::<Vec<_>>()
        .join(".");
    let mut args = Vec::new();
    match &f.args {
        ast::FunctionArguments::None => {}
        ast::FunctionArguments::List(list) => {
            if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
                return unsupported(e);
            }
            for a in &list.args {
                match a {
                    ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(x)) => {
                        args.push(convert(x))
                    }
                    _ => return unsupported(e),
                }
            }
        }
        ast::FunctionArguments::Subquery(_) => return unsupported(e),
    }
    if f.filter.is_some() || f.over.is_some() || !f.within_group.is_empty() {
        return unsupported(e);
    }
    Expr::Function { name, args }
}

/// An identifier as PostgreSQL reads it (unquoted ones folded to lower case).
pub(crate) fn ident_value(id: &ast::Ident) -> String {
    // Unquoted identifiers fold to lower case, as PostgreSQL does.
    if id.quote_style.is_some() {
        id.value.clone()
    } else {
        id.value.to_lowercase()
    }
}

fn bin_op(op: &ast::BinaryOperator) -> Option<BinOp> {
    use ast::BinaryOperator as B;
    Some(match op {
        B::Eq => BinOp::Eq,
        B::NotEq => BinOp::NotEq,
        B::Lt => BinOp::Lt,
        B::LtEq => BinOp::LtEq,
        B::Gt => BinOp::Gt,
        B::GtEq => BinOp::GtEq,
        B::And => BinOp::And,
        B::Or => BinOp::Or,
        B::Plus => BinOp::Plus,
        B::Minus => BinOp::Minus,
        B::Multiply => BinOp::Multiply,
        B::Divide => BinOp::Divide,
        B::Modulo => BinOp::Modulo,
        B::StringConcat => BinOp::Concat,
        B::PGRegexMatch => BinOp::RegexMatch,
        B::PGRegexIMatch => BinOp::RegexIMatch,
        B::PGRegexNotMatch => BinOp::RegexNotMatch,
        B::PGRegexNotIMatch => BinOp::RegexNotIMatch,
        B::PGLikeMatch => BinOp::LikeMatch,
        B::PGILikeMatch => BinOp::ILikeMatch,
        B::PGNotLikeMatch => BinOp::NotLikeMatch,
        B::PGNotILikeMatch => BinOp::NotILikeMatch,
        B::Question => BinOp::JsonHasKey,
        B::Arrow => BinOp::JsonGet,
        B::LongArrow => BinOp::JsonGetText,
        B::QuestionAnd => BinOp::JsonHasAll,
        B::QuestionPipe => BinOp::JsonHasAny,
        B::AtArrow => BinOp::Contains,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(n: &str) -> Expr {
        Expr::Column { name: n.into() }
    }

    #[test]
    fn parses_postgres_normalised_checks() {
        let e = Expr::parse("(usage_count >= 0)");
        assert_eq!(
            e,
            Expr::Binary {
                op: BinOp::GtEq,
                left: Box::new(col("usage_count")),
                right: Box::new(Expr::Literal {
                    value: Literal::Number("0".into())
                }),
            }
        );

        let e = Expr::parse(
            "((role)::text = ANY ((ARRAY['user'::character varying, 'admin'::character varying])::text[]))",
        );
        let Expr::AnyOp { left, op, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(left.as_column(), Some("role"));
        assert_eq!(*op, BinOp::Eq);

        let e = Expr::parse(
            "((email)::text ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'::text)",
        );
        assert!(matches!(
            e,
            Expr::Binary {
                op: BinOp::RegexIMatch,
                ..
            }
        ));
        assert_eq!(e.columns(), vec!["email".to_string()]);
    }

    #[test]
    fn functions_implications_and_like() {
        let e = Expr::parse("((shipped_at IS NULL) OR (shipped_at >= placed_at))");
        assert_eq!(e.columns(), vec!["shipped_at", "placed_at"]);
        let e = Expr::parse("validate_template_schema(schema)");
        assert_eq!(e.functions(), vec!["validate_template_schema"]);
        let e = Expr::parse("((code)::text ~~ 'A%'::text)");
        assert!(matches!(
            e,
            Expr::Binary {
                op: BinOp::LikeMatch,
                ..
            }
        ));
        let e = Expr::parse(
            "((status = ANY (ARRAY['shipped'::shop.order_status, 'delivered'::shop.order_status])) = (shipped_at IS NOT NULL))",
        );
        assert_eq!(e.columns(), vec!["status", "shipped_at"]);
        assert!(!e.has_unsupported());
    }

    #[test]
    fn quoted_identifiers_keep_their_spelling() {
        let e = Expr::parse("(\"Amount\" > (0)::numeric)");
        assert_eq!(e.columns(), vec!["Amount"]);
        let e = Expr::parse("(VALUE > (0)::numeric)");
        assert_eq!(e.columns(), vec!["value"]);
        let e = Expr::parse("(x > -5)");
        let Expr::Binary { right, .. } = e else {
            panic!()
        };
        assert_eq!(right.as_literal(), Some(Literal::Number("-5".into())));
    }

    #[test]
    fn unparseable_text_is_kept() {
        let e = Expr::parse("x @@@ ???");
        assert!(e.has_unsupported());
    }

    #[test]
    fn keyword_forms_of_trim_extract_and_substring() {
        let e = Expr::parse("(char_length(TRIM(BOTH FROM note)) > 0)");
        assert!(!e.has_unsupported(), "{e:?}");
        assert_eq!(e.functions(), ["char_length", "btrim"]);
        let e = Expr::parse("(length(TRIM(LEADING FROM l)) > 'TRIM(BOTH FROM x)'::text)");
        assert_eq!(e.functions(), ["length", "ltrim"]);
        assert_eq!(e.columns(), ["l"]);
        assert_eq!(
            Expr::parse("(EXTRACT(year FROM d) >= 2000)").columns(),
            ["d"]
        );
        assert_eq!(
            Expr::parse("(SUBSTRING(s FROM 1 FOR 2) <> 'x')").functions(),
            ["substring"]
        );
    }
}
