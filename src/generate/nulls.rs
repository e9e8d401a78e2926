//! CHECKs about NULL-ness alone — `(user_id IS NULL) <> (email IS NULL)`, `(code IS NULL) =
//! (email IS NULL)` — solved together rather than re-drawn. Several such CHECKs over a few
//! columns admit only some NULL patterns; re-drawing each column's NULL-ness at random rarely
//! lands on one when a pinned key (an enumerated foreign key that is never NULL) leaves one
//! way out. The table's NULL-only CHECKs are grouped once; a row that still fails them after
//! re-drawing gets one of the patterns they all allow, chosen by a hash of the row.

use crate::values::eval::{Func, Node, passes};
use crate::values::value::Value;

/// Most columns one group of NULL-only CHECKs may span (2^n patterns are tried).
const MAX_COLUMNS: usize = 10;

/// The NULL-only CHECKs of a table (indexes into its checks) and the columns they read.
#[derive(Debug, Default)]
pub(super) struct NullChecks {
    pub checks: Vec<usize>,
    pub columns: Vec<usize>,
}

/// Whether a CHECK reads nothing but whether columns are NULL: `IS [NOT] NULL` tests joined by
/// AND, OR, NOT, `=` and `<>`, and `num_nulls(…)`/`num_nonnulls(…)` compared with a constant.
fn null_only(n: &Node, cols: &mut Vec<usize>) -> bool {
    use crate::values::expr::BinOp::*;
    match n {
        Node::IsNull(x, _) => column(x, cols),
        Node::Not(x) => null_only(x, cols),
        Node::Bin(And | Or | Eq | NotEq, l, r) if null_only(l, cols) && null_only(r, cols) => true,
        Node::Bin(_, l, r) => match (&**l, &**r) {
            (count, Node::Lit(_)) | (Node::Lit(_), count) => null_count(count, cols),
            _ => false,
        },
        _ => false,
    }
}

fn column(n: &Node, cols: &mut Vec<usize>) -> bool {
    match *n {
        Node::Col(c) => {
            if !cols.contains(&c) {
                cols.push(c);
            }
            true
        }
        _ => false,
    }
}

fn null_count(n: &Node, cols: &mut Vec<usize>) -> bool {
    match n {
        Node::Func(Func::NumNonNulls | Func::NumNulls, args) => {
            args.iter().all(|a| column(a, cols))
        }
        _ => false,
    }
}

impl NullChecks {
    /// The table's NULL-only CHECKs, when there are some over few enough columns.
    pub fn of(nodes: &[&Node]) -> NullChecks {
        let mut out = NullChecks::default();
        for (k, n) in nodes.iter().enumerate() {
            let mut cols = Vec::new();
            if null_only(n, &mut cols) {
                out.checks.push(k);
                for c in cols {
                    if !out.columns.contains(&c) {
                        out.columns.push(c);
                    }
                }
            }
        }
        if out.columns.len() > MAX_COLUMNS {
            return NullChecks::default();
        }
        out
    }

    /// The NULL patterns (bit i set: `columns[i]` is NULL) every NULL-only CHECK allows, among
    /// those `allowed` admits.
    pub fn patterns(&self, nodes: &[&Node], allowed: impl Fn(usize, bool) -> bool) -> Vec<u32> {
        let width = self.columns.iter().max().map_or(0, |m| m + 1);
        let mut row = vec![Value::Bool(true); width];
        (0..1u32 << self.columns.len())
            .filter(|p| {
                self.columns
                    .iter()
                    .enumerate()
                    .all(|(i, &c)| allowed(c, p & (1 << i) != 0))
            })
            .filter(|p| {
                for (i, &c) in self.columns.iter().enumerate() {
                    row[c] = if p & (1 << i) != 0 {
                        Value::Null
                    } else {
                        Value::Bool(true)
                    };
                }
                self.checks
                    .iter()
                    .all(|&k| passes(nodes[k], &row) != Some(false))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::eval::compile;
    use crate::values::expr::Expr;

    #[test]
    fn patterns_allowed_by_every_null_only_check() {
        let cols = ["a", "b", "c"];
        let index = |n: &str| cols.iter().position(|c| *c == n);
        let c0 = compile(&Expr::parse("(a IS NULL) <> (b IS NULL)"), &index).0;
        let c1 = compile(&Expr::parse("(c IS NULL) = (b IS NULL)"), &index).0;
        let other = compile(&Expr::parse("a > 3"), &index).0;
        let nodes = [&c0, &c1, &other];
        let n = NullChecks::of(&nodes);
        assert_eq!(n.checks, [0, 1]);
        assert_eq!(n.columns, [0, 1, 2]);
        // a is never NULL (an enumerated key): only "b and c NULL" remains.
        let p = n.patterns(&nodes, |c, null| !(c == 0 && null));
        assert_eq!(p, [0b110]);
    }
}
