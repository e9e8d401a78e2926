//! Tables that migrations fill (countries, roles): `prefilled = true` leaves them as they are and
//! points foreign keys at their existing rows, reading only the referenced key columns.

mod common;

use common::{fresh_db, ok, run};

/// A value in a non-key column of the pre-filled table: it must appear nowhere seedbed writes.
const CANARY: &str = "CANARY-prefilled-41";

#[tokio::test(flavor = "multi_thread")]
async fn prefilled_tables_are_kept_and_referenced() {
    let db = fresh_db().await;
    db.exec(&format!(
        "CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
         INSERT INTO countries VALUES ('NL', '{CANARY}'), ('FR', 'France'), ('JP', 'Japan');
         CREATE TABLE customers (
             id      serial PRIMARY KEY,
             country char(2) NOT NULL REFERENCES countries (code),
             name    text NOT NULL
         );"
    ))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "[tables.countries]\nprefilled = true\n[tables.customers]\nrows = 60\n",
    )
    .unwrap();
    let profile = profile.display().to_string();
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(
        plan.contains("public.countries: left as it is; read its key columns code (3 rows)"),
        "{plan}"
    );
    assert!(!plan.contains(CANARY), "{plan}");
    let summary = ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(!summary.contains(CANARY), "{summary}");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM countries").await, 3);
    assert_eq!(
        db.scalar_i64(&format!(
            "SELECT count(*) FROM countries WHERE name = '{CANARY}'"
        ))
        .await,
        1,
        "the pre-filled table is unchanged"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM customers").await, 60);
    assert_eq!(
        db.scalar_i64("SELECT count(DISTINCT country) FROM customers")
            .await,
        3,
        "children spread over the existing rows"
    );
    assert_eq!(
        db.scalar_i64(&format!(
            "SELECT count(*) FROM customers c WHERE c::text LIKE '%{CANARY}%'"
        ))
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_prefilled_parent_is_refused_before_loading() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE roles (id int PRIMARY KEY);
         CREATE TABLE users (id serial PRIMARY KEY, role_id int NOT NULL REFERENCES roles (id));",
    )
    .await;
    let (_dir, profile) = common::profile_file("[tables.roles]\nprefilled = true\n");
    let out = run(&["seed", "--database-url", &db.url, "--profile", &profile]);
    assert!(!out.status.success());
    let e = common::error_line(&out);
    assert!(e.contains("pre-filled public.roles has no rows"), "{e}");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 0);
}
