//! Translate CHECK constraints into facts about columns, so generators produce valid values in
//! the first place instead of relying on rejection alone.
//!
//! Each CHECK is split into its conjuncts. A conjunct about one column becomes a bound, a list of
//! choices, a length limit, a pattern, a JSON type or an array size; a comparison of two columns
//! becomes a [`Relation`] (the later column is generated from the earlier). `X IS NULL OR p(X)`
//! is read as `p(X)` for the non-NULL values we generate. Conjuncts that fit none of these are
//! left to the row evaluator, which rejects and regenerates.

use crate::model::Check;
use crate::values::eval::like_to_regex;
use crate::values::expr::{BinOp, Expr, Literal};
use crate::values::value::parse_timestamp;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Num(f64),
    /// Microseconds since 2000-01-01.
    Time(i64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: Scalar,
    pub inclusive: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnFacts {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    /// Allowed values, as literal text.
    pub choices: Option<Vec<String>>,
    pub excluded: Vec<String>,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    /// Patterns the value must match: (regex, case-insensitive).
    pub patterns: Vec<(String, bool)>,
    pub json_type: Option<String>,
    /// Keys a JSON object must have (`?`, `?&`, `?|`, `@>`, `jsonb_typeof(col->'k')`,
    /// `col->>'k' = v`, `col->'k' IS NOT NULL`).
    pub json_keys: Vec<JsonKey>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub not_null: bool,
    /// The conjuncts that set `lower` and `upper`, as written (`price > 10 (CHECK c)`), to name
    /// them when they contradict each other.
    pub lower_from: Option<String>,
    pub upper_from: Option<String>,
    /// The character-length conjunct that set `min_len` (`length(code) > 5 (CHECK c)`), to
    /// name it when the type holds fewer characters.
    pub min_len_from: Option<String>,
    /// CHECK names these facts came from.
    pub sources: Vec<String>,
}

/// A key a JSON object must have, with the type or the value its CHECKs require of it.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonKey {
    pub key: String,
    /// `jsonb_typeof` of the value: `array`, `object`, `string`, `number`, `boolean`.
    pub json_type: Option<String>,
    /// The value itself, when a CHECK fixes it.
    pub value: Option<serde_json::Value>,
}

/// `left op right` between two columns of the same row.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub left: String,
    pub op: BinOp,
    pub right: String,
    pub check: String,
}

/// How much of a CHECK became facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    /// Every conjunct is a fact or relation: generators satisfy it by construction.
    Full,
    /// Some conjuncts are facts; the rest is enforced by evaluating and regenerating.
    Partial,
    /// Nothing translated; enforced by evaluating and regenerating.
    None,
}

#[derive(Debug, Default)]
pub struct Facts {
    pub columns: std::collections::BTreeMap<String, ColumnFacts>,
    pub relations: Vec<Relation>,
}

impl Facts {
    /// Columns whose CHECK conjuncts no value can meet, with the conjuncts that contradict:
    /// `price > 10 (CHECK a) and price < 5 (CHECK b) contradict`.
    pub fn contradictions(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (col, f) in &self.columns {
            if let (Some(lo), Some(hi)) = (f.lower, f.upper) {
                let (l, h) = (scalar_f(lo.value), scalar_f(hi.value));
                if l > h || (l == h && !(lo.inclusive && hi.inclusive)) {
                    out.push((
                        col.clone(),
                        format!(
                            "{} and {} contradict: no value of {col} meets both",
                            f.lower_from.as_deref().unwrap_or("its lower bound"),
                            f.upper_from.as_deref().unwrap_or("its upper bound")
                        ),
                    ));
                }
            }
            if f.choices.as_ref().is_some_and(|c| c.is_empty()) {
                out.push((
                    col.clone(),
                    format!(
                        "the CHECKs {} allow no value of {col} (their lists of values share none)",
                        f.sources.join(", ")
                    ),
                ));
            }
        }
        out
    }

    pub fn column(&self, name: &str) -> ColumnFacts {
        self.columns.get(name).cloned().unwrap_or_default()
    }

    /// Add a CHECK. `value_column` names the column a domain CHECK's `VALUE` stands for.
    pub fn add(&mut self, check: &Check, value_column: Option<&str>) -> Translation {
        let mut done = 0;
        let normal = normalize(&check.expr);
        let parts = normal.conjuncts();
        for c in &parts {
            if is_bool(c, true) || self.conjunct(c, &check.name, value_column) {
                done += 1;
            }
        }
        match done {
            0 => Translation::None,
            n if n == parts.len() => Translation::Full,
            _ => Translation::Partial,
        }
    }

    fn col_name(e: &Expr, value_column: Option<&str>) -> Option<String> {
        let c = e.as_column()?;
        Some(match value_column {
            Some(v) if c == "value" => v.to_string(),
            _ => c.to_string(),
        })
    }

    /// The column a list of allowed values is about: `col`, or `upper(col)` / `lower(col)`,
    /// with the case function to keep only the values it leaves as they are (those a column
    /// holding them verbatim passes with).
    fn choice_col(e: &Expr, value_column: Option<&str>) -> Option<(String, Option<CaseFold>)> {
        if let Some(c) = Self::col_name(e, value_column) {
            return Some((c, None));
        }
        let Expr::Function { name, args } = e.strip_casts() else {
            return None;
        };
        let fold: CaseFold = match name.as_str() {
            "upper" => str::to_uppercase,
            "lower" => str::to_lowercase,
            _ => return None,
        };
        let [arg] = args.as_slice() else { return None };
        Some((Self::col_name(arg.strip_casts(), value_column)?, Some(fold)))
    }

    /// The values of `lits` a column may hold verbatim under `fold`.
    fn unfolded(lits: Vec<String>, fold: Option<CaseFold>) -> Vec<String> {
        match fold {
            None => lits,
            Some(f) => lits.into_iter().filter(|l| f(l) == *l).collect(),
        }
    }

    fn entry(&mut self, col: &str, check: &str) -> &mut ColumnFacts {
        let f = self.columns.entry(col.to_string()).or_default();
        if !f.sources.iter().any(|s| s == check) {
            f.sources.push(check.to_string());
        }
        f
    }

    fn conjunct(&mut self, e: &Expr, check: &str, vc: Option<&str>) -> bool {
        if self.json_conjunct(e, check, vc) {
            return true;
        }
        match e {
            Expr::Binary {
                op: BinOp::Or,
                left,
                right,
            } => self.null_or(left, right, check, vc) || self.or_choices(e, check, vc),
            Expr::Binary { op, left, right } if op.is_comparison() => {
                self.comparison(*op, left, right, check, vc)
            }
            Expr::Binary {
                op:
                    op @ (BinOp::RegexMatch | BinOp::RegexIMatch | BinOp::LikeMatch | BinOp::ILikeMatch),
                left,
                right,
            } => self.pattern(*op, left, right, check, vc),
            Expr::Between {
                expr,
                low,
                high,
                negated: false,
            } => {
                let Some(col) = Self::col_name(expr, vc) else {
                    return false;
                };
                self.compare(&col, BinOp::GtEq, low, check)
                    && self.compare(&col, BinOp::LtEq, high, check)
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => self.in_list(expr, list, *negated, check, vc),
            Expr::AnyOp {
                left,
                op: BinOp::Eq,
                right,
                all: false,
            } => self.any_of(left, right, check, vc),
            Expr::IsNull {
                expr,
                negated: true,
            } => match Self::col_name(expr, vc) {
                Some(c) => {
                    self.entry(&c, check).not_null = true;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// `(c = 1) OR (c = 2) OR c IN (…)`: every disjunct a set of constants for the same
    /// column, so the column chooses among their union.
    fn or_choices(&mut self, e: &Expr, check: &str, vc: Option<&str>) -> bool {
        let mut col: Option<String> = None;
        let mut values: Vec<String> = Vec::new();
        for d in disjuncts(e) {
            let (c, lits) = match d {
                Expr::Binary {
                    op: BinOp::Eq,
                    left,
                    right,
                } => match (Self::col_name(left, vc), Self::col_name(right, vc)) {
                    (Some(c), None) => (c, vec![right.as_ref()]),
                    (None, Some(c)) => (c, vec![left.as_ref()]),
                    _ => return false,
                },
                Expr::InList {
                    expr,
                    list,
                    negated: false,
                } => match Self::col_name(expr, vc) {
                    Some(c) => (c, list.iter().collect()),
                    None => return false,
                },
                Expr::AnyOp {
                    left,
                    op: BinOp::Eq,
                    right,
                    all: false,
                } => match (Self::col_name(left, vc), right.strip_casts()) {
                    (Some(c), Expr::Array { elements }) => (c, elements.iter().collect()),
                    _ => return false,
                },
                _ => return false,
            };
            if col.get_or_insert_with(|| c.clone()) != &c {
                return false;
            }
            for l in lits {
                let Some(t) = literal_text(l) else {
                    return false;
                };
                if !values.contains(&t) {
                    values.push(t);
                }
            }
        }
        let Some(col) = col else { return false };
        let f = self.entry(&col, check);
        f.choices = Some(intersect(f.choices.take(), values));
        true
    }

    /// `X IS NULL OR p(X)`: p holds for every non-NULL value we generate.
    fn null_or(&mut self, left: &Expr, right: &Expr, check: &str, vc: Option<&str>) -> bool {
        let null_side = |s: &Expr| match s {
            Expr::IsNull {
                expr,
                negated: false,
            } => Self::col_name(expr, vc),
            _ => None,
        };
        let (col, other) = match (null_side(left), null_side(right)) {
            (Some(c), _) => (c, right),
            (_, Some(c)) => (c, left),
            _ => return false,
        };
        if !other
            .columns()
            .iter()
            .any(|c| *c == col || (vc.is_some() && c == "value"))
        {
            return false;
        }
        other
            .conjuncts()
            .iter()
            .all(|c| self.conjunct(c, check, vc))
    }

    /// `col op col` (a relation), `col op literal`, or `f(col) op literal`.
    fn comparison(
        &mut self,
        op: BinOp,
        left: &Expr,
        right: &Expr,
        check: &str,
        vc: Option<&str>,
    ) -> bool {
        let (lc, rc) = (Self::col_name(left, vc), Self::col_name(right, vc));
        match (lc, rc) {
            (Some(l), Some(r)) => {
                if l == r {
                    return false;
                }
                self.relations.push(Relation {
                    left: l,
                    op,
                    right: r,
                    check: check.to_string(),
                });
                true
            }
            (Some(l), None) => self.compare(&l, op, right, check),
            (None, Some(r)) => self.compare(&r, op.flipped(), left, check),
            (None, None) => self.function_compare(left, op, right, check, vc),
        }
    }

    /// `col ~ 'regex'`, `col ~* 'regex'`, `col LIKE 'pattern'`, `col ILIKE 'pattern'`.
    fn pattern(
        &mut self,
        op: BinOp,
        left: &Expr,
        right: &Expr,
        check: &str,
        vc: Option<&str>,
    ) -> bool {
        let (Some(col), Some(Literal::String(p))) = (Self::col_name(left, vc), right.as_literal())
        else {
            return false;
        };
        let ci = matches!(op, BinOp::RegexIMatch | BinOp::ILikeMatch);
        let pat = if matches!(op, BinOp::LikeMatch | BinOp::ILikeMatch) {
            like_to_regex(&p)
        } else {
            p
        };
        self.entry(&col, check).patterns.push((pat, ci));
        true
    }

    /// `col [NOT] IN (literal, …)`.
    fn in_list(
        &mut self,
        expr: &Expr,
        list: &[Expr],
        negated: bool,
        check: &str,
        vc: Option<&str>,
    ) -> bool {
        let Some((col, fold)) = Self::choice_col(expr, vc) else {
            return false;
        };
        if negated && fold.is_some() {
            return false;
        }
        let lits: Option<Vec<String>> = list.iter().map(literal_text).collect();
        let Some(lits) = lits else { return false };
        let lits = Self::unfolded(lits, fold);
        if lits.is_empty() {
            return false;
        }
        let f = self.entry(&col, check);
        if negated {
            f.excluded.extend(lits);
        } else {
            f.choices = Some(intersect(f.choices.take(), lits));
        }
        true
    }

    /// `col = ANY (ARRAY[literal, …])`.
    fn any_of(&mut self, left: &Expr, right: &Expr, check: &str, vc: Option<&str>) -> bool {
        let Some((col, fold)) = Self::choice_col(left, vc) else {
            return false;
        };
        let Expr::Array { elements } = right.strip_casts() else {
            return false;
        };
        let lits: Option<Vec<String>> = elements.iter().map(literal_text).collect();
        let Some(lits) = lits else { return false };
        let lits = Self::unfolded(lits, fold);
        if lits.is_empty() {
            return false;
        }
        let f = self.entry(&col, check);
        f.choices = Some(intersect(f.choices.take(), lits));
        true
    }

    /// `col op literal`.
    fn compare(&mut self, col: &str, op: BinOp, lit: &Expr, check: &str) -> bool {
        let Some(l) = lit.as_literal() else {
            return false;
        };
        let scalar = match &l {
            Literal::Number(n) => n.parse().ok().map(Scalar::Num),
            Literal::String(s) => parse_timestamp(s)
                .map(Scalar::Time)
                .or_else(|| s.trim().parse().ok().map(Scalar::Num)),
            _ => None,
        };
        let f = self.entry(col, check);
        match (op, scalar) {
            (BinOp::Eq, _) => {
                let Some(t) = literal_text(lit) else {
                    return false;
                };
                f.choices = Some(intersect(f.choices.take(), vec![t]));
                true
            }
            (BinOp::NotEq, _) => {
                let Some(t) = literal_text(lit) else {
                    return false;
                };
                f.excluded.push(t);
                true
            }
            (BinOp::Gt | BinOp::GtEq, Some(v)) => {
                let b = Bound {
                    value: v,
                    inclusive: op == BinOp::GtEq,
                };
                if !f.lower.is_some_and(|old| tighter_lower(old, b)) {
                    f.lower = Some(b);
                    f.lower_from = Some(conjunct_text(col, op, lit, check));
                }
                true
            }
            (BinOp::Lt | BinOp::LtEq, Some(v)) => {
                let b = Bound {
                    value: v,
                    inclusive: op == BinOp::LtEq,
                };
                if !f.upper.is_some_and(|old| tighter_upper(old, b)) {
                    f.upper = Some(b);
                    f.upper_from = Some(conjunct_text(col, op, lit, check));
                }
                true
            }
            _ => false,
        }
    }

    /// `char_length(col) op n`, `cardinality(col) op n`, `jsonb_typeof(col) = 'object'`.
    fn function_compare(
        &mut self,
        left: &Expr,
        op: BinOp,
        right: &Expr,
        check: &str,
        vc: Option<&str>,
    ) -> bool {
        let (f, lit, op) = match (left.strip_casts(), right.strip_casts()) {
            (Expr::Function { .. }, _) => (left.strip_casts(), right, op),
            (_, Expr::Function { .. }) => (right.strip_casts(), left, op.flipped()),
            _ => return false,
        };
        let Expr::Function { name, args } = f else {
            return false;
        };
        let Some(col) = args.first().and_then(|a| Self::col_name(a, vc)) else {
            return false;
        };
        let bare = name.rsplit('.').next().unwrap_or(name);
        match bare {
            "char_length" | "character_length" | "length" | "octet_length" | "cardinality"
            | "array_length" => {
                let Some(Literal::Number(n)) = lit.as_literal() else {
                    return false;
                };
                let Ok(n) = n.parse::<i64>() else {
                    return false;
                };
                let (lo, hi) = match op {
                    BinOp::Eq => (Some(n), Some(n)),
                    BinOp::Gt => (Some(n + 1), None),
                    BinOp::GtEq => (Some(n), None),
                    BinOp::Lt => (None, Some(n - 1)),
                    BinOp::LtEq => (None, Some(n)),
                    _ => return false,
                };
                let items = matches!(bare, "cardinality" | "array_length");
                let fc = self.entry(&col, check);
                let (min, max) = if items {
                    (&mut fc.min_items, &mut fc.max_items)
                } else {
                    (&mut fc.min_len, &mut fc.max_len)
                };
                if let Some(lo) = lo {
                    let lo = lo.max(0) as usize;
                    if min.is_none_or(|m| lo > m) {
                        *min = Some(lo);
                        let chars = !items && bare != "octet_length";
                        fc.min_len_from =
                            chars.then(|| conjunct_text(&format!("{bare}({col})"), op, lit, check));
                    }
                }
                if let Some(hi) = hi {
                    let hi = hi.max(0) as usize;
                    *max = Some(max.map_or(hi, |m| m.min(hi)));
                }
                true
            }
            "jsonb_typeof" | "json_typeof" if op == BinOp::Eq => match lit.as_literal() {
                Some(Literal::String(t)) => {
                    self.entry(&col, check).json_type = Some(t);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }
}

impl Facts {
    /// JSON forms: `col ? 'k'`, `col ?& ARRAY[…]`, `col ?| ARRAY[…]`, `col @> '{…}'`,
    /// `jsonb_typeof(col->'k') = 't'`, `col->>'k' = 'v'`, `col->'k' IS NOT NULL`.
    fn json_conjunct(&mut self, e: &Expr, check: &str, vc: Option<&str>) -> bool {
        let keys: Vec<JsonKey> = match e {
            Expr::Binary {
                op: op @ (BinOp::JsonHasKey | BinOp::JsonHasAll | BinOp::JsonHasAny),
                left,
                right,
            } if Self::col_name(left, vc).is_some() => {
                let Some(names) = key_names(right) else {
                    return false;
                };
                let names = match op {
                    BinOp::JsonHasAny => names.into_iter().take(1).collect(),
                    _ => names,
                };
                names
                    .into_iter()
                    .map(|k| plain_key(k, None, None))
                    .collect()
            }
            Expr::Binary {
                op: BinOp::Contains,
                left,
                right,
            } if Self::col_name(left, vc).is_some() => {
                let doc = match right.as_literal() {
                    Some(Literal::String(s)) => serde_json::from_str(&s).ok(),
                    _ => None,
                };
                let Some(serde_json::Value::Object(m)) = doc else {
                    return false;
                };
                m.into_iter()
                    .map(|(k, v)| plain_key(k, None, Some(v)))
                    .collect()
            }
            Expr::Binary {
                op: BinOp::Eq,
                left,
                right,
            } => match json_member_compare(left, right) {
                Some(k) => vec![k],
                None => return false,
            },
            Expr::IsNull {
                expr,
                negated: true,
            } => match json_member(expr) {
                Some((_, k, _)) => vec![plain_key(k, None, None)],
                None => return false,
            },
            _ => return false,
        };
        let Some(col) = json_subject(e).and_then(|c| Self::col_name(c, vc)) else {
            return false;
        };
        let f = self.entry(&col, check);
        for k in keys {
            match f.json_keys.iter_mut().find(|x| x.key == k.key) {
                Some(old) => {
                    old.json_type = old.json_type.take().or(k.json_type);
                    old.value = old.value.take().or(k.value);
                }
                None => f.json_keys.push(k),
            }
        }
        true
    }
}

fn plain_key(key: String, json_type: Option<String>, value: Option<serde_json::Value>) -> JsonKey {
    JsonKey {
        key,
        json_type,
        value,
    }
}

/// The column a JSON conjunct is about (the left operand, or the object of `->`/`->>`).
fn json_subject(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::Binary {
            op: BinOp::JsonHasKey | BinOp::JsonHasAll | BinOp::JsonHasAny | BinOp::Contains,
            left,
            ..
        } => Some(left),
        Expr::Binary { left, right, .. } => json_member(left)
            .or_else(|| json_member(right))
            .or_else(|| json_typeof_arg(left).and_then(json_member))
            .or_else(|| json_typeof_arg(right).and_then(json_member))
            .map(|(c, _, _)| c),
        Expr::IsNull { expr, .. } => json_member(expr).map(|(c, _, _)| c),
        _ => None,
    }
}

/// `col -> 'k'` / `col ->> 'k'`: (col, key, whether as text).
fn json_member(e: &Expr) -> Option<(&Expr, String, bool)> {
    match e.strip_casts() {
        Expr::Binary {
            op: op @ (BinOp::JsonGet | BinOp::JsonGetText),
            left,
            right,
        } if left.as_column().is_some() => match right.as_literal()? {
            Literal::String(k) => Some((left, k, *op == BinOp::JsonGetText)),
            _ => None,
        },
        _ => None,
    }
}

/// The argument of `jsonb_typeof(…)` / `json_typeof(…)`.
fn json_typeof_arg(e: &Expr) -> Option<&Expr> {
    match e.strip_casts() {
        Expr::Function { name, args }
            if matches!(
                name.rsplit('.').next(),
                Some("jsonb_typeof" | "json_typeof")
            ) =>
        {
            args.first()
        }
        _ => None,
    }
}

/// `jsonb_typeof(col->'k') = 't'`, `col->>'k' = 'v'`, `col->'k' = 'json'` (either side).
fn json_member_compare(left: &Expr, right: &Expr) -> Option<JsonKey> {
    let one_way = |a: &Expr, b: &Expr| -> Option<JsonKey> {
        let Literal::String(lit) = b.as_literal()? else {
            return None;
        };
        if let Some((_, k, _)) = json_typeof_arg(a).and_then(json_member) {
            return Some(plain_key(k, Some(lit), None));
        }
        let (_, k, as_text) = json_member(a)?;
        let value = if as_text {
            serde_json::Value::String(lit)
        } else {
            serde_json::from_str(&lit).ok()?
        };
        Some(plain_key(k, None, Some(value)))
    };
    one_way(left, right).or_else(|| one_way(right, left))
}

/// The key names of `?`, `?&`, `?|`: a text literal, `ARRAY['a', 'b']` or `'{a,b}'`.
fn key_names(e: &Expr) -> Option<Vec<String>> {
    match e.strip_casts() {
        Expr::Array { elements } => elements
            .iter()
            .map(|x| match x.as_literal()? {
                Literal::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        other => match other.as_literal()? {
            Literal::String(s) if s.starts_with('{') && s.ends_with('}') => Some(
                s[1..s.len() - 1]
                    .split(',')
                    .map(|k| k.trim().trim_matches('"').to_string())
                    .filter(|k| !k.is_empty())
                    .collect(),
            ),
            Literal::String(s) => Some(vec![s]),
            _ => None,
        },
    }
}

/// Split a disjunction into its parts: `a OR (b OR c)` → `[a, b, c]`.
fn disjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Binary {
            op: BinOp::Or,
            left,
            right,
        } => {
            let mut v = disjuncts(left);
            v.extend(disjuncts(right));
            v
        }
        other => vec![other],
    }
}

fn is_bool(e: &Expr, value: bool) -> bool {
    matches!(e, Expr::Literal { value: Literal::Bool(b) } if *b == value)
}

fn binary(op: BinOp, left: Expr, right: Expr) -> Expr {
    Expr::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    }
}

/// The CHECK in a form whose conjuncts the translation reads: NOT pushed inward (`NOT (a AND
/// b)` → `NOT a OR NOT b`, `NOT (x <> y)` → `x = y`), `c IS TRUE` read as `c` and `c IS NOT
/// TRUE` as `NOT c` (values meeting the latter meet the former), constant TRUE/FALSE dropped.
/// Rows are still judged by the exact expression.
pub fn normalize(e: &Expr) -> Expr {
    match e {
        Expr::IsBool {
            expr,
            value,
            negated,
        } if value != negated => normalize(expr),
        Expr::IsBool { expr, .. } => negate(expr),
        Expr::Not { expr } => negate(expr),
        Expr::Binary {
            op: op @ (BinOp::And | BinOp::Or),
            left,
            right,
        } => {
            let (l, r) = (normalize(left), normalize(right));
            let unit = *op == BinOp::And;
            match (is_bool(&l, unit), is_bool(&r, unit)) {
                (true, _) => r,
                (_, true) => l,
                _ if is_bool(&l, !unit) || is_bool(&r, !unit) => Expr::Literal {
                    value: Literal::Bool(!unit),
                },
                _ => binary(*op, l, r),
            }
        }
        other => other.clone(),
    }
}

/// `normalize(NOT e)`.
fn negate(e: &Expr) -> Expr {
    match e {
        Expr::Not { expr } => normalize(expr),
        Expr::IsBool {
            expr,
            value,
            negated,
        } => normalize(&Expr::IsBool {
            expr: expr.clone(),
            value: *value,
            negated: !negated,
        }),
        Expr::Literal {
            value: Literal::Bool(b),
        } => Expr::Literal {
            value: Literal::Bool(!b),
        },
        Expr::Binary {
            op: op @ (BinOp::And | BinOp::Or),
            left,
            right,
        } => {
            let flipped = if *op == BinOp::And {
                BinOp::Or
            } else {
                BinOp::And
            };
            normalize(&binary(
                flipped,
                Expr::Not { expr: left.clone() },
                Expr::Not {
                    expr: right.clone(),
                },
            ))
        }
        Expr::Binary { op, left, right } if op.is_comparison() => {
            let negated = match op {
                BinOp::Eq => BinOp::NotEq,
                BinOp::NotEq => BinOp::Eq,
                BinOp::Lt => BinOp::GtEq,
                BinOp::LtEq => BinOp::Gt,
                BinOp::Gt => BinOp::LtEq,
                _ => BinOp::Lt,
            };
            binary(negated, (**left).clone(), (**right).clone())
        }
        Expr::IsNull { expr, negated } => Expr::IsNull {
            expr: expr.clone(),
            negated: !negated,
        },
        other => Expr::Not {
            expr: Box::new(other.clone()),
        },
    }
}

/// `price > 10 (CHECK name)`.
fn conjunct_text(col: &str, op: BinOp, lit: &Expr, check: &str) -> String {
    let value = match lit.as_literal() {
        // A negative number PostgreSQL prints as a quoted cast (`'-3'::bigint`) reads as one.
        Some(Literal::String(s)) if s.parse::<f64>().is_ok() => s,
        Some(Literal::String(s)) => format!("'{s}'"),
        _ => literal_text(lit).unwrap_or_else(|| "…".into()),
    };
    format!("{col} {} {value} (CHECK {check})", op.sql())
}

/// `upper` or `lower`, as a function of a literal.
type CaseFold = fn(&str) -> String;

fn literal_text(e: &Expr) -> Option<String> {
    match e.as_literal()? {
        Literal::String(s) => Some(s),
        Literal::Number(n) => Some(n),
        Literal::Bool(b) => Some(if b { "true" } else { "false" }.to_string()),
        Literal::Null => None,
    }
}

fn intersect(old: Option<Vec<String>>, new: Vec<String>) -> Vec<String> {
    match old {
        None => new,
        Some(o) => o.into_iter().filter(|x| new.contains(x)).collect(),
    }
}

fn scalar_f(s: Scalar) -> f64 {
    match s {
        Scalar::Num(n) => n,
        Scalar::Time(t) => t as f64,
    }
}

fn tighter_lower(old: Bound, new: Bound) -> bool {
    let (o, n) = (scalar_f(old.value), scalar_f(new.value));
    o > n || (o == n && !old.inclusive)
}

fn tighter_upper(old: Bound, new: Bound) -> bool {
    let (o, n) = (scalar_f(old.value), scalar_f(new.value));
    o < n || (o == n && !old.inclusive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse_check;

    fn facts(defs: &[&str]) -> (Facts, Vec<Translation>) {
        let mut f = Facts::default();
        let t = defs
            .iter()
            .map(|d| f.add(&parse_check("c".into(), d.to_string(), false), None))
            .collect();
        (f, t)
    }

    #[test]
    fn bounds_lengths_and_choices() {
        let (f, t) = facts(&[
            "CHECK (((salary >= (20000)::numeric) AND (salary < (500000)::numeric)))",
            "CHECK (((char_length((name)::text) >= 2) AND (char_length((name)::text) <= 100)))",
            "CHECK (((role)::text = ANY ((ARRAY['user'::character varying, 'admin'::character varying])::text[])))",
            "CHECK ((jsonb_typeof(configuration) = 'object'::text))",
            "CHECK ((cardinality(tags) <= 5))",
        ]);
        assert!(t.iter().all(|t| *t == Translation::Full));
        let s = f.column("salary");
        assert_eq!(
            s.lower,
            Some(Bound {
                value: Scalar::Num(20000.0),
                inclusive: true
            })
        );
        assert_eq!(
            s.upper,
            Some(Bound {
                value: Scalar::Num(500000.0),
                inclusive: false
            })
        );
        assert_eq!(f.column("name").min_len, Some(2));
        assert_eq!(f.column("name").max_len, Some(100));
        assert_eq!(
            f.column("role").choices,
            Some(vec!["user".into(), "admin".into()])
        );
        assert_eq!(
            f.column("configuration").json_type.as_deref(),
            Some("object")
        );
        assert_eq!(f.column("tags").max_items, Some(5));
    }

    #[test]
    fn a_list_under_upper_or_lower_keeps_the_values_it_leaves_alone() {
        // AdventureWorks' production.product: UPPER(productline) IN ('S', 'T', 'M', 'R').
        let (f, t) = facts(&[
            "CHECK ((upper((productline)::text) = ANY (ARRAY['S'::text, 'T'::text, 'm'::text])))",
            "CHECK ((lower(style) IN ('w', 'U')))",
        ]);
        assert!(t.iter().all(|t| *t == Translation::Full));
        assert_eq!(
            f.column("productline").choices,
            Some(vec!["S".into(), "T".into()])
        );
        assert_eq!(f.column("style").choices, Some(vec!["w".into()]));
    }

    #[test]
    fn relations_and_implications() {
        let (f, t) = facts(&[
            "CHECK ((updated_at >= created_at))",
            "CHECK (((shipped_at IS NULL) OR (shipped_at >= placed_at)))",
            "CHECK (((status = ANY (ARRAY['shipped'::text])) = (shipped_at IS NOT NULL)))",
            "CHECK ((birth_date > '1900-01-01'::date))",
        ]);
        assert_eq!(t[0], Translation::Full);
        assert_eq!(t[1], Translation::Full);
        assert_eq!(t[2], Translation::None);
        assert_eq!(f.relations.len(), 2);
        assert_eq!(f.relations[1].left, "shipped_at");
        assert!(matches!(
            f.column("birth_date").lower,
            Some(Bound {
                value: Scalar::Time(_),
                inclusive: false
            })
        ));
    }

    #[test]
    fn domain_value_maps_to_column() {
        let mut f = Facts::default();
        let c = parse_check(
            "positive".into(),
            "CHECK ((VALUE > (0)::numeric))".into(),
            false,
        );
        assert_eq!(f.add(&c, Some("price")), Translation::Full);
        assert!(f.column("price").lower.is_some());
    }

    #[test]
    fn json_keys_from_jsonb_operators() {
        let (f, t) = facts(&[
            "CHECK (((doc ? 'a'::text) AND (doc ?& ARRAY['b'::text, 'c'::text])))",
            "CHECK ((jsonb_typeof((doc -> 'b'::text)) = 'array'::text))",
            "CHECK ((doc @> '{\"v\": 2}'::jsonb))",
            "CHECK (((doc ->> 'state'::text) = 'open'::text))",
            "CHECK (((doc -> 'owner'::text) IS NOT NULL))",
        ]);
        assert!(t.iter().all(|t| *t == Translation::Full), "{t:?}");
        let keys = f.column("doc").json_keys;
        let names: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "v", "state", "owner"]);
        assert_eq!(keys[1].json_type.as_deref(), Some("array"));
        assert_eq!(keys[3].value, Some(serde_json::json!(2)));
        assert_eq!(keys[4].value, Some(serde_json::json!("open")));
    }

    #[test]
    fn negations_and_is_true_are_normalised() {
        let (f, t) = facts(&[
            "CHECK ((((NOT ((doc ? 'a'::text) AND (doc ? 'b'::text))) IS NOT TRUE) AND true))",
            "CHECK ((NOT (qty <= 0)))",
            "CHECK ((NOT ((code IS NULL) OR (code = 'x'::text))))",
        ]);
        assert!(t.iter().all(|t| *t == Translation::Full), "{t:?}");
        assert_eq!(f.column("doc").json_keys.len(), 2);
        assert_eq!(
            f.column("qty").lower,
            Some(Bound {
                value: Scalar::Num(0.0),
                inclusive: false
            })
        );
        let code = f.column("code");
        assert!(code.not_null && code.excluded == ["x"]);
    }

    #[test]
    fn disjunctions_of_constants_become_choices() {
        let (f, t) = facts(&[
            "CHECK (((direction = 1) OR (direction = 2)))",
            "CHECK (((kind = 'a'::text) OR (kind = ANY (ARRAY['b'::text, 'c'::text]))))",
            "CHECK (((x = 1) OR (y = 2)))",
        ]);
        assert_eq!(t, [Translation::Full, Translation::Full, Translation::None]);
        assert_eq!(
            f.column("direction").choices,
            Some(vec!["1".into(), "2".into()])
        );
        assert_eq!(
            f.column("kind").choices,
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
    }

    #[test]
    fn contradicting_conjuncts_are_named() {
        let (f, _) = facts(&["CHECK (((price > (10)::numeric) AND (price < (5)::numeric)))"]);
        let c = f.contradictions();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, "price");
        assert!(
            c[0].1
                .contains("price > 10 (CHECK c) and price < 5 (CHECK c) contradict"),
            "{}",
            c[0].1
        );
        let (f, _) = facts(&["CHECK ((n >= 1))", "CHECK ((n <= 1))"]);
        assert!(f.contradictions().is_empty());
        let (f, _) = facts(&[
            "CHECK ((k = ANY (ARRAY['a'::text])))",
            "CHECK ((k = 'b'::text))",
        ]);
        assert_eq!(f.contradictions().len(), 1);
    }
}
