//! Shared test harness: a fresh, empty PostgreSQL database per test, and the built binary.
//!
//! Every test gets its own database so tests run in parallel without seeing each other's tables.
//! The server is `DATABASE_URL` when set; otherwise one throwaway cluster per test binary, started
//! on first use and stopped and removed by a watchdog once the test process exits.

// Each test binary includes this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, PgConnection};

/// URL of the server's maintenance database, where test databases are created and dropped.
/// Computed once per test binary; an `Err` is repeated to every test that asks.
static SERVER: LazyLock<Result<url::Url, String>> = LazyLock::new(server_url);

/// Numbers the databases of this process (the pid and a random suffix make names unique
/// across processes and runs).
static COUNTER: AtomicU32 = AtomicU32::new(0);

fn server_url() -> Result<url::Url, String> {
    if let Some(u) = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        return url::Url::parse(&u).map_err(|e| format!("DATABASE_URL is not a URL: {e}"));
    }
    // No server given: start our own. `start` is synchronous (it runs initdb and pg_ctl), so it
    // can run inside this LazyLock; other tests wait on the lock meanwhile. A static is never
    // dropped, so the cluster is handed to a watchdog that removes it when this process exits.
    let cluster = seedbed::testing::throwaway::ThrowawayCluster::start(false)
        .map_err(|e| format!("starting a throwaway PostgreSQL for the tests: {e}"))?;
    let url = cluster.url("postgres");
    cluster
        .stop_when_process_exits(std::process::id())
        .map_err(|e| e.to_string())?;
    url::Url::parse(&url).map_err(|e| e.to_string())
}

/// A database that exists for one test and is dropped with this value.
pub struct TestDb {
    /// Connection URL of this database.
    pub url: String,
    /// Its name, `seedbed_t_<pid>_<counter>_<random>`.
    pub name: String,
    /// URL of the maintenance database on the same server (used to drop this one).
    admin_url: String,
}

/// Create a brand new, empty database for one test.
pub async fn fresh_db() -> TestDb {
    let server = match &*SERVER {
        Ok(u) => u.clone(),
        Err(e) => panic!("{e}"),
    };
    let name = format!(
        "seedbed_t_{}_{}_{:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        random_u32()
    );
    let admin_url = server.to_string();
    let mut admin = seedbed::testing::connect::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("connecting to the test server: {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
    admin.close().await.ok();
    let mut url = server;
    url.set_path(&format!("/{name}"));
    TestDb {
        url: url.to_string(),
        name,
        admin_url,
    }
}

impl TestDb {
    pub async fn connect(&self) -> PgConnection {
        seedbed::testing::connect::connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("connecting to {}: {e}", self.name))
    }

    /// Run one or more SQL statements; panics on error.
    pub async fn exec(&self, sql: &str) {
        let mut c = self.connect().await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        c.close().await.ok();
    }

    /// Apply a SQL file (relative to the crate root) the way `--schema-file` does; panics on error.
    pub async fn apply_file(&self, path: impl AsRef<Path>) {
        let path = repo_path(path);
        let sql = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let mut c = self.connect().await;
        seedbed::testing::connect::apply_sql(&mut c, &path, &sql)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        c.close().await.ok();
    }

    /// The first column of the first row, as a bigint.
    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        let mut c = self.connect().await;
        let v: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        c.close().await.ok();
        v
    }

    /// How many rows of `table` meet `condition` (SQL).
    pub async fn rows_where(&self, table: &str, condition: &str) -> i64 {
        self.scalar_i64(&format!("SELECT count(*) FROM {table} WHERE {condition}"))
            .await
    }

    /// `(host, port)` of the server, for tests that build URLs of their own.
    pub fn host_port(&self) -> (String, u16) {
        let u = url::Url::parse(&self.url).expect("test URLs parse");
        (
            u.host_str().unwrap_or("127.0.0.1").to_string(),
            u.port().unwrap_or(5432),
        )
    }
}

impl Drop for TestDb {
    /// Drop the database, even if the test still holds connections (`WITH (FORCE)`). Drop is
    /// synchronous and may run inside the test's runtime, so the async work gets a thread and
    /// a small runtime of its own. Errors are ignored: a leftover database is harmless.
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                if let Ok(mut c) = seedbed::testing::connect::connect(&admin_url).await {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    )))
                    .execute(&mut c)
                    .await;
                    let _ = c.close().await;
                }
            });
        })
        .join();
    }
}

/// The built `seedbed` binary, run from the crate root (so `schemas/…` paths work), without the
/// caller's `DATABASE_URL` (a test that wants one sets it explicitly).
pub fn seedbed_cmd() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seedbed"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL");
    cmd
}

/// A path relative to the crate root.
pub fn repo_path(path: impl AsRef<Path>) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A random number for unique names, from std's randomly keyed hasher (no extra dependency).
pub fn random_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish() as u32
}

/// Run the binary with `args` and collect its output.
pub fn run(args: &[&str]) -> std::process::Output {
    seedbed_cmd().args(args).output().expect("run seedbed")
}

/// Stdout of a run that must succeed (stderr shown when it did not).
pub fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "seedbed failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The single `seedbed: error:` line of a run that must fail: exactly one such line, a
/// non-zero exit, and no panic.
pub fn error_line(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "expected a failure, got success");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("seedbed: error:"))
        .collect();
    assert_eq!(lines.len(), 1, "one error line expected, got: {stderr}");
    lines[0].to_string()
}

/// A profile written to a temporary file: the directory (keep it alive) and the file's path.
pub fn profile_file(toml: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, toml).expect("writing the profile");
    let path = path.display().to_string();
    (dir, path)
}

/// Seed the database at `url` with `profile` (a path), quietly; panics with stderr on failure.
pub fn seed_quietly(url: &str, profile: &str) {
    ok(&run(&[
        "seed",
        "--database-url",
        url,
        "--profile",
        profile,
        "--quiet",
    ]));
}
