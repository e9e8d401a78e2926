//! Partial-index predicates and view definitions, read as expression trees rather than as text.
//!
//! A predicate is parsed into the expression tree the planner uses ([`Expr`]); a view's
//! definition (as `pg_get_viewdef` prints it) is parsed with `sqlparser` into the tables its
//! query reads and the WHERE conditions it filters on, each again an [`Expr`]. So quoting,
//! qualification, nesting and casts are understood, and `undeleted_at IS NULL` or
//! `deleted_at IS NOT NULL` are not mistaken for a filter on `deleted_at`.

use sqlparser::ast;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::detect::is_boolean;
use crate::model::{Column, Table, View};
use crate::values::expr::{BinOp, Expr, Literal};

/// True when a predicate (a partial index's WHERE) keeps only rows whose soft-delete marker is
/// unset. Unparsable text keeps nothing.
pub(super) fn filters_live_rows(predicate: &str, marker: &Column) -> bool {
    keeps_live_rows(&Expr::parse(predicate), marker)
}

/// True when one of the conjuncts of `predicate` keeps only rows whose soft-delete marker is
/// unset: `deleted_at IS NULL` for a time marker; `NOT deleted`, `deleted = false`,
/// `deleted <> true`, `deleted IS FALSE` or `deleted IS NOT TRUE` for a flag. The column may be
/// qualified (`templates.deleted_at`), quoted or cast.
fn keeps_live_rows(predicate: &Expr, marker: &Column) -> bool {
    let is_marker = |e: &Expr| e.as_column() == Some(marker.name.as_str());
    let is_bool = |e: &Expr, b: bool| e.as_literal() == Some(Literal::Bool(b));
    // `marker op literal` in either order.
    let compares = |left: &Expr, right: &Expr, b: bool| {
        (is_marker(left) && is_bool(right, b)) || (is_marker(right) && is_bool(left, b))
    };
    let flag = is_boolean(marker);
    predicate.conjuncts().into_iter().any(|c| match c {
        Expr::IsNull {
            expr,
            negated: false,
        } => !flag && is_marker(expr),
        Expr::Not { expr } => flag && is_marker(expr),
        Expr::Binary {
            op: BinOp::Eq,
            left,
            right,
        } => flag && compares(left, right, false),
        Expr::Binary {
            op: BinOp::NotEq,
            left,
            right,
        } => flag && compares(left, right, true),
        Expr::IsBool {
            expr,
            value,
            negated,
        } => flag && value == negated && is_marker(expr),
        _ => false,
    })
}

/// True when a view's query reads the table (in FROM or JOIN, at any depth of subqueries, set
/// operations and WITH, and in subqueries of its columns and conditions), named with or
/// without its schema.
pub(super) fn view_reads(v: &View, t: &Table) -> bool {
    ViewQuery::parse(&v.definition).is_some_and(|q| {
        q.tables.iter().any(|name| match name.as_slice() {
            [table] => *table == t.name,
            [.., schema, table] => *table == t.name && *schema == t.schema,
            [] => false,
        })
    })
}

/// True when one of a view's WHERE conditions keeps only rows whose soft-delete marker is
/// unset (see [`keeps_live_rows`]).
pub(super) fn view_filters_live_rows(v: &View, marker: &Column) -> bool {
    ViewQuery::parse(&v.definition)
        .is_some_and(|q| q.filters.iter().any(|f| keeps_live_rows(f, marker)))
}

/// What a view's query reads and filters on.
#[derive(Default)]
struct ViewQuery {
    /// Tables in FROM and JOIN, as their name parts (`["public", "templates"]`).
    tables: Vec<Vec<String>>,
    /// WHERE conditions, of the query and of its subqueries.
    filters: Vec<Expr>,
}

impl ViewQuery {
    /// `None` when the definition does not parse.
    fn parse(definition: &str) -> Option<ViewQuery> {
        let statements = Parser::parse_sql(&PostgreSqlDialect {}, definition).ok()?;
        let mut q = ViewQuery::default();
        for s in &statements {
            if let ast::Statement::Query(query) = s {
                q.query(query);
            }
        }
        Some(q)
    }

    fn query(&mut self, q: &ast::Query) {
        if let Some(with) = &q.with {
            for cte in &with.cte_tables {
                self.query(&cte.query);
            }
        }
        self.set_expr(&q.body);
    }

    fn set_expr(&mut self, body: &ast::SetExpr) {
        match body {
            ast::SetExpr::Select(select) => {
                for from in &select.from {
                    self.from(from);
                }
                for item in &select.projection {
                    if let ast::SelectItem::UnnamedExpr(e)
                    | ast::SelectItem::ExprWithAlias { expr: e, .. } = item
                    {
                        self.expression(e);
                    }
                }
                if let Some(condition) = &select.selection {
                    self.expression(condition);
                    self.filters.push(Expr::parse(&condition.to_string()));
                }
            }
            ast::SetExpr::Query(q) => self.query(q),
            ast::SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left);
                self.set_expr(right);
            }
            _ => {}
        }
    }

    fn from(&mut self, from: &ast::TableWithJoins) {
        self.relation(&from.relation);
        for join in &from.joins {
            self.relation(&join.relation);
        }
    }

    fn relation(&mut self, factor: &ast::TableFactor) {
        match factor {
            ast::TableFactor::Table { name, .. } => self.tables.push(
                name.0
                    .iter()
                    .filter_map(|p| p.as_ident().map(ident_value))
                    .collect(),
            ),
            ast::TableFactor::Derived { subquery, .. } => self.query(subquery),
            ast::TableFactor::NestedJoin {
                table_with_joins, ..
            } => self.from(table_with_joins),
            _ => {}
        }
    }

    /// The subqueries inside an expression (scalar subqueries, `EXISTS`, `IN (SELECT …)`),
    /// through the compound forms a view's columns and conditions are usually made of.
    fn expression(&mut self, e: &ast::Expr) {
        use ast::Expr as E;
        match e {
            E::Subquery(q) | E::Exists { subquery: q, .. } => self.query(q),
            E::InSubquery { expr, subquery, .. } => {
                self.expression(expr);
                self.query(subquery);
            }
            E::Nested(x)
            | E::UnaryOp { expr: x, .. }
            | E::Cast { expr: x, .. }
            | E::IsNull(x)
            | E::IsNotNull(x) => self.expression(x),
            E::BinaryOp { left, right, .. } => {
                self.expression(left);
                self.expression(right);
            }
            E::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                for x in operand.iter().chain(else_result) {
                    self.expression(x);
                }
                for w in conditions {
                    self.expression(&w.condition);
                    self.expression(&w.result);
                }
            }
            E::Function(f) => self.arguments(&f.args),
            _ => {}
        }
    }

    fn arguments(&mut self, args: &ast::FunctionArguments) {
        match args {
            ast::FunctionArguments::Subquery(q) => self.query(q),
            ast::FunctionArguments::List(list) => {
                for arg in &list.args {
                    if let ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e))
                    | ast::FunctionArg::Named {
                        arg: ast::FunctionArgExpr::Expr(e),
                        ..
                    }
                    | ast::FunctionArg::ExprNamed {
                        arg: ast::FunctionArgExpr::Expr(e),
                        ..
                    } = arg
                    {
                        self.expression(e);
                    }
                }
            }
            ast::FunctionArguments::None => {}
        }
    }
}

/// An identifier as PostgreSQL resolves it: unquoted ones fold to lower case.
fn ident_value(id: &ast::Ident) -> String {
    if id.quote_style.is_some() {
        id.value.clone()
    } else {
        id.value.to_lowercase()
    }
}
