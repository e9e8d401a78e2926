//! Load benchmarks (issue 5), all measured in one run on the same server:
//!
//! 1. `users` of schemas/ddx.sql, 2,000,000 rows: `seedbed seed` (binary COPY) versus the
//!    server-side `COPY users FROM 'file'` of the identical rows (exported by seedbed) into the
//!    same empty, indexed table; and `seed --defer-indexes` versus that same raw COPY.
//! 2. pgbench's schema (`pgbench -i -I dtp -s 50`: tables and primary keys, no rows) filled by
//!    seedbed with scale-50 counts (5,000,000 accounts) versus `pgbench -i -s 50`.
//! 3. schemas/ddx.sql at profiles/ddx-large.toml: rows/s and peak memory, and peak memory at
//!    `--scale 10` (it must not grow with the rows).
//!
//! Run: `cargo bench --bench load` (DATABASE_URL when set, else a throwaway cluster; the server
//! must be on this machine, since scenario 1 has it read a file). Prints a table of figures and
//! ratios. Set SEEDBED_BENCH_QUICK=1 for a 10x smaller run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use seedbed::testing::connect::{Database, Target, connect};
use seedbed::testing::throwaway::{ThrowawayCluster, find_bin_dir};

fn main() {
    // `cargo bench` passes --bench; this harness takes no options.
    let quick = std::env::var("SEEDBED_BENCH_QUICK").is_ok_and(|v| v == "1");
    let f = if quick { 10 } else { 1 };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (base_url, _cluster) = match std::env::var("DATABASE_URL") {
        Ok(u) if !u.is_empty() => (u, None),
        _ => {
            let c = ThrowawayCluster::start(false).expect("throwaway cluster");
            (c.url("postgres"), Some(c))
        }
    };
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_seedbed"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = std::env::temp_dir().join(format!("seedbed-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    make_readable(&work);
    let mut report = Vec::new();

    // 1. users: seedbed versus the raw COPY ceiling.
    let users = 2_000_000 / f;
    let prof = work.join("users.toml");
    std::fs::write(
        &prof,
        format!("seed = 1\ndefault_rows = 0\n[tables.users]\nrows = {users}\n"),
    )
    .unwrap();
    let ddx = root.join("schemas/ddx.sql");
    let others = [
        "--exclude-table",
        "templates",
        "--exclude-table",
        "projects",
        "--exclude-table",
        "patterns",
        "--exclude-table",
        "project_patterns",
        "--exclude-table",
        "template_versions",
        "--exclude-table",
        "audit_log",
        "--exclude-table",
        "schema_migrations",
        "--exclude-table",
        "migration_log",
    ];
    let db1 = rt.block_on(fresh(&base_url, "bench_seed", &ddx));
    let t_seed = time(|| {
        run(
            &exe,
            &[
                &[
                    "seed",
                    "--database-url",
                    &db1,
                    "--profile",
                    prof.to_str().unwrap(),
                    "--no-defer-indexes",
                    "--quiet",
                ][..],
                &others[..],
            ]
            .concat(),
        )
    });
    let db2 = rt.block_on(fresh(&base_url, "bench_defer", &ddx));
    let t_defer = time(|| {
        run(
            &exe,
            &[
                &[
                    "seed",
                    "--database-url",
                    &db2,
                    "--profile",
                    prof.to_str().unwrap(),
                    "--defer-indexes",
                    "--quiet",
                ][..],
                &others[..],
            ]
            .concat(),
        )
    });
    let out = work.join("users-csv");
    run(
        &exe,
        &[
            &[
                "export",
                "--database-url",
                &db1,
                "--profile",
                prof.to_str().unwrap(),
                "--quiet",
                "--out",
                out.to_str().unwrap(),
            ][..],
            &others[..],
        ]
        .concat(),
    );
    make_readable(&out);
    let db3 = rt.block_on(fresh(&base_url, "bench_copy", &ddx));
    let file = out.join("public.users.csv");
    let t_copy = time(|| {
        rt.block_on(sql(&db3, &format!("COPY users (id, email, name, role, active, created_at, updated_at) FROM '{}' WITH (FORMAT csv, HEADER true)", file.display())))
    });
    let n3: i64 = rt.block_on(count(&db3, "users"));
    assert_eq!(n3 as u64, users, "the raw COPY loaded every row");
    report.push(format!("users {users} rows, indexed table: seedbed seed {t_seed:.2}s, raw COPY FROM file {t_copy:.2}s -> ratio {:.2} (target <= 1.1)", t_seed / t_copy));
    report.push(format!("users {users} rows: seed --defer-indexes {t_defer:.2}s vs raw COPY into the indexed table {t_copy:.2}s -> ratio {:.2}", t_defer / t_copy));

    // 2. pgbench.
    let pgbench = find_bin_dir()
        .map(|d| d.join("pgbench"))
        .ok()
        .filter(|p| p.exists())
        .unwrap_or_else(|| "pgbench".into());
    let scale = 50 / f.min(50);
    let db4 = rt.block_on(fresh_empty(&base_url, "bench_pgb_seed"));
    run(
        &pgbench,
        &["-q", "-i", "-I", "dtp", "-s", &scale.to_string(), &db4],
    );
    let pprof = work.join("pgbench.toml");
    std::fs::write(
        &pprof,
        format!(
            "seed = 1\n[tables.pgbench_branches]\nrows = {b}\n[tables.pgbench_tellers]\nrows = {t}\n[tables.pgbench_accounts]\nrows = {a}\n[tables.pgbench_history]\nrows = 0\n",
            b = scale,
            t = scale * 10,
            a = scale * 100_000
        ),
    )
    .unwrap();
    let t_seedbed_pgb = time(|| {
        run(
            &exe,
            &[
                "seed",
                "--database-url",
                &db4,
                "--profile",
                pprof.to_str().unwrap(),
                "--quiet",
            ],
        )
    });
    let db5 = rt.block_on(fresh_empty(&base_url, "bench_pgb"));
    let t_pgbench = time(|| run(&pgbench, &["-q", "-i", "-s", &scale.to_string(), &db5]));
    report.push(format!(
        "pgbench scale {scale} ({} accounts): seedbed {t_seedbed_pgb:.2}s vs pgbench -i {t_pgbench:.2}s -> ratio {:.2} (target <= 1.0)",
        scale * 100_000,
        t_seedbed_pgb / t_pgbench
    ));

    // 3. The whole ddx schema, and its peak memory at 1x and 10x the rows.
    let large = root.join("profiles/ddx-large.toml");
    for scale in ["1", "10"] {
        if quick && scale == "10" {
            continue;
        }
        let db = rt.block_on(fresh(&base_url, &format!("bench_ddx_{scale}"), &ddx));
        let started = Instant::now();
        let (peak_kib, json) = run_measured(
            &exe,
            &[
                "seed",
                "--database-url",
                &db,
                "--profile",
                large.to_str().unwrap(),
                "--scale",
                scale,
                "--json",
            ],
        );
        let secs = started.elapsed().as_secs_f64();
        let v: serde_json::Value = serde_json::from_str(&json).expect("summary json");
        report.push(format!(
            "ddx-large x{scale}: {} rows in {secs:.1}s ({:.0} rows/s), peak RSS {:.1} MiB",
            v["total_rows"],
            v["total_rows"].as_f64().unwrap_or(0.0) / secs,
            peak_kib as f64 / 1024.0
        ));
    }
    let _ = std::fs::remove_dir_all(&work);
    println!(
        "\nseedbed load benchmarks ({}):",
        if quick { "quick" } else { "full" }
    );
    for line in report {
        println!("  {line}");
    }
}

fn make_readable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755));
    if let Ok(entries) = std::fs::read_dir(p) {
        for e in entries.flatten() {
            let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

fn time(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

fn run(exe: &Path, args: &[&str]) {
    let out = Command::new(exe).args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{} {:?} failed: {}",
        exe.display(),
        args,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run and sample the child's peak resident set (VmHWM is monotonic, so the last reading
/// before it exits is its peak, to within one sampling interval).
fn run_measured(exe: &Path, args: &[&str]) -> (u64, String) {
    let mut child = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(v) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        {
            peak = v;
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut out = String::new();
    use std::io::Read;
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .ok();
    (peak, out)
}

fn db_url(base: &str, name: &str) -> String {
    match base.rfind('/') {
        Some(i) => format!("{}/{name}", &base[..i]),
        None => format!("{base}/{name}"),
    }
}

async fn fresh_empty(base: &str, name: &str) -> String {
    let name = format!("{name}_{}", std::process::id());
    sql(
        base,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
    sql(base, &format!("CREATE DATABASE {name}")).await;
    db_url(base, &name)
}

async fn fresh(base: &str, name: &str, schema: &Path) -> String {
    let url = fresh_empty(base, name).await;
    let mut c = connect(&url).await.expect("connect");
    let text = std::fs::read_to_string(schema).unwrap();
    seedbed::testing::connect::apply_sql(&mut c, schema, &text)
        .await
        .expect("schema");
    let _ = Database::open(&Target::Url(url.clone())).await;
    url
}

async fn sql(url: &str, sql: &str) {
    let mut c = connect(url).await.expect("connect");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut c)
        .await
        .expect(sql);
}

async fn count(url: &str, table: &str) -> i64 {
    let mut c = connect(url).await.expect("connect");
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(&mut c)
        .await
        .expect("count")
}
