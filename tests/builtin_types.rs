//! Every built-in base, range and multirange type of the server round-trips through a seed:
//! the test asks `pg_type` for the list (so a server version with new types is covered without
//! editing it), makes a NOT NULL column and a NOT NULL array column of each, seeds with no
//! profile override, and checks every row holds a value the server accepted.

mod common;

use common::{error_line, fresh_db, run};
use sqlx::Row;

/// Base types whose input function accepts no value at all (they exist for the server's own
/// statistics and plans): no tool can write one, so a NOT NULL column of them is refused.
const NO_INPUT: &[&str] = &[
    "gtsvector",
    "pg_brin_bloom_summary",
    "pg_brin_minmax_multi_summary",
    "pg_dependencies",
    "pg_mcv_list",
    "pg_ndistinct",
    "pg_node_tree",
];

#[tokio::test(flavor = "multi_thread")]
async fn every_builtin_base_type_round_trips_through_a_seed() {
    let db = fresh_db().await;
    let mut c = db.connect().await;
    let types: Vec<(String, bool)> = sqlx::query(
        "SELECT typname::text, typarray <> 0 FROM pg_type
          WHERE typtype IN ('b', 'r', 'm') AND typnamespace = 'pg_catalog'::regnamespace
            AND typsubscript <> 'array_subscript_handler'::regproc
          ORDER BY 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    assert!(types.len() > 60, "{} base types", types.len());
    assert!(
        types.iter().any(|(t, _)| t == "tstzmultirange"),
        "multiranges are walked"
    );
    let mut ddl = String::new();
    let mut seeded = Vec::new();
    for (name, has_array) in &types {
        if NO_INPUT.contains(&name.as_str()) {
            continue;
        }
        let ty = format!("pg_catalog.\"{name}\"");
        let array = if *has_array {
            format!(", a {ty}[] NOT NULL")
        } else {
            String::new()
        };
        ddl.push_str(&format!(
            "CREATE TABLE \"t_{name}\" (v {ty} NOT NULL{array});\n"
        ));
        seeded.push(name.clone());
    }
    db.exec(&ddl).await;
    let (_dir, profile) = common::profile_file("default_rows = 20\n");
    let out = run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in &seeded {
        let n = db
            .scalar_i64(&format!(
                "SELECT count(*) FROM \"t_{name}\" WHERE v IS NOT NULL"
            ))
            .await;
        assert_eq!(n, 20, "{name}: {n} rows of 20");
    }
}

/// A type no value can be written to: nullable is left NULL, NOT NULL is refused before
/// loading, naming the column and type.
#[tokio::test(flavor = "multi_thread")]
async fn types_without_input_are_left_null_or_refused_by_name() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE stats (id int PRIMARY KEY, tree pg_node_tree);")
        .await;
    let out = run(&["seed", "--database-url", &db.url, "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM stats WHERE tree IS NULL")
            .await,
        100
    );

    let db = fresh_db().await;
    db.exec("CREATE TABLE stats (id int PRIMARY KEY, tree pg_node_tree NOT NULL);")
        .await;
    let out = run(&["plan", "--database-url", &db.url]);
    assert!(!out.status.success());
    let e = error_line(&out);
    assert!(e.contains("tree") && e.contains("pg_node_tree"), "{e}");
}
