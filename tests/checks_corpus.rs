//! Issue 11, measured: every CHECK of `schemas/*.sql` and `schemas/realworld/*.sql`, seeded
//! with the generic `profiles/small.toml` and no overrides (PostgreSQL enforces each CHECK during
//! the load). Prints how each CHECK is honoured: translated into generators, solved per row
//! (evaluated, re-drawn or a branch applied), inlined from the schema's own functions, or
//! verified on the server.
//!
//! Left out: openstreetmap and lago (they need PostGIS and pg_partman, which the test machines
//! do not install). Schemas that still fail for a reason listed in `KNOWN` are reported, not
//! failed; any other failure fails the test.

mod common;

use common::{fresh_db, repo_path, run};
use seedbed::testing::graph;
use seedbed::testing::plan::{Overrides, Plan};
use seedbed::testing::profile::Profile;

/// Schemas that do not seed yet, and the open work that stops them.
const KNOWN: &[(&str, &str)] = &[(
    "musicbrainz",
    "a BEFORE INSERT trigger (prevent_invalid_attributes) accepts a link_attribute row only when a third table holds a pair read through four joined tables (not a CHECK: every CHECK plans and its rows pass)",
)];

const SKIPPED: &[&str] = &["openstreetmap", "lago"];

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    checks: usize,
    translated: usize,
    per_row: usize,
    inlined: usize,
    server: usize,
}

fn schemas() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["schemas", "schemas/realworld"] {
        let mut files: Vec<String> = std::fs::read_dir(repo_path(dir))
            .expect("schemas directory")
            .filter_map(|e| {
                let p = e.ok()?.path();
                {
                    let file = p.file_name()?.to_str()?.to_string();
                    (p.extension()? == "sql").then(|| format!("{dir}/{file}"))
                }
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn stem(file: &str) -> &str {
    file.rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".sql")
}

/// How the plan honours each CHECK of the schema at `url`.
async fn count(db: &common::TestDb) -> Counts {
    let mut conn = db.connect().await;
    let catalog = seedbed::testing::catalog::introspect(&mut conn, &Default::default())
        .await
        .expect("introspect");
    let profile = Profile::load(&repo_path("profiles/small.toml")).expect("profile");
    let order = graph::load_order(&catalog).expect("load order");
    let plan = Plan::build(&catalog, &order, &profile, Overrides::default()).expect("plan");
    let mut c = Counts::default();
    for t in &catalog.tables {
        let domain = t
            .columns
            .iter()
            .flat_map(|col| col.type_info.domain_checks());
        c.inlined += t
            .checks
            .iter()
            .chain(domain)
            .filter(|ch| !ch.inlined.is_empty())
            .count();
    }
    for t in &plan.tables {
        for ch in &t.checks {
            c.checks += 1;
            if !ch.modelled {
                c.server += 1;
            } else if format!("{:?}", ch.translation) == "Full" {
                c.translated += 1;
            } else {
                c.per_row += 1;
            }
        }
    }
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn every_corpus_check_is_honoured_at_small_without_overrides() {
    let profile = repo_path("profiles/small.toml").display().to_string();
    let mut total = Counts::default();
    let mut unexpected = Vec::new();
    let mut lines = Vec::new();
    for file in schemas() {
        let name = stem(&file);
        if SKIPPED.contains(&name) {
            lines.push(format!("{name:18} skipped (needs PostGIS / pg_partman)"));
            continue;
        }
        let db = fresh_db().await;
        db.apply_file(repo_path(&file)).await;
        let c = count(&db).await;
        let out = run(&[
            "seed",
            "--database-url",
            &db.url,
            "--profile",
            &profile,
            "--quiet",
        ]);
        let outcome = if out.status.success() {
            total.checks += c.checks;
            total.translated += c.translated;
            total.per_row += c.per_row;
            total.inlined += c.inlined;
            total.server += c.server;
            "seeded".to_string()
        } else {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            match KNOWN.iter().find(|(k, _)| *k == name) {
                Some((_, why)) => format!("not yet: {why}"),
                None => {
                    unexpected.push(format!("{name}: {err}"));
                    "FAILED".to_string()
                }
            }
        };
        lines.push(format!(
            "{name:18} {:3} checks: {:3} translated, {:3} per row, {:2} inlined, {:2} server — {outcome}",
            c.checks, c.translated, c.per_row, c.inlined, c.server
        ));
    }
    lines.push(format!(
        "{:18} {:3} checks: {:3} translated, {:3} per row, {:2} inlined, {:2} server (schemas that seeded)",
        "total", total.checks, total.translated, total.per_row, total.inlined, total.server
    ));
    println!("{}", lines.join("\n"));
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
