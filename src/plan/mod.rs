//! The plan: schema + profile → for every table, how many rows and how each column is filled.
//!
//! Precedence for a column's generator: the profile's override > what the column's constraints
//! demand > what its name and type suggest > a safe generator for its type. Foreign keys,
//! uniqueness and CHECKs are decided here, and anything that cannot be satisfied becomes a
//! [`Refusal`] naming the constraint and the profile setting that would fix it: every command
//! stops on refusals before writing anything.

pub mod coherence;
pub mod columns;
pub mod constraints;
pub mod guards;
pub mod lineage;
pub mod membership;
pub mod semantic;
pub mod triggers;
pub mod unique;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::{BreakKind, LoadOrder};
use crate::model::{Catalog, Table};
use crate::pgtype::Codec;
use crate::profile::{PerParent, Profile, TableProfile, resolve_table};
use crate::values::eval;
use crate::values::gens::Gen;
use crate::values::rng::{Permutation, derive_key, hash_at, key64, unit};
use crate::values::text::{Locale, Pii};
use crate::values::value::{MICROS_PER_DAY, Value, days_from_civil, parse_timestamp};

/// Run-wide settings, from the profile and the command line.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub seed: u64,
    pub scale: f64,
    pub default_rows: u64,
    pub null_fraction: f64,
    /// Timestamps are generated in `[start, end)` (microseconds since 2000-01-01).
    pub window: (i64, i64),
    pub locale: Locale,
}

/// Command-line overrides of the profile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// Seed of every random stream, instead of the profile's.
    pub seed: Option<u64>,
    /// Multiplies every row count (after the profile's own scale).
    pub scale: Option<f64>,
}

/// The seed used when neither the profile nor `--seed` gives one. Fixed, so that a run without
/// a seed is still reproducible; it is printed with every summary.
pub const DEFAULT_SEED: u64 = 42;

#[derive(Debug, Clone)]
/// Every table's generators, in load order, with what cannot be honoured.
pub struct Plan {
    /// Seed, scale, locale and the other global settings in force.
    pub settings: Settings,
    /// Tables in load order.
    pub tables: Vec<TablePlan>,
    /// Foreign keys broken to load a cycle.
    pub deferred: Vec<DeferredFill>,
    /// What cannot be satisfied; the plan is not run while any remain.
    pub refusals: Vec<Refusal>,
    /// What is honoured in a lesser way (e.g. a column left NULL).
    pub warnings: Vec<String>,
    /// Pre-filled tables left as they are, with the key columns read from them.
    pub prefilled: Vec<String>,
}

/// At most `rows` rows for catalog table `table`, because of `subject` (`why` says how).
#[derive(Debug, Clone)]
pub struct RowLimit {
    pub table: usize,
    pub rows: u64,
    pub subject: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub table: String,
    /// The constraint or column concerned.
    pub subject: String,
    pub message: String,
    /// The profile setting that would fix it.
    pub fix: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.subject.is_empty() {
            // Already a whole sentence (a row the engine could not produce).
            return write!(f, "{}", self.message);
        }
        write!(
            f,
            "{}: {}: {}; {}",
            self.table, self.subject, self.message, self.fix
        )
    }
}

/// A foreign key filled after both tables are loaded (nullable cycle breaks) or checked at
/// commit (deferrable ones).
#[derive(Debug, Clone)]
pub struct DeferredFill {
    /// Plan index of the referencing table.
    pub table: usize,
    /// Index into that table's `fks`.
    pub fk: usize,
    pub how: BreakKind,
}

#[derive(Debug, Clone)]
pub struct TablePlan {
    /// Index into `Catalog::tables`.
    pub catalog_index: usize,
    /// `schema.table`.
    pub key: String,
    /// Quoted for SQL.
    pub sql_name: String,
    pub rows: u64,
    pub rows_reason: String,
    /// One per table column, in table order (generated columns included, with `write = false`).
    pub columns: Vec<ColumnPlan>,
    /// Generation order: a column after the columns it reads.
    pub order: Vec<usize>,
    pub checks: Vec<CheckPlan>,
    pub fks: Vec<FkPlan>,
    /// For each column, the foreign key (index into `fks`) and position it belongs to.
    pub fk_of_column: Vec<Option<(usize, usize)>>,
    pub grouping: Option<Grouping>,
    pub tuples: Vec<TuplePlan>,
    pub seen_sets: Vec<SeenSetPlan>,
    pub uniques: Vec<UniqueReport>,
    /// Column indexes of the primary key (identifies rows for deferred fills).
    pub primary_key: Vec<usize>,
    /// Added to every row index (`--append`: continue after the rows already there, so values
    /// made unique by construction do not repeat those of an earlier run).
    pub row_offset: u64,
    /// What the table's BEFORE INSERT triggers do to each row, in order: applied before its
    /// CHECKs and unique keys are evaluated.
    pub rewrites: Vec<triggers::RewritePlan>,
    /// The rows BEFORE INSERT triggers refuse, kept out like CHECKs.
    pub guards: Vec<guards::GuardPlan>,
    /// Foreign keys whose parents a trigger requires to be listed together in another table.
    pub members: Vec<membership::MemberPlan>,
    /// Foreign keys that share columns with another (tenant-scoped composite keys): each
    /// picks its parent among those that agree with the other's on the shared columns.
    pub aligned: Vec<AlignedFk>,
}

impl TablePlan {
    /// Tables with seen-sets must be generated in row order on one thread.
    pub fn sequential(&self) -> bool {
        !self.seen_sets.is_empty()
    }

    pub fn written(&self) -> impl Iterator<Item = (usize, &ColumnPlan)> {
        self.columns.iter().enumerate().filter(|(_, c)| c.write)
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// Where a column's generator came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Profile,
    Constraint,
    ForeignKey,
    Name,
    Type,
    Generated,
    ServerDefault,
}

impl Source {
    /// How `plan` and the starter profile name it: `[name]`, `[type]`, ….
    pub fn label(self) -> &'static str {
        match self {
            Source::Profile => "profile",
            Source::Constraint => "constraint",
            Source::ForeignKey => "foreign key",
            Source::Name => "name",
            Source::Type => "type",
            Source::Generated => "generated",
            Source::ServerDefault => "default",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ColumnPlan {
    pub name: String,
    pub type_name: String,
    /// False for generated columns and columns left to their DEFAULT.
    pub write: bool,
    pub codec: Codec,
    pub generator: Gen,
    pub key64: u64,
    pub stream_key: [u8; 32],
    pub null_fraction: f64,
    /// Generated from a per-row counter RNG, so its value at any row can be computed alone
    /// (columns that foreign keys reference).
    pub keyed: bool,
    /// Never regenerated when a CHECK fails (keys others depend on).
    pub pinned: bool,
    pub min_chars: Option<usize>,
    pub max_chars: Option<usize>,
    /// Patterns its CHECKs require (regex, case-insensitive): a unique anchor enumerates the
    /// first one rather than appending a token that would break it.
    pub patterns: Vec<(String, bool)>,
    /// For integer columns: what the type and the CHECKs allow (a unique key may need more than
    /// the realistic default range).
    pub int_bounds: Option<(i64, i64)>,
    pub source: Source,
    pub reason: String,
    pub pii: Option<Pii>,
    /// Constraints this column's generator honours by construction.
    pub honours: Vec<String>,
    /// At most this many distinct values (profile `distinct`): row `i` takes the value of a
    /// slot chosen by a keyed hash of `i`.
    pub distinct: Option<u64>,
    /// Computable alone at any row (a parent value children derive from): drawn from a
    /// per-row counter RNG and never re-drawn by a CHECK (see `lineage`).
    pub addressable: bool,
    /// Derived from parent rows' values (see `lineage`).
    pub lineage: Option<lineage::Lineage>,
}

#[derive(Debug, Clone)]
pub struct CheckPlan {
    pub name: String,
    pub definition: String,
    pub node: eval::Node,
    /// Column indexes the check reads.
    pub columns: Vec<usize>,
    pub translation: constraints::Translation,
    /// False when part of it is not modelled: verified by the server on a sample instead.
    pub modelled: bool,
    /// On a domain: the column it applies to.
    pub domain_of: Option<String>,
}

/// Foreign key `other` shares columns with `owner`, which fills them: `other`'s parent row is
/// chosen among the rows of its parent table whose shared columns hold the owner's values
/// (`(survey_id, workspace_id) → surveys` beside `(source_id, workspace_id) → sources`).
#[derive(Debug, Clone)]
pub struct AlignedFk {
    pub owner: usize,
    pub other: usize,
    /// The shared columns: (position in the owner's key, position in the other's key).
    pub shared: Vec<(usize, usize)>,
    /// The other key's parent rows by their values of the shared columns, built by the row
    /// engine on first use (a parent's keys are computed from its row number).
    pub rows_by_key: std::sync::Arc<std::sync::OnceLock<HashMap<String, Vec<u64>>>>,
}

#[derive(Debug, Clone)]
pub struct FkPlan {
    pub name: String,
    pub columns: Vec<usize>,
    /// Plan index of the parent table, `None` when it is not part of the load.
    pub parent: Option<usize>,
    pub parent_key: String,
    pub parent_columns: Vec<usize>,
    /// Rows the parent table gets (0 when it is not loaded).
    pub parent_rows: u64,
    pub nullable: bool,
    pub null_fraction: f64,
    pub choice: FkChoice,
    pub key64: u64,
    pub deferred: Option<BreakKind>,
    pub self_reference: bool,
    /// Referenced by another key, so never re-drawn.
    pub pinned: bool,
    /// When the parent is a pre-filled table: its existing keys (the referenced columns, in
    /// the key's order), one entry per parent row. `parent` is then `None`.
    pub existing: Option<std::sync::Arc<Vec<Vec<Value>>>>,
}

impl FkPlan {
    /// The value of the key's `pos`-th column at parent row `p`, when the parent is pre-filled.
    pub fn existing_value(&self, p: u64, pos: usize) -> Option<Value> {
        self.existing
            .as_ref()
            .and_then(|rows| rows.get(p as usize))
            .map(|r| r[pos].clone())
    }
}

#[derive(Debug, Clone)]
pub enum FkChoice {
    Uniform,
    /// Zipf over a keyed permutation of the parents, so popular parents are spread out.
    Zipf {
        exponent: f64,
    },
    /// The parent of the row's group (`per_parent` sizing).
    Grouped,
    /// A component of a composite-unique tuple.
    Tuple {
        tuple: usize,
        component: usize,
    },
    /// Part `part` of the table's `members[member]`: parents a listing table admits together.
    Member {
        member: usize,
        part: usize,
    },
}

/// Rows arranged in contiguous groups, one group per parent row.
#[derive(Debug, Clone)]
pub struct Grouping {
    /// Index into `fks` of the foreign key to the parent.
    pub fk: usize,
    pub parent_rows: u64,
    pub kind: GroupKind,
    pub description: String,
}

#[derive(Debug, Clone)]
pub enum GroupKind {
    /// `count` children per parent.
    Fixed(u64),
    /// `rows` children spread evenly: parent of row i is ⌊i·P/N⌋.
    Even { rows: u64 },
    /// Cumulative child counts per parent (`starts[p]` is the first row of parent p's group).
    Prefix(Arc<Vec<u64>>),
}

impl Grouping {
    /// (parent index, offset within the parent's group) of a row.
    pub fn locate(&self, row: u64) -> (u64, u64) {
        let p = self.parent_rows;
        match &self.kind {
            GroupKind::Fixed(k) => (row / k, row % k),
            GroupKind::Even { rows } => {
                let parent = ((row as u128 * p as u128) / *rows as u128) as u64;
                let start = (parent as u128 * *rows as u128).div_ceil(p as u128) as u64;
                (parent, row - start)
            }
            GroupKind::Prefix(starts) => {
                let parent = starts.partition_point(|&s| s <= row).saturating_sub(1) as u64;
                (parent, row - starts[parent as usize])
            }
        }
    }

    /// The largest group.
    pub fn max_group(&self) -> u64 {
        match &self.kind {
            GroupKind::Fixed(k) => *k,
            GroupKind::Even { rows } => rows.div_ceil(self.parent_rows.max(1)),
            GroupKind::Prefix(starts) => starts.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0),
        }
    }
}

/// A composite unique key filled by enumerating combinations: row → keyed permutation → mixed
/// radix digits, one per component (a parent row index, or the index of a finite value).
#[derive(Debug, Clone)]
pub struct TuplePlan {
    pub key_name: String,
    pub domains: Vec<u64>,
    /// When the table is grouped by a key in the tuple: that component comes from the group,
    /// and the rest are enumerated per group.
    pub group_component: Option<usize>,
    pub key64: u64,
    pub perm: Permutation,
    /// Two components over the same parents that a CHECK orders (`tag1 < tag2`): component
    /// `.0` carries the rank of an unordered pair among `.2` parents (its domain is the number
    /// of pairs) and is decoded into the smaller parent, `.1` (domain 1) into the larger.
    #[allow(clippy::type_complexity)]
    pub ordered_pair: Option<(usize, usize, u64)>,
}

/// The `k`-th pair `(a, b)` with `a < b`, in colex order (`(0,1), (0,2), (1,2), (0,3), …`).
pub fn unrank_pair(k: u64) -> (u64, u64) {
    let mut b = ((1.0 + (1.0 + 8.0 * k as f64).sqrt()) / 2.0) as u64;
    // Correct the float estimate: b is the largest with b(b-1)/2 <= k.
    while b * (b - 1) / 2 > k {
        b -= 1;
    }
    while (b + 1) * b / 2 <= k {
        b += 1;
    }
    (k - b * (b - 1) / 2, b)
}

impl TuplePlan {
    pub fn components(&self, row: u64, group: Option<(u64, u64)>) -> Vec<u64> {
        let mut out = vec![0; self.domains.len()];
        let (mut x, skip) = match (self.group_component, group) {
            (Some(g), Some((parent, offset))) => {
                out[g] = parent;
                let n: u64 = self
                    .domains
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != g)
                    .map(|(_, d)| *d)
                    .product();
                let perm = Permutation::new(n.max(1), hash_at(self.key64, parent));
                (perm.apply(offset.min(n.max(1) - 1)), Some(g))
            }
            _ => (self.perm.apply(row.min(self.perm.len() - 1)), None),
        };
        for i in (0..self.domains.len()).rev() {
            if Some(i) == skip {
                continue;
            }
            let d = self.domains[i].max(1);
            out[i] = x % d;
            x /= d;
        }
        if let Some((lo, hi, _)) = self.ordered_pair {
            let (a, b) = unrank_pair(out[lo]);
            out[lo] = a;
            out[hi] = b;
        }
        out
    }
}

/// A unique key checked against the values already generated (when no construction applies).
#[derive(Debug, Clone)]
pub struct SeenSetPlan {
    pub key_name: String,
    pub columns: Vec<usize>,
    /// Case-fold text (unique on `lower(col)`).
    pub fold_case: Vec<bool>,
    pub predicate: Option<eval::Node>,
    /// Columns re-drawn on a collision.
    pub regenerate: Vec<usize>,
    pub nulls_not_distinct: bool,
    /// Expression parts of the key (`COALESCE(org_id, 0)`), evaluated on each row.
    pub expressions: Vec<eval::Node>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UniqueReport {
    pub key: String,
    pub how: String,
    pub capacity: Option<u128>,
}

const DEFAULT_ROWS: u64 = 100;
const DEFAULT_NULL_FRACTION: f64 = 0.1;

impl Plan {
    /// Build the plan. Refusals are collected in `refusals`, not returned as errors, so `plan`
    /// can show all of them; other commands call [`Plan::ensure_ok`].
    pub fn build(
        catalog: &Catalog,
        order: &LoadOrder,
        profile: &Profile,
        ov: Overrides,
    ) -> Result<Plan> {
        Self::build_limited(catalog, order, profile, ov, &[])
    }

    /// [`Plan::build`] with row limits found once the parents' values are known (how many
    /// combinations a trigger's listing admits), by catalog index: a table sized by
    /// `default_rows` is capped at its limit, a larger count the profile asks for is refused.
    pub fn build_limited(
        catalog: &Catalog,
        order: &LoadOrder,
        profile: &Profile,
        ov: Overrides,
        limits: &[RowLimit],
    ) -> Result<Plan> {
        // A table sized only by default_rows whose unique key holds fewer values (a one-row
        // "lock" table, a key over a small enum) gets as many rows as the key holds, not a
        // refusal: the user asked for no particular count. Each pass caps at least one more
        // table, so this ends.
        let mut caps: HashMap<usize, u64> = HashMap::new();
        loop {
            let plan = Self::build_with_caps(catalog, order, profile, ov, &caps, limits)?;
            let new: Vec<(usize, u64)> = plan
                .default_sized_over_capacity()
                .into_iter()
                .filter(|(ti, _)| !caps.contains_key(ti))
                .collect();
            if new.is_empty() {
                return Ok(plan);
            }
            caps.extend(new);
        }
    }

    /// Tables sized by default_rows that a unique key refused for too few values, with the
    /// number of values the key holds (by catalog index).
    fn default_sized_over_capacity(&self) -> Vec<(usize, u64)> {
        self.tables
            .iter()
            .filter(|t| t.rows_reason.starts_with("default_rows"))
            .filter_map(|t| {
                let cap = t
                    .uniques
                    .iter()
                    .filter(|u| u.how.starts_with("refused: too few"))
                    .filter_map(|u| u.capacity)
                    .min()?;
                Some((t.catalog_index, cap.min(u64::MAX as u128) as u64))
            })
            .collect()
    }

    fn build_with_caps(
        catalog: &Catalog,
        order: &LoadOrder,
        profile: &Profile,
        ov: Overrides,
        caps: &HashMap<usize, u64>,
        limits: &[RowLimit],
    ) -> Result<Plan> {
        let settings = settings(profile, ov)?;
        let table_profiles = profile.resolve(catalog)?;
        columns::check_profile(catalog, profile, &table_profiles, &settings)?;
        let mut counts = row_counts(catalog, order, profile, ov, &table_profiles, &settings)?;
        for (&ti, &cap) in caps {
            if let Some(n) = counts.rows.get_mut(&ti)
                && *n > cap
            {
                *n = cap;
                counts.reasons.insert(
                    ti,
                    format!(
                        "default_rows = {}, capped at {cap}: a unique key of the table holds only {cap} values",
                        settings.default_rows
                    ),
                );
            }
        }
        let mut limited = Vec::new();
        for l in limits {
            let Some(n) = counts.rows.get_mut(&l.table).filter(|n| **n > l.rows) else {
                continue;
            };
            let key = catalog.tables[l.table].key();
            if counts
                .reasons
                .get(&l.table)
                .is_some_and(|r| r.starts_with("default_rows"))
            {
                *n = l.rows;
                let why = format!(
                    "default_rows = {}, capped at {}: {}",
                    settings.default_rows, l.rows, l.why
                );
                counts.reasons.insert(l.table, why);
            } else {
                limited.push(Refusal {
                    table: key.clone(),
                    subject: l.subject.clone(),
                    message: format!("{} rows asked, but {}", n, l.why),
                    fix: format!("set [tables.\"{key}\"] rows to at most {}, or raise the rows of the tables it names", l.rows),
                });
            }
        }
        for (ti, why) in triggers::trigger_targets(catalog, &order.tables, &counts.rows) {
            counts.rows.insert(ti, 0);
            counts.reasons.insert(ti, why);
        }
        // A partitioned table with no partitions stores no row (applications and pg_partman
        // create them at run time): it gets none unless the profile asks (then refused).
        for &ti in &order.tables {
            let asked = table_profiles
                .get(&ti)
                .is_some_and(|p| p.rows.is_some() || p.per_parent.is_some());
            if catalog.tables[ti]
                .partitioning
                .as_ref()
                .is_some_and(|p| p.partitions.is_empty())
                && !asked
            {
                counts.rows.insert(ti, 0);
                counts.reasons.insert(
                    ti,
                    "a partitioned table with no partitions: PostgreSQL has nowhere to store a row (create its partitions first to seed it)".into(),
                );
            }
        }
        let plan_index: HashMap<usize, usize> = order
            .tables
            .iter()
            .enumerate()
            .map(|(p, &c)| (c, p))
            .collect();
        let keyed = keyed_columns(catalog, order);

        let mut found = Diagnostics::default();
        let mut tables = Vec::with_capacity(order.tables.len());
        for &ti in &order.tables {
            let tp = found.keep(columns::plan_table(columns::TableInput {
                catalog,
                order,
                table: &catalog.tables[ti],
                catalog_index: ti,
                rows: counts.rows[&ti],
                rows_reason: counts.reasons.remove(&ti).unwrap_or_default(),
                all_rows: &counts.rows,
                plan_index: &plan_index,
                profile: table_profiles.get(&ti).copied(),
                grouping: counts.groupings.get(&ti),
                settings: &settings,
                keyed: &|c: &str| keyed.contains(&(ti, c.to_string())),
            }));
            tables.push(tp);
        }

        lineage::plan(catalog, &mut tables);
        guards::settle(&mut tables, &mut found.warnings);
        membership::settle(catalog, &mut tables, &mut found.warnings);
        let deferred = deferred_fills(order, &plan_index, &tables);
        let prefilled = catalog
            .existing
            .iter()
            .map(|(key, k)| match k.columns.len() {
                0 => format!("{key}: left as it is; nothing references it, nothing read"),
                _ => format!(
                    "{key}: left as it is; read its key columns {} ({} rows) so foreign keys point at existing rows",
                    k.columns.join(", "),
                    k.rows.len()
                ),
            })
            .collect();
        found.refusals.extend(limited);
        Ok(Plan {
            settings,
            tables,
            deferred,
            refusals: found.refusals,
            warnings: found.warnings,
            prefilled,
        })
    }

    /// Fail with every refusal if there is any.
    pub fn ensure_ok(&self) -> Result<()> {
        match self.refusals.as_slice() {
            [] => Ok(()),
            [one] => Err(Error::Refused(one.to_string())),
            [first, rest @ ..] => Err(Error::Refused(format!(
                "{first} (and {} more: run `seedbed plan` to see them all)",
                rest.len()
            ))),
        }
    }

    /// The plan of `schema.table`.
    pub fn table(&self, key: &str) -> Option<&TablePlan> {
        self.tables.iter().find(|t| t.key == key)
    }

    /// Rows over all tables.
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// Refusals and warnings found while planning, each list in the order found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub refusals: Vec<Refusal>,
    pub warnings: Vec<String>,
}

impl Diagnostics {
    /// Add `other`'s findings after these.
    pub(crate) fn extend(&mut self, other: Diagnostics) {
        self.refusals.extend(other.refusals);
        self.warnings.extend(other.warnings);
    }

    /// Keep the findings that came with a value, and hand the value on.
    fn keep<T>(&mut self, (value, found): (T, Diagnostics)) -> T {
        self.extend(found);
        value
    }
}

/// How many rows each table gets, and why; tables sized per parent row also get a grouping
/// (the `per_parent` setting and the index of the foreign key to that parent).
struct RowCounts {
    rows: HashMap<usize, u64>,
    reasons: HashMap<usize, String>,
    groupings: HashMap<usize, (PerParent, usize)>,
}

/// Row counts, parents before children (a child sized per parent needs its parent's count).
fn row_counts(
    catalog: &Catalog,
    order: &LoadOrder,
    profile: &Profile,
    ov: Overrides,
    table_profiles: &BTreeMap<usize, &TableProfile>,
    settings: &Settings,
) -> Result<RowCounts> {
    let mut counts = RowCounts {
        rows: HashMap::new(),
        reasons: HashMap::new(),
        groupings: HashMap::new(),
    };
    for &ti in &order.tables {
        let t = &catalog.tables[ti];
        let scale = settings.scale;
        let (n, reason) = match table_profiles.get(&ti).copied() {
            Some(TableProfile { rows: Some(r), .. }) => {
                let n = scaled(*r, scale).ok_or_else(|| {
                    let key = format!("[tables.\"{}\"].rows", profile_key(profile, t));
                    too_many_rows(profile, ov, &t.key(), &key, &format!("{r} × scale {scale}"))
                })?;
                (n, format!("profile: rows = {r}"))
            }
            Some(TableProfile {
                per_parent: Some(pp),
                ..
            }) => {
                let (n, reason, fk) =
                    per_parent_rows(catalog, profile, ov, t, pp, &counts.rows, settings)?;
                counts.groupings.insert(ti, (pp.clone(), fk));
                (n, reason)
            }
            _ => {
                let d = settings.default_rows;
                let n = scaled(d, scale).ok_or_else(|| {
                    too_many_rows(
                        profile,
                        ov,
                        &t.key(),
                        "default_rows",
                        &format!("{d} × scale {scale}"),
                    )
                })?;
                (n, format!("default_rows = {d}"))
            }
        };
        counts.rows.insert(ti, n);
        counts.reasons.insert(ti, reason);
    }
    Ok(counts)
}

/// Rows of a table sized `per_parent`: (rows, reason, index of the foreign key to the parent).
fn per_parent_rows(
    catalog: &Catalog,
    profile: &Profile,
    ov: Overrides,
    t: &Table,
    pp: &PerParent,
    rows: &HashMap<usize, u64>,
    settings: &Settings,
) -> Result<(u64, String, usize)> {
    let parent = resolve_table(catalog, &pp.table).map_err(|m| Error::Profile {
        file: profile.source.clone(),
        message: m,
    })?;
    let Some(&parent_rows) = rows.get(&parent) else {
        return Err(Error::Profile {
            file: profile.source.clone(),
            message: format!(
                "[tables.\"{}\"].per_parent: {} is not loaded before {} (it is on the other side of a broken cycle); give rows instead",
                t.key(),
                catalog.tables[parent].key(),
                t.key()
            ),
        });
    };
    let fk = t
        .foreign_keys
        .iter()
        .position(|fk| {
            fk.references.key() == catalog.tables[parent].key()
                && pp
                    .column
                    .as_ref()
                    .is_none_or(|c| fk.columns.first() == Some(c))
        })
        .ok_or_else(|| Error::Profile {
            file: profile.source.clone(),
            message: format!(
                "[tables.\"{}\"].per_parent: {} has no foreign key to {}",
                t.key(),
                t.key(),
                catalog.tables[parent].key()
            ),
        })?;
    let key = format!("[tables.\"{}\"].per_parent", profile_key(profile, t));
    let parent_key = catalog.tables[parent].key();
    let n = group_kind(
        pp,
        parent_rows,
        derive_key(settings.seed, &[&t.key(), "per_parent"]),
    )
    .map(|kind| match &kind {
        GroupKind::Fixed(k) => parent_rows * k,
        GroupKind::Prefix(starts) => *starts.last().unwrap_or(&0),
        GroupKind::Even { rows } => *rows,
    })
    .map_err(|why| match why {
        TooMany::Parents => Error::Profile {
            file: profile.source.clone(),
            message: format!(
                "{key}: {parent_key} has {parent_rows} rows, more than the {MAX_VARYING_PARENTS} a per_parent with varying counts allows; give count = N, or fewer {parent_key} rows"
            ),
        },
        TooMany::Rows => too_many_rows(
            profile,
            ov,
            &t.key(),
            &key,
            &format!("{} per row of {parent_key}, which has {parent_rows}", describe_per_parent(pp)),
        ),
    })?;
    let reason = format!(
        "profile: per_parent of {} ({})",
        catalog.tables[parent].key(),
        describe_per_parent(pp)
    );
    Ok((n, reason, fk))
}

/// Columns that some foreign key references must be computable at any row index: (catalog
/// index of the table, column name).
fn keyed_columns(catalog: &Catalog, order: &LoadOrder) -> HashSet<(usize, String)> {
    let mut keyed = HashSet::new();
    for t in &catalog.tables {
        for fk in &t.foreign_keys {
            if let Some(pi) = catalog.table_index(&fk.references.schema, &fk.references.table) {
                for c in &fk.references.columns {
                    keyed.insert((pi, c.clone()));
                }
            }
        }
    }
    for d in &order.deferred {
        if d.how == BreakKind::Nullable
            && let Some(pk) = &catalog.tables[d.table].primary_key
        {
            for c in &pk.columns {
                keyed.insert((d.table, c.clone()));
            }
        }
    }
    keyed
}

/// The foreign keys broken to load a cycle, located in the plan.
fn deferred_fills(
    order: &LoadOrder,
    plan_index: &HashMap<usize, usize>,
    tables: &[TablePlan],
) -> Vec<DeferredFill> {
    let mut deferred = Vec::new();
    for d in &order.deferred {
        let p = plan_index[&d.table];
        if let Some(fk) = tables[p].fks.iter().position(|f| f.name == d.foreign_key) {
            deferred.push(DeferredFill {
                table: p,
                fk,
                how: d.how,
            });
        }
    }
    deferred
}

/// Most rows one table may get, after scale and per_parent: far beyond any test database, and
/// far below what would exhaust memory or time while planning and generating.
pub const MAX_TABLE_ROWS: u64 = 1_000_000_000;

/// Most parent rows a `per_parent` table with varying counts may have: each parent's first
/// child row is kept in memory (8 bytes a parent) to locate rows.
pub const MAX_VARYING_PARENTS: u64 = 100_000_000;

/// `rows × scale`, or `None` beyond [`MAX_TABLE_ROWS`] (an infinite product included).
fn scaled(rows: u64, scale: f64) -> Option<u64> {
    let n = (rows as f64 * scale).round();
    (n <= MAX_TABLE_ROWS as f64).then(|| n.max(0.0) as u64)
}

/// A row count over [`MAX_TABLE_ROWS`], blamed on the command-line scale when there is one
/// (it multiplies last), else on the profile key that sets the count.
fn too_many_rows(profile: &Profile, ov: Overrides, table: &str, key: &str, how: &str) -> Error {
    let message = format!(
        "{table} would get more than {MAX_TABLE_ROWS} rows ({how}); that is the most a table may have"
    );
    match ov.scale {
        Some(s) if s != 1.0 => Error::BadOverride {
            setting: "scale",
            message: format!("{s} is too large: {message}"),
        },
        _ => Error::Profile {
            file: profile.source.clone(),
            message: format!("{key}: {message}"),
        },
    }
}

fn settings(profile: &Profile, ov: Overrides) -> Result<Settings> {
    let perr = |m: String| Error::Profile {
        file: profile.source.clone(),
        message: m,
    };
    if let Some(s) = ov.scale
        && !(s.is_finite() && s >= 0.0)
    {
        return Err(Error::BadOverride {
            setting: "scale",
            message: format!("must be a finite number of at least 0, got {s}"),
        });
    }
    if let Some(s) = profile.scale
        && !(s.is_finite() && s >= 0.0)
    {
        return Err(perr(format!(
            "scale: must be a finite number of at least 0, got {s}"
        )));
    }
    // Both finite; their product may still overflow, which the row limit reports.
    let scale = profile.scale.unwrap_or(1.0) * ov.scale.unwrap_or(1.0);
    let null_fraction = profile.null_fraction.unwrap_or(DEFAULT_NULL_FRACTION);
    if !(0.0..=1.0).contains(&null_fraction) {
        return Err(perr(format!(
            "null_fraction must be between 0 and 1, got {null_fraction}"
        )));
    }
    let window = match &profile.time_window {
        None => (
            days_from_civil(2021, 1, 1) as i64 * MICROS_PER_DAY,
            days_from_civil(2026, 1, 1) as i64 * MICROS_PER_DAY,
        ),
        Some(w) => {
            let s = parse_timestamp(&w.start).ok_or_else(|| {
                perr(format!(
                    "time_window.start: cannot read \"{}\" as a date (YYYY-MM-DD)",
                    w.start
                ))
            })?;
            let e = parse_timestamp(&w.end).ok_or_else(|| {
                perr(format!(
                    "time_window.end: cannot read \"{}\" as a date (YYYY-MM-DD)",
                    w.end
                ))
            })?;
            if e <= s {
                return Err(perr(
                    "time_window.end must be after time_window.start".into(),
                ));
            }
            (s, e)
        }
    };
    let locale = match &profile.locale {
        None => Locale::En,
        Some(l) => Locale::parse(l).ok_or_else(|| {
            perr(format!(
                "locale \"{l}\" is not offered; use en, fr_fr, de_de, it_it, pt_br or nl_nl"
            ))
        })?,
    };
    Ok(Settings {
        seed: ov.seed.or(profile.seed).unwrap_or(DEFAULT_SEED),
        scale,
        default_rows: profile.default_rows.unwrap_or(DEFAULT_ROWS),
        null_fraction,
        window,
        locale,
    })
}

fn describe_per_parent(pp: &PerParent) -> String {
    match (pp.count, pp.min, pp.max, pp.zipf) {
        (Some(c), ..) => format!("{c} each"),
        (None, min, max, Some(s)) => {
            format!("zipf s={s}, {}..{}", min.unwrap_or(0), max.unwrap_or(10))
        }
        (None, min, max, None) => format!("{}..{} each", min.unwrap_or(0), max.unwrap_or(10)),
    }
}

/// Why a `per_parent` setting cannot be planned.
enum TooMany {
    /// Varying counts over more than [`MAX_VARYING_PARENTS`] parents.
    Parents,
    /// More than [`MAX_TABLE_ROWS`] children in all.
    Rows,
}

/// Children per parent from a `per_parent` setting; counts are keyed by parent index. Bounded
/// before anything is allocated.
fn group_kind(
    pp: &PerParent,
    parents: u64,
    key: [u8; 32],
) -> std::result::Result<GroupKind, TooMany> {
    if let Some(c) = pp.count {
        let c = c.max(1);
        return match parents.checked_mul(c) {
            Some(n) if n <= MAX_TABLE_ROWS => Ok(GroupKind::Fixed(c)),
            _ => Err(TooMany::Rows),
        };
    }
    let (min, max) = (
        pp.min.unwrap_or(0),
        pp.max.unwrap_or(10).max(pp.min.unwrap_or(0)),
    );
    if parents > MAX_VARYING_PARENTS {
        return Err(TooMany::Parents);
    }
    if parents > 0 && min > MAX_TABLE_ROWS / parents {
        return Err(TooMany::Rows);
    }
    let k = key64(&key);
    let mut starts = Vec::with_capacity(parents as usize + 1);
    let mut total = 0u64;
    for p in 0..parents {
        starts.push(total);
        let u = unit(hash_at(k, p));
        let span = (max - min) as f64;
        let extra = match pp.zipf {
            // Power law: most parents near `min`, a few near `max`.
            Some(s) => (span * u.powf(1.0 + s.max(0.01) * 2.0)).round() as u64,
            None => (u * (span + 1.0)).floor().min(span) as u64,
        };
        total = total.saturating_add(min.saturating_add(extra));
        if total > MAX_TABLE_ROWS {
            return Err(TooMany::Rows);
        }
    }
    starts.push(total);
    Ok(GroupKind::Prefix(Arc::new(starts)))
}

/// The profile's key for a table (as written there: `users` or `shop.users`), for messages.
fn profile_key(profile: &Profile, t: &Table) -> String {
    profile
        .tables
        .keys()
        .find(|k| **k == t.key() || **k == t.name)
        .cloned()
        .unwrap_or_else(|| t.key())
}

/// The keyed 64-bit identity of a column (or any named part of a table).
pub fn column_key(seed: u64, table: &str, column: &str) -> [u8; 32] {
    derive_key(seed, &[table, column])
}
