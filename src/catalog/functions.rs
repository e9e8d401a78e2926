//! The schema's own functions called by CHECKs: their bodies read (`values::plpgsql`) and put
//! in place of the calls, so `CHECK (validate_template_schema(schema))` is generated for and
//! evaluated like the conditions its body tests. A function that cannot be read stays a call,
//! which the server verifies on a sample.

use crate::model::{Catalog, Check, Function, SqlType};
use crate::values::expr::Expr;
use crate::values::plpgsql::{inline_call, translate_body};

/// How deep inlined functions may call further functions.
pub(super) const MAX_DEPTH: usize = 4;

/// Bare names of the functions the CHECK definitions call.
pub(super) fn called_functions<'a>(definitions: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for def in definitions {
        let check = super::parse_check(String::new(), def.to_string(), false);
        for f in check.expr.functions() {
            let bare = f.rsplit('.').next().unwrap_or(&f).to_string();
            if !out.contains(&bare) {
                out.push(bare);
            }
        }
    }
    out
}

/// Bare names of the functions the readable bodies of `functions` call.
pub(super) fn called_in_bodies(functions: &[Function]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in functions {
        let Ok(body) = translate_body(&f.language, &f.body) else {
            continue;
        };
        for name in body.functions() {
            let bare = name.rsplit('.').next().unwrap_or(&name).to_string();
            if !out.contains(&bare) {
                out.push(bare);
            }
        }
    }
    out
}

/// A function whose body was read.
struct Readable {
    schema: String,
    name: String,
    params: Vec<String>,
    body: Expr,
}

/// Replace calls of readable functions in every table and domain CHECK.
pub(super) fn inline_functions(catalog: &mut Catalog, functions: &[Function]) {
    let readable: Vec<Readable> = functions
        .iter()
        .filter_map(|f| {
            Some(Readable {
                schema: f.schema.clone(),
                name: f.name.clone(),
                params: f.arg_names.clone(),
                body: translate_body(&f.language, &f.body).ok()?,
            })
        })
        .collect();
    if readable.is_empty() {
        return;
    }
    for t in &mut catalog.tables {
        for c in &mut t.checks {
            inline_check(c, &readable);
        }
        for col in &mut t.columns {
            inline_domain(&mut col.type_info, &readable);
        }
    }
}

fn inline_domain(t: &mut SqlType, readable: &[Readable]) {
    if let SqlType::Domain { checks, base, .. } = t {
        for c in checks {
            inline_check(c, readable);
        }
        inline_domain(base, readable);
    }
}

fn inline_check(check: &mut Check, readable: &[Readable]) {
    let mut used = Vec::new();
    let expr = inline(&check.expr, readable, 0, &mut used);
    if used.is_empty() {
        return;
    }
    check.columns = expr.columns();
    check.expr = expr;
    check.inlined = used;
}

/// `e` with the calls of readable functions replaced by their bodies; `used` collects the
/// functions inlined.
fn inline(e: &Expr, readable: &[Readable], depth: usize, used: &mut Vec<String>) -> Expr {
    if depth > MAX_DEPTH {
        return e.clone();
    }
    let names = std::cell::RefCell::new(std::mem::take(used));
    let out = e.rewrite(&|node| {
        let Expr::Function { name, args } = node else {
            return None;
        };
        let f = resolve(readable, name, args.len())?;
        let args: Vec<Expr> = {
            let mut u = names.borrow_mut();
            args.iter()
                .map(|a| inline(a, readable, depth + 1, &mut u))
                .collect()
        };
        let body = inline_call(&f.body, &f.params, &args)?;
        let mut u = names.borrow_mut();
        let qualified = format!("{}.{}", f.schema, f.name);
        if !u.contains(&qualified) {
            u.push(qualified);
        }
        Some(inline(&body, readable, depth + 1, &mut u))
    });
    *used = names.into_inner();
    out
}

/// The one readable function a call names (`name` or `schema.name`) with `arity` arguments;
/// `None` when there is none or more than one (overloads across schemas are not guessed at).
fn resolve<'a>(readable: &'a [Readable], name: &str, arity: usize) -> Option<&'a Readable> {
    let (schema, bare) = match name.rsplit_once('.') {
        Some((s, b)) => (Some(s), b),
        None => (None, name),
    };
    let mut hits = readable.iter().filter(|f| {
        f.name == bare && f.params.len() == arity && schema.is_none_or(|s| s == f.schema)
    });
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse_check;
    use crate::model::Table;

    fn function(language: &str, params: &[&str], body: &str) -> Function {
        Function {
            schema: "public".into(),
            name: "valid".into(),
            arg_names: params.iter().map(|p| p.to_string()).collect(),
            arg_types: params.iter().map(|_| "jsonb".into()).collect(),
            returns: "boolean".into(),
            language: language.into(),
            body: body.into(),
        }
    }

    fn catalog_with(check: &str) -> Catalog {
        let mut t = Table::empty("public", "t");
        t.checks
            .push(parse_check("c".into(), format!("CHECK ({check})"), false));
        Catalog {
            server_version: String::new(),
            schemas: vec!["public".into()],
            tables: vec![t],
            views: Vec::new(),
            excluded: Vec::new(),
            existing: Default::default(),
        }
    }

    #[test]
    fn a_plpgsql_check_function_is_inlined() {
        let mut cat = catalog_with("valid(doc)");
        let f = function(
            "plpgsql",
            &["d"],
            "BEGIN IF NOT (d ? 'a') THEN RETURN false; END IF; RETURN true; END;",
        );
        inline_functions(&mut cat, &[f]);
        let c = &cat.tables[0].checks[0];
        assert_eq!(c.inlined, vec!["public.valid"]);
        assert_eq!(c.columns, vec!["doc"]);
        assert!(c.expr.functions().is_empty(), "{:?}", c.expr);
    }

    #[test]
    fn unreadable_or_ambiguous_functions_stay_calls() {
        let mut cat = catalog_with("public.valid(doc)");
        let f = function("plpgsql", &["d"], "DECLARE x int; BEGIN RETURN true; END;");
        inline_functions(&mut cat, &[f]);
        assert!(cat.tables[0].checks[0].inlined.is_empty());

        let mut cat = catalog_with("valid(doc)");
        let a = function("sql", &["d"], "SELECT d ? 'a'");
        let mut b = a.clone();
        b.schema = "other".into();
        inline_functions(&mut cat, &[a, b]);
        assert!(cat.tables[0].checks[0].inlined.is_empty());
    }

    #[test]
    fn functions_calling_functions_are_inlined_through() {
        // musicbrainz: controlled_for_whitespace($1) = NOT padded_by_whitespace($1).
        let mut cat = catalog_with("controlled_for_whitespace(name)");
        let mut outer = function("sql", &[""], "SELECT NOT padded_by_whitespace($1);");
        outer.name = "controlled_for_whitespace".into();
        let mut inner = function("sql", &[""], "SELECT btrim($1) <> $1;");
        inner.name = "padded_by_whitespace".into();
        assert_eq!(
            called_in_bodies(std::slice::from_ref(&outer)),
            ["padded_by_whitespace"]
        );
        inline_functions(&mut cat, &[outer, inner]);
        let c = &cat.tables[0].checks[0];
        assert_eq!(c.inlined.len(), 2, "{:?}", c.inlined);
        assert_eq!(c.expr.functions(), ["btrim"]);
        assert_eq!(c.columns, ["name"]);
    }
}
