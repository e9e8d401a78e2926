//! The table graph: which table must be loaded before which.
//!
//! Edges run from a referencing table to the table it references. Strongly connected components
//! (Tarjan) show the cycles; each cycle is broken at a DEFERRABLE key (checked at commit, so both
//! tables load with real values in one transaction) or else at a nullable one (loaded as NULL and
//! filled in after the referenced table is loaded). Only as many keys are broken as needed. The
//! order is deterministic: among tables that are ready, the smallest `schema.table` goes first.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Catalog;

/// The tables in load order, and the keys that order leaves to be filled later.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadOrder {
    /// Indexes into `Catalog::tables`, parents before children.
    pub tables: Vec<usize>,
    /// Foreign keys whose edge was removed to break a cycle.
    pub deferred: Vec<DeferredKey>,
    /// Foreign keys of a table to itself (rows refer to earlier rows).
    pub self_references: Vec<KeyRef>,
    /// Foreign keys to tables outside the introspected set (excluded or filtered out).
    pub external: Vec<KeyRef>,
}

/// A foreign key, named by its table (index) and constraint name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRef {
    /// Index of the referencing table in the catalog.
    pub table: usize,
    /// The foreign key's constraint name.
    pub foreign_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeferredKey {
    pub table: usize,
    pub foreign_key: String,
    pub how: BreakKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// How a foreign key that closes a cycle is honoured.
pub enum BreakKind {
    /// The constraint is DEFERRABLE: load both tables in one transaction, checked at commit.
    Deferrable,
    /// The key's columns are nullable: load NULL, then UPDATE once the other table is loaded.
    Nullable,
}

impl LoadOrder {
    /// How the key `fk` of `table` was broken out of a cycle, if it was.
    pub fn is_deferred(&self, table: usize, fk: &str) -> Option<BreakKind> {
        self.deferred
            .iter()
            .find(|d| d.table == table && d.foreign_key == fk)
            .map(|d| d.how)
    }

    /// The broken keys as `schema.table.constraint`.
    pub fn keys(&self, catalog: &Catalog) -> Vec<String> {
        self.tables
            .iter()
            .map(|&i| catalog.tables[i].key())
            .collect()
    }
}

#[derive(Debug, Clone)]
struct Edge {
    from: usize,
    to: usize,
    fk: String,
    breakable: Option<BreakKind>,
}

/// Compute the load order of every table in the catalog.
pub fn load_order(catalog: &Catalog) -> Result<LoadOrder> {
    let n = catalog.tables.len();
    let index: BTreeMap<String, usize> = catalog
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key(), i))
        .collect();
    let mut edges = Vec::new();
    let mut self_references = Vec::new();
    let mut external = Vec::new();
    for (i, t) in catalog.tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            let key = KeyRef {
                table: i,
                foreign_key: fk.name.clone(),
            };
            match index.get(&fk.references.key()) {
                None => external.push(key),
                Some(&j) if j == i => self_references.push(key),
                Some(&j) => {
                    let nullable = fk
                        .columns
                        .iter()
                        .all(|c| t.column(c).is_some_and(|c| !c.effectively_not_null()));
                    let breakable = if fk.deferrable {
                        Some(BreakKind::Deferrable)
                    } else if nullable {
                        Some(BreakKind::Nullable)
                    } else {
                        None
                    };
                    edges.push(Edge {
                        from: i,
                        to: j,
                        fk: fk.name.clone(),
                        breakable,
                    })
                }
            }
        }
    }
    let names: Vec<String> = catalog.tables.iter().map(|t| t.key()).collect();
    let (mut order, deferred) = order_with_breaks(n, &names, &edges)?;
    // Tables a trigger's refusal joins must hold their rows before the table's are inserted:
    // an ordering preference, kept only where it breaks no foreign key the plain order keeps.
    let read = trigger_reads(catalog, &index);
    if !read.is_empty() {
        let mut preferred = edges.clone();
        preferred.extend(read);
        if let Ok((o, d)) = order_with_breaks(n, &names, &preferred)
            && d == deferred
        {
            order = o;
        }
    }
    Ok(LoadOrder {
        tables: order,
        deferred,
        self_references,
        external,
    })
}

/// An edge from each table to every other table its BEFORE INSERT triggers' refusals join.
fn trigger_reads(catalog: &Catalog, index: &BTreeMap<String, usize>) -> Vec<Edge> {
    let mut out = Vec::new();
    for (i, t) in catalog.tables.iter().enumerate() {
        for trg in &t.triggers {
            let joined = (trg.effect.rejections.iter())
                .flat_map(|r| &r.joins)
                .flat_map(|j| &j.tables);
            for name in joined {
                if let Some(&j) = index.get(name)
                    && j != i
                {
                    out.push(Edge {
                        from: i,
                        to: j,
                        fk: format!("trigger {}", trg.name),
                        breakable: None,
                    });
                }
            }
        }
    }
    out
}

/// The core algorithm on plain indexes, so it can be unit-tested without a catalog.
fn order_with_breaks(
    n: usize,
    names: &[String],
    edges: &[Edge],
) -> Result<(Vec<usize>, Vec<DeferredKey>)> {
    let sccs = tarjan(n, edges);
    let mut component = vec![0; n];
    for (c, members) in sccs.iter().enumerate() {
        for &m in members {
            component[m] = c;
        }
    }
    // Edges inside a component (a cycle) are candidates for breaking; sort so the result is
    // deterministic: deferrable before nullable, then by table and constraint name.
    let mut kept: Vec<&Edge> = Vec::new();
    let mut candidates: Vec<&Edge> = Vec::new();
    for e in edges {
        if component[e.from] == component[e.to] && e.breakable.is_some() {
            candidates.push(e);
        } else {
            kept.push(e);
        }
    }
    candidates.sort_by(|a, b| {
        (
            a.breakable != Some(BreakKind::Deferrable),
            &names[a.from],
            &a.fk,
        )
            .cmp(&(
                b.breakable != Some(BreakKind::Deferrable),
                &names[b.from],
                &b.fk,
            ))
    });
    // Without any candidate edge, the remaining graph must be acyclic.
    let unbreakable = tarjan(n, &kept.iter().map(|e| (*e).clone()).collect::<Vec<_>>());
    if let Some(cycle) = unbreakable.iter().find(|c| c.len() > 1) {
        let members: BTreeSet<usize> = cycle.iter().copied().collect();
        let mut tables: Vec<String> = cycle.iter().map(|&i| names[i].clone()).collect();
        tables.sort();
        let mut keys: Vec<String> = kept
            .iter()
            .filter(|e| members.contains(&e.from) && members.contains(&e.to))
            .map(|e| format!("{} ({} -> {})", e.fk, names[e.from], names[e.to]))
            .collect();
        keys.sort();
        return Err(Error::UnbreakableCycle { tables, keys });
    }
    // Add candidates back one at a time when they do not close a cycle: break only what we must.
    // Those we would rather keep (nullable: breaking them costs an UPDATE) go back first, so the
    // ones left out are preferably deferrable.
    let mut deferred = Vec::new();
    for c in candidates.into_iter().rev() {
        if reaches(n, &kept, c.to, c.from) {
            deferred.push(DeferredKey {
                table: c.from,
                foreign_key: c.fk.clone(),
                how: c.breakable.expect("candidates are breakable"),
            });
        } else {
            kept.push(c);
        }
    }
    // Kahn's algorithm, smallest name first among ready tables.
    let mut waiting_on = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &kept {
        waiting_on[e.from] += 1;
        dependents[e.to].push(e.from);
    }
    let mut ready: BTreeSet<(&str, usize)> = (0..n)
        .filter(|&i| waiting_on[i] == 0)
        .map(|i| (names[i].as_str(), i))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(first) = ready.pop_first() {
        let i = first.1;
        order.push(i);
        for &d in &dependents[i] {
            waiting_on[d] -= 1;
            if waiting_on[d] == 0 {
                ready.insert((names[d].as_str(), d));
            }
        }
    }
    debug_assert_eq!(order.len(), n, "the kept graph is acyclic");
    deferred
        .sort_by(|a, b| (&names[a.table], &a.foreign_key).cmp(&(&names[b.table], &b.foreign_key)));
    Ok((order, deferred))
}

/// Is `target` reachable from `start` along `edges` (from → to)?
fn reaches(n: usize, edges: &[&Edge], start: usize, target: usize) -> bool {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        adj[e.from].push(e.to);
    }
    let mut seen = vec![false; n];
    let mut stack = vec![start];
    while let Some(v) = stack.pop() {
        if v == target {
            return true;
        }
        if !std::mem::replace(&mut seen[v], true) {
            stack.extend(&adj[v]);
        }
    }
    false
}

/// Tarjan's strongly connected components (iterative, so deep graphs cannot overflow the stack).
fn tarjan(n: usize, edges: &[Edge]) -> Vec<Vec<usize>> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        adj[e.from].push(e.to);
    }
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize, fk: &str, b: Option<BreakKind>) -> Edge {
        Edge {
            from,
            to,
            fk: fk.into(),
            breakable: b,
        }
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parents_first_ties_by_name() {
        // 0 = c, 1 = b, 2 = a; c -> a, b -> a.
        let n = names(&["p.c", "p.b", "p.a"]);
        let e = vec![edge(0, 2, "c_a", None), edge(1, 2, "b_a", None)];
        let (order, deferred) = order_with_breaks(3, &n, &e).unwrap();
        assert_eq!(order, vec![2, 1, 0]);
        assert!(deferred.is_empty());
    }

    #[test]
    fn cycle_broken_at_nullable_key_only() {
        // departments(0).head -> employees(1) nullable; employees.department -> departments not null.
        let n = names(&["hr.departments", "hr.employees"]);
        let e = vec![
            edge(0, 1, "head_fk", Some(BreakKind::Nullable)),
            edge(1, 0, "dept_fk", None),
        ];
        let (order, deferred) = order_with_breaks(2, &n, &e).unwrap();
        assert_eq!(order, vec![0, 1]);
        assert_eq!(
            deferred,
            vec![DeferredKey {
                table: 0,
                foreign_key: "head_fk".into(),
                how: BreakKind::Nullable
            }]
        );
    }

    #[test]
    fn deferrable_preferred_and_only_needed_breaks() {
        // a <-> b where both keys are breakable: only one is broken, the deferrable one.
        let n = names(&["p.a", "p.b"]);
        let e = vec![
            edge(0, 1, "a_b", Some(BreakKind::Nullable)),
            edge(1, 0, "b_a", Some(BreakKind::Deferrable)),
        ];
        let (order, deferred) = order_with_breaks(2, &n, &e).unwrap();
        assert_eq!(deferred.len(), 1);
        assert_eq!(deferred[0].foreign_key, "b_a");
        assert_eq!(order, vec![1, 0]);
    }

    #[test]
    fn unbreakable_cycle_names_tables_and_keys() {
        let n = names(&["p.a", "p.b", "p.c"]);
        let e = vec![
            edge(0, 1, "a_b", None),
            edge(1, 0, "b_a", None),
            edge(2, 0, "c_a", None),
        ];
        let err = order_with_breaks(3, &n, &e).unwrap_err().to_string();
        assert!(err.contains("p.a, p.b"), "{err}");
        assert!(err.contains("a_b (p.a -> p.b)"), "{err}");
        assert!(!err.contains("c_a"), "{err}");
    }

    #[test]
    fn three_table_cycle_and_independent_chain() {
        // 0 -> 1 -> 2 -> 0 (2->0 nullable), 3 -> 0.
        let n = names(&["p.x", "p.y", "p.z", "p.w"]);
        let e = vec![
            edge(0, 1, "x_y", None),
            edge(1, 2, "y_z", None),
            edge(2, 0, "z_x", Some(BreakKind::Nullable)),
            edge(3, 0, "w_x", None),
        ];
        let (order, deferred) = order_with_breaks(4, &n, &e).unwrap();
        assert_eq!(order, vec![2, 1, 0, 3]);
        assert_eq!(deferred[0].foreign_key, "z_x");
    }

    #[test]
    fn tarjan_finds_components() {
        let e = vec![
            edge(0, 1, "", None),
            edge(1, 0, "", None),
            edge(2, 2, "", None),
        ];
        let mut comps: Vec<Vec<usize>> = tarjan(3, &e)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        comps.sort();
        assert_eq!(comps, vec![vec![0, 1], vec![2]]);
    }
}
