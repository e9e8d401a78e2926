//! Issue 14: `--shard K/N`. N shards together produce exactly the rows of one unsharded run:
//! the same table contents in `seed` (3 processes in parallel on one database), the same bytes
//! in `export` (the parts of each file concatenated in shard order).

mod common;

use std::path::Path;

use common::{TestDb, error_line, fresh_db, ok, repo_path, run, seedbed_cmd};

/// Self-referencing rows, a cycle closed by a nullable key (filled after both tables load),
/// identity keys, a unique text key and several blocks per table.
const TREE_SCHEMA: &str = "
CREATE TABLE dept (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    head_id int
);
CREATE TABLE emp (
    id bigserial PRIMARY KEY,
    dept_id int NOT NULL REFERENCES dept(id),
    manager_id bigint REFERENCES emp(id),
    email text NOT NULL UNIQUE,
    salary numeric(9,2) CHECK (salary > 0)
);
ALTER TABLE dept ADD FOREIGN KEY (head_id) REFERENCES emp(id);
";

const TREE_PROFILE: &str = "seed = 11\n[tables.dept]\nrows = 2500\n[tables.emp]\nrows = 5200\n";

/// md5 of every table's rows in order, and every sequence's last value.
async fn contents(db: &TestDb) -> Vec<(String, String)> {
    let mut c = db.connect().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
          WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let h: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM {t} x"
        )))
        .fetch_one(&mut c)
        .await
        .unwrap();
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
            .fetch_one(&mut c)
            .await
            .unwrap();
        out.push((t, format!("{n} rows, {}", h.unwrap_or_default())));
    }
    let seqs: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences ORDER BY 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    for (s, v) in seqs {
        out.push((s, format!("{v:?}")));
    }
    out
}

/// Run 3 shards of `args` against `url` as parallel processes; every one must succeed.
fn run_shards(args: &[String], url: &str) {
    let children: Vec<_> = (1..=3)
        .map(|k| {
            seedbed_cmd()
                .args(args)
                .args(["--database-url", url, "--shard", &format!("{k}/3")])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start a shard")
        })
        .collect();
    for (k, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().expect("wait for a shard");
        assert!(
            out.status.success(),
            "shard {}/3 failed: {}",
            k + 1,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

async fn same_contents_as_one_run(
    schema_sql: Option<&str>,
    schema_file: Option<&str>,
    args: &[&str],
) {
    let one = fresh_db().await;
    let many = fresh_db().await;
    for db in [&one, &many] {
        if let Some(sql) = schema_sql {
            db.exec(sql).await;
        }
        if let Some(f) = schema_file {
            db.apply_file(repo_path(f)).await;
        }
    }
    let mut base: Vec<String> = ["seed", "--quiet", "--jobs", "2"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    base.extend(args.iter().map(|s| s.to_string()));
    let mut single = base.clone();
    single.extend(["--database-url".to_string(), one.url.clone()]);
    let single: Vec<&str> = single.iter().map(String::as_str).collect();
    ok(&run(&single));
    run_shards(&base, &many.url);
    let (a, b) = (contents(&one).await, contents(&many).await);
    assert!(a.iter().any(|(_, v)| !v.starts_with("0 rows")), "{a:?}");
    assert_eq!(a, b);
}

#[tokio::test]
async fn three_parallel_shards_seed_what_one_run_seeds_ddx() {
    same_contents_as_one_run(
        None,
        Some("schemas/ddx.sql"),
        &["--profile", "profiles/ddx-medium.toml", "--scale", "0.5"],
    )
    .await;
}

#[tokio::test]
async fn three_parallel_shards_seed_what_one_run_seeds_trees_and_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(&profile, TREE_PROFILE).unwrap();
    same_contents_as_one_run(
        Some(TREE_SCHEMA),
        None,
        &["--profile", profile.to_str().unwrap()],
    )
    .await;
}

#[tokio::test]
async fn three_parallel_shards_seed_what_one_run_seeds_seen_set_tables() {
    // shop.orders keeps a partial unique key with a set of seen values (generated in row
    // order): the later shards replay the earlier blocks to draw the same rows.
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(&profile, "seed = 3\ndefault_rows = 3000\n").unwrap();
    same_contents_as_one_run(
        None,
        Some("schemas/shop.sql"),
        &["--profile", profile.to_str().unwrap()],
    )
    .await;
}

#[tokio::test]
async fn a_cycle_closed_by_a_deferrable_key_is_refused_sharded() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/hard.sql")).await;
    let line = error_line(&run(&[
        "seed",
        "--quiet",
        "--database-url",
        &db.url,
        "--profile",
        "profiles/small.toml",
        "--shard",
        "1/1",
    ]));
    assert!(line.contains("DEFERRABLE"), "{line}");
}

/// Every file of `whole`, and the parts `FILE.K-of-3` of it in `parts` concatenated.
fn assert_parts_concatenate(whole: &Path, parts: &Path) {
    let mut files: Vec<_> = std::fs::read_dir(whole)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert!(files.len() > 2, "{files:?}");
    for f in files {
        let expected = std::fs::read(whole.join(&f)).unwrap();
        let got = if f == "load.sql" {
            std::fs::read(parts.join(&f)).unwrap()
        } else {
            let mut got = Vec::new();
            for k in 1..=3 {
                got.extend(std::fs::read(parts.join(format!("{f}.{k}-of-3"))).unwrap());
            }
            got
        };
        assert!(expected == got, "{f}: the parts differ from the whole file");
    }
}

#[tokio::test]
async fn export_shards_concatenate_to_the_unsharded_files() {
    for (schema, profile) in [
        ("schemas/ddx.sql", "profiles/ddx-medium.toml"),
        ("schemas/hard.sql", "profiles/small.toml"),
    ] {
        let db = fresh_db().await;
        db.apply_file(repo_path(schema)).await;
        let whole = tempfile::tempdir().unwrap();
        let parts = tempfile::tempdir().unwrap();
        let common = [
            "export",
            "--quiet",
            "--database-url",
            &db.url,
            "--profile",
            profile,
            "--scale",
            "0.5",
        ];
        let mut args = common.to_vec();
        args.extend(["--out", whole.path().to_str().unwrap()]);
        ok(&run(&args));
        for k in 1..=3 {
            let shard = format!("{k}/3");
            let mut args = common.to_vec();
            args.extend(["--out", parts.path().to_str().unwrap(), "--shard", &shard]);
            ok(&run(&args));
        }
        assert_parts_concatenate(whole.path(), parts.path());
    }
}

#[tokio::test]
async fn a_bad_shard_is_one_line() {
    let line = error_line(&run(&[
        "seed",
        "--shard",
        "4/3",
        "--database-url",
        "postgres://x/y",
    ]));
    assert!(line.contains("K/N"), "{line}");
}

#[tokio::test]
async fn sharded_seeds_refuse_tables_with_rows() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (-1);")
        .await;
    // One shard of one: the same checks as many, without waiting for others.
    let line = error_line(&run(&[
        "seed",
        "--quiet",
        "--database-url",
        &db.url,
        "--shard",
        "1/1",
    ]));
    assert!(line.contains("public.t"), "{line}");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM t").await, 1);
}
