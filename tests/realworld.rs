//! The real-world corpus (`schemas/realworld/`, provenance in its README): public schemas nobody
//! on this project wrote, seeded with the generic `profiles/small.toml` and no overrides, every
//! constraint enforced. Each listed schema must seed, and every table must get rows (or be left,
//! as `plan` says, to an AFTER INSERT trigger that fills it). chinook, pagila and listmonk also
//! seed at `profiles/medium.toml`.
//!
//! openstreetmap and lago run where PostGIS and pg_partman are installed (`.ci/run` installs
//! both) and say they were skipped elsewhere. `bash benches/corpus.sh` runs all of them.

mod common;

use common::{fresh_db, repo_path, run};

async fn seeds_with_rows_in_every_table(schema: &str) {
    seeds_at(schema, "small").await;
}

/// Seeds `schema` with `profiles/{profile}.toml` and checks every table got rows.
async fn seeds_at(schema: &str, profile: &str) {
    let db = fresh_db().await;
    db.apply_file(repo_path(format!("schemas/realworld/{schema}.sql")))
        .await;
    let profile = repo_path(format!("profiles/{profile}.toml"))
        .display()
        .to_string();
    let out = run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{schema}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    let tables = summary["tables"].as_array().expect("tables");
    assert!(!tables.is_empty(), "{schema}: no tables");
    let left = left_to_triggers(&db.url, &profile);
    let empty: Vec<&str> = tables
        .iter()
        .filter(|t| t["rows"].as_u64() == Some(0))
        .filter_map(|t| t["table"].as_str())
        .filter(|t| !left.iter().any(|l| l == t))
        .collect();
    assert!(empty.is_empty(), "{schema}: tables left empty: {empty:?}");
}

/// The tables `plan` leaves to AFTER INSERT triggers (rows = 0, the trigger fills them).
fn left_to_triggers(url: &str, profile: &str) -> Vec<String> {
    let out = run(&[
        "plan",
        "--database-url",
        url,
        "--profile",
        profile,
        "--format",
        "json",
    ]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON plan");
    plan["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| {
            t["rows_reason"]
                .as_str()
                .is_some_and(|r| r.starts_with("left to AFTER INSERT trigger"))
        })
        .filter_map(|t| t["table"].as_str().map(str::to_string))
        .collect()
}

/// Whether the server can install `extension`; says the test was skipped when not.
async fn has_extension(extension: &str) -> bool {
    let probe = fresh_db().await;
    let n = probe
        .scalar_i64(&format!(
            "SELECT count(*) FROM pg_available_extensions WHERE name = '{extension}'"
        ))
        .await;
    if n == 0 {
        eprintln!("skipped: {extension} is not installed on this server");
    }
    n > 0
}

#[tokio::test]
async fn chado() {
    seeds_with_rows_in_every_table("chado").await;
}

#[tokio::test]
async fn chinook() {
    seeds_with_rows_in_every_table("chinook").await;
}

#[tokio::test]
async fn danbooru() {
    seeds_with_rows_in_every_table("danbooru").await;
}

#[tokio::test]
async fn gisia() {
    seeds_with_rows_in_every_table("gisia").await;
}

#[tokio::test]
async fn listmonk() {
    seeds_with_rows_in_every_table("listmonk").await;
}

#[tokio::test]
async fn northwind() {
    seeds_with_rows_in_every_table("northwind").await;
}

#[tokio::test]
async fn pagila() {
    seeds_with_rows_in_every_table("pagila").await;
}

/// Its BEFORE INSERT trigger `check_partial_state_events` rejects a row whose room_id differs
/// from its event's: the copy is derived from the parent row (issue 12).
#[tokio::test]
async fn synapse() {
    seeds_with_rows_in_every_table("synapse").await;
}

#[tokio::test]
async fn temporal() {
    seeds_with_rows_in_every_table("temporal").await;
}

#[tokio::test]
async fn hexpm() {
    seeds_with_rows_in_every_table("hexpm").await;
}

#[tokio::test]
async fn graphile_starter() {
    seeds_with_rows_in_every_table("graphile_starter").await;
}

#[tokio::test]
async fn openstreetmap() {
    if has_extension("postgis").await {
        seeds_with_rows_in_every_table("openstreetmap").await;
    }
}

#[tokio::test]
async fn lago() {
    if has_extension("pg_partman").await {
        seeds_with_rows_in_every_table("lago").await;
    }
}

// Tried first as schemas the project had never seen (AdventureWorks: currency-code keys and
// `upper(col) IN (…)` CHECKs; supabase auth: `TRIM(BOTH FROM …)` CHECKs).

#[tokio::test]
async fn adventureworks() {
    seeds_with_rows_in_every_table("adventureworks").await;
}

#[tokio::test]
async fn umami() {
    seeds_with_rows_in_every_table("umami").await;
}

#[tokio::test]
async fn supabase_auth() {
    seeds_with_rows_in_every_table("supabase_auth").await;
}

#[tokio::test]
async fn musicbrainz() {
    seeds_with_rows_in_every_table("musicbrainz").await;
}

#[tokio::test]
async fn harbor() {
    seeds_with_rows_in_every_table("harbor").await;
}

// A subset at `medium` (2,000 rows a table): more rows meet more unique-key, CHECK and
// foreign-key collisions than `small` does.

#[tokio::test]
async fn chinook_at_medium() {
    seeds_at("chinook", "medium").await;
}

#[tokio::test]
async fn pagila_at_medium() {
    seeds_at("pagila", "medium").await;
}

#[tokio::test]
async fn listmonk_at_medium() {
    seeds_at("listmonk", "medium").await;
}
