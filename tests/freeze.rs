//! Issue 14: empty targets are TRUNCATEd in the load's transaction and loaded with
//! `COPY … FREEZE`: their rows are written frozen (the visibility map's all-frozen bits are set
//! by the load itself, PostgreSQL 14 and later). Where that is impossible the seed still loads
//! with plain COPY, and `plan` says why.

mod common;

use common::{TestDb, fresh_db, ok, repo_path, run};

/// Pages of `table` the visibility map marks all-frozen (pg_visibility).
async fn frozen_pages(db: &TestDb, table: &str) -> i64 {
    db.scalar_i64(&format!(
        "SELECT all_frozen FROM pg_visibility_map_summary('{table}'::regclass)"
    ))
    .await
}

#[tokio::test]
async fn a_seed_of_empty_tables_loads_them_frozen() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/ddx.sql")).await;
    db.exec("CREATE EXTENSION IF NOT EXISTS pg_visibility")
        .await;
    ok(&run(&[
        "seed",
        "--quiet",
        "--database-url",
        &db.url,
        "--profile",
        "profiles/ddx-small.toml",
    ]));
    for t in ["users", "templates", "projects", "patterns"] {
        assert!(db.scalar_i64(&format!("SELECT count(*) FROM {t}")).await > 0);
        assert!(frozen_pages(&db, t).await > 0, "{t} is not frozen");
        // And frozen means every page: nothing was written after the load.
        let pages = db
            .scalar_i64(&format!(
                "SELECT pg_relation_size('{t}') / current_setting('block_size')::int"
            ))
            .await;
        assert_eq!(frozen_pages(&db, t).await, pages, "{t}");
    }
}

#[tokio::test]
async fn a_table_referenced_from_outside_the_load_loads_without_freeze_and_plan_says_why() {
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION IF NOT EXISTS pg_visibility;
         CREATE TABLE parent (id int PRIMARY KEY, name text);
         CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id));
         CREATE TABLE other (id int PRIMARY KEY, note text);",
    )
    .await;
    let args = ["--database-url", &db.url, "--exclude-table", "child"];
    let plan = ok(&run(&[&["plan"][..], &args].concat()));
    assert!(
        plan.contains("public.parent: plain COPY: referenced by public.child"),
        "{plan}"
    );
    assert!(plan.contains("outside the load"), "{plan}");
    assert!(!plan.contains("public.other: plain COPY"), "{plan}");
    ok(&run(&[&["seed", "--quiet"][..], &args].concat()));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM parent").await, 100);
    assert_eq!(frozen_pages(&db, "parent").await, 0);
    assert!(frozen_pages(&db, "other").await > 0);
}

#[tokio::test]
async fn partitioned_tables_load_without_freeze_and_plan_says_why() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE m (id int, at date NOT NULL) PARTITION BY RANGE (at);
         CREATE TABLE m_all PARTITION OF m DEFAULT;",
    )
    .await;
    let args = ["--database-url", &db.url];
    let plan = ok(&run(&[&["plan"][..], &args].concat()));
    assert!(
        plan.contains("public.m: plain COPY: partitioned table"),
        "{plan}"
    );
    ok(&run(&[&["seed", "--quiet"][..], &args].concat()));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM m").await, 100);
}

#[tokio::test]
async fn tables_with_rows_are_never_emptied_for_freeze() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE keep (id int PRIMARY KEY);
         INSERT INTO keep VALUES (-1);
         CREATE TABLE fill (id int PRIMARY KEY);",
    )
    .await;
    // --append into a table with rows: nothing is emptied, the row stays.
    ok(&run(&[
        "seed",
        "--quiet",
        "--append",
        "--database-url",
        &db.url,
    ]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM keep WHERE id = -1")
            .await,
        1
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM fill").await, 100);
}

/// `--truncate` empties the targets in the load's transaction, which is all FREEZE asks: the
/// rows are loaded frozen without a second TRUNCATE (COPY FREEZE would refuse the table
/// otherwise, failing the seed), and the old rows are gone.
#[tokio::test]
async fn a_truncating_seed_loads_frozen() {
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION IF NOT EXISTS pg_visibility;
         CREATE TABLE parent (id int PRIMARY KEY, name text NOT NULL);
         CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id));
         INSERT INTO parent VALUES (-1, 'old');
         INSERT INTO child VALUES (-1, -1);",
    )
    .await;
    let url = db.url.clone();
    ok(&run(&[
        "seed",
        "--quiet",
        "--truncate",
        "--database-url",
        &url,
    ]));
    for t in ["parent", "child"] {
        assert_eq!(
            db.scalar_i64(&format!("SELECT count(*) FROM {t}")).await,
            100
        );
        assert_eq!(
            db.scalar_i64(&format!("SELECT count(*) FROM {t} WHERE id = -1"))
                .await,
            0
        );
        assert!(frozen_pages(&db, t).await > 0, "{t} is not frozen");
    }
}

#[tokio::test]
async fn a_key_kept_in_place_for_a_view_still_loads_frozen() {
    // The view depends on customers' primary key, so the deferred loader keeps it (its DROP
    // is rolled back to a savepoint): the COPYs still run in the transaction that emptied the
    // tables.
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION IF NOT EXISTS pg_visibility;
         CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
         CREATE TABLE orders (id serial PRIMARY KEY,
             customer_id int NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL);
         CREATE VIEW customer_totals AS
             SELECT c.id, c.name, sum(o.total) AS total
               FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id;",
    )
    .await;
    ok(&run(&["seed", "--quiet", "--database-url", &db.url]));
    for t in ["customers", "orders"] {
        assert!(frozen_pages(&db, t).await > 0, "{t} is not frozen");
    }
}

/// `--commit-per-table` (one connection, and several with `--jobs 2`): a table no other table
/// references is emptied and loaded with FREEZE in its own transaction; a referenced one, which
/// TRUNCATE cannot empty alone, loads with plain COPY. Keys stay whole either way.
#[tokio::test]
async fn per_table_commits_freeze_the_tables_nothing_references() {
    for jobs in ["1", "2"] {
        let db = fresh_db().await;
        db.exec(
            "CREATE EXTENSION IF NOT EXISTS pg_visibility;
             CREATE TABLE parent (id int PRIMARY KEY, name text);
             CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent(id));
             CREATE TABLE other (id int PRIMARY KEY, note text);",
        )
        .await;
        ok(&run(&[
            "seed",
            "--quiet",
            "--commit-per-table",
            "--jobs",
            jobs,
            "--database-url",
            &db.url,
        ]));
        assert_eq!(frozen_pages(&db, "parent").await, 0, "--jobs {jobs}");
        for t in ["child", "other"] {
            assert_eq!(
                db.scalar_i64(&format!("SELECT count(*) FROM {t}")).await,
                100
            );
            assert!(frozen_pages(&db, t).await > 0, "{t}, --jobs {jobs}");
        }
        assert_eq!(
            db.scalar_i64(
                "SELECT count(*) FROM child c LEFT JOIN parent p ON p.id = c.parent_id WHERE p.id IS NULL"
            )
            .await,
            0
        );
    }
}

/// Rows another session writes into a target between the per-table commits are kept: the
/// table is emptied for FREEZE only when it is still empty under the exclusive lock.
#[tokio::test]
async fn per_table_freeze_never_empties_rows_written_meanwhile() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE first (id int PRIMARY KEY);
         CREATE TABLE second (id int PRIMARY KEY, note text);
         -- Another writer, simulated: loading the first table writes a row into the second.
         CREATE FUNCTION meanwhile() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO second VALUES (-1, 'kept') ON CONFLICT DO NOTHING; RETURN NULL; END $$;
         CREATE TRIGGER meanwhile AFTER INSERT ON first FOR EACH STATEMENT EXECUTE FUNCTION meanwhile();",
    )
    .await;
    let (_dir, profile) =
        common::profile_file("[tables.first]\nrows = 10\n[tables.second]\nrows = 10\n");
    ok(&run(&[
        "seed",
        "--quiet",
        "--commit-per-table",
        "--jobs",
        "1",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM second WHERE id = -1")
            .await,
        1
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM second").await, 11);
}
