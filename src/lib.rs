//! seedbed: deterministic, constraint-honouring, privacy-safe synthetic data for PostgreSQL.
//!
//! The library follows the data's path, one module per stage:
//!
//! ```text
//! catalog (pg_catalog → model) → graph (load order, cycles)
//!   → plan (schema + profile → per-column generators) → verify (opaque CHECKs, on the server)
//!   → generate (deterministic row blocks) → sink (binary COPY, CSV) → report
//! ```
//!
//! The stages are internal; this page is the embedding API:
//!
//! - [`seed`]: introspect, plan, check and load a database in one call;
//! - [`prepare`] then [`Prepared`]: the checked plan, to show it ([`Prepared::plan_text`]),
//!   export it as CSV fixtures ([`Prepared::export`]) or document the schema
//!   ([`Prepared::doc`]);
//! - [`Profile`], [`SeedOptions`], [`Filter`], [`Overrides`]: what to generate;
//! - [`ConnectTo`]: a URL, sqlx [`PgConnectOptions`](sqlx::postgres::PgConnectOptions), or a
//!   pool;
//! - [`Error`]: every failure, as data.
//!
//! Seeding a test database through sqlx's connection options:
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use seedbed::{ConnectTo, Database, Profile, SeedOptions, Target};
//! use sqlx::postgres::PgConnectOptions;
//!
//! // A throwaway PostgreSQL with a schema applied; any database of yours works the same.
//! let db = Database::open(&Target::SchemaFile { file: "schemas/ddx.sql".into(), keep: false }).await?;
//! let options: PgConnectOptions = db.url.parse().expect("a valid URL");
//! let profile = Profile::load("profiles/ddx-small.toml".as_ref())?;
//! let summary = seedbed::seed(
//!     &ConnectTo::from(options),
//!     &profile,
//!     &SeedOptions { seed: Some(7), ..SeedOptions::default() },
//! )
//! .await?;
//! assert_eq!(summary.seed, 7);
//! assert!(summary.tables.iter().any(|t| t.table == "public.users" && t.rows == 50));
//! # Ok::<(), seedbed::Error>(())
//! # }).unwrap();
//! ```
#![warn(missing_docs)]

// The stages. They are `doc(hidden)`: not part of the API and free to change in any release;
// they stay reachable only for seedbed's own integration tests and benchmarks. Embed seedbed
// through the items re-exported below.

pub(crate) mod catalog;
pub(crate) mod connect;
pub(crate) mod doc;
pub(crate) mod erd;
pub(crate) mod error;
pub(crate) mod export;
pub(crate) mod generate;
pub(crate) mod graph;
pub(crate) mod inspect;
pub(crate) mod model;
pub(crate) mod pgtype;
pub(crate) mod pipeline;
pub(crate) mod plan;
pub(crate) mod profile;
pub(crate) mod report;
pub(crate) mod seed;
pub(crate) mod sink;
pub(crate) mod starter;
pub(crate) mod throwaway;
pub(crate) mod values;
pub(crate) mod verify;

use std::path::Path;

pub use catalog::Filter;
pub use connect::{ConnectTo, DEFAULT_LOCK_TIMEOUT_SECS, Database, Target};
pub use error::{Error, Result};
pub use generate::Shard;
pub use inspect::Format as InspectFormat;
pub use plan::Overrides;
pub use profile::Profile;
pub use report::{ProgressMode, Summary, TableSummary};
pub use seed::{Existing, SeedOptions, seed};
pub use sink::CopyFormat;
pub use throwaway::stop_kept;

/// Seed a test's database from a profile: the helper for `#[sqlx::test]`-style tests.
///
/// Tuned for small fixtures: one generation thread, keys kept in place, no ANALYZE, no
/// progress output; deterministic (the profile's seed, else 42), so a test sees the same rows on
/// every run. The tables must be empty (a test database usually is).
///
/// ```ignore
/// #[sqlx::test]
/// async fn orders_have_customers(pool: sqlx::PgPool) -> sqlx::Result<()> {
///     sqlx::raw_sql(include_str!("../schema.sql")).execute(&pool).await?;
///     let profile = seedbed::Profile::parse("default_rows = 20", "inline").unwrap();
///     seedbed::seed_pool(&pool, &profile).await.unwrap();
///     // … the test's queries see 20 rows per table …
///     Ok(())
/// }
/// ```
///
/// A runnable version, on a throwaway database:
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use seedbed::{Database, Profile, Target};
///
/// let db = Database::open(&Target::SchemaFile { file: "schemas/shop.sql".into(), keep: false }).await?;
/// let pool = db.pool(2).await?;
/// let profile = Profile::parse("seed = 3\ndefault_rows = 10", "inline")?;
/// let summary = seedbed::seed_pool(&pool, &profile).await?;
/// assert!(summary.tables.iter().all(|t| t.rows == 10));
/// assert_eq!(summary.seed, 3);
/// # Ok::<(), seedbed::Error>(())
/// # }).unwrap();
/// ```
pub async fn seed_pool(pool: &sqlx::PgPool, profile: &Profile) -> Result<Summary> {
    let opts = SeedOptions {
        jobs: 1,
        defer_indexes: Some(false),
        analyze: false,
        progress: ProgressMode::Quiet,
        ..SeedOptions::default()
    };
    seed(&ConnectTo::from(pool), profile, &opts).await
}

/// Introspect, order and plan: everything up to a checked plan, writing nothing.
///
/// Opaque CHECKs (calls to functions seedbed cannot evaluate) are verified on the server with
/// sample rows, and values the server accepts are searched for those it rejects. Refusals are kept in the result: [`Prepared::ensure_ok`] turns them into an
/// error, [`Prepared::plan_text`] shows them.
pub async fn prepare(
    db: &ConnectTo,
    filter: &Filter,
    profile: &Profile,
    overrides: Overrides,
) -> Result<Prepared> {
    let mut conn = db.connect().await?;
    Ok(Prepared(
        pipeline::prepare(&mut conn, filter, profile, overrides).await?,
    ))
}

/// The schema model of a database in load order, rendered as text, JSON (`docs/model.md`) or a
/// Mermaid ER diagram. Reads the catalog only.
pub async fn inspect(db: &ConnectTo, filter: &Filter, format: InspectFormat) -> Result<String> {
    let mut conn = db.connect().await?;
    let cat = catalog::introspect(&mut conn, filter).await?;
    let order = graph::load_order(&cat)?;
    Ok(inspect::render(&cat, &order, format))
}

/// A starter profile (TOML) for the database `db`: every table in load order with its row
/// count, each column's generator as a comment. With `from_stats`, row counts and null
/// fractions follow that other database's statistics (shape only, never values), multiplied by
/// `scale`.
pub async fn starter_profile(
    db: &ConnectTo,
    filter: &Filter,
    from_stats: Option<&ConnectTo>,
    scale: f64,
) -> Result<String> {
    let prepared = prepare(db, filter, &Profile::default(), Overrides::default()).await?;
    let p = &prepared.0;
    let shape = match from_stats {
        Some(source) => {
            let mut conn = source.connect().await?;
            Some(starter::fetch_shape(&mut conn, &p.catalog, &p.plan).await?)
        }
        None => None,
    };
    Ok(starter::render(&p.plan, shape.as_ref(), scale))
}

/// A schema and the plan to fill it, checked: the result of [`prepare`].
pub struct Prepared(pipeline::Prepared);

impl Prepared {
    /// The plan for people: each table's row count and each column's generator, with why.
    pub fn plan_text(&self) -> String {
        let p = &self.0;
        let freeze = report::plan::freeze_status(&p.catalog, &p.plan);
        report::plan::text(&p.plan, &p.verified) + &report::plan::freeze_notes(&p.plan, &freeze)
    }

    /// The plan for tools (JSON).
    pub fn plan_json(&self) -> String {
        report::plan::json(&self.0.plan, &self.0.verified)
    }

    /// `Err` naming the first refusal when something cannot be satisfied.
    pub fn ensure_ok(&self) -> Result<()> {
        self.0.plan.ensure_ok()
    }

    /// Rows the plan generates, over all tables.
    pub fn total_rows(&self) -> u64 {
        self.0.plan.total_rows()
    }

    /// The seed every stream is keyed by.
    pub fn seed(&self) -> u64 {
        self.0.plan.settings.seed
    }

    /// Write one CSV per table and `load.sql` into `dir`, on `jobs` generation threads (the bytes
    /// do not depend on it). Refused plans are not exported.
    pub fn export(&self, dir: &Path, jobs: usize, progress: ProgressMode) -> Result<Summary> {
        self.export_shard(dir, jobs, progress, None)
    }

    /// [`Prepared::export`], or with `shard` only that shard's part of every file, named
    /// `FILE.K-of-N`: the parts of a file concatenated in shard order are the file an
    /// unsharded export writes, byte for byte (`load.sql` is written by shard 1).
    pub fn export_shard(
        &self,
        dir: &Path,
        jobs: usize,
        progress: ProgressMode,
        shard: Option<Shard>,
    ) -> Result<Summary> {
        self.ensure_ok()?;
        let started = std::time::Instant::now();
        let total = match shard {
            Some(s) => self
                .0
                .plan
                .tables
                .iter()
                .map(|t| {
                    let r = s.rows(t.rows);
                    r.end - r.start
                })
                .sum(),
            None => self.total_rows(),
        };
        let bars = report::Progress::new(progress, total);
        let tables = export::export_shard(&self.0.plan, &self.0.catalog, dir, jobs, &bars, shard)?;
        bars.finish();
        Ok(Summary::new(
            self.seed(),
            tables,
            started.elapsed().as_secs_f64(),
        ))
    }

    /// The data-design document (Markdown). `with_volume` adds the Volume Profile section.
    pub fn doc(&self, with_volume: bool) -> String {
        let p = &self.0;
        doc::render(&p.catalog, &p.order, &p.plan, &p.verified, with_volume)
    }
}

/// Compare a committed data-design document with a freshly rendered one: `Err` carries a short
/// diff when they differ (for `seedbed doc --check` in CI).
pub fn check_doc(committed: &str, fresh: &str) -> std::result::Result<(), String> {
    doc::check(committed, fresh)
}

/// The few internals seedbed's own integration tests and benchmarks reach for (the stage
/// modules themselves are private). Not an API: anything here may change in any release.
#[doc(hidden)]
pub mod testing {
    /// Introspection.
    pub mod catalog {
        pub use crate::catalog::{Filter, check_expression, introspect};
    }
    /// Connections and schema files.
    pub mod connect {
        pub use crate::connect::{Database, Target, apply_sql, connect};
    }
    /// The documents.
    pub mod doc {
        pub use crate::doc::{check, render};
    }
    /// Export to files.
    pub mod export {
        pub use crate::export::{export, export_shard, part_name};
    }
    /// The row engine.
    pub mod generate {
        pub use crate::generate::{Shard, TableEngine, stream_table};
    }
    /// Load order.
    pub mod graph {
        pub use crate::graph::{BreakKind, KeyRef, LoadOrder, load_order};
    }
    /// The schema model.
    pub mod model {
        pub use crate::model::*;
    }
    /// The stages up to a checked plan.
    pub mod pipeline {
        pub use crate::pipeline::prepare;
    }
    /// Planning.
    pub mod plan {
        pub use crate::plan::{Overrides, Plan};
    }
    /// Profiles.
    pub mod profile {
        pub use crate::profile::Profile;
    }
    /// Reports.
    pub mod report {
        pub use crate::report::{Progress, ProgressMode};
        /// The plan report.
        pub mod plan {
            pub use crate::report::plan::{json, text};
        }
    }
    /// Loading.
    pub mod seed {
        pub use crate::seed::{Existing, SeedOptions, seed};
    }
    /// Encoders.
    pub mod sink {
        pub use crate::sink::CopyFormat;
    }
    /// Throwaway clusters.
    pub mod throwaway {
        pub use crate::throwaway::{ThrowawayCluster, find_bin_dir};
    }
    /// The bottom layer.
    pub mod values {
        /// Expressions.
        pub mod expr {
            pub use crate::values::expr::{BinOp, Expr, Literal};
        }
        /// The RNG contract.
        pub mod rng {
            pub use crate::values::rng::BLOCK_ROWS;
        }
        /// The CHECK evaluator.
        pub mod eval {
            pub use crate::values::eval::{compile, eval, passes};
        }
        /// Values.
        pub mod value {
            pub use crate::values::value::Value;
        }
        /// Strings of a regular language.
        pub mod regex_enum {
            pub use crate::values::regex_enum::{MAX_REGEX_LEN, RegexEnum};
        }
        /// Word lists and places.
        pub mod text {
            pub use crate::values::text::{LOCAL, PLACES};
        }
    }
    /// The server check of opaque CHECKs.
    pub mod verify {
        pub use crate::verify::dry_run;
    }
}
