//! Issue 5: `seedbed seed` — binary COPY, all or nothing, existing data never lost.

mod common;

use common::{TestDb, error_line, fresh_db, ok, repo_path, run};
use seedbed::testing::profile::Profile;
use seedbed::testing::seed::{Existing, SeedOptions, seed};
use seedbed::testing::sink::CopyFormat;

fn ddx_small() -> Profile {
    Profile::load(&repo_path("profiles/ddx-small.toml")).unwrap()
}

/// Content fingerprint of every table (order-independent).
async fn fingerprint(db: &TestDb, tables: &[&str]) -> Vec<(String, String)> {
    let mut c = db.connect().await;
    let mut out = Vec::new();
    for t in tables {
        let h: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM {t} x"
        )))
        .fetch_one(&mut c)
        .await
        .unwrap();
        out.push((t.to_string(), h.unwrap_or_default()));
    }
    out
}

const DDX_TABLES: &[&str] = &[
    "users",
    "templates",
    "patterns",
    "projects",
    "project_patterns",
    "template_versions",
    "audit_log",
    "schema_migrations",
    "migration_log",
];

#[tokio::test]
async fn binary_and_csv_copy_load_the_same_values() {
    for schema in ["schemas/ddx.sql", "schemas/hard.sql"] {
        let a = fresh_db().await;
        let b = fresh_db().await;
        a.apply_file(repo_path(schema)).await;
        b.apply_file(repo_path(schema)).await;
        let profile = if schema.contains("ddx") {
            ddx_small()
        } else {
            Profile::load(&repo_path("profiles/small.toml")).unwrap()
        };
        let bin = seed(
            &a.url.as_str().into(),
            &profile,
            &SeedOptions {
                seed: Some(5),
                ..SeedOptions::default()
            },
        )
        .await
        .unwrap();
        let csv = seed(
            &b.url.as_str().into(),
            &profile,
            &SeedOptions {
                seed: Some(5),
                format: CopyFormat::Csv,
                ..SeedOptions::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(bin.total_rows, csv.total_rows);
        let tables: Vec<String> = if schema.contains("ddx") {
            DDX_TABLES.iter().map(|s| s.to_string()).collect()
        } else {
            [
                "\"Human Resources\".\"Departments\"",
                "\"Human Resources\".employees",
                "authors",
                "books",
                "type_zoo",
                "bookings",
                "tags",
                "book_tags",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        };
        let names: Vec<&str> = tables.iter().map(String::as_str).collect();
        assert_eq!(
            fingerprint(&a, &names).await,
            fingerprint(&b, &names).await,
            "{schema}"
        );
    }
}

#[tokio::test]
async fn the_readme_job_seeds_ddx_and_reports_every_table() {
    let out = run(&[
        "seed",
        "--schema-file",
        &repo_path("schemas/ddx.sql").display().to_string(),
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(v["seed"], 7);
    let tables = v["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 9);
    let users = tables
        .iter()
        .find(|t| t["table"] == "public.users")
        .unwrap();
    assert_eq!(users["rows"], 50);
    // The encoded COPY stream's size, not a placeholder.
    assert!(users["bytes"].as_u64().unwrap() > 50 * 10, "{users}");
    assert!(v["rows_per_second"].as_f64().unwrap() > 0.0);
    // Not a terminal: plain progress lines instead of bars.
    let out = run(&[
        "seed",
        "--schema-file",
        &repo_path("schemas/ddx.sql").display().to_string(),
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("seedbed: public.users: 50 rows in"),
        "{stderr}"
    );
    // Results on stdout, diagnostics and progress on stderr: `seed … > summary.txt` keeps the
    // summary, and each table is reported once per stream.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("with seed 7"), "{stdout}");
    assert!(!stderr.contains("with seed 7"), "{stderr}");
    assert!(!stdout.contains("seedbed: public.users"), "{stdout}");
}

#[tokio::test]
async fn tables_with_rows_are_refused_truncated_or_appended_to() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/ddx.sql")).await;
    db.exec("INSERT INTO users (email, name) VALUES ('keep.me@example.com', 'Keep Me')")
        .await;
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
    ]));
    assert!(
        e.contains("public.users") && e.contains("--truncate") && e.contains("--append"),
        "{e}"
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM users").await,
        1,
        "refusal changes nothing"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM templates").await, 0);

    // --append keeps the row and adds new ones; the keys made by construction do not collide.
    let profile = ddx_small();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--append",
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 51);
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--append",
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 101);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM users WHERE email = 'keep.me@example.com'")
            .await,
        1
    );

    // --truncate empties the targets first and says so.
    let out = run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--truncate",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("emptied") && stderr.contains("public.users"),
        "{stderr}"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 50);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM users WHERE email = 'keep.me@example.com'")
            .await,
        0
    );
    let _ = profile;
}

#[tokio::test]
async fn a_killed_connection_mid_copy_leaves_the_database_as_it_was() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/ddx.sql")).await;
    db.exec("INSERT INTO users (email, name) VALUES ('old@example.com', 'Old Row')")
        .await;
    // A deterministic point in the middle of the load: the first row COPY puts into `projects`
    // waits for an advisory lock this test holds. Tables before it are already loaded inside
    // the seed's transaction.
    db.exec(
        "CREATE FUNCTION hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(424242); RETURN NEW; END $$;
         CREATE TRIGGER hold BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION hold();",
    )
    .await;
    let mut holder = db.connect().await;
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("SELECT pg_advisory_xact_lock(424242)")
        .execute(&mut holder)
        .await
        .unwrap();

    let url = db.url.clone();
    let task = tokio::spawn(async move {
        let opts = SeedOptions {
            existing: Existing::Truncate,
            ..SeedOptions::default()
        };
        seed(&url.as_str().into(), &ddx_small(), &opts).await
    });
    // Wait until the seed's backend is blocked on our lock, then kill it.
    let mut watcher = db.connect().await;
    let pid: i32 = loop {
        let pid: Option<i32> = sqlx::query_scalar(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY %projects%'",
        )
        .fetch_optional(&mut watcher)
        .await
        .unwrap();
        if let Some(p) = pid {
            break p;
        }
        assert!(
            !task.is_finished(),
            "the seed finished before reaching the lock"
        );
        tokio::task::yield_now().await;
    };
    let _: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&mut watcher)
        .await
        .unwrap();
    let result = task.await.unwrap();
    let err = result
        .expect_err("a killed connection fails the seed")
        .to_string();
    assert!(!err.contains('\n'), "one line: {err}");
    // Issue 13: say what happened, not just that the load stopped.
    assert!(
        err.contains("projects")
            && err.contains("connection")
            && err.contains("pg_terminate_backend"),
        "{err}"
    );
    assert!(err.contains("nothing was committed"), "{err}");
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    // Old rows are all there (the TRUNCATE was rolled back) and no new ones.
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 1);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM users WHERE email = 'old@example.com'")
            .await,
        1
    );
    for t in [
        "templates",
        "patterns",
        "projects",
        "project_patterns",
        "audit_log",
    ] {
        assert_eq!(
            db.scalar_i64(&format!("SELECT count(*) FROM {t}")).await,
            0,
            "{t}"
        );
    }
}

#[tokio::test]
async fn disable_triggers_needs_a_superuser_and_keeps_foreign_keys_checked() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/ddx.sql")).await;
    db.exec(
        "CREATE TABLE trigger_log (n int); CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO trigger_log VALUES (1); RETURN NEW; END $$;
         CREATE TRIGGER log_users AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION log_it();",
    )
    .await;
    let role = format!("seedbed_plain_{}", common::random_u32());
    db.exec(&format!("CREATE ROLE {role} LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; GRANT ALL ON SCHEMA public TO {role};")).await;
    let (host, port) = db.host_port();
    let plain_url = format!("postgres://{role}@{host}:{port}/{}", db.name);
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &plain_url,
        "--exclude-table",
        "trigger_log",
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--disable-triggers",
    ]));
    assert!(e.contains("--disable-triggers needs a superuser"), "{e}");
    // As a superuser: user triggers do not fire, and the triggers are enabled again afterwards.
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--exclude-table",
        "trigger_log",
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--disable-triggers",
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM trigger_log").await, 0);
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'log_users' AND tgenabled = 'O'"
        )
        .await,
        1
    );
    db.exec(&format!(
        "REASSIGN OWNED BY {role} TO postgres; DROP OWNED BY {role}; DROP ROLE {role};"
    ))
    .await;
}

#[tokio::test]
async fn user_triggers_fire_by_default() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL); CREATE TABLE audit (n int);
         CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (NEW.id); RETURN NEW; END $$;
         CREATE TRIGGER log_t AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION log_it();",
    )
    .await;
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--exclude-table",
        "audit",
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM audit").await, 100);
}

#[tokio::test]
async fn defer_indexes_rebuilds_every_key_and_index_exactly() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/shop.sql")).await;
    let before = db.scalar_i64("SELECT sum(hashtext(indexrelid::regclass::text || pg_get_indexdef(indexrelid))) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop'").await;
    let cons = db.scalar_i64("SELECT sum(hashtext(conname || pg_get_constraintdef(oid))) FROM pg_constraint WHERE connamespace = 'shop'::regnamespace").await;
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path("profiles/small.toml").display().to_string(),
        "--defer-indexes",
        "--quiet",
    ]));
    let after = db.scalar_i64("SELECT sum(hashtext(indexrelid::regclass::text || pg_get_indexdef(indexrelid))) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop'").await;
    let cons_after = db.scalar_i64("SELECT sum(hashtext(conname || pg_get_constraintdef(oid))) FROM pg_constraint WHERE connamespace = 'shop'::regnamespace").await;
    assert_eq!(before, after, "indexes rebuilt exactly");
    assert_eq!(cons, cons_after, "constraints rebuilt exactly");
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM pg_index WHERE NOT indisvalid")
            .await,
        0
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM shop.customers").await,
        50
    );
}

#[tokio::test]
async fn parallel_commit_per_table_loads_the_same_rows() {
    // 70,000 users is 69 blocks: split across both connections.
    let prof = std::env::temp_dir().join(format!("seedbed-par-{}.toml", common::random_u32()));
    std::fs::write(
        &prof,
        std::fs::read_to_string(repo_path("profiles/ddx-small.toml"))
            .unwrap()
            .replace("[tables.users]\nrows = 50", "[tables.users]\nrows = 70000"),
    )
    .unwrap();
    let profile = Profile::load(&prof).unwrap();
    let a = fresh_db().await;
    let b = fresh_db().await;
    a.apply_file(repo_path("schemas/ddx.sql")).await;
    b.apply_file(repo_path("schemas/ddx.sql")).await;
    let one = seed(
        &a.url.as_str().into(),
        &profile,
        &SeedOptions {
            jobs: 1,
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    let par = seed(
        &b.url.as_str().into(),
        &profile,
        &SeedOptions {
            jobs: 2,
            commit_per_table: true,
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(one.total_rows, par.total_rows);
    assert_eq!(b.scalar_i64("SELECT count(*) FROM users").await, 70000);
    assert_eq!(
        fingerprint(&a, DDX_TABLES).await,
        fingerprint(&b, DDX_TABLES).await
    );
    let _ = std::fs::remove_file(prof);
}

#[tokio::test]
async fn extension_types_load_through_text_copy_when_the_profile_fills_them() {
    // A type with no binary encoder of ours (a user-defined base type stands in for an
    // extension type): NOT NULL is refused until the profile says what to write.
    let db = fresh_db().await;
    db.exec(
        "CREATE TYPE ltreeish; CREATE FUNCTION ltreeish_in(cstring) RETURNS ltreeish LANGUAGE internal IMMUTABLE STRICT AS 'textin';
         CREATE FUNCTION ltreeish_out(ltreeish) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
         CREATE TYPE ltreeish (INPUT = ltreeish_in, OUTPUT = ltreeish_out, LIKE = text);
         CREATE TABLE paths (id int PRIMARY KEY, path ltreeish NOT NULL, note ltreeish);",
    )
    .await;
    let e = error_line(&run(&["seed", "--database-url", &db.url]));
    assert!(
        e.contains("column path")
            && e.contains("cannot be generated")
            && e.contains("[tables.\"public.paths\".columns.path]"),
        "{e}"
    );
    let prof = std::env::temp_dir().join(format!("seedbed-ext-{}.toml", common::random_u32()));
    std::fs::write(
        &prof,
        "[tables.paths.columns.path]\ntemplate = \"top.{word}.{row}\"\n",
    )
    .unwrap();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        prof.to_str().unwrap(),
        "--quiet",
    ]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM paths WHERE path::text LIKE 'top.%' AND note IS NULL")
            .await,
        100
    );
    let _ = std::fs::remove_file(prof);
}

/// Throwaway cluster directories of process `pid` in the temp dir (`seedbed-pg-<pid>-*`).
fn throwaway_dirs(pid: u32) -> Vec<std::path::PathBuf> {
    let prefix = format!("seedbed-pg-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

#[test]
fn ctrl_c_stops_and_removes_the_throwaway_database() {
    let mut child = common::seedbed_cmd()
        .args([
            "seed",
            "--schema-file",
            &repo_path("schemas/ddx.sql").display().to_string(),
            "--profile",
            &repo_path("profiles/ddx-large.toml").display().to_string(),
            "--scale",
            "50",
            "--quiet",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (polling, not timing) until this run's server is up.
    let dir = loop {
        if let Some(d) = throwaway_dirs(child.id())
            .into_iter()
            .find(|d| d.join("data/postmaster.pid").exists())
        {
            break d;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "seedbed exited before its server started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.lines().any(|l| l == "seedbed: error: interrupted"),
        "{stderr}"
    );
    assert!(
        !dir.exists(),
        "the throwaway cluster {} was removed",
        dir.display()
    );
}

/// The default loader (keys and indexes deferred) never fails where keeping them would succeed:
/// a primary key a view depends on stays in place, and a deferred constraint trigger's pending
/// events do not block the rebuild.
#[tokio::test]
async fn deferred_indexes_respect_what_depends_on_them() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
         CREATE TABLE orders (id serial PRIMARY KEY,
             customer_id int NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL);
         CREATE VIEW customer_totals AS
             SELECT c.id, c.name, sum(o.total) AS total
               FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id;
         CREATE FUNCTION pass() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
         CREATE CONSTRAINT TRIGGER orders_checked AFTER INSERT ON orders
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pass();",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM orders").await, 50);
    assert!(db.scalar_i64("SELECT count(*) FROM customer_totals").await > 0);
    // Every key is back (or was never dropped).
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM pg_constraint WHERE contype IN ('p', 'f') AND conrelid IN ('customers'::regclass, 'orders'::regclass)"
        )
        .await,
        3
    );
}

/// Foreign keys declared on a table's partitions only (as old dumps and pagila do) are
/// honoured by every row, and left in place by the deferred loader.
#[tokio::test]
async fn foreign_keys_declared_on_partitions_are_honoured() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);
         CREATE TABLE payment (id int NOT NULL, customer_id int NOT NULL,
             paid_on date NOT NULL, amount numeric(8,2) NOT NULL) PARTITION BY RANGE (paid_on);
         CREATE TABLE payment_2022 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
         CREATE TABLE payment_2023 PARTITION OF payment FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
         ALTER TABLE payment_2022 ADD CONSTRAINT payment_2022_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id);
         ALTER TABLE payment_2023 ADD CONSTRAINT payment_2023_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id);",
    )
    .await;
    let small = repo_path("profiles/small.toml").display().to_string();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &small,
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM payment").await, 50);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM payment p LEFT JOIN customer c ON c.id = p.customer_id WHERE c.id IS NULL")
            .await,
        0
    );
}

/// ANALYZE runs after the commit, the tables dealt over several connections: every loaded
/// table has statistics when `seed` exits, and `--no-analyze` leaves them without.
#[tokio::test]
async fn every_loaded_table_is_analyzed_after_the_commit() {
    for (flags, analyzed) in [(&["--jobs", "3"][..], 4), (&["--no-analyze"][..], 0)] {
        let db = fresh_db().await;
        db.exec(
            "CREATE TABLE a (id int PRIMARY KEY, n int); CREATE TABLE b (id int PRIMARY KEY, t text);
             CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES a (id));
             CREATE TABLE d (id int PRIMARY KEY, d date);",
        )
        .await;
        let mut args = vec!["seed", "--database-url", &db.url, "--quiet"];
        args.extend_from_slice(flags);
        ok(&run(&args));
        assert_eq!(
            db.scalar_i64(
                "SELECT count(DISTINCT starelid) FROM pg_statistic
                  WHERE starelid IN ('a'::regclass, 'b'::regclass, 'c'::regclass, 'd'::regclass)"
            )
            .await,
            analyzed,
            "{flags:?}"
        );
        assert_eq!(db.scalar_i64("SELECT count(*) FROM c").await, 100);
    }
}
