//! `seedbed seed`: generate and load a whole database in one call.
//!
//! Rows stream from the generator threads, encoded in binary COPY format off the async
//! runtime, through a bounded channel into `COPY … FROM STDIN` on one connection: memory stays
//! flat whatever the row count. By default everything happens in one transaction, so an error,
//! a dropped connection or Ctrl-C leaves the database exactly as it was.
//!
//! The same job is one call from Rust: see `seedbed::seed` in the crate documentation.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use sqlx::{Connection, PgConnection};

use crate::catalog::Filter;
use crate::connect::ConnectTo;
use crate::error::{Error, Result};
use crate::export::{fill_sql, sequence_targets, sequences_sql};
use crate::generate::Shard;
use crate::generate::{self, TableEngine};
use crate::graph::BreakKind;
use crate::model::{Catalog, quote_ident};
use crate::pipeline::{self, Prepared};
use crate::plan::{Overrides, Plan};
use crate::profile::Profile;
use crate::report::{Progress, ProgressMode, Summary, TableSummary};
use crate::sink::{CopyFormat, binary};
use crate::verify;

pub(crate) mod rls;
mod sharded;

/// What to do when target tables already hold rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Existing {
    /// Refuse, naming the tables (the default: nothing is ever changed by surprise).
    #[default]
    Refuse,
    /// Empty the target tables first (in the same transaction).
    Truncate,
    /// Add rows after the existing ones.
    Append,
}

#[derive(Debug, Clone)]
/// How to seed: which tables, the overrides, and how to load.
pub struct SeedOptions {
    /// Which schemas and tables.
    pub filter: Filter,
    /// Overrides the profile's seed.
    pub seed: Option<u64>,
    /// Multiplies every row count.
    pub scale: Option<f64>,
    /// Generation threads.
    pub jobs: usize,
    /// Binary COPY (default) or CSV COPY.
    pub format: CopyFormat,
    /// What to do with tables that already hold rows.
    pub existing: Existing,
    /// Drop secondary indexes and key constraints during the load and recreate them after
    /// (PostgreSQL validates them as it rebuilds). `None`: decide automatically.
    pub defer_indexes: Option<bool>,
    /// Commit after each table instead of once at the end.
    pub commit_per_table: bool,
    /// Disable user triggers during the load (superuser only).
    pub disable_triggers: bool,
    /// ANALYZE loaded tables so first queries get good plans.
    pub analyze: bool,
    /// How progress is shown.
    pub progress: ProgressMode,
    /// `--shard K/N`: generate and load only this process's share of every table (see
    /// docs/sharding.md). `None`: the whole database.
    pub shard: Option<Shard>,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            filter: Filter::default(),
            seed: None,
            scale: None,
            jobs: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            format: CopyFormat::Binary,
            existing: Existing::Refuse,
            defer_indexes: None,
            commit_per_table: false,
            disable_triggers: false,
            analyze: true,
            progress: ProgressMode::Quiet,
            shard: None,
        }
    }
}

/// Plan, check and load. Returns the summary (rows per table, time, the seed).
pub async fn seed(db: &ConnectTo, profile: &Profile, opts: &SeedOptions) -> Result<Summary> {
    let t = Instant::now();
    let mut conn = db.connect().await?;
    verify::phase_done("connect", t);
    let overrides = Overrides {
        seed: opts.seed,
        scale: opts.scale,
    };
    let prepared = pipeline::prepare(&mut conn, &opts.filter, profile, overrides).await?;
    prepared.plan.ensure_ok()?;
    // Several connections only when each table commits on its own (one transaction is one
    // connection), and no DEFERRABLE cycle needs two tables in the same transaction.
    let deferrable_cycle = prepared
        .plan
        .deferred
        .iter()
        .any(|d| d.how == BreakKind::Deferrable);
    if let Some(shard) = opts.shard {
        let result = sharded::load(&mut conn, prepared, opts, shard).await;
        let _ = conn.close().await;
        return result;
    }
    take_seed_lock(&mut conn).await?;
    let analyze = tables_to_analyze(&prepared.plan);
    let result = if opts.commit_per_table && opts.jobs > 1 && !deferrable_cycle {
        load_parallel(db, &mut conn, prepared, opts).await
    } else {
        load(&mut conn, prepared, opts).await
    };
    let result = match result {
        Ok(summary) => match analyze_committed(db, &mut conn, analyze, opts).await {
            Ok(()) => Ok(summary),
            // The rows are in: say so.
            Err(e) => Err(with_committed(
                e,
                summary.tables.iter().map(|t| t.table.clone()).collect(),
            )),
        },
        Err(e) => Err(e),
    };
    // Closing the session releases the seed lock.
    let _ = conn.close().await;
    result
}

/// The session-level advisory lock every seed holds on its database for its whole run, taken
/// before any target is checked: two seeds never both find the tables empty and both load.
/// Waits up to the session's `lock_timeout`, then refuses naming the seed that holds it.
async fn take_seed_lock(conn: &mut PgConnection) -> Result<()> {
    take_seed_lock_as(conn, "pg_advisory_lock").await
}

/// [`take_seed_lock`] with `pg_advisory_lock` (exclusive) or `pg_advisory_lock_shared` (the
/// shards of one sharded run, which keep every unsharded seed out but not each other).
async fn take_seed_lock_as(conn: &mut PgConnection, function: &str) -> Result<()> {
    const KEY: &str = "hashtext('seedbed'), hashtext(current_database())";
    let taken = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {function}({KEY})")))
        .execute(&mut *conn)
        .await;
    match taken {
        Ok(_) => Ok(()),
        Err(e) if crate::catalog::is_lock_timeout(&e) => {
            let holder: Option<i32> = sqlx::query_scalar(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                   AND classid = hashtext('seedbed')::oid AND objid = hashtext(current_database())::oid
                   AND objsubid = 2
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 LIMIT 1",
            )
            .fetch_optional(&mut *conn)
            .await
            .ok()
            .flatten();
            let pid = holder.map_or("unknown".to_string(), |p| p.to_string());
            Err(Error::Refused(format!(
                "another seedbed seed is running on this database (backend pid {pid}); wait for it to finish"
            )))
        }
        Err(e) => Err(Error::db("taking the seed lock", e)),
    }
}

/// Lock every target against writers before checking that it is empty, in the load's
/// transaction: SHARE ROW EXCLUSIVE lets readers in and keeps every other writer out until
/// COMMIT.
async fn lock_targets(conn: &mut PgConnection, plan: &Plan) -> Result<()> {
    if plan.tables.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = plan.tables.iter().map(|t| t.sql_name.as_str()).collect();
    exec(
        conn,
        &format!(
            "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
            names.join(", ")
        ),
        "locking the target tables",
    )
    .await
}

/// A table, or a range of its blocks, loaded on its own connection in its own transaction.
struct Part {
    table: usize,
    blocks: std::ops::Range<u64>,
}

/// `--commit-per-table` with `--jobs N`: up to N connections load at once. A table starts when
/// every table it references is committed; a large table is split into block ranges, one
/// transaction each. The rows are the same bytes as a sequential load.
async fn load_parallel(
    db: &ConnectTo,
    conn: &mut PgConnection,
    prepared: Prepared,
    opts: &SeedOptions,
) -> Result<Summary> {
    let Prepared {
        catalog, mut plan, ..
    } = prepared;
    let started = Instant::now();
    if opts.disable_triggers {
        return Err(Error::Usage(
            "--disable-triggers is not available with parallel --commit-per-table loads; use --jobs 1".into(),
        ));
    }
    let targets: Vec<String> = plan.tables.iter().map(|t| t.key.clone()).collect();
    rls::refuse_any(conn, &plan).await?;
    let checked = match check_targets(conn, &catalog, &mut plan, opts).await {
        Ok(non_empty) => truncate(conn, &plan, opts, &non_empty)
            .await
            .map(|t| (non_empty, t)),
        Err(e) => Err(e),
    };
    let (non_empty, truncated) = match checked {
        Ok(t) => t,
        Err(e) => return Err(failed(conn, e, &targets, Undo::default()).await),
    };
    let alone = freeze_alone_if(
        non_empty.is_empty() || opts.existing == Existing::Truncate,
        &catalog,
        &plan,
    );
    let plan = Arc::new(plan);
    let progress = Arc::new(Progress::new(opts.progress, plan.total_rows()));
    let n = plan.tables.len();
    let parents = parents_of(&plan);
    let mut committed = vec![false; n];
    let mut started_t = vec![false; n];
    let mut parts_left = vec![0usize; n];
    let mut rows_done = vec![0u64; n];
    let mut bytes_done = vec![0u64; n];
    let mut secs = vec![0f64; n];
    let bars: Vec<Arc<crate::report::TableProgress>> = plan
        .tables
        .iter()
        .map(|t| Arc::new(progress.table(&t.key, t.rows)))
        .collect();
    let mut running = tokio::task::JoinSet::new();
    let slots = opts.jobs.max(1);
    loop {
        // Start every ready table, split to use the free connections.
        for ti in 0..n {
            if started_t[ti] || !parents[ti].iter().all(|&p| committed[p]) {
                continue;
            }
            let blocks = TableEngine::new(&plan, ti).blocks();
            // One transaction per table, never a table split over several: after any failure
            // each table is either whole or as it was.
            let pieces = 1;
            started_t[ti] = true;
            parts_left[ti] = pieces as usize;
            for k in 0..pieces {
                let part = Part {
                    table: ti,
                    blocks: (blocks * k / pieces)..(blocks * (k + 1) / pieces),
                };
                let (db, plan, bar) = (db.clone(), Arc::clone(&plan), Arc::clone(&bars[ti]));
                let (format, jobs) = (opts.format, (opts.jobs / slots).max(1));
                let freeze = alone[ti];
                running.spawn(async move {
                    let t0 = Instant::now();
                    let r = copy_part(&db, &plan, &part, format, jobs, &bar, freeze).await;
                    (part.table, r, t0.elapsed().as_secs_f64())
                });
            }
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        let (ti, r, elapsed) = done.map_err(|e| Error::load(format!("a load task failed: {e}")))?;
        match r {
            Ok(copied) => {
                rows_done[ti] += copied.rows;
                bytes_done[ti] += copied.bytes;
                secs[ti] = secs[ti].max(elapsed);
                parts_left[ti] -= 1;
                if parts_left[ti] == 0 {
                    committed[ti] = true;
                    bars[ti].finish();
                }
            }
            Err(e) => {
                running.abort_all();
                let reason = match e {
                    Error::Load { reason, .. } => reason,
                    other => other.to_string(),
                };
                let committed = (0..n)
                    .filter(|&t| committed[t])
                    .map(|t| plan.tables[t].key.clone())
                    .collect();
                return Err(Error::Load { reason, committed });
            }
        }
    }
    progress.finish();
    let sequences = finish_parallel(conn, &plan, &catalog, opts, &targets).await?;
    let tables = plan
        .tables
        .iter()
        .enumerate()
        .map(|(ti, t)| TableSummary {
            table: t.key.clone(),
            rows: rows_done[ti],
            bytes: bytes_done[ti],
            seconds: secs[ti],
        })
        .collect();
    let mut s = Summary::new(plan.settings.seed, tables, started.elapsed().as_secs_f64());
    s.truncated = truncated;
    s.sequences = sequences;
    Ok(s)
}

/// The last transaction of a parallel load, once every table is committed: cycle fills,
/// sequences. On failure the sequences are put back.
async fn finish_parallel(
    conn: &mut PgConnection,
    plan: &Arc<Plan>,
    catalog: &Catalog,
    opts: &SeedOptions,
    targets: &[String],
) -> Result<Vec<String>> {
    let mut saved = Vec::new();
    let finish: Result<Vec<String>> = async {
        let mut tx = begin(conn, "starting the final transaction").await?;
        let sequences = after_load(&mut tx, plan, catalog, opts, &mut saved, None).await?;
        commit(tx, "committing").await?;
        Ok(sequences)
    }
    .await;
    match finish {
        Ok(s) => Ok(s),
        Err(e) => {
            let undo = Undo {
                committed: targets.to_vec(),
                sequences: saved,
            };
            Err(failed(conn, e, targets, undo).await)
        }
    }
}

/// Parents of each table (self-references and cycle-broken keys excepted).
fn parents_of(plan: &Plan) -> Vec<Vec<usize>> {
    plan.tables
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            t.fks
                .iter()
                .filter(|f| f.deferred.is_none())
                .filter_map(|f| f.parent)
                .filter(|&p| p != ti)
                .collect()
        })
        .collect()
}

/// Load one part on its own connection and commit it. Returns the rows copied. `alone`: the
/// table can be emptied for `COPY … FREEZE` in this transaction ([`freeze_alone_if`]).
async fn copy_part(
    db: &ConnectTo,
    plan: &Arc<Plan>,
    part: &Part,
    format: CopyFormat,
    jobs: usize,
    bar: &crate::report::TableProgress,
    alone: bool,
) -> Result<Copied> {
    let mut conn = db.connect().await?;
    let copied: Result<Copied> = async {
        let mut tx = begin(&mut conn, "starting a table's transaction").await?;
        let freeze = alone && empty_alone(&mut tx, &plan.tables[part.table].sql_name).await?;
        let rows = copy_blocks(
            &mut tx,
            plan,
            part.table,
            part.blocks.clone(),
            format,
            jobs,
            bar,
            freeze,
        )
        .await?;
        commit(tx, "committing a table").await?;
        Ok(rows)
    }
    .await;
    let copied = match copied {
        Err(e) => {
            let key = [plan.tables[part.table].key.clone()];
            Err(crate::catalog::explain_lock_timeout(&mut conn, e, &key).await)
        }
        ok => ok,
    };
    let _ = conn.close().await;
    copied
}

/// Load a prepared plan over `conn`.
pub async fn load(
    conn: &mut PgConnection,
    prepared: Prepared,
    opts: &SeedOptions,
) -> Result<Summary> {
    let Prepared { catalog, plan, .. } = prepared;
    let started = Instant::now();
    let seed = plan.settings.seed;
    let targets: Vec<String> = plan.tables.iter().map(|t| t.key.clone()).collect();
    let progress = Progress::new(opts.progress, plan.total_rows());
    let mut state = Undo::default();
    let result = load_in_transactions(conn, &catalog, plan, opts, &progress, &mut state).await;
    progress.finish();
    match result {
        Ok((tables, truncated, sequences)) => {
            let mut s = Summary::new(seed, tables, started.elapsed().as_secs_f64());
            s.truncated = truncated;
            s.sequences = sequences;
            Ok(s)
        }
        Err(e) => Err(failed(conn, e, &targets, state).await),
    }
}

/// What a failed load must report or put back: the tables already committed (only with
/// `--commit-per-table`) and the sequences as they were before `setval` (which no rollback
/// undoes).
#[derive(Default)]
struct Undo {
    committed: Vec<String>,
    sequences: Vec<SavedSequence>,
}

/// A sequence's state before the load advanced it.
struct SavedSequence {
    name: String,
    last_value: i64,
    is_called: bool,
}

/// After a failure (the transaction rolled back): name who held a lock that timed out, put the
/// sequences back, and say which tables were committed.
async fn failed(conn: &mut PgConnection, e: Error, targets: &[String], undo: Undo) -> Error {
    let e = crate::catalog::explain_lock_timeout(conn, e, targets).await;
    restore_sequences(conn, &undo.sequences).await;
    with_committed(e, undo.committed)
}

/// Put sequences back as they were (best effort: the connection may be gone).
async fn restore_sequences(conn: &mut PgConnection, saved: &[SavedSequence]) {
    for s in saved {
        let _ = sqlx::query("SELECT setval($1::regclass, $2, $3)")
            .bind(&s.name)
            .bind(s.last_value)
            .bind(s.is_called)
            .execute(&mut *conn)
            .await;
    }
}

/// The transactions of a sequential load: lock the targets, check them, load every table,
/// finish (keys, cycle fills, sequences) and commit.
async fn load_in_transactions(
    conn: &mut PgConnection,
    catalog: &Catalog,
    mut plan: Plan,
    opts: &SeedOptions,
    progress: &Progress,
    undo: &mut Undo,
) -> Result<(Vec<TableSummary>, Vec<String>, Vec<String>)> {
    // Dropped on an error (or an interrupt), the transaction rolls back.
    let t = Instant::now();
    let mut tx = begin(conn, "starting the transaction").await?;
    extend_search_path(&mut tx, &plan).await?;
    lock_targets(&mut tx, &plan).await?;
    // FORCEd row security is lifted only while one transaction holds the whole load.
    let forced = if opts.commit_per_table {
        rls::refuse_any(&mut tx, &plan).await?;
        Vec::new()
    } else {
        rls::lift_forced(&mut tx, &plan).await?
    };
    let non_empty = check_targets(&mut tx, catalog, &mut plan, opts).await?;
    verify::phase_done("lock+check", t);
    let starts_empty = non_empty.is_empty() || opts.existing == Existing::Truncate;
    // Measured faster (benches/load.rs), so the default whenever the tables start empty.
    let defer = opts.defer_indexes.unwrap_or(true) && starts_empty && !opts.commit_per_table;
    let plan = Arc::new(plan);
    defer_constraints(&mut tx).await?;
    // Dropped before the tables are emptied: TRUNCATE builds each remaining index afresh (and
    // PostgreSQL syncs each new index file to disk), so fewer indexes make it cheaper.
    let t = Instant::now();
    let deferred = if defer {
        drop_keys_and_indexes(&mut tx, catalog, &plan).await?
    } else {
        Deferred::default()
    };
    verify::phase_done("drop keys", t);
    let truncated = truncate(&mut tx, &plan, opts, &non_empty).await?;
    // Every target, when every row is loaded in this one transaction into tables holding none;
    // table by table otherwise (`--commit-per-table`), each in its own transaction.
    let frozen = if starts_empty && !opts.commit_per_table {
        empty_for_freeze(&mut tx, catalog, &plan, !truncated.is_empty()).await?
    } else {
        vec![false; plan.tables.len()]
    };
    let alone = freeze_alone_if(starts_empty && opts.commit_per_table, catalog, &plan);
    if opts.disable_triggers {
        for t in &plan.tables {
            exec(
                &mut tx,
                &format!("ALTER TABLE {} DISABLE TRIGGER USER", t.sql_name),
                "disabling user triggers",
            )
            .await?;
        }
    }
    let t = Instant::now();
    let advanced = advance_sequences(&mut tx, &plan, catalog, &mut undo.sequences).await?;
    verify::phase_done("triggers+sequences", t);
    let t = Instant::now();
    let mut summaries = Vec::new();
    // Tables whose DEFERRABLE cycle key still waits for its parent keep the transaction open.
    let waiting: HashSet<usize> = plan
        .deferred
        .iter()
        .filter(|d| d.how == BreakKind::Deferrable)
        .map(|d| d.table)
        .collect();
    for (ti, &freeze) in frozen.iter().enumerate() {
        let freeze =
            freeze || (alone[ti] && empty_alone(&mut tx, &plan.tables[ti].sql_name).await?);
        summaries.push(copy_table(&mut tx, &plan, ti, opts, progress, freeze).await?);
        if opts.commit_per_table
            && !waiting.iter().any(|&w| {
                w > ti
                    || plan.tables[w]
                        .fks
                        .iter()
                        .any(|f| f.parent.is_some_and(|p| p > ti))
            })
        {
            commit(tx, "committing").await?;
            undo.committed = plan.tables[..=ti].iter().map(|t| t.key.clone()).collect();
            tx = begin(conn, "starting the next transaction").await?;
            defer_constraints(&mut tx).await?;
        }
    }
    verify::phase_done("copy", t);
    let t = Instant::now();
    recreate(&mut tx, &deferred).await?;
    verify::phase_done("rebuild keys", t);
    let sequences = after_load(
        &mut tx,
        &plan,
        catalog,
        opts,
        &mut undo.sequences,
        Some(advanced),
    )
    .await?;
    if opts.disable_triggers {
        for t in &plan.tables {
            let sql = format!("ALTER TABLE {} ENABLE TRIGGER USER", t.sql_name);
            exec(&mut tx, &sql, "re-enabling user triggers").await?;
        }
    }
    rls::restore_forced(&mut tx, &forced).await?;
    let t = Instant::now();
    commit(tx, "committing").await?;
    verify::phase_done("commit", t);
    Ok((summaries, truncated, sequences))
}

/// An error that says which tables were committed before it, when any were.
fn with_committed(e: Error, committed: Vec<String>) -> Error {
    if committed.is_empty() {
        return e;
    }
    let reason = match e {
        Error::Load { reason, .. } => reason,
        other => other.to_string(),
    };
    Error::Load { reason, committed }
}

/// Before loading: which targets already hold rows (existence only, no value is read), refused
/// unless `--truncate` or `--append` says what to do; the superuser check of
/// `--disable-triggers`; `--append`'s numbering.
async fn check_targets(
    conn: &mut PgConnection,
    catalog: &Catalog,
    plan: &mut Plan,
    opts: &SeedOptions,
) -> Result<Vec<String>> {
    let non_empty = non_empty_tables(conn, plan).await?;
    if !non_empty.is_empty() && opts.existing == Existing::Refuse {
        return Err(Error::TablesNotEmpty { tables: non_empty });
    }
    if opts.disable_triggers && !is_superuser(conn).await? {
        return Err(Error::NeedsSuperuser);
    }
    if opts.existing == Existing::Truncate && !non_empty.is_empty() {
        truncate_is_possible(catalog, plan)?;
    }
    if opts.existing == Existing::Append && !non_empty.is_empty() {
        prepare_append(conn, catalog, plan).await?;
    }
    Ok(non_empty)
}

/// TRUNCATE of the targets fails when a table outside them references one (PostgreSQL would
/// have to empty it too): say so before anything is written, naming both.
fn truncate_is_possible(catalog: &Catalog, plan: &Plan) -> Result<()> {
    let targets: HashSet<&str> = plan.tables.iter().map(|t| t.key.as_str()).collect();
    for t in &plan.tables {
        let ct = &catalog.tables[t.catalog_index];
        if let Some(inc) = ct
            .referenced_by
            .iter()
            .find(|i| !targets.contains(i.table.as_str()))
        {
            return Err(Error::Refused(format!(
                "emptying {} would empty {} too ({} references it), which this run leaves out; include {} in the run or empty it first",
                t.key, inc.table, inc.name, inc.table
            )));
        }
    }
    Ok(())
}

/// `--truncate`: empty every target in one statement (in the caller's transaction). Returns the
/// tables that had rows, to report them.
async fn truncate(
    conn: &mut PgConnection,
    plan: &Plan,
    opts: &SeedOptions,
    non_empty: &[String],
) -> Result<Vec<String>> {
    if opts.existing != Existing::Truncate || non_empty.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<&str> = plan.tables.iter().map(|t| t.sql_name.as_str()).collect();
    exec(
        conn,
        &format!("TRUNCATE {}", names.join(", ")),
        "emptying the target tables (--truncate)",
    )
    .await?;
    Ok(non_empty.to_vec())
}

/// Make the targets that can be eligible for `COPY … FREEZE`: TRUNCATE them in the load's
/// transaction (they were verified empty under the lock, so no row is lost). Returns, per plan
/// table, whether it loads with FREEZE. Why the others do not is what `plan` prints
/// ([`crate::report::plan::freeze_status`]). When TRUNCATE is not allowed (no TRUNCATE
/// privilege, say), everything loads with plain COPY. `truncated`: `--truncate` has just
/// emptied every target in this transaction, outside any savepoint, which is all FREEZE asks;
/// a second TRUNCATE would only build every index again.
async fn empty_for_freeze(
    conn: &mut PgConnection,
    catalog: &Catalog,
    plan: &Plan,
    truncated: bool,
) -> Result<Vec<bool>> {
    let status = crate::report::plan::freeze_status(catalog, plan);
    let mut frozen: Vec<bool> = status.iter().map(|s| s.blocker.is_none()).collect();
    if truncated {
        return Ok(frozen);
    }
    let names: Vec<&str> = plan
        .tables
        .iter()
        .zip(&status)
        .filter(|(_, s)| s.emptied)
        .map(|(t, _)| t.sql_name.as_str())
        .collect();
    if names.is_empty() {
        return Ok(frozen);
    }
    if !truncate_for_freeze(conn, &format!("TRUNCATE {}", names.join(", "))).await? {
        frozen.iter_mut().for_each(|f| *f = false);
    }
    Ok(frozen)
}

/// Run `truncate` (a TRUNCATE of targets verified empty) so that the tables can load with
/// `COPY … FREEZE`: in a savepoint, released after, so the relations' new files belong to the
/// transaction, which is what FREEZE asks for. Returns whether it ran; a TRUNCATE the server
/// refuses (no privilege, say) is rolled back to the savepoint and the load uses plain COPY. A
/// lock it waited for in vain is an error, naming who holds it.
async fn truncate_for_freeze(conn: &mut PgConnection, truncate: &str) -> Result<bool> {
    exec(conn, "SAVEPOINT seedbed_freeze", "preparing COPY FREEZE").await?;
    match sqlx::raw_sql(sqlx::AssertSqlSafe(truncate.to_string()))
        .execute(&mut *conn)
        .await
    {
        Ok(_) => {
            exec(
                conn,
                "RELEASE SAVEPOINT seedbed_freeze",
                "preparing COPY FREEZE",
            )
            .await?;
            Ok(true)
        }
        Err(e) if crate::catalog::is_lock_timeout(&e) => {
            Err(load_error("emptying the targets for COPY FREEZE", &e))
        }
        Err(_) => {
            exec(
                conn,
                "ROLLBACK TO SAVEPOINT seedbed_freeze; RELEASE SAVEPOINT seedbed_freeze",
                "loading without COPY FREEZE",
            )
            .await?;
            Ok(false)
        }
    }
}

/// With `--commit-per-table`, the targets that can load with `COPY … FREEZE` in their own
/// transaction: those the one-transaction load would freeze that no other table references
/// (TRUNCATE of a referenced table needs every referencing table in the same statement, and
/// those load in other transactions). None unless every target `starts_empty` (or is emptied
/// by `--truncate`): tables that hold rows are appended to with plain COPY.
fn freeze_alone_if(starts_empty: bool, catalog: &Catalog, plan: &Plan) -> Vec<bool> {
    if !starts_empty {
        return vec![false; plan.tables.len()];
    }
    let status = crate::report::plan::freeze_status(catalog, plan);
    plan.tables
        .iter()
        .zip(&status)
        .map(|(t, s)| {
            let ct = &catalog.tables[t.catalog_index];
            s.blocker.is_none() && ct.referenced_by.iter().all(|i| i.table == t.key)
        })
        .collect()
}

/// Empty one target for `COPY … FREEZE` in the current transaction, under an exclusive lock
/// taken first and only if it holds no rows: with `--commit-per-table` the run's own lock on it
/// ended with the first commit, and another session may have written rows since, which are
/// kept (the table then loads with plain COPY). Returns whether the table was emptied.
async fn empty_alone(conn: &mut PgConnection, table: &str) -> Result<bool> {
    exec(
        conn,
        &format!("LOCK TABLE ONLY {table} IN ACCESS EXCLUSIVE MODE"),
        "locking a table to load it with COPY FREEZE",
    )
    .await?;
    let has_rows: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT EXISTS (SELECT FROM ONLY {table})"
    )))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| Error::db("checking that a table is still empty", e))?;
    if has_rows {
        return Ok(false);
    }
    truncate_for_freeze(conn, &format!("TRUNCATE ONLY {table}")).await
}

/// After the rows are in: fill the nullable keys broken out of cycles, advance sequences past
/// the generated keys (unless `sequences` were advanced before). Returns the `setval`
/// statements run. (ANALYZE comes after the commit: [`analyze_committed`].)
async fn after_load(
    conn: &mut PgConnection,
    plan: &Arc<Plan>,
    catalog: &Catalog,
    opts: &SeedOptions,
    saved: &mut Vec<SavedSequence>,
    sequences: Option<Vec<String>>,
) -> Result<Vec<String>> {
    for d in plan
        .deferred
        .iter()
        .filter(|d| d.how == BreakKind::Nullable)
    {
        let rows = 0..plan.tables[d.table].rows;
        fill_deferred(conn, plan, catalog, d.table, d.fk, opts.format, rows).await?;
    }
    let seq_sql = match sequences {
        Some(done) => done,
        None => advance_sequences(conn, plan, catalog, saved).await?,
    };
    Ok(seq_sql)
}

/// The loaded tables to ANALYZE, largest first by rows × columns: `(weight, SQL name)`.
fn tables_to_analyze(plan: &Plan) -> Vec<(u64, String)> {
    let mut tables: Vec<(u64, String)> = plan
        .tables
        .iter()
        .filter(|t| t.rows > 0)
        .map(|t| (t.rows * t.columns.len().max(1) as u64, t.sql_name.clone()))
        .collect();
    tables.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    tables
}

/// ANALYZE the loaded tables once the rows are committed, on up to `opts.jobs` connections
/// (the first is `conn`): statistics are no part of what must be whole or as it was, and
/// after the commit every session sees the rows, so the tables can be analyzed side by side
/// instead of one after another in the load's transaction. The tables wait in one queue,
/// largest first, and each connection takes the next as soon as it is free: what a table
/// costs to analyze follows its expression indexes and value types more than its size, so
/// a split made in advance leaves one connection waiting for the other.
async fn analyze_committed(
    db: &ConnectTo,
    conn: &mut PgConnection,
    tables: Vec<(u64, String)>,
    opts: &SeedOptions,
) -> Result<()> {
    if !opts.analyze || tables.is_empty() {
        return Ok(());
    }
    let t = Instant::now();
    let lanes = opts.jobs.clamp(1, tables.len());
    let queue: AnalyzeQueue = Arc::new(std::sync::Mutex::new(
        tables.into_iter().map(|(_, name)| name).collect(),
    ));
    let mut others = tokio::task::JoinSet::new();
    for _ in 1..lanes {
        let mut c = db.connect().await?;
        let queue = Arc::clone(&queue);
        others.spawn(async move {
            let r = analyze_from(&mut c, &queue).await;
            let _ = c.close().await;
            r
        });
    }
    let first = analyze_from(conn, &queue).await;
    while let Some(r) = others.join_next().await {
        r.map_err(|e| Error::Refused(format!("analyzing the loaded tables: {e}")))??;
    }
    first?;
    verify::phase_done("analyze", t);
    Ok(())
}

/// The tables still to analyze, next first.
type AnalyzeQueue = Arc<std::sync::Mutex<std::collections::VecDeque<String>>>;

/// ANALYZE tables from the queue on one connection until it is empty (or one fails: the
/// other connections stop at their next table).
async fn analyze_from(conn: &mut PgConnection, queue: &AnalyzeQueue) -> Result<()> {
    loop {
        let next = queue.lock().expect("analyze queue").pop_front();
        let Some(name) = next else { return Ok(()) };
        if let Err(e) = exec(
            conn,
            &format!("ANALYZE {name}"),
            "analyzing the loaded tables",
        )
        .await
        {
            queue.lock().expect("analyze queue").clear();
            return Err(e);
        }
    }
}

/// Append the schemas of the loaded tables to the session's `search_path` (those it does not
/// hold already): trigger functions written for an application whose sessions have its schema
/// on the path name its tables unqualified (musicbrainz's do), and fire during the load.
async fn extend_search_path(conn: &mut PgConnection, plan: &Plan) -> Result<()> {
    let mut schemas: Vec<&str> = Vec::new();
    for t in &plan.tables {
        let schema = t.key.split_once('.').map_or("", |(s, _)| s);
        if !schemas.contains(&schema) {
            schemas.push(schema);
        }
    }
    sqlx::query(
        "SELECT set_config('search_path', concat_ws(', ', NULLIF(current_setting('search_path'), ''), \
         (SELECT string_agg(quote_ident(s), ', ') FROM unnest($1::text[]) s \
          WHERE s <> ALL (current_schemas(false)))), false)",
    )
    .bind(&schemas)
    .execute(&mut *conn)
    .await
    .map_err(|e| load_error("extending search_path", &e))?;
    Ok(())
}

/// Advance sequences past the keys the load writes; returns the `setval` statements run.
/// Before the rows go in (sequential loads), so rows that triggers add while they go in take
/// keys past seedbed's, not the same ones.
async fn advance_sequences(
    conn: &mut PgConnection,
    plan: &Plan,
    catalog: &Catalog,
    saved: &mut Vec<SavedSequence>,
) -> Result<Vec<String>> {
    let seq_sql = sequences_sql(plan, catalog);
    // `setval` is not undone by a rollback: remember each sequence, to put it back on failure.
    for (name, _) in sequence_targets(plan, catalog) {
        let (last_value, is_called): (i64, bool) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT last_value, is_called FROM {name}"
        )))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db(format!("reading sequence {name}"), e))?;
        saved.push(SavedSequence {
            name,
            last_value,
            is_called,
        });
    }
    if !seq_sql.is_empty() {
        exec(
            conn,
            &seq_sql,
            "advancing sequences past the generated keys",
        )
        .await?;
    }
    Ok(seq_sql.lines().map(str::to_string).collect())
}

/// Start a transaction; dropped without [`commit`], it rolls back.
async fn begin<'c>(
    conn: &'c mut PgConnection,
    what: &str,
) -> Result<sqlx::Transaction<'c, sqlx::Postgres>> {
    conn.begin().await.map_err(|e| load_error(what, &e))
}

async fn commit(tx: sqlx::Transaction<'_, sqlx::Postgres>, what: &str) -> Result<()> {
    tx.commit().await.map_err(|e| load_error(what, &e))
}

/// DEFERRABLE keys that close a cycle are checked at COMMIT, once both tables are in.
async fn defer_constraints(conn: &mut PgConnection) -> Result<()> {
    exec(
        conn,
        "SET CONSTRAINTS ALL DEFERRED",
        "deferring DEFERRABLE constraints",
    )
    .await
}

/// Run SQL (several statements allowed: the simple query protocol).
async fn exec(conn: &mut PgConnection, sql: &str, what: &str) -> Result<()> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| load_error(what, &e))
}

/// A failed load statement: a lock wait that timed out stays a [`Error::LockTimeout`] (to be
/// explained with who holds the lock); a connection the server ended says so.
fn load_error(what: &str, e: &sqlx::Error) -> Error {
    if crate::catalog::is_lock_timeout(e) {
        return Error::LockTimeout {
            what: what.to_string(),
            waited: String::new(),
            holders: Vec::new(),
        };
    }
    Error::load(format!("{what}: {}", describe_load_error(e)))
}

/// The server's message, or, when the connection is gone, that it was lost and why.
fn describe_load_error(e: &sqlx::Error) -> String {
    let text = crate::error::describe_sqlx_error(e);
    let terminated = match e {
        sqlx::Error::Database(db) => db.code().is_some_and(|c| c.starts_with("57P")),
        _ => false,
    };
    let lost = matches!(
        e,
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed
    );
    if terminated {
        format!(
            "the server terminated the connection ({text}: an administrator shutdown or pg_terminate_backend)"
        )
    } else if lost {
        format!(
            "the connection to the server was lost: the server or the network closed it, as an administrator shutdown or pg_terminate_backend does ({text})"
        )
    } else {
        text
    }
}

async fn non_empty_tables(conn: &mut PgConnection, plan: &Plan) -> Result<Vec<String>> {
    if plan.tables.is_empty() {
        return Ok(Vec::new());
    }
    let probes: Vec<String> = plan
        .tables
        .iter()
        .map(|t| format!("EXISTS (SELECT FROM {})", t.sql_name))
        .collect();
    let sql = format!("SELECT ARRAY[{}]", probes.join(", "));
    let flags: Vec<bool> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("checking whether the target tables are empty", e))?;
    Ok(plan
        .tables
        .iter()
        .zip(flags)
        .filter(|(_, f)| *f)
        .map(|(t, _)| t.key.clone())
        .collect())
}

async fn is_superuser(conn: &mut PgConnection) -> Result<bool> {
    sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("checking for superuser", e))
}

/// `--append`: continue each table's row numbering after its current row count, and start
/// sequence-filled keys after the sequence's current value (read from the sequence, not from
/// the table). Children reference only the rows added now.
async fn prepare_append(conn: &mut PgConnection, catalog: &Catalog, plan: &mut Plan) -> Result<()> {
    for t in &mut plan.tables {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM {}",
            t.sql_name
        )))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db(format!("counting rows of {}", t.key), e))?;
        t.row_offset = n as u64;
        // Keys made unique by construction continue after the rows already there: refuse if
        // that runs past what a key can hold, rather than repeat a value.
        for c in t.columns.iter().filter(|c| c.write) {
            if let Some(cap) = c.generator.unique_capacity()
                && (t.row_offset + t.rows) as u128 > cap
            {
                return Err(Error::Refused(format!(
                    "{}: appending {} rows after {} needs {} distinct values of {}, which holds only {cap}; lower [tables.\"{}\"] rows or use --truncate",
                    t.key,
                    t.rows,
                    t.row_offset,
                    t.row_offset + t.rows,
                    c.name,
                    t.key
                )));
            }
        }
        let table = &catalog.tables[t.catalog_index];
        for (ci, c) in t.columns.iter_mut().enumerate() {
            let (Some(seq), crate::values::gens::Gen::Sequence { start, step }) =
                (&table.columns[ci].sequence, &mut c.generator)
            else {
                continue;
            };
            let last: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT last_value FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename) = {}",
                crate::model::quote_literal(seq)
            )))
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| Error::db(format!("reading sequence {seq}"), e))?
            .flatten();
            let next = last.map(|l| l + 1).unwrap_or(*start).max(*start);
            if let Some((_, hi)) = c.int_bounds
                && next as i128 + (t.rows as i128 - 1) * (*step as i128) > hi as i128
            {
                return Err(Error::Refused(format!(
                    "{}: appending {} rows to {} from {next} runs past its maximum {hi}; lower [tables.\"{}\"] rows or use --truncate",
                    t.key, t.rows, c.name, t.key
                )));
            }
            // value(row) = start + row·step, and rows now begin at the offset.
            *start = next - n * *step;
        }
    }
    Ok(())
}

async fn copy_table(
    conn: &mut PgConnection,
    plan: &Arc<Plan>,
    ti: usize,
    opts: &SeedOptions,
    progress: &Progress,
    freeze: bool,
) -> Result<TableSummary> {
    let t = &plan.tables[ti];
    let started = Instant::now();
    let bar = progress.table(&t.key, t.rows);
    let blocks = TableEngine::new(plan, ti).blocks();
    let copied = copy_blocks(
        conn,
        plan,
        ti,
        0..blocks,
        opts.format,
        opts.jobs,
        &bar,
        freeze,
    )
    .await?;
    bar.finish();
    Ok(TableSummary {
        table: t.key.clone(),
        rows: copied.rows,
        bytes: copied.bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// COPY a range of a table's blocks over `conn`: generation on blocking threads, a bounded
/// channel of encoded blocks, and the COPY stream on this task. With `freeze`, `COPY … FREEZE`
/// (the table was emptied in this transaction).
#[allow(clippy::too_many_arguments)]
async fn copy_blocks(
    conn: &mut PgConnection,
    plan: &Arc<Plan>,
    ti: usize,
    blocks: std::ops::Range<u64>,
    format: CopyFormat,
    jobs: usize,
    bar: &crate::report::TableProgress,
    freeze: bool,
) -> Result<Copied> {
    let t = &plan.tables[ti];
    let engine = TableEngine::new(plan, ti);
    let format = engine.copy_format(format);
    if engine.written().is_empty() {
        // Every column is generated or left to its default: COPY needs at least one column.
        let block = crate::values::rng::BLOCK_ROWS;
        let rows = (blocks.end * block)
            .min(t.rows)
            .saturating_sub(blocks.start * block);
        let sql = format!(
            "INSERT INTO {} SELECT FROM generate_series(1, {rows})",
            t.sql_name
        );
        exec(
            conn,
            &sql,
            &format!("{}: inserting rows of defaults", t.key),
        )
        .await?;
        return Ok(Copied { rows, bytes: 0 });
    }
    let cols: Vec<String> = engine
        .column_names()
        .iter()
        .map(|c| quote_ident(c))
        .collect();
    let fmt = match format {
        CopyFormat::Binary => "binary",
        CopyFormat::Csv => "csv",
    };
    // FREEZE: the rows are written frozen and the pages all-visible, so no later vacuum
    // rewrites them (the table was emptied in this transaction; see `empty_for_freeze`).
    let freeze = if freeze { ", FREEZE" } else { "" };
    let stmt = format!(
        "COPY {} ({}) FROM STDIN WITH (FORMAT {fmt}{freeze})",
        t.sql_name,
        cols.join(", ")
    );
    let load_err = |e: sqlx::Error| load_error(&t.key, &e);
    let mut copy = conn.copy_in_raw(&stmt).await.map_err(load_err)?;
    if format == CopyFormat::Binary {
        let mut header = Vec::new();
        binary::header(&mut header);
        copy.send(header).await.map_err(load_err)?;
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
    let plan2 = Arc::clone(plan);
    let producer = tokio::task::spawn_blocking(move || {
        generate::stream_blocks(&plan2, ti, blocks, format, jobs, &mut |chunk| {
            tx.blocking_send(chunk)
                .map_err(|_| Error::load("the load stopped"))
        })
    });
    let mut send_err = None;
    let mut bytes = 0u64;
    while let Some(chunk) = rx.recv().await {
        bytes += chunk.len() as u64;
        if let Err(e) = copy.send(chunk).await {
            send_err = Some(e);
            break;
        }
        bar.block_done();
    }
    drop(rx);
    let produced = producer
        .await
        .map_err(|e| Error::load(format!("{}: generator thread: {e}", t.key)))?;
    // A failed send stops the generator too: the send's error is the cause.
    if let Some(e) = send_err {
        let _ = copy.abort("seedbed: send failed").await;
        return Err(load_err(e));
    }
    if let Err(e) = produced {
        let _ = copy.abort("seedbed: generation failed").await;
        return Err(e);
    }
    if format == CopyFormat::Binary {
        let mut trailer = Vec::new();
        binary::trailer(&mut trailer);
        copy.send(trailer).await.map_err(load_err)?;
    }
    let rows = copy.finish().await.map_err(load_err)?;
    Ok(Copied { rows, bytes })
}

/// What one COPY wrote: rows, and the bytes of the encoded stream (the summary's `bytes`).
#[derive(Debug, Clone, Copy, Default)]
struct Copied {
    rows: u64,
    bytes: u64,
}

async fn fill_deferred(
    conn: &mut PgConnection,
    plan: &Arc<Plan>,
    catalog: &Catalog,
    ti: usize,
    fi: usize,
    format: CopyFormat,
    rows: std::ops::Range<u64>,
) -> Result<()> {
    let t = &plan.tables[ti];
    if t.primary_key.is_empty() || t.rows == 0 {
        return Ok(());
    }
    let fmt = match format {
        CopyFormat::Binary => "binary",
        CopyFormat::Csv => "csv",
    };
    let sql = fill_sql(plan, catalog, ti, fi, "-- copy");
    let mut parts = sql.split("-- copy\n");
    let create = parts.next().unwrap_or_default();
    let update = parts.next().unwrap_or_default();
    exec(conn, create, "preparing a cycle fill").await?;
    let mut chunks = Vec::new();
    if format == CopyFormat::Binary {
        let mut h = Vec::new();
        binary::header(&mut h);
        chunks.push(h);
    }
    generate::deferred_fill(plan, ti, fi, rows, format, &mut |c| {
        chunks.push(c);
        Ok(())
    })?;
    if format == CopyFormat::Binary {
        let mut tr = Vec::new();
        binary::trailer(&mut tr);
        chunks.push(tr);
    }
    let what = format!("{}: cycle fill", t.key);
    let fill_err = |e: sqlx::Error| load_error(&what, &e);
    let mut copy = conn
        .copy_in_raw(&format!("COPY seedbed_fill FROM STDIN WITH (FORMAT {fmt})"))
        .await
        .map_err(fill_err)?;
    for c in chunks {
        copy.send(c).await.map_err(fill_err)?;
    }
    copy.finish().await.map_err(fill_err)?;
    exec(
        conn,
        update,
        &format!("{}: filling {}", t.key, t.fks[fi].name),
    )
    .await
}

/// What `--defer-indexes` dropped, to recreate exactly.
#[derive(Default)]
struct Deferred {
    /// Statements to run after the load, in order.
    recreate: Vec<String>,
}

/// Drop the target tables' foreign keys, key constraints and secondary indexes, remembering how
/// to recreate them. Keys that a table outside the load references are left in place.
async fn drop_keys_and_indexes(
    conn: &mut PgConnection,
    catalog: &Catalog,
    plan: &Plan,
) -> Result<Deferred> {
    let targets: HashSet<String> = plan.tables.iter().map(|t| t.key.clone()).collect();
    // Keys that tables outside the load reference cannot be dropped (their foreign keys depend
    // on the key's index); those stay in place.
    let mut pinned: HashSet<(String, Vec<String>)> = HashSet::new();
    for t in &catalog.tables {
        for inc in t
            .referenced_by
            .iter()
            .filter(|i| !targets.contains(&i.table))
        {
            pinned.insert((t.key(), inc.columns.clone()));
        }
    }
    // Rows AFTER INSERT triggers add while the load runs may rely on unique keys (`ON CONFLICT`)
    // and must meet them: with such a trigger in the load, unique keys and indexes stay.
    let keep_unique = plan.tables.iter().any(|tp| {
        catalog.tables[tp.catalog_index]
            .triggers
            .iter()
            .any(|t| t.effect.after_insert)
    });
    // A trigger that deletes rows during the load may count on foreign keys to stop it: the
    // foreign keys referencing the tables it deletes from stay.
    let guarded: HashSet<&str> = (plan.tables.iter())
        .flat_map(|tp| &catalog.tables[tp.catalog_index].triggers)
        .flat_map(|t| &t.effect.deletes_from)
        .map(String::as_str)
        .collect();
    let mut drops = Vec::new();
    let mut keys = Vec::new();
    let mut indexes = Vec::new();
    let mut fks = Vec::new();
    for tp in &plan.tables {
        let t = &catalog.tables[tp.catalog_index];
        // Keys declared on the partitions are not the table's to drop: they stay in place.
        let dropped = (t.foreign_keys.iter())
            .filter(|f| !f.on_partitions && !guarded.contains(f.references.key().as_str()));
        for fk in dropped {
            drops.push((
                format!(
                    "ALTER TABLE {} DROP CONSTRAINT {}",
                    t.sql_name(),
                    quote_ident(&fk.name)
                ),
                Rebuild::ForeignKey(fks.len()),
            ));
            fks.push(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                t.sql_name(),
                quote_ident(&fk.name),
                fk.definition
            ));
        }
    }
    for tp in &plan.tables {
        let t = &catalog.tables[tp.catalog_index];
        let mut constraint_indexes = HashSet::new();
        for k in t.all_unique_keys() {
            let Some(def) = &k.definition else { continue };
            constraint_indexes.insert(k.name.clone());
            if keep_unique || pinned.contains(&(t.key(), k.columns.clone())) {
                continue;
            }
            drops.push((
                format!(
                    "ALTER TABLE {} DROP CONSTRAINT {}",
                    t.sql_name(),
                    quote_ident(&k.name)
                ),
                Rebuild::Key(keys.len()),
            ));
            keys.push(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {def}",
                t.sql_name(),
                quote_ident(&k.name)
            ));
        }
        for x in &t.exclusions {
            constraint_indexes.insert(x.name.clone());
            if keep_unique {
                continue;
            }
            drops.push((
                format!(
                    "ALTER TABLE {} DROP CONSTRAINT {}",
                    t.sql_name(),
                    quote_ident(&x.name)
                ),
                Rebuild::Key(keys.len()),
            ));
            keys.push(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                t.sql_name(),
                quote_ident(&x.name),
                x.definition
            ));
        }
        for ix in &t.indexes {
            if ix.constraint.is_some()
                || constraint_indexes.contains(&ix.name)
                || (keep_unique && ix.unique)
            {
                continue;
            }
            drops.push((
                format!(
                    "DROP INDEX {}.{}",
                    quote_ident(&t.schema),
                    quote_ident(&ix.name)
                ),
                Rebuild::Index(indexes.len()),
            ));
            // A partitioned table's index prints as `ON ONLY`, which would not build the
            // partitions' indexes: recreate it on the whole tree.
            indexes.push(ix.definition.replacen(" ON ONLY ", " ON ", 1));
        }
    }
    let mut kept = HashSet::new();
    for (sql, what) in &drops {
        if !drop_unless_depended_on(conn, sql).await? {
            kept.insert(*what);
        }
    }
    // Rebuilt in this order: keys first (foreign keys need them), then indexes, then foreign
    // keys; what stayed in place is not rebuilt.
    let pick = |list: Vec<String>, of: fn(usize) -> Rebuild| {
        list.into_iter()
            .enumerate()
            .filter(|(i, _)| !kept.contains(&of(*i)))
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
    };
    let mut recreate = pick(keys, Rebuild::Key);
    recreate.extend(pick(indexes, Rebuild::Index));
    recreate.extend(pick(fks, Rebuild::ForeignKey));
    Ok(Deferred { recreate })
}

/// Which rebuild statement a drop belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Rebuild {
    Key(usize),
    Index(usize),
    ForeignKey(usize),
}

/// Drop a key or index for the load, unless something outside the load depends on it (a view
/// that groups by a primary key, a constraint using the index, …): then it stays in place and
/// the load runs with it, as --no-defer-indexes would. Returns whether it was dropped.
async fn drop_unless_depended_on(conn: &mut PgConnection, sql: &str) -> Result<bool> {
    // One message, one round trip: a failing DROP skips the RELEASE, leaving the savepoint to
    // roll back to.
    let sql = format!("SAVEPOINT seedbed_drop; {sql}; RELEASE SAVEPOINT seedbed_drop");
    match sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await
    {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("2BP01") => {
            exec(
                conn,
                // ROLLBACK TO leaves the savepoint's subtransaction open: end it, so the COPYs
                // run in the transaction that emptied the tables (COPY FREEZE asks for that).
                "ROLLBACK TO SAVEPOINT seedbed_drop; RELEASE SAVEPOINT seedbed_drop",
                "keeping a key or index others depend on",
            )
            .await?;
            Ok(false)
        }
        Err(e) => Err(load_error(
            "dropping a key or index for --defer-indexes",
            &e,
        )),
    }
}

async fn recreate(conn: &mut PgConnection, d: &Deferred) -> Result<()> {
    if d.recreate.is_empty() {
        return Ok(());
    }
    // ALTER TABLE refuses a table with pending deferred trigger events (a user's deferred
    // constraint trigger): fire them now, then defer again for the cycle fills that follow.
    exec(
        conn,
        "SET CONSTRAINTS ALL IMMEDIATE",
        "checking deferred constraints",
    )
    .await?;
    // One message, one round trip: the first failure stops the rest, and the server's error
    // names the key or index.
    exec(
        conn,
        &d.recreate.join(";\n"),
        "recreating a key or index (PostgreSQL validates every row as it rebuilds)",
    )
    .await?;
    defer_constraints(conn).await
}
