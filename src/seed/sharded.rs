//! `seed --shard K/N`: this process loads its share of every table ([`Shard::blocks`]); N
//! processes, on one machine or many, fill one database together with exactly the rows of one
//! unsharded run.
//!
//! The shards coordinate through advisory locks on the database they fill, never through a
//! table: each shard holds an exclusive lock per target table from its start and releases it
//! once its part of that table is committed. Before loading a table, a shard waits (by taking
//! those locks shared) until every other shard has committed the table's parents, so every
//! foreign key finds its parent row; a self-referencing table is loaded shard after shard. A
//! shard that stops releases its locks with its session, and the others, seeing its "alive"
//! lock gone, stop too instead of loading rows whose parents will never come.
//!
//! What is and is not atomic: each shard's part of each table is one transaction. A failed run
//! leaves the parts committed before the failure (each shard names its own); the tables are
//! then to be emptied and the run repeated. See docs/sharding.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::PgConnection;

use super::{
    Existing, SeedOptions, begin, commit, copy_blocks, defer_constraints, exec, fill_deferred,
    non_empty_tables, take_seed_lock_as, with_committed,
};
use crate::error::{Error, Result};
use crate::export::sequences_sql;
use crate::generate::{Shard, TableEngine};
use crate::graph::BreakKind;
use crate::pipeline::Prepared;
use crate::plan::Plan;
use crate::report::{Progress, Summary, TableSummary};

/// How long the shards of a run may start apart: a shard waits this long for the others to
/// appear before it gives up.
pub const START_WAIT_SECS: u64 = 600;

/// The names of one sharded run's locks.
struct Run {
    shard: Shard,
    /// Seed, rows and tables: shards planned differently never meet (they time out waiting
    /// for each other instead of loading mismatched rows).
    fingerprint: String,
}

impl Run {
    /// The name of shard `j`'s lock on `what` (hashed into the lock key by the server).
    fn lock(&self, j: u64, what: &str) -> String {
        format!("{}|{j}/{}:{what}", self.fingerprint, self.shard.count)
    }

    fn others(&self) -> impl Iterator<Item = u64> + '_ {
        (1..=self.shard.count).filter(|&j| j != self.shard.index)
    }
}

/// Load this shard's part of every table. See the module documentation.
pub(super) async fn load(
    conn: &mut PgConnection,
    prepared: Prepared,
    opts: &SeedOptions,
    shard: Shard,
) -> Result<Summary> {
    let Prepared { catalog, plan, .. } = prepared;
    refuse_unsupported(&plan, opts)?;
    let started = Instant::now();
    // Shared: the shards of a run keep every unsharded seed out, but not each other.
    take_seed_lock_as(conn, "pg_advisory_lock_shared").await?;
    let run = Run {
        shard,
        fingerprint: format!(
            "{}:{}:{}",
            plan.settings.seed,
            plan.total_rows(),
            plan.tables.len()
        ),
    };
    super::rls::refuse_any(conn, &plan).await?;
    register(conn, &run, &plan).await?;
    wait_for_start(conn, &run).await?;
    // Shard 1 checks that every target starts empty before any shard writes a row.
    if shard.index == 1 {
        let non_empty = non_empty_tables(conn, &plan).await?;
        if !non_empty.is_empty() {
            return Err(Error::TablesNotEmpty { tables: non_empty });
        }
        release(conn, &run, "checked").await?;
    } else {
        wait_for(conn, &run, 1, "checked", true).await?;
    }
    let plan = Arc::new(plan);
    let mut committed = Vec::new();
    let loaded = load_tables(conn, &run, &plan, opts, &mut committed).await;
    let tables = match loaded {
        Ok(t) => t,
        Err(e) => return Err(with_committed(e, committed)),
    };
    let finished: Result<()> = async {
        for d in plan
            .deferred
            .iter()
            .filter(|d| d.how == BreakKind::Nullable)
        {
            let parent = plan.tables[d.table].fks[d.fk].parent.unwrap_or(d.table);
            for j in run.others() {
                wait_for(conn, &run, j, &table_lock(&plan, parent), true).await?;
            }
            let rows = shard.rows(plan.tables[d.table].rows);
            let mut tx = begin(conn, "starting a cycle fill").await?;
            fill_deferred(&mut tx, &plan, &catalog, d.table, d.fk, opts.format, rows).await?;
            commit(tx, "committing a cycle fill").await?;
        }
        // Every shard sets each sequence to the same last value of the whole run.
        let seq_sql = sequences_sql(&plan, &catalog);
        if !seq_sql.is_empty() {
            exec(
                conn,
                &seq_sql,
                "advancing sequences past the generated keys",
            )
            .await?;
        }
        // The shards end together: a shard's locks must outlive every other shard's waits.
        release(conn, &run, "finished").await?;
        for j in run.others() {
            wait_for(conn, &run, j, "finished", false).await?;
        }
        if shard.index == 1 && opts.analyze {
            analyze(conn, &plan).await?;
        }
        Ok(())
    }
    .await;
    finished.map_err(|e| with_committed(e, committed))?;
    Ok(Summary::new(
        plan.settings.seed,
        tables,
        started.elapsed().as_secs_f64(),
    ))
}

/// What a sharded load cannot do, refused before anything is written.
fn refuse_unsupported(plan: &Plan, opts: &SeedOptions) -> Result<()> {
    let usage = |what: &str| {
        Err(Error::Usage(format!(
            "--shard: {what} is not available with sharded loads (see docs/sharding.md)"
        )))
    };
    if opts.existing != Existing::Refuse {
        return usage("--truncate/--append (the tables must start empty; empty them first)");
    }
    if opts.disable_triggers {
        return usage("--disable-triggers");
    }
    if opts.defer_indexes == Some(true) {
        return usage("--defer-indexes (keys and indexes stay in place while shards load)");
    }
    if let Some(d) = plan
        .deferred
        .iter()
        .find(|d| d.how == BreakKind::Deferrable)
    {
        let t = &plan.tables[d.table];
        return Err(Error::Refused(format!(
            "--shard: {} is part of a cycle closed by the DEFERRABLE key {}, which needs every row of the cycle in one transaction; seed without --shard",
            t.key, t.fks[d.fk].name
        )));
    }
    Ok(())
}

/// Load every table's part in load order, one transaction each, after the parts it depends on.
async fn load_tables(
    conn: &mut PgConnection,
    run: &Run,
    plan: &Arc<Plan>,
    opts: &SeedOptions,
    committed: &mut Vec<String>,
) -> Result<Vec<TableSummary>> {
    let shard = run.shard;
    let total: u64 = plan
        .tables
        .iter()
        .map(|t| {
            let r = shard.rows(t.rows);
            r.end - r.start
        })
        .sum();
    let progress = Progress::new(opts.progress, total);
    let mut tables = Vec::new();
    for (ti, t) in plan.tables.iter().enumerate() {
        for p in parents(plan, ti) {
            for j in run.others() {
                wait_for(conn, run, j, &table_lock(plan, p), true).await?;
            }
        }
        // Rows point at earlier rows of the same table: the shards before this one first.
        if t.fks
            .iter()
            .any(|f| f.self_reference && f.deferred.is_none())
        {
            for j in 1..shard.index {
                wait_for(conn, run, j, &table_lock(plan, ti), true).await?;
            }
        }
        let blocks = shard.blocks(TableEngine::new(plan, ti).blocks());
        let rows = shard.rows(t.rows);
        let t0 = Instant::now();
        let bar = progress.table(&t.key, rows.end - rows.start);
        let mut copied = super::Copied::default();
        if !blocks.is_empty() {
            let mut tx = begin(conn, "starting a table's transaction").await?;
            defer_constraints(&mut tx).await?;
            copied = copy_blocks(
                &mut tx,
                plan,
                ti,
                blocks,
                opts.format,
                opts.jobs,
                &bar,
                false,
            )
            .await?;
            commit(tx, "committing a table").await?;
            committed.push(t.key.clone());
        }
        bar.finish();
        release(conn, run, &table_lock(plan, ti)).await?;
        tables.push(TableSummary {
            table: t.key.clone(),
            rows: copied.rows,
            bytes: copied.bytes,
            seconds: t0.elapsed().as_secs_f64(),
        });
    }
    progress.finish();
    Ok(tables)
}

/// The tables a table's rows reference (self-references and keys filled later excepted).
fn parents(plan: &Plan, ti: usize) -> Vec<usize> {
    let mut out: Vec<usize> = plan.tables[ti]
        .fks
        .iter()
        .filter(|f| f.deferred.is_none())
        .filter_map(|f| f.parent)
        .filter(|&p| p != ti)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn table_lock(plan: &Plan, ti: usize) -> String {
    format!("table:{}", plan.tables[ti].key)
}

/// Take this shard's locks: one per table, "checked" (shard 1), "finished", then "alive" last,
/// so a shard seen alive already holds the others. A lock already held means the same shard
/// runs twice.
async fn register(conn: &mut PgConnection, run: &Run, plan: &Plan) -> Result<()> {
    let k = run.shard.index;
    let mut names: Vec<String> = (0..plan.tables.len())
        .map(|ti| run.lock(k, &table_lock(plan, ti)))
        .collect();
    names.push(run.lock(k, "finished"));
    if k == 1 {
        names.push(run.lock(k, "checked"));
    }
    names.push(run.lock(k, "alive"));
    for name in &names {
        let taken: bool = sqlx::query_scalar(
            "SELECT pg_try_advisory_lock(hashtext('seedbed-shard'), hashtext($1))",
        )
        .bind(name)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("taking the shard's locks", e))?;
        if !taken {
            return Err(Error::Refused(format!(
                "shard {} is already running on this database",
                run.shard
            )));
        }
    }
    Ok(())
}

/// Whether shard `j` holds its lock on `what`.
async fn held(conn: &mut PgConnection, run: &Run, j: u64, what: &str) -> Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND classid = hashtext('seedbed-shard')::oid AND objid = hashtext($1)::oid
           AND objsubid = 2)",
    )
    .bind(run.lock(j, what))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| Error::db("looking for the other shards", e))
}

/// Wait until every shard of the run holds its locks (they may start a while apart).
async fn wait_for_start(conn: &mut PgConnection, run: &Run) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(START_WAIT_SECS);
    loop {
        let mut missing = Vec::new();
        for j in run.others() {
            if !held(conn, run, j, "alive").await? {
                missing.push(j.to_string());
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Error::load(format!(
                "shard {}: shard(s) {} of {} did not start within {START_WAIT_SECS} s (every shard must run with the same schema, profile, seed and scale)",
                run.shard,
                missing.join(", "),
                run.shard.count
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Wait until shard `j` releases its lock on `what` (it committed that step). With `alive`, a
/// shard whose session ended instead (it failed) stops this one too.
async fn wait_for(
    conn: &mut PgConnection,
    run: &Run,
    j: u64,
    what: &str,
    alive: bool,
) -> Result<()> {
    // Another shard's table may take hours: this wait is not bounded by lock_timeout.
    let previous: String = sqlx::query_scalar("SELECT current_setting('lock_timeout')")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("reading lock_timeout", e))?;
    let name = run.lock(j, what);
    let waited = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET lock_timeout = 0; SELECT pg_advisory_lock_shared(hashtext('seedbed-shard'), hashtext({0})); SELECT pg_advisory_unlock_shared(hashtext('seedbed-shard'), hashtext({0}));",
        crate::model::quote_literal(&name)
    )))
    .execute(&mut *conn)
    .await;
    sqlx::query("SELECT set_config('lock_timeout', $1, false)")
        .bind(&previous)
        .execute(&mut *conn)
        .await
        .map_err(|e| Error::db("restoring lock_timeout", e))?;
    waited.map_err(|e| Error::db(format!("waiting for shard {j}/{}", run.shard.count), e))?;
    if alive && !held(conn, run, j, "alive").await? {
        return Err(Error::load(format!(
            "shard {}/{} stopped before it finished {what}; see its own error, empty the tables and run every shard again",
            j, run.shard.count
        )));
    }
    Ok(())
}

/// Release this shard's lock on `what`: the step is committed.
async fn release(conn: &mut PgConnection, run: &Run, what: &str) -> Result<()> {
    sqlx::query("SELECT pg_advisory_unlock(hashtext('seedbed-shard'), hashtext($1))")
        .bind(run.lock(run.shard.index, what))
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| Error::db("releasing a shard lock", e))
}

async fn analyze(conn: &mut PgConnection, plan: &Plan) -> Result<()> {
    let names: Vec<&str> = plan
        .tables
        .iter()
        .filter(|t| t.rows > 0)
        .map(|t| t.sql_name.as_str())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    exec(
        conn,
        &format!("ANALYZE {}", names.join(", ")),
        "analyzing the loaded tables",
    )
    .await
}
