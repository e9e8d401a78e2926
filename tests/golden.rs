//! Golden data tests: the bytes a seed produces, pinned.
//!
//! Each case under `tests/golden/<case>/` holds:
//! - `schema.sql`, or `source` naming a schema file of the repository;
//! - `catalog.json`: the schema model seedbed introspects from it;
//! - `profile.toml`: the volume profile;
//! - `expected/`: what seedbed makes of them — `plan.txt` and `plan.json` (the `plan` command's
//!   output), and the `export` directory (one CSV per table, fill files, `load.sql`), plus
//!   `binary/<table>.copy`, each table's binary COPY stream.
//!
//! [`golden_data`] needs no database: catalog.json → graph → plan → export, compared byte for
//! byte. [`golden_catalogs`] applies each schema to a fresh database and checks that
//! introspection still gives catalog.json, so the two halves together pin schema → bytes.
//!
//! `BLESS=1 cargo test --test golden` rewrites the files that differ; a changed golden file is a
//! reviewed diff in the commit that changes it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use seedbed::testing::model::Catalog;
use seedbed::testing::plan::{Overrides, Plan};
use seedbed::testing::profile::Profile;
use seedbed::testing::report::plan as report;
use seedbed::testing::report::{Progress, ProgressMode};
use seedbed::testing::sink::CopyFormat;
use seedbed::testing::verify;
use seedbed::testing::{export, generate, graph};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn blessing() -> bool {
    std::env::var("BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Every case directory, sorted by name.
fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no golden cases under tests/golden");
    dirs
}

fn case_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// The schema SQL of a case: its own `schema.sql`, or the repository file `source` names.
fn schema_path(dir: &Path) -> PathBuf {
    let own = dir.join("schema.sql");
    if own.exists() {
        return own;
    }
    let source = std::fs::read_to_string(dir.join("source"))
        .unwrap_or_else(|_| panic!("{}: neither schema.sql nor source", dir.display()));
    Path::new(env!("CARGO_MANIFEST_DIR")).join(source.trim())
}

/// The files a case produces, by path relative to `expected/`.
fn produce(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let name = case_name(dir);
    let json = std::fs::read_to_string(dir.join("catalog.json"))
        .unwrap_or_else(|e| panic!("{name}: catalog.json: {e} (BLESS=1 writes it)"));
    let catalog: Catalog =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: catalog.json: {e}"));
    // A relative path, so that the profile's name in messages is the same on every machine.
    let profile = Profile::load(Path::new(&format!("tests/golden/{name}/profile.toml")))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let order = graph::load_order(&catalog).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut plan = Plan::build(&catalog, &order, &profile, Overrides::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    verify::dry_run(&mut plan);

    let mut out = BTreeMap::new();
    out.insert(
        "plan.txt".to_string(),
        report::text(&plan, &[]).into_bytes(),
    );
    out.insert(
        "plan.json".to_string(),
        report::json(&plan, &[]).into_bytes(),
    );
    plan.ensure_ok()
        .unwrap_or_else(|e| panic!("{name}: the plan is refused: {e}"));

    // Export on two threads; the binary streams on one: both must give the single-thread bytes.
    let tmp = tempfile::tempdir().expect("temporary directory");
    let progress = Progress::new(ProgressMode::Quiet, plan.total_rows());
    export::export(&plan, &catalog, tmp.path(), 2, &progress)
        .unwrap_or_else(|e| panic!("{name}: export: {e}"));
    for entry in std::fs::read_dir(tmp.path()).expect("export directory") {
        let path = entry.expect("entry").path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(
            format!("export/{file}"),
            std::fs::read(&path).expect("read"),
        );
    }
    for (ti, t) in plan.tables.iter().enumerate() {
        let mut bytes = Vec::new();
        generate::stream_table(&plan, ti, CopyFormat::Binary, 1, &mut |chunk| {
            bytes.extend_from_slice(&chunk);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: binary COPY of {}: {e}", t.key));
        out.insert(format!("binary/{}.copy", t.key.replace('/', "_")), bytes);
    }
    out
}

/// Every file under `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Where the produced files differ from the expected ones: one line per file.
fn differences(
    expected: &BTreeMap<String, Vec<u8>>,
    produced: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (file, bytes) in produced {
        match expected.get(file) {
            None => out.push(format!("{file}: new file")),
            Some(e) if e != bytes => out.push(format!("{file}: {}", first_difference(e, bytes))),
            Some(_) => {}
        }
    }
    for file in expected.keys().filter(|f| !produced.contains_key(*f)) {
        out.push(format!("{file}: no longer produced"));
    }
    out
}

fn first_difference(expected: &[u8], got: &[u8]) -> String {
    let at = expected
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(got.len()));
    let line = expected[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let show = |b: &[u8]| {
        let end = b[at.min(b.len())..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| at + p)
            .min(at + 80);
        String::from_utf8_lossy(&b[at.min(b.len())..end]).into_owned()
    };
    format!(
        "differs at byte {at} (line {line}): expected {:?}, got {:?} ({} vs {} bytes)",
        show(expected),
        show(got),
        expected.len(),
        got.len()
    )
}

fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove old expected/");
    }
    for (file, bytes) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).expect("create directory");
        std::fs::write(&path, bytes).expect("write golden file");
    }
}

/// catalog.json → graph → plan → export, byte for byte against `expected/`. No database.
#[test]
fn golden_data() {
    let mut failures = Vec::new();
    for dir in cases() {
        let produced = produce(&dir);
        let expected_dir = dir.join("expected");
        let expected = read_tree(&expected_dir);
        let diffs = differences(&expected, &produced);
        if diffs.is_empty() {
            continue;
        }
        if blessing() {
            write_tree(&expected_dir, &produced);
            eprintln!("blessed {}: {} files changed", case_name(&dir), diffs.len());
        } else {
            failures.push(format!("{}:\n  {}", case_name(&dir), diffs.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "generated data differs from the golden files (if the change is intended, rerun with \
         BLESS=1 and review the diff):\n{}",
        failures.join("\n")
    );
}

/// The same seed gives the same bytes whatever the thread count: the export on two threads was
/// compared above; here every case's binary stream on three threads equals the one-thread one.
#[test]
fn golden_streams_do_not_depend_on_threads() {
    for dir in cases() {
        let name = case_name(&dir);
        let json = std::fs::read_to_string(dir.join("catalog.json")).expect("catalog.json");
        let catalog: Catalog = serde_json::from_str(&json).expect("catalog.json parses");
        let profile = Profile::load(&dir.join("profile.toml")).expect("profile");
        let order = graph::load_order(&catalog).expect("order");
        let plan = Plan::build(&catalog, &order, &profile, Overrides::default()).expect("plan");
        for ti in 0..plan.tables.len() {
            let stream = |jobs| {
                let mut bytes = Vec::new();
                generate::stream_table(&plan, ti, CopyFormat::Binary, jobs, &mut |c| {
                    bytes.extend_from_slice(&c);
                    Ok(())
                })
                .expect("stream");
                bytes
            };
            assert!(
                stream(1) == stream(3),
                "{name}: {} differs between 1 and 3 threads",
                plan.tables[ti].key
            );
        }
    }
}

/// The model a schema introspects to, stable across servers: the version is left out.
fn catalog_json(catalog: &Catalog) -> String {
    let mut c = catalog.clone();
    c.server_version = String::new();
    let mut s = serde_json::to_string_pretty(&c).expect("serialise");
    s.push('\n');
    s
}

/// Each case's schema, applied to a fresh database, introspects to its catalog.json.
#[tokio::test(flavor = "multi_thread")]
async fn golden_catalogs() {
    let mut failures = Vec::new();
    for dir in cases() {
        let db = common::fresh_db().await;
        db.apply_file(schema_path(&dir)).await;
        let mut conn = db.connect().await;
        let catalog = seedbed::testing::catalog::introspect(&mut conn, &Default::default())
            .await
            .expect("introspect");
        let produced = catalog_json(&catalog);
        let path = dir.join("catalog.json");
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if produced == expected {
            continue;
        }
        if blessing() {
            std::fs::write(&path, produced).expect("write catalog.json");
            eprintln!("blessed {}", path.display());
        } else {
            failures.push(format!(
                "{}: {}",
                case_name(&dir),
                first_difference(expected.as_bytes(), produced.as_bytes())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "introspection differs from catalog.json (BLESS=1 rewrites it; review the diff):\n{}",
        failures.join("\n")
    );
}
