//! Realism (issue 12): how much of a plan is filler. `seedbed plan` ends with columns counted by
//! the source of their generator and lists the text columns (not keys) left to the type
//! fallback; `plan --format json` carries the same under `realism`.
//!
//! `corpus_fallback_share` (ignored: it loads every corpus schema) prints, per schema of
//! `schemas/realworld/`, the share of non-key text columns left to the type fallback, as a
//! Markdown table:
//!
//! `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test --test realism -- --ignored --nocapture`

mod common;

use common::{fresh_db, ok, repo_path, run};

/// The `realism` object of `plan --format json` on a database.
fn realism_of(url: &str) -> serde_json::Value {
    let profile = repo_path("profiles/small.toml").display().to_string();
    let out = run(&[
        "plan",
        "--database-url",
        url,
        "--profile",
        &profile,
        "--format",
        "json",
    ]);
    // A plan with refusals exits non-zero but still prints itself (some corpus schemas have
    // CHECKs seedbed cannot solve yet); the realism figures are there either way.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON plan ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    doc["realism"].clone()
}

#[tokio::test]
async fn plan_reports_sources_and_fallback_text_columns() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text, zzq text, code char(2));
         CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users, qqx text);",
    )
    .await;
    let r = realism_of(&db.url);
    // Keys are not counted as text; `zzq` and `qqx` say nothing, `code` is two letters.
    assert_eq!(r["text_columns"], 4, "{r}");
    let fallback: Vec<&str> = r["text_fallback"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        fallback,
        ["public.users.zzq", "public.users.code", "public.posts.qqx"]
    );
    assert_eq!(r["by_source"]["foreign key"], 1, "{r}");
    assert_eq!(r["by_source"]["name"], 1, "{r}");

    let profile = repo_path("profiles/small.toml").display().to_string();
    let text = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(
        text.contains("text columns (not keys): 4, of which 3 (75%) left to the type fallback"),
        "{text}"
    );
    assert!(text.contains("fallback: public.posts.qqx"), "{text}");
}

/// The corpus schemas (`schemas/realworld/`), planned with `profiles/small.toml`.
const CORPUS: &[&str] = &[
    "adventureworks",
    "chado",
    "chinook",
    "danbooru",
    "gisia",
    "graphile_starter",
    "harbor",
    "hexpm",
    "lago",
    "listmonk",
    "musicbrainz",
    "northwind",
    "openstreetmap",
    "pagila",
    "supabase_auth",
    "synapse",
    "temporal",
    "umami",
];

#[tokio::test]
#[ignore = "loads every corpus schema; prints a table (run with --nocapture)"]
async fn corpus_fallback_share() {
    let mut rows = Vec::new();
    let (mut all_text, mut all_fallback) = (0, 0);
    for schema in CORPUS {
        let db = fresh_db().await;
        let path = repo_path(format!("schemas/realworld/{schema}.sql"));
        let sql = std::fs::read_to_string(&path).expect("schema file");
        let mut c = db.connect().await;
        let applied = seedbed::testing::connect::apply_sql(&mut c, &path, &sql).await;
        drop(c);
        if let Err(e) = applied {
            rows.push(format!("| {schema} | not loaded here: {e} | | |"));
            continue;
        }
        let r = realism_of(&db.url);
        let text = r["text_columns"].as_u64().expect("count");
        let fallback = r["text_fallback"].as_array().expect("list").len() as u64;
        all_text += text;
        all_fallback += fallback;
        rows.push(format!(
            "| {schema} | {text} | {fallback} | {:.0}% |",
            share(fallback, text)
        ));
    }
    println!("| schema | non-key text columns | type fallback | share |");
    println!("|---|---:|---:|---:|");
    for r in rows {
        println!("{r}");
    }
    println!(
        "| **all** | {all_text} | {all_fallback} | {:.0}% |",
        share(all_fallback, all_text)
    );
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// After a seed, names read like a person reads them: compounds, identifiers, categories and
/// measures hold what their names say (SQL assertions on the loaded rows).
#[tokio::test]
async fn seeded_values_follow_their_names() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE person (id int PRIMARY KEY, emailaddress text, phonenumber text,
             purchaseordernumber varchar(25), external_customer_id text, status text,
             gender text, port int);
         CREATE TABLE track (id int PRIMARY KEY, name text, milliseconds int NOT NULL);
         CREATE TABLE comments (id int PRIMARY KEY, record_type text NOT NULL, record_id bigint);",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    let db_scalar = |sql: String| {
        let db = &db;
        async move { db.scalar_i64(&sql).await }
    };
    for (what, sql) in [
        (
            "emails on example domains",
            "SELECT count(*) FROM person WHERE emailaddress !~ '@example\\.(com|org|net)$'",
        ),
        (
            "purchase order numbers shaped like PO-2024-000123",
            "SELECT count(*) FROM person WHERE purchaseordernumber !~ '^PO-202[0-5]-[0-9]{6}$'",
        ),
        (
            "external ids with a prefix and no words",
            "SELECT count(*) FROM person WHERE external_customer_id !~ '^cst_[0-9a-z]{16}$'",
        ),
        (
            "statuses from the label set",
            "SELECT count(*) FROM person WHERE status NOT IN
                 ('active','pending','completed','inactive','failed','cancelled')",
        ),
        (
            "ports above the well-known range",
            "SELECT count(*) FROM person WHERE port NOT BETWEEN 1024 AND 65535",
        ),
        (
            "polymorphic types name the schema's own model classes",
            "SELECT count(*) FROM comments WHERE record_type NOT IN ('Comment', 'Person', 'Track')",
        ),
        (
            "tracks last minutes",
            "SELECT count(*) FROM track WHERE milliseconds < 90000",
        ),
    ] {
        assert_eq!(db_scalar(sql.to_string()).await, 0, "{what}: {sql}");
    }
    // Skewed: the first label is the most frequent.
    let active = db
        .scalar_i64("SELECT count(*) FROM person WHERE status = 'active'")
        .await;
    let pending = db
        .scalar_i64("SELECT count(*) FROM person WHERE status = 'pending'")
        .await;
    assert!(active > pending, "active {active}, pending {pending}");
}
