//! A trigger that refuses a row unless its parents are listed together in another table:
//! `IF NOT EXISTS (SELECT … FROM (VALUES (NEW.link, NEW.attribute_type)) la JOIN link l ON
//! l.id = la.link JOIN link_attribute_type lat ON lat.id = la.attribute_type JOIN
//! link_type_attribute_type ltat ON ltat.link_type = l.link_type AND ltat.attribute_type =
//! lat.root) THEN RAISE`. Drawing parents at random and re-drawing on refusal finds such
//! rows too rarely (1 in |link_type| × |attribute_type|), and never finds enough distinct ones
//! when the pair is a key. Instead the row's parents are chosen *from* the listing: the row
//! engine indexes the parents by the columns the join reads, and enumerates the combinations
//! of parent rows that some listed row admits (a union of products). Their number is the
//! table's capacity, known once the parents' values are: the pipeline caps a table sized by
//! `default_rows` at it and refuses larger explicit counts before loading.

use std::sync::{Arc, OnceLock};

use super::{FkChoice, TablePlan};
use crate::model::{Catalog, Rejection, Trigger};
use crate::values::expr::Expr;
use crate::values::plpgsql::join::{JOIN_PREFIX, JoinExists, Term};
use crate::values::rng::{Permutation, hash_at};

/// A row's foreign keys whose parents must be listed together in `table`.
#[derive(Debug, Clone)]
pub struct MemberPlan {
    /// `trigger NAME`.
    pub name: String,
    /// Plan index of the listing table.
    pub table: usize,
    pub parts: Vec<MemberPart>,
    /// The row's composite unique key made of exactly these foreign keys, if one is: rows then
    /// take distinct combinations.
    pub tuple: Option<usize>,
    pub key64: u64,
    /// Built by the row engine on first use (the parents' values come from their row numbers).
    pub index: Arc<OnceLock<MemberIndex>>,
}

/// One foreign key of the row: the parent columns the join reads (`read`) must equal the
/// listing table's columns `listed`, pairwise.
#[derive(Debug, Clone)]
pub struct MemberPart {
    pub fk: usize,
    pub read: Vec<usize>,
    pub listed: Vec<usize>,
}

/// The parent rows of each part grouped by the values read, and the listed combinations some
/// parents hold, with the running count of parent-row combinations they admit.
#[derive(Debug, Default)]
pub struct MemberIndex {
    /// Per part: groups of parent rows holding the same values.
    pub groups: Vec<Vec<Vec<u64>>>,
    /// Per listed combination: its group in each part.
    pub entries: Vec<Vec<usize>>,
    /// Running totals of the entries' combination counts.
    pub ends: Vec<u64>,
    pub perm: Option<Permutation>,
}

impl MemberPlan {
    /// Whether rows take distinct combinations (a unique key is exactly these keys).
    pub fn distinct(&self) -> bool {
        self.tuple.is_some()
    }
}

impl MemberIndex {
    /// How many combinations of parent rows the listing admits.
    pub fn capacity(&self) -> u64 {
        self.ends.last().copied().unwrap_or(0)
    }

    /// The `k`-th combination: a parent row per part.
    pub fn decode(&self, k: u64) -> Vec<u64> {
        let e = self.ends.partition_point(|&end| end <= k);
        let start = if e == 0 { 0 } else { self.ends[e - 1] };
        let mut off = k - start;
        let mut out = vec![0; self.groups.len()];
        for p in (0..self.groups.len()).rev() {
            let rows = &self.groups[p][self.entries[e][p]];
            let n = rows.len() as u64;
            out[p] = rows[(off % n) as usize];
            off /= n;
        }
        out
    }
}

/// Builds a [`MemberIndex`] as rows stream by: each part's parent rows first, then the
/// listing's rows. Holds a row number per parent row and the distinct values read; never a
/// value per row.
#[derive(Default)]
pub struct MemberIndexBuilder {
    index: MemberIndex,
    by_value: Vec<std::collections::HashMap<String, usize>>,
    seen: std::collections::HashSet<Vec<usize>>,
    total: u64,
}

impl MemberIndexBuilder {
    pub fn new(parts: usize) -> Self {
        MemberIndexBuilder {
            index: MemberIndex {
                groups: vec![Vec::new(); parts],
                ..MemberIndex::default()
            },
            by_value: vec![Default::default(); parts],
            ..Default::default()
        }
    }

    /// Parent row `row` of part `part` holds `value` (`None`: a NULL, which no join matches).
    pub fn parent(&mut self, part: usize, row: u64, value: Option<String>) {
        let Some(v) = value else { return };
        let groups = &mut self.index.groups[part];
        let g = *self.by_value[part].entry(v).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(row);
    }

    /// A listed row holding `values`, one per part: the combinations of parent rows it admits.
    pub fn listed(&mut self, values: &[Option<String>]) {
        let entry: Option<Vec<usize>> = (values.iter().zip(&self.by_value))
            .map(|(v, map)| map.get(v.as_ref()?).copied())
            .collect();
        let Some(entry) = entry else { return };
        if !self.seen.insert(entry.clone()) {
            return;
        }
        let groups = &self.index.groups;
        let n = (entry.iter().enumerate()).fold(1u64, |n, (p, &g)| {
            n.saturating_mul(groups[p][g].len() as u64)
        });
        self.total = self.total.saturating_add(n);
        self.index.entries.push(entry);
        self.index.ends.push(self.total);
    }

    pub fn finish(mut self, key64: u64) -> MemberIndex {
        if self.total > 0 {
            self.index.perm = Some(Permutation::new(self.total, key64));
        }
        self.index
    }
}

/// Plan every table's refusals that join a listing, after all tables are planned; a warning
/// for each one that cannot be planned.
pub fn settle(catalog: &Catalog, tables: &mut [TablePlan], warnings: &mut Vec<String>) {
    for ti in 0..tables.len() {
        let t = &catalog.tables[tables[ti].catalog_index];
        for trg in &t.triggers {
            for r in trg.effect.rejections.iter().filter(|r| !r.joins.is_empty()) {
                match member(tables, ti, trg, r) {
                    Ok(m) => apply(&mut tables[ti], m),
                    Err(why) => warnings.push(super::guards::unchecked(t, trg, &why)),
                }
            }
        }
    }
}

/// A term of the join: a column of the row, or column `.1` of joined table `.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Row(usize),
    Joined(usize, usize),
}

/// How a joined table's one row is reached: through a foreign key of the row, or through a
/// NOT NULL foreign key `.1` of the parent reached as joined table `.0`.
#[derive(Debug, Clone, Copy)]
enum Via {
    Fk(usize),
    Implied(usize, usize),
}

/// A refusal's join resolved against the plan: the joined tables (plan indexes), the terms the
/// conditions equate, and how each joined table's one row is reached (`None`: the listing).
struct Join<'a> {
    tables: &'a [TablePlan],
    ti: usize,
    joined: Vec<usize>,
    classes: Vec<Vec<Col>>,
    via: Vec<Option<Via>>,
}

/// The listing plan of refusal `r` of table `ti`'s trigger `trg`, or why it has none.
fn member(
    tables: &[TablePlan],
    ti: usize,
    trg: &Trigger,
    r: &Rejection,
) -> Result<MemberPlan, String> {
    let (Some(j), true) = (only_join(r), r.lookups.is_empty()) else {
        return Err("it joins other tables under conditions beyond a row listed in one".into());
    };
    let (parts, listing) = {
        let mut join = Join::new(tables, ti, j)?;
        join.resolve();
        let unresolved: Vec<usize> = (0..join.joined.len())
            .filter(|&i| join.via[i].is_none())
            .collect();
        let [m] = unresolved.as_slice() else {
            return Err(
                "it joins tables that are neither the row's parents nor one listing".into(),
            );
        };
        (join.parts(*m)?, join.joined[*m])
    };
    for p in &parts {
        let tp = &tables[ti];
        let f = &tp.fks[p.fk];
        let read_elsewhere = f.columns.iter().any(|&c| {
            tp.checks.iter().any(|ch| ch.columns.contains(&c))
                || tp.guards.iter().any(|g| g.check.columns.contains(&c))
                || tp.seen_sets.iter().any(|s| s.regenerate.contains(&c))
        });
        let aligned = (tp.aligned.iter()).any(|a| a.owner == p.fk || a.other == p.fk);
        if read_elsewhere || aligned || matches!(f.choice, FkChoice::Grouped) {
            return Err(format!(
                "foreign key {} is also chosen for another constraint",
                f.name
            ));
        }
        f.parent.ok_or("a parent it joins is not loaded")?;
    }
    let tp = &tables[ti];
    let fks: Vec<usize> = parts.iter().map(|p| p.fk).collect();
    let tuple = distinct_tuple(tp, &fks)?;
    Ok(MemberPlan {
        name: format!("trigger {}", trg.name),
        table: listing,
        parts,
        tuple,
        key64: hash_at(tp.fks[fks[0]].key64, 0x6d656d62),
        index: Arc::default(),
    })
}

/// The one join of a refusal that is exactly `NOT EXISTS (join)`.
fn only_join(r: &Rejection) -> Option<&JoinExists> {
    let [j] = r.joins.as_slice() else { return None };
    // The body's `IF cond THEN` reaches here as `(cond) IS TRUE`.
    let when = match r.when.strip_casts() {
        Expr::IsBool {
            expr,
            value: true,
            negated: false,
        } => expr.strip_casts(),
        e => e,
    };
    let Expr::Not { expr } = when else {
        return None;
    };
    matches!(expr.strip_casts(), Expr::Column { name } if *name == format!("{JOIN_PREFIX}0"))
        .then_some(j)
}

/// The tuple of the row's composite unique key made of exactly `fks`, if one is; `Err` when
/// a tuple mixes them with other components.
fn distinct_tuple(tp: &TablePlan, fks: &[usize]) -> Result<Option<usize>, String> {
    let mut found = None;
    for (k, tuple) in tp.tuples.iter().enumerate() {
        let members: Vec<usize> = (0..tp.fks.len())
            .filter(|&fi| matches!(tp.fks[fi].choice, FkChoice::Tuple { tuple, .. } if tuple == k))
            .collect();
        let touches = members.iter().any(|f| fks.contains(f));
        if !touches {
            continue;
        }
        let exact = members.len() == fks.len()
            && fks.iter().all(|f| members.contains(f))
            && tuple.domains.len() == members.len()
            && tuple.group_component.is_none();
        if !exact {
            return Err(format!(
                "unique key {} combines its foreign keys with other columns",
                tuple.key_name
            ));
        }
        found = Some(k);
    }
    Ok(found)
}

/// Point the row's foreign keys at the listing's combinations, and say so for the key.
fn apply(tp: &mut TablePlan, m: MemberPlan) {
    let at = tp.members.len();
    if let Some(k) = m.tuple {
        let prefix = format!("{} (", tp.tuples[k].key_name);
        for u in tp.uniques.iter_mut().filter(|u| u.key.starts_with(&prefix)) {
            u.how = format!(
                "by construction: the combinations {} admits, enumerated without repeats",
                m.name
            );
            u.capacity = None;
        }
    }
    let tail = format!(", parents chosen among the combinations {} admits", m.name);
    for (part, p) in m.parts.iter().enumerate() {
        let f = &mut tp.fks[p.fk];
        f.choice = FkChoice::Member { member: at, part };
        f.nullable = false;
        f.null_fraction = 0.0;
        f.pinned = true;
        let reason = super::columns::fk_reason(f, &tail);
        for &c in &tp.fks[p.fk].columns {
            tp.columns[c].reason = reason.clone();
            tp.columns[c].null_fraction = 0.0;
        }
    }
    tp.members.push(m);
}

impl<'a> Join<'a> {
    fn new(tables: &'a [TablePlan], ti: usize, j: &JoinExists) -> Result<Self, String> {
        let joined: Vec<usize> = (j.tables.iter())
            .map(|name| {
                let at = tables.iter().position(|t| &t.key == name);
                match at {
                    Some(p) if p < ti => Ok(p),
                    Some(_) => Err(format!("it reads {name}, which is loaded after the table")),
                    None => Err(format!("it reads {name}, which seedbed does not load")),
                }
            })
            .collect::<Result<_, _>>()?;
        let col = |t: &Term| -> Result<Col, String> {
            match t {
                Term::New(c) => tables[ti].column_index(c).map(Col::Row),
                Term::Column(i, c) => tables[joined[*i]]
                    .column_index(c)
                    .map(|c| Col::Joined(*i, c)),
            }
            .ok_or_else(|| "it names a column the table does not have".to_string())
        };
        let classes = (j.classes.iter())
            .map(|c| c.iter().map(col).collect::<Result<Vec<_>, _>>())
            .collect::<Result<Vec<_>, _>>()?;
        let via = vec![None; joined.len()];
        Ok(Join {
            tables,
            ti,
            joined,
            classes,
            via,
        })
    }

    fn same(&self, a: Col, b: Col) -> bool {
        self.classes
            .iter()
            .any(|c| c.contains(&a) && c.contains(&b))
    }

    /// Which joined tables are the row's parents, or their parents through NOT NULL keys.
    fn resolve(&mut self) {
        let tp = &self.tables[self.ti];
        loop {
            let mut progress = false;
            for i in 0..self.joined.len() {
                if self.via[i].is_some() {
                    continue;
                }
                let pt = self.joined[i];
                let direct = (0..tp.fks.len()).find(|&fi| {
                    let f = &tp.fks[fi];
                    f.parent == Some(pt)
                        && (f.columns.iter().zip(&f.parent_columns))
                            .all(|(&c, &pc)| self.same(Col::Row(c), Col::Joined(i, pc)))
                });
                let implied = || {
                    (0..self.joined.len())
                        .filter(|&k| self.via[k].is_some())
                        .find_map(|k| {
                            let pk = &self.tables[self.joined[k]];
                            (0..pk.fks.len())
                                .find(|&g| {
                                    let f = &pk.fks[g];
                                    f.parent == Some(pt)
                                        && !f.nullable
                                        && (f.columns.iter().zip(&f.parent_columns)).all(
                                            |(&c, &pc)| {
                                                self.same(Col::Joined(k, c), Col::Joined(i, pc))
                                            },
                                        )
                                })
                                .map(|g| Via::Implied(k, g))
                        })
                };
                self.via[i] = direct.map(Via::Fk).or_else(implied);
                progress |= self.via[i].is_some();
            }
            if !progress {
                return;
            }
        }
    }

    /// The value a term holds as a (foreign key of the row, column of its parent).
    fn source(&self, c: Col) -> Option<(usize, usize)> {
        let tp = &self.tables[self.ti];
        match c {
            Col::Row(c) => tp.fk_of_column[c].map(|(fi, pos)| (fi, tp.fks[fi].parent_columns[pos])),
            Col::Joined(i, c) => match self.via[i]? {
                Via::Fk(fi) => Some((fi, c)),
                Via::Implied(k, g) => {
                    let f = &self.tables[self.joined[k]].fks[g];
                    let pos = f.parent_columns.iter().position(|&pc| pc == c)?;
                    self.source(Col::Joined(k, f.columns[pos]))
                }
            },
        }
    }

    /// The listing's columns and the parent columns they must equal, per foreign key; `Err`
    /// when a condition is not one of those or of the joins themselves.
    fn parts(&self, m: usize) -> Result<Vec<MemberPart>, String> {
        let mut parts: Vec<MemberPart> = Vec::new();
        for class in &self.classes {
            let sources: Vec<Option<(usize, usize)>> = (class.iter())
                .filter(|c| !matches!(c, Col::Joined(i, _) if *i == m))
                .map(|&c| self.source(c))
                .collect();
            let Some(Some(src)) = sources.first().copied() else {
                return Err(
                    "it compares a listed column with something other than a parent's".into(),
                );
            };
            if sources.iter().any(|s| *s != Some(src)) {
                return Err("it compares columns of different parents".into());
            }
            for c in class {
                if let Col::Joined(i, lc) = *c
                    && i == m
                {
                    match parts.iter_mut().find(|p| p.fk == src.0) {
                        Some(p) => {
                            p.read.push(src.1);
                            p.listed.push(lc);
                        }
                        None => parts.push(MemberPart {
                            fk: src.0,
                            read: vec![src.1],
                            listed: vec![lc],
                        }),
                    }
                }
            }
        }
        if parts.is_empty() {
            return Err("it lists nothing about the row".into());
        }
        parts.sort_by_key(|p| p.fk);
        Ok(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::MemberIndexBuilder;

    #[test]
    fn listed_combinations_are_enumerated_once_each() {
        let v = |s: &str| Some(s.to_string());
        let mut b = MemberIndexBuilder::new(2);
        for (row, x) in ["a", "b", "a"].iter().enumerate() {
            b.parent(0, row as u64, v(x));
        }
        b.parent(0, 3, None);
        for (row, x) in ["x", "y"].iter().enumerate() {
            b.parent(1, row as u64, v(x));
        }
        b.listed(&[v("a"), v("x")]);
        b.listed(&[v("b"), v("y")]);
        b.listed(&[v("a"), v("x")]); // listed twice: admits nothing more
        b.listed(&[v("c"), v("x")]); // no parent holds c
        b.listed(&[None, v("y")]);
        let ix = b.finish(7);
        assert_eq!(ix.capacity(), 3);
        let mut all: Vec<Vec<u64>> = (0..3).map(|k| ix.decode(k)).collect();
        all.sort();
        // (a, x): parent rows 0 and 2 with row 0; (b, y): row 1 with row 1.
        assert_eq!(all, vec![vec![0, 0], vec![1, 1], vec![2, 0]]);
    }
}
