//! Subqueries a trigger's condition reads another table with: `(SELECT expr FROM t WHERE
//! t.key = NEW.col [AND …])` and `[NOT] EXISTS (SELECT … FROM t WHERE t.key = NEW.col [AND …])`.
//! When `NEW.col` is a foreign key to `t(key)`, the subquery reads the one parent row the key
//! picked, which the row engine can recompute; anything wider (joins, other filters on NEW,
//! several rows) is not read.

use std::cell::RefCell;

use sqlparser::ast;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use crate::values::expr::{BinOp, Expr, Literal, ident_value as ident};
use crate::values::plpgsql::join::{self, JOIN_PREFIX, JoinExists};
use crate::values::plpgsql::trigger::NEW_PREFIX;

/// What a condition names a lookup's value by: `LOOKUP_PREFIX` + its index.
pub const LOOKUP_PREFIX: &str = "__lookup__";

/// What a trigger's subquery reads from the one row of `table` whose `key` equals the row's
/// column `by`: the value of `expr` over that row, or with `exists`, whether there is such a
/// row and `expr` holds for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Lookup {
    /// As the body writes it (possibly schema-qualified); in the catalog model, resolved to
    /// `schema.table`.
    pub table: String,
    pub key: String,
    /// A column of NEW (unprefixed).
    pub by: String,
    /// Over the parent's columns: the scalar subquery's value, or the rest of EXISTS's WHERE.
    pub expr: Expr,
    /// `EXISTS`: true when `by` is not NULL and `expr` holds for the parent row.
    pub exists: bool,
}

/// `e` with every subquery that is a lookup replaced by a column named `LOOKUP_PREFIX` + the
/// index of the lookup appended to `found`, and every EXISTS over a join of equalities by one
/// named `JOIN_PREFIX` + its index in `joins`; `Err` names a subquery that is neither.
pub fn extract(
    e: &Expr,
    found: &mut Vec<Lookup>,
    joins: &mut Vec<JoinExists>,
) -> Result<Expr, String> {
    let seen = RefCell::new(std::mem::take(found));
    let joined = RefCell::new(std::mem::take(joins));
    let failed = RefCell::new(None);
    let out = e.rewrite(&|n| {
        let Expr::Unsupported { sql } = n else {
            return None;
        };
        if let Some((lookup, negated)) = parse_lookup(sql) {
            let mut seen = seen.borrow_mut();
            seen.push(lookup);
            return Some(read_as(LOOKUP_PREFIX, seen.len() - 1, negated));
        }
        if let Some((join, negated)) = join::parse(sql) {
            let mut joined = joined.borrow_mut();
            joined.push(join);
            return Some(read_as(JOIN_PREFIX, joined.len() - 1, negated));
        }
        failed.borrow_mut().get_or_insert_with(|| sql.clone());
        None
    });
    *found = seen.into_inner();
    *joins = joined.into_inner();
    match failed.into_inner() {
        Some(sql) => Err(format!(
            "it reads another table in a way seedbed does not model ({sql})"
        )),
        None => Ok(out),
    }
}

/// The column a condition reads subquery `k` by (`prefix` + `k`), under NOT when `negated`.
fn read_as(prefix: &str, k: usize, negated: bool) -> Expr {
    let column = Expr::Column {
        name: format!("{prefix}{k}"),
    };
    if negated {
        Expr::Not {
            expr: Box::new(column),
        }
    } else {
        column
    }
}

/// A lookup, and whether it is negated (`NOT EXISTS`).
fn parse_lookup(sql: &str) -> Option<(Lookup, bool)> {
    let mut p = Parser::new(&PostgreSqlDialect {}).try_with_sql(sql).ok()?;
    let e = p.parse_expr().ok()?;
    let (query, exists, negated) = match e {
        ast::Expr::Subquery(q) => (q, false, false),
        ast::Expr::Exists { subquery, negated } => (subquery, true, negated),
        _ => return None,
    };
    let select = simple_select(&query)?;
    let (table, alias) = single_table(select)?;
    let mut conjuncts = Vec::new();
    split_and(select.selection.as_ref()?, &mut conjuncts);
    let (at, key, by) = conjuncts
        .iter()
        .enumerate()
        .find_map(|(i, c)| key_equality(c, &table, alias.as_deref()).map(|(k, b)| (i, k, b)))?;
    conjuncts.remove(at);
    let parts: Option<Vec<Expr>> = conjuncts
        .iter()
        .map(|c| Expr::parse_whole(&c.to_string()))
        .collect();
    let rest = parts?.into_iter().reduce(|l, r| Expr::Binary {
        op: BinOp::And,
        left: Box::new(l),
        right: Box::new(r),
    });
    let expr = if exists {
        rest.unwrap_or(Expr::Literal {
            value: Literal::Bool(true),
        })
    } else {
        if rest.is_some() || select.projection.len() != 1 {
            return None;
        }
        let item = match &select.projection[0] {
            ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => e,
            _ => return None,
        };
        Expr::parse_whole(&item.to_string())?
    };
    // The parent's columns only: NEW is read through `by` alone.
    if expr.columns().iter().any(|c| c.starts_with(NEW_PREFIX)) || expr.has_unsupported() {
        return None;
    }
    let lookup = Lookup {
        table,
        key,
        by,
        expr,
        exists,
    };
    Some((lookup, negated))
}

pub(super) fn simple_select(q: &ast::Query) -> Option<&ast::Select> {
    if q.with.is_some() || q.order_by.is_some() || q.limit_clause.is_some() || q.fetch.is_some() {
        return None;
    }
    match q.body.as_ref() {
        ast::SetExpr::Select(s)
            if s.distinct.is_none()
                && s.group_by == ast::GroupByExpr::Expressions(vec![], vec![])
                && s.having.is_none() =>
        {
            Some(s)
        }
        _ => None,
    }
}

/// The one table of `FROM` (no joins), and its alias.
fn single_table(s: &ast::Select) -> Option<(String, Option<String>)> {
    let [from] = s.from.as_slice() else {
        return None;
    };
    if !from.joins.is_empty() {
        return None;
    }
    let ast::TableFactor::Table {
        name, alias, args, ..
    } = &from.relation
    else {
        return None;
    };
    if args.is_some() {
        return None;
    }
    let parts: Option<Vec<String>> = name
        .0
        .iter()
        .map(|p| match p {
            ast::ObjectNamePart::Identifier(id) => Some(ident(id)),
            _ => None,
        })
        .collect();
    Some((parts?.join("."), alias.as_ref().map(|a| ident(&a.name))))
}

pub(super) fn split_and<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
    match e {
        ast::Expr::BinaryOp {
            left,
            op: ast::BinaryOperator::And,
            right,
        } => {
            split_and(left, out);
            split_and(right, out);
        }
        ast::Expr::Nested(inner) => split_and(inner, out),
        _ => out.push(e),
    }
}

/// `key = NEW.col` (either way round), `key` a column of the subquery's table: the key and
/// the column of NEW.
fn key_equality(e: &ast::Expr, table: &str, alias: Option<&str>) -> Option<(String, String)> {
    let ast::Expr::BinaryOp {
        left,
        op: ast::BinaryOperator::Eq,
        right,
    } = e
    else {
        return None;
    };
    let new_col = |e: &ast::Expr| match e {
        ast::Expr::Identifier(id) => ident(id).strip_prefix(NEW_PREFIX).map(str::to_string),
        _ => None,
    };
    let own = |e: &ast::Expr| match e {
        ast::Expr::Identifier(id) if !ident(id).starts_with(NEW_PREFIX) => Some(ident(id)),
        ast::Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
            let qualifier = ident(&parts[parts.len() - 2]);
            let bare = table.rsplit('.').next().unwrap_or(table);
            (qualifier == bare || Some(qualifier.as_str()) == alias)
                .then(|| ident(&parts[parts.len() - 1]))
        }
        _ => None,
    };
    match (own(left), new_col(right)) {
        (Some(k), Some(b)) => Some((k, b)),
        _ => Some((own(right)?, new_col(left)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sql: &str) -> (Expr, Vec<Lookup>) {
        let e = Expr::parse_with_unsupported(sql).expect("parses");
        let mut found = Vec::new();
        let out = extract(&e, &mut found, &mut Vec::new()).expect("a lookup");
        (out, found)
    }

    #[test]
    fn a_scalar_subquery_on_the_parent_key() {
        let (e, l) = one("(SELECT is_deprecated FROM link_type WHERE id = __new__link_type)");
        assert_eq!(
            e,
            Expr::Column {
                name: "__lookup__0".into()
            }
        );
        assert_eq!(l[0].table, "link_type");
        assert_eq!((l[0].key.as_str(), l[0].by.as_str()), ("id", "link_type"));
        assert!(!l[0].exists);
        assert_eq!(l[0].expr.columns(), vec!["is_deprecated".to_string()]);
    }

    #[test]
    fn not_exists_with_a_filter_on_the_parent() {
        let (e, l) = one(
            "__new__t IS NOT NULL AND NOT EXISTS (SELECT TRUE FROM area_attribute_type \
             WHERE area_attribute_type.id = __new__area_attribute_type AND free_text)",
        );
        assert!(matches!(e, Expr::Binary { op: BinOp::And, .. }));
        assert!(l[0].exists);
        assert_eq!(l[0].by, "area_attribute_type");
        assert_eq!(l[0].expr.columns(), vec!["free_text".to_string()]);
    }

    #[test]
    fn joins_and_other_filters_on_new_are_not_lookups() {
        // A join of equalities is read as one (the planner decides what it means).
        let e = Expr::parse_with_unsupported(
            "EXISTS (SELECT 1 FROM a JOIN b ON a.id = b.a WHERE a.id = __new__a)",
        )
        .expect("parses");
        let (mut lookups, mut joins) = (Vec::new(), Vec::new());
        assert!(extract(&e, &mut lookups, &mut joins).is_ok());
        assert_eq!((lookups.len(), joins.len()), (0, 1));
        for sql in [
            "EXISTS (SELECT 1 FROM a WHERE a.id = __new__a AND a.x = __new__x)",
            "EXISTS (SELECT 1 FROM a WHERE a.x > 3)",
        ] {
            let e = Expr::parse_with_unsupported(sql).expect("parses");
            assert!(
                extract(&e, &mut Vec::new(), &mut Vec::new()).is_err(),
                "{sql}"
            );
        }
    }
}
