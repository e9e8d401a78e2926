//! `[NOT] EXISTS (SELECT … FROM a JOIN b ON … WHERE …)` over several tables where every
//! condition equates two columns (of the joined tables or of NEW): which tables it joins and
//! which columns it makes equal. What that means (a chain of foreign keys from the row ending
//! in a table the pair must be listed in) is for the planner to decide: this layer knows no
//! keys.

use sqlparser::ast;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use crate::values::expr::ident_value as ident;
use crate::values::plpgsql::trigger::NEW_PREFIX;

/// What a condition names a join's existence by: `JOIN_PREFIX` + its index.
pub const JOIN_PREFIX: &str = "__join__";

/// The tables an EXISTS subquery joins and the columns its conditions equate.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JoinExists {
    /// One per table the subquery names (a table named twice is there twice), as the body
    /// writes it; in the catalog model, resolved to `schema.table`.
    pub tables: Vec<String>,
    /// Sets of terms the conditions make equal; each set has two terms or more.
    pub classes: Vec<Vec<Term>>,
}

/// A column of NEW, or column `.1` of joined table `.0`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Term {
    New(String),
    Column(usize, String),
}

/// The join of `sql` (an `EXISTS` expression) and whether it is negated, or `None` when it is
/// not of that shape: inner joins only, conditions that are equalities of columns only.
pub fn parse(sql: &str) -> Option<(JoinExists, bool)> {
    let mut p = Parser::new(&PostgreSqlDialect {}).try_with_sql(sql).ok()?;
    let ast::Expr::Exists { subquery, negated } = p.parse_expr().ok()? else {
        return None;
    };
    let select = crate::values::plpgsql::lookup::simple_select(&subquery)?;
    let mut scope = Scope::default();
    let mut conditions: Vec<&ast::Expr> = Vec::new();
    for from in &select.from {
        scope.add(&from.relation)?;
        for j in &from.joins {
            scope.add(&j.relation)?;
            match &j.join_operator {
                ast::JoinOperator::Join(c) | ast::JoinOperator::Inner(c) => match c {
                    ast::JoinConstraint::On(e) => {
                        crate::values::plpgsql::lookup::split_and(e, &mut conditions)
                    }
                    ast::JoinConstraint::None => {}
                    _ => return None,
                },
                ast::JoinOperator::CrossJoin(ast::JoinConstraint::None) => {}
                _ => return None,
            }
        }
    }
    if let Some(w) = &select.selection {
        crate::values::plpgsql::lookup::split_and(w, &mut conditions);
    }
    let mut classes: Vec<Vec<Term>> = Vec::new();
    for c in conditions {
        let ast::Expr::BinaryOp {
            left,
            op: ast::BinaryOperator::Eq,
            right,
        } = c
        else {
            return None;
        };
        let (a, b) = (scope.term(left)?, scope.term(right)?);
        merge(&mut classes, a, b);
    }
    if scope.tables.len() < 2 {
        return None;
    }
    Some((
        JoinExists {
            tables: scope.tables,
            classes,
        },
        negated,
    ))
}

/// The tables in `FROM`, by the names the conditions use, and `VALUES` rows of NEW's columns.
#[derive(Default)]
struct Scope {
    tables: Vec<String>,
    /// Each table's name in conditions (its alias, else its bare name).
    names: Vec<String>,
    /// `(VALUES (NEW.a, NEW.b)) v (x, y)`: `v`, and `x` → `a`, `y` → `b`.
    values: Vec<(String, Vec<(String, String)>)>,
}

impl Scope {
    fn add(&mut self, f: &ast::TableFactor) -> Option<()> {
        match f {
            ast::TableFactor::Table {
                name, alias, args, ..
            } if args.is_none() => {
                let parts: Option<Vec<String>> = (name.0.iter())
                    .map(|p| match p {
                        ast::ObjectNamePart::Identifier(id) => Some(ident(id)),
                        _ => None,
                    })
                    .collect();
                let table = parts?.join(".");
                let bare = table.rsplit('.').next().unwrap_or(&table).to_string();
                self.names
                    .push(alias.as_ref().map_or(bare, |a| ident(&a.name)));
                self.tables.push(table);
                Some(())
            }
            ast::TableFactor::Derived {
                lateral: false,
                subquery,
                alias: Some(alias),
                ..
            } => {
                let ast::SetExpr::Values(v) = subquery.body.as_ref() else {
                    return None;
                };
                let [row] = v.rows.as_slice() else {
                    return None;
                };
                if row.content.len() != alias.columns.len() {
                    return None;
                }
                let cols: Option<Vec<(String, String)>> = (alias.columns.iter())
                    .zip(&row.content)
                    .map(|(c, e)| Some((ident(&c.name), new_column(e)?)))
                    .collect();
                self.values.push((ident(&alias.name), cols?));
                Some(())
            }
            _ => None,
        }
    }

    fn term(&self, e: &ast::Expr) -> Option<Term> {
        match e {
            ast::Expr::Nested(inner) => self.term(inner),
            ast::Expr::Identifier(_) => new_column(e).map(Term::New),
            ast::Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                let (q, col) = (ident(&parts[0]), ident(&parts[1]));
                if let Some((_, cols)) = self.values.iter().find(|(n, _)| *n == q) {
                    let (_, new) = cols.iter().find(|(c, _)| *c == col)?;
                    return Some(Term::New(new.clone()));
                }
                let mut at = self.names.iter().enumerate().filter(|(_, n)| **n == q);
                let (i, _) = at.next()?;
                at.next().is_none().then_some(Term::Column(i, col))
            }
            _ => None,
        }
    }
}

/// `NEW.col` (written `__new__col` by the body's reader): `col`.
fn new_column(e: &ast::Expr) -> Option<String> {
    match e {
        ast::Expr::Identifier(id) => ident(id).strip_prefix(NEW_PREFIX).map(str::to_string),
        ast::Expr::Nested(inner) => new_column(inner),
        _ => None,
    }
}

fn merge(classes: &mut Vec<Vec<Term>>, a: Term, b: Term) {
    let find = |classes: &Vec<Vec<Term>>, t: &Term| classes.iter().position(|c| c.contains(t));
    match (find(classes, &a), find(classes, &b)) {
        (Some(i), Some(j)) if i == j => {}
        (Some(i), Some(j)) => {
            let moved = classes.remove(i.max(j));
            classes[i.min(j)].extend(moved);
        }
        (Some(i), None) => classes[i].push(b),
        (None, Some(j)) => classes[j].push(a),
        (None, None) if a == b => {}
        (None, None) => classes.push(vec![a, b]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_listed_through_two_parents() {
        // musicbrainz's prevent_invalid_attributes, as the body reader hands it over.
        let (j, negated) = parse(
            "EXISTS (SELECT TRUE FROM (VALUES (__new__link, __new__attribute_type)) la (link, attribute_type) \
             JOIN link l ON l.id = la.link JOIN link_type lt ON l.link_type = lt.id \
             JOIN link_attribute_type lat ON lat.id = la.attribute_type \
             JOIN link_type_attribute_type ltat ON ltat.attribute_type = lat.root AND ltat.link_type = lt.id)",
        )
        .expect("a join");
        assert!(!negated);
        assert_eq!(
            j.tables,
            [
                "link",
                "link_type",
                "link_attribute_type",
                "link_type_attribute_type"
            ]
        );
        let class_of = |t: &Term| j.classes.iter().find(|c| c.contains(t)).cloned();
        let link = class_of(&Term::New("link".into())).expect("NEW.link is joined");
        assert!(link.contains(&Term::Column(0, "id".into())));
        let lt = class_of(&Term::Column(1, "id".into())).expect("link_type.id");
        assert!(lt.contains(&Term::Column(0, "link_type".into())));
        assert!(lt.contains(&Term::Column(3, "link_type".into())));
        let root = class_of(&Term::Column(2, "root".into())).expect("root");
        assert!(root.contains(&Term::Column(3, "attribute_type".into())));
    }

    #[test]
    fn other_conditions_and_outer_joins_are_not_read() {
        for sql in [
            "EXISTS (SELECT 1 FROM a JOIN b ON a.id = b.a WHERE a.x > 3)",
            "EXISTS (SELECT 1 FROM a LEFT JOIN b ON a.id = b.a WHERE a.id = __new__a)",
            "EXISTS (SELECT 1 FROM a WHERE a.id = __new__a)",
        ] {
            assert!(parse(sql).is_none(), "{sql}");
        }
    }
}
