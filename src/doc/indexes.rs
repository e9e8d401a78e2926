//! Index analysis: supporting and redundant indexes, index kinds and what they are for.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::markdown::code;
use crate::model::{Index, KeyPart, Table};

/// An index that lets PostgreSQL find the rows matching these columns without a full scan: a
/// B-tree, not partial, whose leading columns are exactly these (in any order); or a hash index
/// on the single column. This is what a foreign key needs for joins and for the checks its
/// parent's deletes and updates run.
pub(super) fn supporting_index<'t>(t: &'t Table, cols: &[String]) -> Option<&'t Index> {
    t.indexes.iter().find(|ix| {
        if ix.predicate.is_some() || ix.parts.len() < cols.len() {
            return false;
        }
        let lead: BTreeSet<Option<&str>> =
            ix.parts[..cols.len()].iter().map(KeyPart::column).collect();
        let want: BTreeSet<Option<&str>> = cols.iter().map(|c| Some(c.as_str())).collect();
        match ix.method.as_str() {
            "btree" => lead == want,
            "hash" => cols.len() == 1 && ix.parts.len() == 1 && lead == want,
            _ => false,
        }
    })
}

/// The key list of an index definition: `CREATE INDEX x ON t USING btree (a, b DESC) WHERE …`
/// → `a, b DESC`. Reads the parenthesised list after `USING method`, skipping parentheses inside
/// expressions and string literals.
pub(super) fn index_key(def: &str) -> Option<&str> {
    let using = def.find(" USING ")?;
    let open = using + def[using..].find('(')?;
    let mut depth = 0;
    let mut in_str = false;
    for (i, ch) in def[open..].char_indices() {
        match ch {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return Some(&def[open + 1..open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Split an index key list at top-level commas (quoted identifiers and literals understood),
/// each part trimmed.
pub(super) fn split_key(key: &str) -> Vec<String> {
    crate::values::sql::split_top_level(key, ',')
        .into_iter()
        .map(|p| p.trim().to_string())
        .collect()
}

/// Pairs (redundant, covering): a plain B-tree index whose key is a leading part of another
/// B-tree index's key with the same predicate, or equal to it. The covering index answers the
/// same lookups; the redundant one only costs writes. Indexes backing a constraint are never
/// called redundant (dropping them drops the constraint).
pub(super) fn redundant_indexes(t: &Table) -> Vec<(&Index, &Index)> {
    let mut out = Vec::new();
    for a in &t.indexes {
        if a.method != "btree" || a.unique || a.constraint.is_some() {
            continue;
        }
        let Some(ka) = index_key(&a.definition).map(split_key) else {
            continue;
        };
        let covering = t.indexes.iter().find(|b| {
            if b.name == a.name || b.method != "btree" || b.predicate != a.predicate {
                return false;
            }
            let Some(kb) = index_key(&b.definition).map(split_key) else {
                return false;
            };
            // An exact duplicate is reported once, against the one named first.
            let longer =
                kb.len() > ka.len() || (kb.len() == ka.len() && (b.unique || b.name < a.name));
            longer && kb[..ka.len().min(kb.len())] == ka[..]
        });
        if let Some(b) = covering {
            out.push((a, b));
        }
    }
    out
}

/// The kinds an index belongs to, for the index table and its summary.
pub(super) fn index_kinds(ix: &Index) -> Vec<&'static str> {
    let mut k = Vec::new();
    if ix.primary {
        k.push("primary key");
    } else if ix.unique {
        k.push("unique");
    }
    if ix.parts.len() > 1 {
        k.push("composite");
    }
    if ix.predicate.is_some() {
        k.push("partial");
    }
    if ix
        .parts
        .iter()
        .any(|p| matches!(p, KeyPart::Expression { .. }))
    {
        k.push("expression");
    }
    match ix.method.as_str() {
        "btree" => {}
        "gin" => k.push("GIN"),
        "gist" => k.push("GiST"),
        "brin" => k.push("BRIN"),
        "hash" => k.push("hash"),
        "spgist" => k.push("SP-GiST"),
        _ => k.push("other method"),
    }
    k
}

/// What a non-plain index is for: the query shape it serves, or `None` for a plain B-tree.
pub(super) fn special_access(ix: &Index) -> Option<String> {
    let key = index_key(&ix.definition).unwrap_or_default();
    let mut what = match ix.method.as_str() {
        "gin" if key.contains("to_tsvector") => format!("full-text search on {}", code(key)),
        "gin" => format!("containment and overlap (`@>`, `&&`, `?`) on {}", code(key)),
        "gist" | "spgist" => format!(
            "overlap, range and nearest-neighbour queries on {}",
            code(key)
        ),
        "brin" => format!("range scans over {} on physically ordered data", code(key)),
        "hash" => format!("equality lookups on {}", code(key)),
        _ if key.contains(" DESC") => format!("rows in {} order", code(key)),
        _ if ix
            .parts
            .iter()
            .any(|p| matches!(p, KeyPart::Expression { .. })) =>
        {
            format!("lookups by the expression {}", code(key))
        }
        _ if ix.predicate.is_some() => format!("lookups by {}", code(key)),
        _ => return None,
    };
    if let Some(p) = &ix.predicate {
        let _ = write!(what, ", only over rows where {}", code(p));
    }
    Some(what)
}
