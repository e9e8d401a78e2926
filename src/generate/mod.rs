//! Deterministic row generation from a [`Plan`].
//!
//! A table's rows are cut into blocks of [`rng::BLOCK_ROWS`]. Each block is generated from the
//! plan alone — column streams keyed by (seed, table, column, block), key columns and foreign
//! key choices by (seed, table, column, row) — so blocks can be produced by any number of
//! threads and are written out in block order: the bytes do not depend on `--jobs`.
//!
//! For every row: foreign keys pick their parent rows, columns are generated in dependency
//! order, then every CHECK is evaluated; a failing CHECK re-draws the columns it reads (never
//! the pinned key columns others depend on) until it passes, or the row is refused with the
//! constraint's name. Unique keys kept by seen-sets are checked last.

mod branches;
mod lineage;
pub mod membership;
mod nulls;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::graph::BreakKind;
use crate::plan::{ColumnPlan, FkChoice, Plan, TablePlan, guards};
use crate::sink::{Codec, CopyFormat, binary, csv};
use crate::values::gens::{Cx, keyed_unit};
use crate::values::rng::{BLOCK_ROWS, Permutation, RowRng, below, block_stream, hash_at, unit};
use crate::values::value::Value;

/// Attempts to satisfy a row's CHECKs and unique keys before giving up on it.
pub const MAX_ATTEMPTS: u64 = 1000;
const NULL_SALT: u64 = 0x6e75_6c6c_6e75_6c6c;
/// Keys a row's slot among a column's `distinct` values, and each slot's value.
const DISTINCT_SALT: u64 = 0x6469_7374_696e_6374;
const SLOT_SALT: u64 = 0x736c_6f74_736c_6f74;

/// Per-row facts shared by all columns: the row's parent group and tuple components.
struct RowCtx {
    group: Option<(u64, u64)>,
    tuples: Vec<Vec<u64>>,
    /// Per listing of a trigger: the parent row of each of its foreign keys.
    members: Vec<Vec<Option<u64>>>,
}

impl RowCtx {
    fn new(plan: &Plan, t: &TablePlan, row: u64) -> RowCtx {
        let group = t.grouping.as_ref().map(|g| g.locate(row));
        let tuples = t
            .tuples
            .iter()
            .map(|tp| tp.components(row, group))
            .collect();
        let members = (t.members.iter())
            .map(|m| membership::parents(plan, t, m, row))
            .collect();
        RowCtx {
            group,
            tuples,
            members,
        }
    }

    fn cx<'a>(&'a self, row: u64, values: &'a [Value], plan: &Plan) -> Cx<'a> {
        Cx {
            row,
            values,
            group_offset: self.group.map(|g| g.1).unwrap_or(0),
            tuples: &self.tuples,
            locale: plan.settings.locale,
            max_chars: None,
        }
    }
}

/// The parent row a foreign key points at for `row` (`None`: NULL).
fn fk_parent(t: &TablePlan, fi: usize, row: u64, attempt: u64, ctx: &RowCtx) -> Option<u64> {
    let f = &t.fks[fi];
    if f.parent.is_none() && f.existing.is_none() {
        return None;
    }
    let n = f.parent_rows;
    if n == 0 {
        return None;
    }
    let salt = hash_at(f.key64, attempt);
    if f.nullable && f.null_fraction > 0.0 && keyed_unit(salt ^ NULL_SALT, row) < f.null_fraction {
        return None;
    }
    if f.self_reference {
        // A tree: each row points at an earlier one; the first row at itself or nowhere.
        return match row {
            0 if f.nullable => None,
            0 => Some(0),
            r => Some(below(hash_at(salt, r), r.min(n))),
        };
    }
    match f.choice {
        FkChoice::Uniform => Some(below(hash_at(salt, row), n)),
        FkChoice::Zipf { exponent } => {
            let rank = zipf_rank(unit(hash_at(salt, row)), n, exponent);
            Some(Permutation::new(n, f.key64).apply(rank))
        }
        FkChoice::Grouped => ctx.group.map(|g| g.0),
        FkChoice::Tuple { tuple, component } => Some(ctx.tuples[tuple][component]),
        FkChoice::Member { member, part } => ctx.members[member][part],
    }
}

/// A Zipf-distributed rank in `[0, n)` from a uniform `u` (inverse of the continuous power law;
/// exact enough for fan-out and cheap at any n).
fn zipf_rank(u: f64, n: u64, s: f64) -> u64 {
    let nf = n as f64;
    let x = if (s - 1.0).abs() < 1e-9 {
        nf.powf(u)
    } else {
        let a = 1.0 - s;
        ((nf.powf(a) - 1.0) * u + 1.0).powf(1.0 / a)
    };
    (x.floor() as u64).saturating_sub(1).min(n - 1)
}

/// Whether column `c` may be NULL (`null`) or hold a value, for the NULL-pattern solver.
fn null_allowed(t: &TablePlan, c: usize, null: bool) -> bool {
    let cp = &t.columns[c];
    if !cp.write {
        return false;
    }
    match t.fk_of_column[c] {
        Some((fi, _)) => {
            let f = &t.fks[fi];
            if null {
                f.nullable
            } else {
                (f.parent.is_some() || f.existing.is_some()) && f.parent_rows > 0
            }
        }
        // A stage timestamp is NULL until its row's status reaches the stage.
        None if null => {
            cp.null_fraction > 0.0
                || matches!(cp.generator, crate::values::gens::Gen::Reached { .. })
        }
        None => cp.null_fraction < 1.0 && !matches!(cp.generator, crate::values::gens::Gen::Null),
    }
}

/// Generate one value of a column. Text generators are given the column's room and make every
/// value fit it (the planner refused what cannot fit); nothing is cut here.
fn produce<R: Rng + ?Sized>(c: &ColumnPlan, rng: &mut R, cx: &Cx) -> Value {
    let cx = Cx {
        max_chars: c.max_chars,
        ..*cx
    };
    let v = c.generator.generate(rng, &cx);
    let v = match v {
        Value::Text(mut s) if c.min_chars.is_some() => {
            if let Some(min) = c.min_chars {
                let short = min.saturating_sub(s.chars().count());
                if short > 0 && c.generator.is_unique() {
                    // In front, and with a character no row token contains, so padded tokens
                    // stay distinct ("-1" never equals "10").
                    s = "-".repeat(short) + &s;
                } else {
                    for _ in 0..short {
                        s.push((b'a' + below(rng.next_u64(), 26) as u8) as char);
                    }
                }
            }
            Value::Text(s)
        }
        other => other,
    };
    debug_assert!(
        fits(&v, c.max_chars),
        "{}: {v:?} is longer than {:?} characters ({:?})",
        c.name,
        c.max_chars,
        c.generator
    );
    v
}

/// Whether a text value fits in `max` characters and holds no NUL (which PostgreSQL text
/// cannot store).
fn fits(v: &Value, max: Option<usize>) -> bool {
    match v {
        Value::Text(s) => !s.contains('\0') && max.is_none_or(|m| s.chars().count() <= m),
        _ => true,
    }
}

/// The value of column `ci` of plan table `ti` at `row`, computed alone. Only valid for keyed
/// columns and foreign-key columns (which is what foreign keys reference).
pub fn key_value(plan: &Plan, ti: usize, ci: usize, row: u64) -> Value {
    let t = &plan.tables[ti];
    let ctx = RowCtx::new(plan, t, row);
    if let Some((fi, pos)) = t.fk_of_column[ci] {
        let f = &t.fks[fi];
        return match (fk_parent(t, fi, row, 0, &ctx), f.parent) {
            (Some(p), Some(parent)) => key_value(plan, parent, f.parent_columns[pos], p),
            (Some(p), None) => f.existing_value(p, pos).unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    let c = &t.columns[ci];
    let at = t.row_offset + row;
    let mut rng = RowRng::new(c.key64, at);
    produce(c, &mut rng, &ctx.cx(at, &[], plan))
}

/// The parent row of aligned key `a` for `row` whose shared columns hold the values of the
/// owner's parent row `pa`, chosen by a hash of the row and attempt; `None` when no parent row
/// holds them. The parents are indexed by those values on first use.
fn aligned_parent(
    plan: &Plan,
    t: &TablePlan,
    a: &crate::plan::AlignedFk,
    row: u64,
    attempt: u64,
    pa: u64,
) -> Option<u64> {
    let (owner, other) = (&t.fks[a.owner], &t.fks[a.other]);
    let (op, xp) = (owner.parent?, other.parent?);
    let key_of = |ti: usize, cols: &[usize], r: u64| -> String {
        let mut key = String::new();
        for &c in cols {
            key.push_str(&key_value(plan, ti, c, r).to_text(false));
            key.push('\u{1f}');
        }
        key
    };
    let index = a.rows_by_key.get_or_init(|| {
        let cols: Vec<usize> = a
            .shared
            .iter()
            .map(|&(_, p)| other.parent_columns[p])
            .collect();
        let mut m: std::collections::HashMap<String, Vec<u64>> = Default::default();
        for r in 0..other.parent_rows {
            m.entry(key_of(xp, &cols, r)).or_default().push(r);
        }
        m
    });
    let cols: Vec<usize> = a
        .shared
        .iter()
        .map(|&(p, _)| owner.parent_columns[p])
        .collect();
    let rows = index.get(&key_of(op, &cols, pa))?;
    Some(rows[below(hash_at(other.key64 ^ attempt, row), rows.len() as u64) as usize])
}

/// Generates rows of one table.
pub struct TableEngine<'p> {
    plan: &'p Plan,
    t: &'p TablePlan,
    written: Vec<usize>,
    codecs: Vec<Codec>,
    /// Columns that depend on each column (to regenerate dependents with it).
    dependents: Vec<Vec<usize>>,
    /// For each CHECK, the branches of its disjunction the engine can apply.
    branches: Vec<Vec<branches::Branch>>,
    /// The CHECKs about NULL-ness alone, and the NULL patterns they all allow.
    nulls: nulls::NullChecks,
    null_patterns: Vec<u32>,
}

/// Values already used by seen-set keys of a table (sequential generation only).
#[derive(Default)]
pub struct SeenState {
    sets: Vec<HashSet<u64>>,
}

impl<'p> TableEngine<'p> {
    /// The engine of the plan's table `ti`.
    pub fn new(plan: &'p Plan, ti: usize) -> TableEngine<'p> {
        let t = &plan.tables[ti];
        let written: Vec<usize> = t.written().map(|(i, _)| i).collect();
        let codecs = written
            .iter()
            .map(|&i| t.columns[i].codec.clone())
            .collect();
        let mut dependents = vec![Vec::new(); t.columns.len()];
        for (i, c) in t.columns.iter().enumerate() {
            for d in c.generator.depends_on() {
                dependents[d].push(i);
            }
        }
        let nodes: Vec<&crate::values::eval::Node> = t.checks.iter().map(|c| &c.node).collect();
        let nulls = nulls::NullChecks::of(&nodes);
        let null_patterns = nulls.patterns(&nodes, |c, null| null_allowed(t, c, null));
        TableEngine {
            plan,
            t,
            written,
            codecs,
            dependents,
            branches: branches::of_table(plan, t),
            nulls,
            null_patterns,
        }
    }

    /// The table's plan.
    pub fn table(&self) -> &TablePlan {
        self.t
    }

    /// How many row blocks the table has.
    pub fn blocks(&self) -> u64 {
        self.t.rows.div_ceil(BLOCK_ROWS)
    }

    /// The columns written, in COPY order.
    pub fn column_names(&self) -> Vec<&str> {
        self.written
            .iter()
            .map(|&i| self.t.columns[i].name.as_str())
            .collect()
    }

    /// The COPY format this table can use: binary unless a written column has a type with no
    /// binary encoder of ours (an extension type filled by a profile override), which then goes
    /// through its text input function via CSV.
    pub fn copy_format(&self, preferred: CopyFormat) -> CopyFormat {
        if self
            .codecs
            .iter()
            .any(|c| matches!(c, Codec::Unsupported(_) | Codec::TextInput(_)))
        {
            CopyFormat::Csv
        } else {
            preferred
        }
    }

    /// Indexes of the columns written, in COPY order.
    pub fn written(&self) -> &[usize] {
        &self.written
    }

    /// Generate the rows of `block`, calling `out` with every row (all columns, unwritten ones
    /// NULL).
    pub fn block(
        &self,
        block: u64,
        mut seen: Option<&mut SeenState>,
        out: &mut dyn FnMut(&[Value]),
    ) -> Result<()> {
        let start = block * BLOCK_ROWS;
        let end = (start + BLOCK_ROWS).min(self.t.rows);
        let mut rngs: Vec<ChaCha8Rng> = self
            .t
            .columns
            .iter()
            .map(|c| block_stream(&c.stream_key, block))
            .collect();
        let mut values = vec![Value::Null; self.t.columns.len()];
        for row in start..end {
            self.row(row, &mut rngs, &mut values, seen.as_deref_mut())?;
            out(&values);
        }
        Ok(())
    }

    /// Encode a whole block in `format`.
    pub fn encode_block(
        &self,
        block: u64,
        format: CopyFormat,
        seen: Option<&mut SeenState>,
    ) -> Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(BLOCK_ROWS as usize * 64);
        let mut scratch = String::new();
        let (written, codecs) = (&self.written, &self.codecs);
        self.block(block, seen, &mut |values| match format {
            CopyFormat::Binary => binary::write_row(&mut buf, values, written, codecs),
            CopyFormat::Csv => csv::write_row(&mut buf, values, written, codecs, &mut scratch),
        })?;
        Ok(buf)
    }

    fn row(
        &self,
        row: u64,
        rngs: &mut [ChaCha8Rng],
        values: &mut [Value],
        mut seen: Option<&mut SeenState>,
    ) -> Result<()> {
        let t = self.t;
        let ctx = RowCtx::new(self.plan, t, row);
        let mut parents: Vec<Option<u64>> = (0..t.fks.len())
            .map(|fi| fk_parent(t, fi, row, 0, &ctx))
            .collect();
        self.align(row, 0, &ctx, &mut parents)?;
        for &ci in &t.order {
            self.fill(ci, row, &ctx, &parents, rngs, values, false);
        }
        let mut attempt = 0u64;
        // The row as first generated, kept once a pinned column's NULL-ness is re-drawn.
        let mut originals: Option<Vec<Value>> = None;
        loop {
            self.order_pairs(row, &ctx, &mut parents, rngs, values);
            lineage::refresh(self.plan, t, row, &ctx, &parents, values);
            if attempt >= MAX_ATTEMPTS / 10 && attempt.is_multiple_of(10) {
                self.settle_nulls(row, attempt, &ctx, &mut parents, rngs, values);
            }
            let mut regen: Vec<usize> = Vec::new();
            let mut failing = None;
            // The row the server stores: what BEFORE INSERT triggers make of the one sent.
            let stored = self.stored(values);
            let checked: &[Value] = stored.as_deref().unwrap_or(values);
            // Once re-drawing has had its chance, a failing disjunction applies one of its
            // branches instead (so rows that pass without it keep their bytes).
            let mut forced = Vec::new();
            for (k, ch) in t.checks.iter().enumerate() {
                if crate::values::eval::passes(&ch.node, checked) == Some(false) {
                    failing.get_or_insert(ch);
                    let options = &self.branches[k];
                    if attempt >= MAX_ATTEMPTS / 10 && !options.is_empty() {
                        let pick = below(hash_at(attempt ^ k as u64, row), options.len() as u64);
                        forced.push(&options[pick as usize]);
                    } else {
                        regen.extend(ch.columns.iter().copied());
                    }
                }
            }
            // Rows a BEFORE INSERT trigger would refuse: re-draw what its condition reads.
            for g in &t.guards {
                let row_and_parents = guards::guard_row(g, checked, &parents, &|pt, pc, p| {
                    lineage::row_value(self.plan, pt, pc, p)
                });
                if !guards::accepts(g, &row_and_parents) {
                    failing.get_or_insert(&g.check);
                    regen.extend(g.check.columns.iter().copied());
                }
            }
            let mut conflict = None;
            if failing.is_none()
                && let Some(state) = seen.as_deref_mut()
            {
                conflict = self.seen_conflict(checked, state);
                if let Some(k) = conflict {
                    regen.extend(t.seen_sets[k].regenerate.iter().copied());
                }
            }
            if failing.is_none() && conflict.is_none() {
                if let Some(state) = seen.as_deref_mut() {
                    self.remember(checked, state);
                }
                return Ok(());
            }
            attempt += 1;
            if !forced.is_empty() {
                if attempt > MAX_ATTEMPTS {
                    return Err(self.unsatisfied(
                        row,
                        failing.map(|c| (c.name.as_str(), c.definition.as_str())),
                        conflict,
                    ));
                }
                for b in forced {
                    self.apply_branch(b, &mut parents, values);
                }
                if regen.is_empty() {
                    continue;
                }
            }
            // Pinned columns (keys others depend on) keep their values, but a nullable one may
            // still become NULL or get its value back: that is how a CHECK on NULL-ness across
            // two keys is met (`(code IS NULL) = (email IS NULL)`), and a NULL never breaks a
            // key. Only once re-drawing the rest has had its chance, so rows that pass without
            // it keep their bytes.
            let toggles = self.null_toggles(&regen);
            regen.retain(|&c| {
                let cp = &t.columns[c];
                cp.write && !cp.pinned && t.fk_of_column[c].is_none_or(|(fi, _)| !t.fks[fi].pinned)
            });
            if (regen.is_empty() || attempt > MAX_ATTEMPTS / 10) && !toggles.is_empty() {
                originals.get_or_insert_with(|| values.to_vec());
                for &c in &toggles {
                    let f = self.null_fraction_of(c);
                    values[c] = if unit(rngs[c].next_u64()) < f {
                        Value::Null
                    } else {
                        self.non_null_value(c, row, &ctx, rngs, values, originals.as_deref())
                    };
                }
                if regen.is_empty() {
                    if attempt > MAX_ATTEMPTS {
                        return Err(self.unsatisfied(
                            row,
                            failing.map(|c| (c.name.as_str(), c.definition.as_str())),
                            conflict,
                        ));
                    }
                    continue;
                }
            }
            if attempt > MAX_ATTEMPTS || regen.is_empty() {
                return Err(self.unsatisfied(
                    row,
                    failing.map(|c| (c.name.as_str(), c.definition.as_str())),
                    conflict,
                ));
            }
            // Re-draw foreign keys among the columns, then the columns and their dependents.
            let mut todo = vec![false; t.columns.len()];
            for &c in &regen {
                todo[c] = true;
                if let Some((fi, _)) = t.fk_of_column[c] {
                    parents[fi] = fk_parent(t, fi, row, attempt, &ctx);
                    for &fc in &t.fks[fi].columns {
                        todo[fc] = true;
                    }
                }
            }
            if !t.aligned.is_empty() {
                self.align(row, attempt, &ctx, &mut parents)?;
                for a in &t.aligned {
                    for &fc in t.fks[a.owner].columns.iter().chain(&t.fks[a.other].columns) {
                        todo[fc] = true;
                    }
                }
            }
            for &ci in &t.order {
                if !todo[ci]
                    && t.columns[ci]
                        .generator
                        .depends_on()
                        .iter()
                        .any(|&d| todo[d])
                {
                    todo[ci] = true;
                }
                if todo[ci] {
                    self.fill(ci, row, &ctx, &parents, rngs, values, true);
                    for &d in &self.dependents[ci] {
                        todo[d] = true;
                    }
                }
            }
        }
    }

    /// Foreign keys sharing columns with another agree with it: each aligned key's parent is
    /// one whose shared columns hold the owner's values; when no parent row does, the owner
    /// is drawn again (up to 64 times).
    fn align(
        &self,
        row: u64,
        attempt: u64,
        ctx: &RowCtx,
        parents: &mut [Option<u64>],
    ) -> Result<()> {
        let t = self.t;
        for a in &t.aligned {
            if parents[a.other].is_none() {
                continue;
            }
            for k in 0..64u64 {
                let Some(pa) = parents[a.owner] else { break };
                if let Some(p) = aligned_parent(self.plan, t, a, row, attempt, pa) {
                    parents[a.other] = Some(p);
                    break;
                }
                if k == 63 {
                    let (owner, other) = (&t.fks[a.owner], &t.fks[a.other]);
                    return Err(Error::Refused(format!(
                        "{}: foreign key {} needs a row of {} that agrees with the {} row {} picked, and none of 64 tries found one; give {} more rows",
                        t.key,
                        other.name,
                        other.parent_key,
                        owner.parent_key,
                        owner.name,
                        other.parent_key
                    )));
                }
                parents[a.owner] = fk_parent(t, a.owner, row, attempt * 64 + k + 1, ctx);
            }
        }
        Ok(())
    }

    /// The row as the table's BEFORE INSERT triggers leave it; `None` when they leave it as
    /// it is (no trigger modelled, or none changes this row).
    fn stored(&self, values: &[Value]) -> Option<Vec<Value>> {
        if self.t.rewrites.is_empty() {
            return None;
        }
        let mut row = values.to_vec();
        crate::plan::triggers::apply(&self.t.rewrites, &mut row);
        (row != values).then_some(row)
    }

    /// Set what a branch of a disjunctive CHECK requires.
    fn apply_branch(
        &self,
        b: &branches::Branch,
        parents: &mut [Option<u64>],
        values: &mut [Value],
    ) {
        for &c in &b.nulls {
            values[c] = Value::Null;
        }
        for &(fi, p) in &b.parents {
            let f = &self.t.fks[fi];
            parents[fi] = Some(p);
            if let Some(parent) = f.parent {
                for (pos, &c) in f.columns.iter().enumerate() {
                    values[c] = key_value(self.plan, parent, f.parent_columns[pos], p);
                }
            }
        }
        for (c, v) in &b.constants {
            values[*c] = v.clone();
        }
    }

    /// A tuple whose two foreign keys hold an unordered pair of parents (`tag1 < tag2`): when a
    /// CHECK reading both fails, the pair goes the other way round (the same pair, so the key
    /// stays unique).
    fn order_pairs(
        &self,
        row: u64,
        ctx: &RowCtx,
        parents: &mut [Option<u64>],
        rngs: &mut [ChaCha8Rng],
        values: &mut [Value],
    ) {
        let t = self.t;
        for (k, tuple) in t.tuples.iter().enumerate() {
            let Some((lo, hi, _)) = tuple.ordered_pair else {
                continue;
            };
            let fk_of = |component: usize| {
                t.fks.iter().position(|f| {
                    matches!(f.choice, FkChoice::Tuple { tuple, component: c } if tuple == k && c == component)
                })
            };
            let (Some(fi), Some(fj)) = (fk_of(lo), fk_of(hi)) else {
                continue;
            };
            let (ci, cj) = (t.fks[fi].columns[0], t.fks[fj].columns[0]);
            let fails = t.checks.iter().any(|ch| {
                ch.columns.contains(&ci)
                    && ch.columns.contains(&cj)
                    && crate::values::eval::passes(&ch.node, values) == Some(false)
            });
            if fails {
                parents.swap(fi, fj);
                self.fill(ci, row, ctx, parents, rngs, values, false);
                self.fill(cj, row, ctx, parents, rngs, values, false);
            }
        }
    }

    /// When the row fails a NULL-only CHECK, give it one of the NULL patterns all of them
    /// allow (chosen by the row and attempt): NULLs written, missing values generated.
    fn settle_nulls(
        &self,
        row: u64,
        attempt: u64,
        ctx: &RowCtx,
        parents: &mut [Option<u64>],
        rngs: &mut [ChaCha8Rng],
        values: &mut [Value],
    ) {
        let t = self.t;
        let failing = self
            .nulls
            .checks
            .iter()
            .any(|&k| crate::values::eval::passes(&t.checks[k].node, values) == Some(false));
        if !failing || self.null_patterns.is_empty() {
            return;
        }
        let n = self.null_patterns.len() as u64;
        let pattern = self.null_patterns[below(hash_at(row, attempt ^ 0x6e75_6c6c), n) as usize];
        for (i, &c) in self.nulls.columns.iter().enumerate() {
            let null = pattern & (1 << i) != 0;
            if null == values[c].is_null() {
                continue;
            }
            match t.fk_of_column[c] {
                Some((fi, _)) => {
                    parents[fi] = if null {
                        None
                    } else {
                        (1..64).find_map(|a| fk_parent(t, fi, row, attempt + a, ctx))
                    };
                    for &fc in &t.fks[fi].columns {
                        self.fill(fc, row, ctx, parents, rngs, values, true);
                    }
                }
                None if null => values[c] = Value::Null,
                None => values[c] = self.non_null_value(c, row, ctx, rngs, values, None),
            }
        }
    }

    /// The pinned, nullable columns among `regen` whose NULL-ness may be re-drawn.
    fn null_toggles(&self, regen: &[usize]) -> Vec<usize> {
        let t = self.t;
        regen
            .iter()
            .copied()
            .filter(|&c| {
                let cp = &t.columns[c];
                let f = self.null_fraction_of(c);
                let pinned = cp.pinned || t.fk_of_column[c].is_some_and(|(fi, _)| t.fks[fi].pinned);
                cp.write && pinned && !cp.addressable && f > 0.0 && f < 1.0
            })
            .collect()
    }

    /// How often a column is NULL: its own fraction, or its foreign key's.
    fn null_fraction_of(&self, c: usize) -> f64 {
        match self.t.fk_of_column[c] {
            Some((fi, _)) if self.t.fks[fi].nullable => self.t.fks[fi].null_fraction,
            Some(_) => 0.0,
            None => self.t.columns[c].null_fraction,
        }
    }

    /// A pinned column's value when it is not NULL: the one it was first given, or (when it
    /// was first NULL) the one its keyed or column stream gives now.
    fn non_null_value(
        &self,
        ci: usize,
        row: u64,
        ctx: &RowCtx,
        rngs: &mut [ChaCha8Rng],
        values: &[Value],
        originals: Option<&[Value]>,
    ) -> Value {
        if let Some(v) = originals.map(|o| &o[ci]).filter(|v| !v.is_null()) {
            return v.clone();
        }
        // A foreign key first left NULL has no parent row to point at.
        if self.t.fk_of_column[ci].is_some() {
            return Value::Null;
        }
        let c = &self.t.columns[ci];
        let at = self.t.row_offset + row;
        let cx = ctx.cx(at, values, self.plan);
        if c.keyed {
            produce(c, &mut RowRng::new(c.key64, at), &cx)
        } else {
            produce(c, &mut rngs[ci], &cx)
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn fill(
        &self,
        ci: usize,
        row: u64,
        ctx: &RowCtx,
        parents: &[Option<u64>],
        rngs: &mut [ChaCha8Rng],
        values: &mut [Value],
        redraw: bool,
    ) {
        let t = self.t;
        let c = &t.columns[ci];
        if !c.write {
            values[ci] = Value::Null;
            return;
        }
        // Children recompute these at any row: only the plan and the row decide them.
        if c.lineage.is_some() || (c.addressable && t.fk_of_column[ci].is_none()) {
            values[ci] = lineage::first_draw(self.plan, t, ci, row, ctx, &|fi| parents[fi]);
            return;
        }
        if let Some((fi, pos)) = t.fk_of_column[ci] {
            let f = &t.fks[fi];
            values[ci] = match (parents[fi], f.parent) {
                // A nullable key broken out of a cycle loads as NULL and is filled afterwards.
                _ if f.deferred == Some(BreakKind::Nullable) => Value::Null,
                (Some(p), Some(parent)) => key_value(self.plan, parent, f.parent_columns[pos], p),
                (Some(p), None) => f.existing_value(p, pos).unwrap_or(Value::Null),
                _ => Value::Null,
            };
            return;
        }
        let null = match c.null_fraction {
            f if f <= 0.0 => false,
            f if f >= 1.0 => true,
            f if redraw => unit(rngs[ci].next_u64()) < f,
            f => keyed_unit(c.key64 ^ NULL_SALT, row) < f,
        };
        if null {
            values[ci] = Value::Null;
            return;
        }
        let v = {
            let at = t.row_offset + row;
            let cx = ctx.cx(at, values, self.plan);
            if let Some(n) = c.distinct {
                // One of `n` values, each a function of its slot alone; a re-draw picks another.
                let slot = if redraw {
                    below(rngs[ci].next_u64(), n)
                } else {
                    below(hash_at(c.key64 ^ DISTINCT_SALT, at), n)
                };
                produce(c, &mut RowRng::new(c.key64 ^ SLOT_SALT, slot), &cx)
            } else if c.keyed {
                produce(c, &mut RowRng::new(c.key64, at), &cx)
            } else {
                produce(c, &mut rngs[ci], &cx)
            }
        };
        values[ci] = v;
    }

    fn seen_conflict(&self, values: &[Value], state: &mut SeenState) -> Option<usize> {
        if state.sets.len() < self.t.seen_sets.len() {
            state.sets.resize_with(self.t.seen_sets.len(), HashSet::new);
        }
        for (k, s) in self.t.seen_sets.iter().enumerate() {
            if let Some(h) = seen_hash(s, values)
                && state.sets[k].contains(&h)
            {
                return Some(k);
            }
        }
        None
    }

    fn remember(&self, values: &[Value], state: &mut SeenState) {
        if state.sets.len() < self.t.seen_sets.len() {
            state.sets.resize_with(self.t.seen_sets.len(), HashSet::new);
        }
        for (k, s) in self.t.seen_sets.iter().enumerate() {
            if let Some(h) = seen_hash(s, values) {
                state.sets[k].insert(h);
            }
        }
    }

    fn unsatisfied(&self, row: u64, check: Option<(&str, &str)>, conflict: Option<usize>) -> Error {
        let t = self.t;
        match (check, conflict) {
            (Some((name, def)), _) => {
                let cols: Vec<&str> = t
                    .checks
                    .iter()
                    .chain(t.guards.iter().map(|g| &g.check))
                    .find(|c| c.name == name)
                    .map(|c| {
                        c.columns
                            .iter()
                            .map(|&i| t.columns[i].name.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                // A guard is named `trigger NAME`; a CHECK by its constraint name.
                let what = if name.starts_with("trigger ") {
                    name.to_string()
                } else {
                    format!("CHECK {name}")
                };
                Error::Refused(format!(
                    "{}: no row satisfying {what} ({def}) found after {MAX_ATTEMPTS} attempts (row {row}); give its columns values that satisfy it in the profile, e.g. [tables.\"{}\".columns.{}] choices = [...] or template = \"...\"",
                    t.key,
                    t.key,
                    cols.first().copied().unwrap_or("COLUMN")
                ))
            }
            (None, Some(k)) => Error::Refused(format!(
                "{}: unique key {} ran out of distinct values at row {row}; lower [tables.\"{}\"] rows, or widen the values of {}",
                t.key,
                t.seen_sets[k].key_name,
                t.key,
                t.seen_sets[k]
                    .regenerate
                    .iter()
                    .map(|&c| t.columns[c].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            (None, None) => Error::Refused(format!("{}: row {row} could not be generated", t.key)),
        }
    }
}

/// Stable hash of a seen-set key (our own, so collisions — and so re-draws — never depend on
/// the standard library's hasher). `None` when a NULL makes the key exempt.
fn seen_hash(s: &crate::plan::SeenSetPlan, values: &[Value]) -> Option<u64> {
    if let Some(p) = &s.predicate
        && crate::values::eval::eval(p, values) != crate::values::eval::Ev::Bool(true)
    {
        return None;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut text = String::new();
    for (i, &c) in s.columns.iter().enumerate() {
        if values[c].is_null() && !s.nulls_not_distinct {
            return None;
        }
        text.clear();
        values[c].write_text(&mut text, true);
        if s.fold_case[i] {
            text = text.to_lowercase();
        }
        for b in text.bytes().chain([0xff]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    for e in &s.expressions {
        let ev = crate::values::eval::eval(e, values);
        if ev == crate::values::eval::Ev::Null && !s.nulls_not_distinct {
            return None;
        }
        text.clear();
        let _ = write!(text, "{ev:?}");
        for b in text.bytes().chain([0xfe]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    Some(crate::values::rng::mix64(h))
}

/// Stream a table's rows, encoded, in block order, to `sink`, using `jobs` threads. Blocks are
/// generated ahead at most a small window, so memory stays flat whatever the row count.
pub fn stream_table(
    plan: &Plan,
    ti: usize,
    format: CopyFormat,
    jobs: usize,
    sink: &mut dyn FnMut(Vec<u8>) -> Result<()>,
) -> Result<()> {
    let blocks = TableEngine::new(plan, ti).blocks();
    stream_blocks(plan, ti, 0..blocks, format, jobs, sink)
}

/// [`stream_table`] for a range of blocks: a large table split across connections streams
/// each part separately; the bytes of every block are the same either way.
pub fn stream_blocks(
    plan: &Plan,
    ti: usize,
    range: std::ops::Range<u64>,
    format: CopyFormat,
    jobs: usize,
    sink: &mut dyn FnMut(Vec<u8>) -> Result<()>,
) -> Result<()> {
    let engine = TableEngine::new(plan, ti);
    let first = range.start;
    let blocks = range.end.saturating_sub(range.start);
    if engine.table().sequential() || jobs <= 1 || blocks <= 1 {
        let mut seen = SeenState::default();
        if engine.table().sequential() {
            // A block's rows depend on the values earlier blocks used (the seen-sets): replay
            // those blocks, without encoding or emitting them, so a range starting later (a
            // shard) gives the same rows as the whole table does.
            for b in 0..first {
                engine.block(b, Some(&mut seen), &mut |_| {})?;
            }
        }
        for b in range {
            let chunk = engine.encode_block(b, format, Some(&mut seen))?;
            sink(chunk)?;
        }
        return Ok(());
    }
    let window = (jobs as u64) * 4;
    let next = AtomicU64::new(0);
    let abort = AtomicBool::new(false);
    let written = (Mutex::new(0u64), Condvar::new());
    let (tx, rx) = mpsc::sync_channel::<(u64, Result<Vec<u8>>)>(jobs * 2);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (engine, next, abort, written) = (&engine, &next, &abort, &written);
            scope.spawn(move || {
                loop {
                    let b = next.fetch_add(1, Ordering::SeqCst);
                    if b >= blocks || abort.load(Ordering::SeqCst) {
                        return;
                    }
                    {
                        let (lock, cv) = written;
                        let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
                        while b >= *done + window && !abort.load(Ordering::SeqCst) {
                            done = cv.wait(done).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    if abort.load(Ordering::SeqCst) {
                        return;
                    }
                    let r = engine.encode_block(first + b, format, None);
                    if tx.send((b, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<u64, Result<Vec<u8>>> = BTreeMap::new();
        let mut want = 0u64;
        let result = (|| {
            for (b, r) in rx.iter() {
                pending.insert(b, r);
                while let Some(r) = pending.remove(&want) {
                    sink(r?)?;
                    want += 1;
                    let (lock, cv) = &written;
                    *lock.lock().unwrap_or_else(|e| e.into_inner()) = want;
                    cv.notify_all();
                }
            }
            Ok(())
        })();
        if result.is_err() {
            abort.store(true, Ordering::SeqCst);
            written.1.notify_all();
            drop(rx);
        }
        result
    })
}

/// Rows that fill a nullable foreign key broken out of a cycle, once its parent is loaded:
/// the child's primary-key values followed by the key's values, for every row of `rows` (the
/// whole table, or a shard's share) whose key is not NULL. Encoded like table rows (`cols` are the child's key columns then the FK columns).
pub fn deferred_fill(
    plan: &Plan,
    ti: usize,
    fi: usize,
    rows: std::ops::Range<u64>,
    format: CopyFormat,
    sink: &mut dyn FnMut(Vec<u8>) -> Result<()>,
) -> Result<u64> {
    let t = &plan.tables[ti];
    let f = &t.fks[fi];
    let Some(parent) = f.parent else { return Ok(0) };
    let pk = t.primary_key.clone();
    if pk.is_empty() {
        return Ok(0);
    }
    let mut codecs: Vec<Codec> = pk.iter().map(|&c| t.columns[c].codec.clone()).collect();
    codecs.extend(f.columns.iter().map(|&c| t.columns[c].codec.clone()));
    let cols: Vec<usize> = (0..codecs.len()).collect();
    let mut buf = Vec::new();
    let mut scratch = String::new();
    let mut n = 0;
    for row in rows.start..rows.end.min(t.rows) {
        let ctx = RowCtx::new(plan, t, row);
        let Some(p) = fk_parent(t, fi, row, 0, &ctx) else {
            continue;
        };
        let mut values: Vec<Value> = pk.iter().map(|&c| key_value(plan, ti, c, row)).collect();
        values.extend(
            f.parent_columns
                .iter()
                .map(|&pc| key_value(plan, parent, pc, p)),
        );
        match format {
            CopyFormat::Binary => binary::write_row(&mut buf, &values, &cols, &codecs),
            CopyFormat::Csv => csv::write_row(&mut buf, &values, &cols, &codecs, &mut scratch),
        }
        n += 1;
        if buf.len() > 1 << 20 {
            sink(std::mem::take(&mut buf))?;
        }
    }
    if !buf.is_empty() {
        sink(buf)?;
    }
    Ok(n)
}

/// `--shard K/N`: this process's share of every table, as a range of its blocks. Shards split
/// each table's blocks into N consecutive ranges in shard order, so shard 1's rows, then shard
/// 2's, … are exactly the rows of one unsharded run. A table of at most one block (a reference
/// table) is shard 1's alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based: K of `K/N`.
    pub index: u64,
    /// N of `K/N`.
    pub count: u64,
}

impl Shard {
    /// The blocks of a table of `blocks` blocks that this shard generates.
    pub fn blocks(&self, blocks: u64) -> std::ops::Range<u64> {
        if blocks <= 1 {
            return if self.index == 1 { 0..blocks } else { 0..0 };
        }
        let at = |k: u64| (blocks as u128 * k as u128 / self.count as u128) as u64;
        at(self.index - 1)..at(self.index)
    }

    /// The rows of a table of `rows` rows that this shard generates.
    pub fn rows(&self, rows: u64) -> std::ops::Range<u64> {
        let b = self.blocks(rows.div_ceil(BLOCK_ROWS));
        (b.start * BLOCK_ROWS).min(rows)..(b.end * BLOCK_ROWS).min(rows)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("expected K/N with 1 <= K <= N (e.g. 2/3), got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_block_once_in_order() {
        for count in 1..6u64 {
            for blocks in [0u64, 1, 2, 3, 7, 100] {
                let mut rows = Vec::new();
                for index in 1..=count {
                    rows.extend(Shard { index, count }.blocks(blocks));
                }
                assert_eq!(rows, (0..blocks).collect::<Vec<_>>(), "{count} of {blocks}");
            }
        }
        // A table of one block is shard 1's.
        assert_eq!(Shard { index: 1, count: 3 }.rows(10), 0..10);
        assert_eq!(Shard { index: 2, count: 3 }.rows(10), 0..0);
        assert_eq!(Shard { index: 3, count: 3 }.rows(3000), 2048..3000);
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
    }

    #[test]
    fn zipf_ranks_stay_in_range_and_favour_the_first() {
        let mut counts = [0u32; 10];
        for i in 0..10_000u64 {
            let r = zipf_rank(unit(hash_at(1, i)), 10, 1.1);
            counts[r as usize] += 1;
        }
        assert!(counts[0] > counts[9] * 3, "{counts:?}");
        assert_eq!(
            zipf_rank(0.999_999, 5, 2.0),
            4.min(zipf_rank(0.999_999, 5, 2.0))
        );
    }
}
