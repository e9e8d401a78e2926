//! Issue 13: never lie, never leak, never hang — what a load leaves behind when it fails, when
//! two run at once, when a lock is held, and what its messages and fixtures say.

mod common;

use std::process::{Child, Command, Output, Stdio};

use common::{TestDb, error_line, fresh_db, ok, run, seedbed_cmd};
use seedbed::testing::profile::Profile;
use seedbed::testing::seed::{SeedOptions, seed};

/// A profile file in the temp directory (removed by the caller).
fn profile_file(text: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("seedbed-safety-{}.toml", common::random_u32()));
    std::fs::write(&p, text).unwrap();
    p
}

fn spawn(args: &[&str]) -> Child {
    seedbed_cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run seedbed")
}

async fn finish(child: Child) -> Output {
    tokio::task::spawn_blocking(move || child.wait_with_output().expect("wait for seedbed"))
        .await
        .unwrap()
}

/// Backends of this database other than `except`, matching `cond` (on pg_stat_activity).
async fn backends(c: &mut sqlx::PgConnection, cond: &str, except: &[i32]) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND NOT (pid = ANY($1)) AND ({cond})"
    )))
    .bind(except)
    .fetch_one(c)
    .await
    .unwrap()
}

async fn pid(c: &mut sqlx::PgConnection) -> i32 {
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(c)
        .await
        .unwrap()
}

/// Finding 1: with `--commit-per-table --jobs 2`, a table whose load fails keeps none of its
/// rows (it used to be split over several transactions, and the first part stayed), and the
/// error lists exactly the tables that were committed.
#[tokio::test]
async fn a_failing_table_in_a_parallel_per_table_load_keeps_no_rows() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE parent (id serial PRIMARY KEY, name text);
         CREATE TABLE other (id serial PRIMARY KEY, label text);
         CREATE TABLE child (id serial PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id), n int);
         -- The last row of child waits for the test, then is rejected: by then every other
         -- part of the load has finished.
         CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.id = 70000 THEN
             PERFORM pg_advisory_lock(515151);
             PERFORM pg_advisory_unlock(515151);
             RAISE EXCEPTION 'row % rejected', NEW.id;
           END IF;
           RETURN NEW;
         END $$;
         CREATE TRIGGER boom BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION boom();",
    )
    .await;
    let prof = profile_file(
        "seed = 1\n[tables.parent]\nrows = 10\n[tables.other]\nrows = 10\n[tables.child]\nrows = 70000\n",
    );
    let mut holder = db.connect().await;
    sqlx::query("SELECT pg_advisory_lock(515151)")
        .execute(&mut holder)
        .await
        .unwrap();
    let holder_pid = pid(&mut holder).await;
    let child = spawn(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        prof.to_str().unwrap(),
        "--commit-per-table",
        "--jobs",
        "2",
        "--lock-timeout",
        "600",
        "--quiet",
    ]);
    // Release the last row once it waits and nothing else of the load is still running.
    let mut watcher = db.connect().await;
    loop {
        let waiting = backends(
            &mut watcher,
            "wait_event_type = 'Lock' AND query LIKE 'COPY %child%'",
            &[holder_pid],
        )
        .await;
        let busy = backends(
            &mut watcher,
            "state IN ('active', 'idle in transaction') AND wait_event_type IS DISTINCT FROM 'Lock'",
            &[holder_pid],
        )
        .await;
        if waiting == 1 && busy == 0 {
            break;
        }
        tokio::task::yield_now().await;
    }
    sqlx::query("SELECT pg_advisory_unlock(515151)")
        .execute(&mut holder)
        .await
        .unwrap();
    let out = finish(child).await;
    let _ = std::fs::remove_file(prof);
    let e = error_line(&out);
    // The table and the function that raised; not the message, which quotes the row's id.
    assert!(e.contains("child") && e.contains("boom()"), "{e}");
    assert!(!e.contains("70000"), "{e}");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM child").await, 0, "{e}");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM parent").await, 10);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM other").await, 10);
    let listed = e
        .split("keep their rows: ")
        .nth(1)
        .and_then(|r| r.split("; every other table").next())
        .unwrap_or_else(|| panic!("no committed list: {e}"));
    let mut listed: Vec<&str> = listed.split(", ").collect();
    listed.sort();
    assert_eq!(listed, ["public.other", "public.parent"], "{e}");
}

/// Finding 2: two seeds at once never both load. The second waits for the first (or is
/// refused naming it), then finds the tables full; the rows are never doubled.
#[tokio::test]
async fn two_concurrent_seeds_never_double_the_rows() {
    let db = fresh_db().await;
    // No keys: nothing but seedbed's own locking can keep two loads apart. Each row of notes
    // waits for the test, so both seeds are under way before either can finish.
    db.exec(
        "CREATE TABLE notes (body text, n int);
         CREATE TABLE tags (label text);
         CREATE FUNCTION hold() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM pg_advisory_lock_shared(424242); PERFORM pg_advisory_unlock_shared(424242); RETURN NEW; END $$;
         CREATE TRIGGER hold BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION hold();",
    )
    .await;
    let mut holder = db.connect().await;
    sqlx::query("SELECT pg_advisory_lock(424242)")
        .execute(&mut holder)
        .await
        .unwrap();
    let holder_pid = pid(&mut holder).await;
    let profile = Profile::default();
    let start = |s: u64| {
        let url = db.url.clone();
        let profile = profile.clone();
        tokio::spawn(async move {
            let opts = SeedOptions {
                seed: Some(s),
                jobs: 1,
                ..SeedOptions::default()
            };
            seed(&url.as_str().into(), &profile, &opts).await
        })
    };
    let (a, b) = (start(1), start(2));
    let mut watcher = db.connect().await;
    // Both are blocked: one on the test's lock mid-COPY, the other on that one (or, before the
    // fix, both mid-COPY).
    while backends(&mut watcher, "wait_event_type = 'Lock'", &[holder_pid]).await < 2 {
        assert!(
            !(a.is_finished() && b.is_finished()),
            "both seeds ended first"
        );
        tokio::task::yield_now().await;
    }
    sqlx::query("SELECT pg_advisory_unlock(424242)")
        .execute(&mut holder)
        .await
        .unwrap();
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let (won, lost) = match (a, b) {
        (Ok(s), Err(e)) | (Err(e), Ok(s)) => (s, e.to_string()),
        (Ok(_), Ok(_)) => panic!("both seeds loaded the same tables"),
        (Err(x), Err(y)) => panic!("both seeds failed: {x} / {y}"),
    };
    assert!(
        lost.contains("already have rows") || lost.contains("another seedbed seed is running"),
        "{lost}"
    );
    for t in ["public.notes", "public.tags"] {
        let planned = won.tables.iter().find(|s| s.table == t).unwrap().rows as i64;
        assert_eq!(
            db.scalar_i64(&format!("SELECT count(*) FROM {t}")).await,
            planned,
            "{t}"
        );
    }
}

/// Finding 4: a lock another session holds makes seedbed fail after `--lock-timeout`, naming
/// the table and the backend holding it, instead of waiting forever.
#[tokio::test]
async fn a_held_lock_fails_naming_the_table_and_its_holder() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE t (id serial PRIMARY KEY, label text)")
        .await;
    let (mut holder, holder_pid) = {
        let mut c = db.connect().await;
        let p = pid(&mut c).await;
        (c, p)
    };
    sqlx::query("SET application_name = 'lock-holder-app'")
        .execute(&mut holder)
        .await
        .unwrap();
    // ACCESS EXCLUSIVE blocks even catalog reads (inspect, plan, the seed's introspection).
    sqlx::raw_sql("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    for cmd in ["inspect", "plan", "seed"] {
        let e = error_line(&run(&[
            cmd,
            "--database-url",
            &db.url,
            "--lock-timeout",
            "1",
        ]));
        assert!(e.contains("public.t"), "{cmd}: {e}");
        assert!(e.contains(&format!("pid {holder_pid}")), "{cmd}: {e}");
        assert!(e.contains("lock-holder-app"), "{cmd}: {e}");
        assert!(e.contains("--lock-timeout"), "{cmd}: {e}");
        assert!(!e.contains("LOCK TABLE"), "never the holder's query: {e}");
    }
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    // A writer's lock does not block reads, but does block the seed's lock on its targets.
    sqlx::raw_sql("BEGIN; INSERT INTO t (label) VALUES ('in flight')")
        .execute(&mut holder)
        .await
        .unwrap();
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--lock-timeout",
        "1",
    ]));
    assert!(e.contains("locking the target tables"), "{e}");
    assert!(e.contains("public.t"), "{e}");
    assert!(e.contains(&format!("pid {holder_pid}")), "{e}");
    assert!(!e.contains("in flight"), "{e}");
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    assert_eq!(db.scalar_i64("SELECT count(*) FROM t").await, 0);
    let help = String::from_utf8_lossy(&run(&["seed", "--help"]).stdout).into_owned();
    assert!(
        help.contains("--lock-timeout") && help.contains("[default: 10]"),
        "{help}"
    );
}

fn psql_load(dir: &std::path::Path, url: &str) -> Output {
    Command::new("psql")
        .current_dir(dir)
        .args([url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "load.sql"])
        .output()
        .expect("psql runs")
}

/// Finding 8: exported fixtures load with psql whatever the names: `"a/b"` and `a_b` get
/// different files, and a column whose name holds a line break still loads.
#[tokio::test]
async fn exported_fixtures_with_awkward_names_load_with_psql() {
    let schema = "CREATE TABLE \"a/b\" (id int, v text);
         CREATE TABLE a_b (x int);
         CREATE TABLE \"a.b\" (y int);
         CREATE TABLE \"odd\nname\" (\"line\nbreak\" int, \"semi;colon\" text, \"quote'\"\"s\" text);";
    let src = fresh_db().await;
    src.exec(schema).await;
    let dir = std::env::temp_dir().join(format!("seedbed-export-{}", common::random_u32()));
    let prof = profile_file(
        "seed = 3\n[tables.\"public.a/b\"]\nrows = 7\n[tables.a_b]\nrows = 5\n[tables.\"public.a.b\"]\nrows = 4\n[tables.\"public.odd\\nname\"]\nrows = 6\n",
    );
    ok(&run(&[
        "export",
        "--database-url",
        &src.url,
        "--profile",
        prof.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--quiet",
    ]));
    let _ = std::fs::remove_file(&prof);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "load.sql",
            "public.a%2Eb.csv",
            "public.a%2Fb.csv",
            "public.a_b.csv",
            "public.odd%0Aname.csv"
        ]
    );
    let dst = fresh_db().await;
    dst.exec(schema).await;
    let out = psql_load(&dir, &dst.url);
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (t, n) in [
        ("\"a/b\"", 7),
        ("a_b", 5),
        ("\"a.b\"", 4),
        ("\"odd\nname\"", 6),
    ] {
        assert_eq!(
            dst.scalar_i64(&format!("SELECT count(*) FROM {t}")).await,
            n,
            "{t}"
        );
    }
    assert_eq!(
        src.scalar_i64("SELECT count(*) FROM a_b").await,
        0,
        "export writes nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Finding 9: a password is never shown, whatever form the connection string takes.
#[tokio::test]
async fn passwords_never_appear_in_any_connection_string_form() {
    let db = fresh_db().await;
    let (host, port) = db.host_port();
    let missing = format!("seedbed_missing_{}", common::random_u32());
    let forms = [
        (
            format!("postgres://postgres:Sekr1tUrl@{host}:{port}/{missing}"),
            "Sekr1tUrl",
        ),
        (
            format!("postgres://postgres@{host}:{port}/{missing}?password=Sekr1tQuery"),
            "Sekr1tQuery",
        ),
        (
            format!("host={host} port={port} user=postgres password=Sekr1tKv dbname={missing}"),
            "Sekr1tKv",
        ),
        (
            format!("host={host} password = 'Sekr1t Quoted' dbname={missing}"),
            "Sekr1t Quoted",
        ),
    ];
    for (conn, secret) in &forms {
        for out in [
            run(&["inspect", "--database-url", conn]),
            seedbed_cmd()
                .args(["seed"])
                .env("DATABASE_URL", conn)
                .output()
                .unwrap(),
        ] {
            let e = error_line(&out);
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!all.contains(secret), "{secret} shown: {all}");
            assert!(!all.contains("Sekr1t"), "{all}");
            assert!(e.contains(&missing) || e.contains("***"), "{e}");
        }
    }
}

/// Finding 9: `--append` onto a row that conflicts with a key fails without quoting the
/// existing row (the server's DETAIL carries its values).
#[tokio::test]
async fn an_append_conflict_does_not_quote_the_existing_row() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE people (id serial PRIMARY KEY, email text);
         -- Where --append's numbering will start: the sequence was never used.
         INSERT INTO people (id, email) VALUES (2, 'private.person@example.com');",
    )
    .await;
    let e = error_line(&run(&["seed", "--database-url", &db.url, "--append"]));
    assert!(e.contains("people_pkey"), "{e}");
    assert!(
        !e.contains("(id)=(2)") && !e.contains("private.person"),
        "{e}"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM people").await, 1);
}

/// Finding 10: a seed that fails after advancing the sequences puts them back.
#[tokio::test]
async fn a_failed_seed_leaves_sequences_as_they_were() {
    let db = fresh_db().await;
    // Rejected only at COMMIT, after setval.
    db.exec(
        "CREATE TABLE items (id serial PRIMARY KEY, label text);
         CREATE TABLE more (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int);
         SELECT setval('more_id_seq', 41);
         CREATE FUNCTION reject() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'rejected at commit'; END $$;
         CREATE CONSTRAINT TRIGGER late AFTER INSERT ON items DEFERRABLE INITIALLY DEFERRED
           FOR EACH ROW EXECUTE FUNCTION reject();",
    )
    .await;
    let state = |db: &TestDb| {
        let db = db.url.clone();
        async move {
            let mut c = seedbed::testing::connect::connect(&db).await.unwrap();
            let mut out = Vec::new();
            for s in ["items_id_seq", "more_id_seq"] {
                let r: (i64, bool) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT last_value, is_called FROM {s}"
                )))
                .fetch_one(&mut c)
                .await
                .unwrap();
                out.push(r);
            }
            out
        }
    };
    let before = state(&db).await;
    assert_eq!(before, [(1, false), (41, true)]);
    // (Keys are kept in place: rebuilding them is refused while the trigger's events pend.)
    for extra in [
        &["--no-defer-indexes"][..],
        &["--commit-per-table", "--jobs", "2"][..],
    ] {
        let mut args = vec!["seed", "--database-url", &db.url];
        args.extend_from_slice(extra);
        let e = error_line(&run(&args));
        // Where it was raised, not what it said (a RAISE may quote row values).
        assert!(e.contains("raised by PL/pgSQL function reject()"), "{e}");
        assert!(!e.contains("rejected at commit"), "{e}");
        assert_eq!(state(&db).await, before, "{extra:?}: {e}");
        db.exec("TRUNCATE items, more").await;
    }
}

/// Finding 11: a `--schema` that does not exist is an error naming it, with a suggestion.
#[tokio::test]
async fn a_missing_schema_is_an_error_naming_it() {
    let db = fresh_db().await;
    db.exec("CREATE SCHEMA sales; CREATE TABLE sales.orders (id int)")
        .await;
    for cmd in ["inspect", "plan", "seed", "doc"] {
        let e = error_line(&run(&[
            cmd,
            "--database-url",
            &db.url,
            "--schema",
            "sales",
            "--schema",
            "salse",
            "--schema",
            "nosuch",
        ]));
        assert!(
            e.contains("\"salse\" (did you mean \"sales\"?)") && e.contains("\"nosuch\""),
            "{cmd}: {e}"
        );
    }
    assert_eq!(db.scalar_i64("SELECT count(*) FROM sales.orders").await, 0);
    ok(&run(&[
        "inspect",
        "--database-url",
        &db.url,
        "--schema",
        "sales",
    ]));
}
