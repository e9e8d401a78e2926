//! Issue 3: deterministic, realistic, privacy-safe rows; `plan` and `export`.
//!
//! Every test works in its own fresh database (tests/common) and drives the real binary or the
//! library against a real PostgreSQL.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{error_line, fresh_db, ok, repo_path, run};

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "seedbed-test-{tag}-{}-{}",
        std::process::id(),
        common::random_u32()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Every file of a directory, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A table's CSV as rows of named fields (None = NULL).
fn read_csv(path: &Path) -> Vec<BTreeMap<String, Option<String>>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| {
                    (
                        h.clone(),
                        if v.is_empty() {
                            None
                        } else {
                            Some(v.to_string())
                        },
                    )
                })
                .collect()
        })
        .collect()
}

fn schema(name: &str) -> String {
    repo_path(format!("schemas/{name}.sql"))
        .display()
        .to_string()
}

fn profile(name: &str) -> String {
    repo_path(format!("profiles/{name}.toml"))
        .display()
        .to_string()
}

#[test]
fn export_is_identical_for_any_number_of_jobs() {
    // --scale 30 gives several 1024-row blocks per table, so threads really interleave.
    let a = tmpdir("jobs1");
    let b = tmpdir("jobs2");
    for (dir, jobs) in [(&a, "1"), (&b, "2")] {
        ok(&run(&[
            "export",
            "--schema-file",
            &schema("ddx"),
            "--profile",
            &profile("ddx-small"),
            "--seed",
            "7",
            "--scale",
            "30",
            "--jobs",
            jobs,
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ]));
    }
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    let users = read_csv(&a.join("public.users.csv"));
    assert_eq!(users.len(), 1500);
    for (name, bytes) in &fa {
        assert!(
            bytes == &fb[name],
            "{name} differs between --jobs 1 and --jobs 2"
        );
    }
    // And a different seed gives different data.
    let c = tmpdir("seed8");
    ok(&run(&[
        "export",
        "--schema-file",
        &schema("ddx"),
        "--profile",
        &profile("ddx-small"),
        "--seed",
        "8",
        "--quiet",
        "--out",
        c.to_str().unwrap(),
    ]));
    assert_ne!(files(&c)["public.users.csv"], fa["public.users.csv"]);
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[tokio::test]
async fn adding_a_table_or_column_leaves_other_values_unchanged() {
    let base = "CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL, score integer NOT NULL, created_at timestamptz NOT NULL);";
    let db1 = fresh_db().await;
    db1.exec(base).await;
    let db2 = fresh_db().await;
    db2.exec(base).await;
    db2.exec("ALTER TABLE users ADD COLUMN nickname text; CREATE TABLE aaa_first (id int PRIMARY KEY, note text);").await;
    let (a, b) = (tmpdir("stable-a"), tmpdir("stable-b"));
    for (db, dir) in [(&db1, &a), (&db2, &b)] {
        ok(&run(&[
            "export",
            "--database-url",
            &db.url,
            "--seed",
            "3",
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ]));
    }
    let ua = read_csv(&a.join("public.users.csv"));
    let ub = read_csv(&b.join("public.users.csv"));
    assert_eq!(ua.len(), ub.len());
    for (ra, rb) in ua.iter().zip(&ub) {
        for (col, v) in ra {
            assert_eq!(
                Some(v),
                rb.get(col),
                "column {col} changed when a column and a table were added"
            );
        }
        assert!(rb.contains_key("nickname"));
    }
    let _ = std::fs::remove_dir_all(a);
    let _ = std::fs::remove_dir_all(b);
}

/// psql from PATH or next to initdb.
fn psql() -> PathBuf {
    seedbed::testing::throwaway::find_bin_dir()
        .ok()
        .map(|d| d.join("psql"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| "psql".into())
}

#[tokio::test]
async fn every_schema_exports_and_reloads_with_psql() {
    for name in ["ddx", "shop", "hard"] {
        let out = tmpdir(&format!("reload-{name}"));
        let prof = if name == "ddx" {
            profile("ddx-small")
        } else {
            profile("small")
        };
        ok(&run(&[
            "export",
            "--schema-file",
            &schema(name),
            "--profile",
            &prof,
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]));
        let db = fresh_db().await;
        db.apply_file(repo_path(format!("schemas/{name}.sql")))
            .await;
        let status = std::process::Command::new(psql())
            .current_dir(&out)
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &db.url,
                "-f",
                "load.sql",
            ])
            .output()
            .expect("run psql");
        assert!(
            status.status.success(),
            "{name}: psql -f load.sql failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        // Every table got the rows its CSV holds.
        for (file, _) in files(&out)
            .iter()
            .filter(|(f, _)| f.ends_with(".csv") && !f.ends_with(".fill.csv"))
        {
            let rows = read_csv(&out.join(file)).len() as i64;
            let table = file.trim_end_matches(".csv");
            // File names percent-encode each name (`Human%20Resources.Departments`).
            let decode = |s: &str| {
                let b = s.as_bytes();
                let mut out = Vec::new();
                let mut i = 0;
                while i < b.len() {
                    if b[i] == b'%' {
                        out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                        i += 3;
                    } else {
                        out.push(b[i]);
                        i += 1;
                    }
                }
                String::from_utf8(out).unwrap()
            };
            let (schema, tname) = table.split_once('.').unwrap();
            let (schema, tname) = (decode(schema), decode(tname));
            let n = db
                .scalar_i64(&format!(
                    "SELECT count(*) FROM \"{}\".\"{}\"",
                    schema.replace('"', "\"\""),
                    tname.replace('"', "\"\"")
                ))
                .await;
            assert_eq!(n, rows, "{name}: {table}");
        }
        let _ = std::fs::remove_dir_all(out);
    }
}

#[tokio::test]
async fn csv_dialect_keeps_null_and_empty_string_apart() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE t (id int PRIMARY KEY, a text, b text NOT NULL);")
        .await;
    let prof = tmpdir("nullprof");
    std::fs::create_dir_all(&prof).unwrap();
    let p = prof.join("p.toml");
    std::fs::write(&p, "default_rows = 20\n[tables.t.columns.a]\nnull_fraction = 1.0\n[tables.t.columns.b]\nvalue = \"\"\n").unwrap();
    let out = tmpdir("nullcsv");
    ok(&run(&[
        "export",
        "--database-url",
        &db.url,
        "--profile",
        p.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(out.join("public.t.csv")).unwrap();
    let second = text.lines().nth(1).unwrap();
    assert!(
        second.ends_with(",,\"\""),
        "NULL unquoted, empty string quoted: {second}"
    );
    let _ = std::fs::remove_dir_all(out);
    let _ = std::fs::remove_dir_all(prof);
}

#[tokio::test]
async fn privacy_contact_data_comes_from_reserved_ranges() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE people (id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text NOT NULL UNIQUE,
            phone text NOT NULL, ip_address inet NOT NULL, last_login_ip text NOT NULL, website text NOT NULL, ssn char(11) NOT NULL,
            card_number text NOT NULL, birth_date date NOT NULL);",
    )
    .await;
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--scale",
        "20",
        "--quiet",
    ]));
    let db = &db;
    let bad = |sql: &'static str| async move { db.scalar_i64(sql).await };
    assert_eq!(db.scalar_i64("SELECT count(*) FROM people").await, 2000);
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE email !~ '@example\\.(com|org|net)$'").await,
        0
    );
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE phone !~ ' 555 01[0-9]{2}$'").await,
        0
    );
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE NOT (ip_address << '192.0.2.0/24' OR ip_address << '198.51.100.0/24' OR ip_address << '203.0.113.0/24' OR ip_address << '2001:db8::/32')").await,
        0
    );
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE NOT (last_login_ip::inet << '192.0.2.0/24' OR last_login_ip::inet << '198.51.100.0/24' OR last_login_ip::inet << '203.0.113.0/24')").await,
        0
    );
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE website !~ '^https://[a-z0-9-]+\\.example/'").await,
        0
    );
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE ssn !~ '^666-'").await,
        0
    );
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE card_number NOT IN ('4111111111111111','4242424242424242','4012888888881881','5555555555554444','5105105105105100','378282246310005','6011111111111117','3530111333300000')").await,
        0
    );
    // The email belongs to the row's person.
    assert_eq!(
        bad("SELECT count(*) FROM people WHERE position(lower(regexp_replace(last_name, '[^A-Za-z]', '', 'g')) in replace(email, '.', '')) = 0 AND last_name ~ '^[A-Za-z]+$'").await,
        0
    );
    // `plan` marks personal data and the guarantee.
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let cols = &v["tables"][0]["columns"];
    let pii = |name: &str| {
        cols.as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["pii"]
            .clone()
    };
    assert_eq!(pii("email"), "email");
    assert_eq!(pii("phone"), "phone");
    assert_eq!(pii("last_name"), "person_name");
    assert_eq!(pii("ssn"), "national_id");
    assert_eq!(pii("birth_date"), "date_of_birth");
    let text = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(text.contains("reserved example domains only"), "{text}");
}

#[tokio::test]
async fn the_seed_is_printed_and_reproduces_the_data() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE t (id bigint PRIMARY KEY, title text NOT NULL, qty integer NOT NULL);")
        .await;
    let out = run(&["seed", "--database-url", &db.url, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(v["seed"], 42, "the default seed is fixed and reported");
    let first = db.scalar_i64("SELECT sum(hashtext(t::text)) FROM t").await;
    let a = tmpdir("repro");
    ok(&run(&[
        "export",
        "--database-url",
        &db.url,
        "--seed",
        "42",
        "--quiet",
        "--out",
        a.to_str().unwrap(),
    ]));
    db.exec("TRUNCATE t").await;
    let status = std::process::Command::new(psql())
        .current_dir(&a)
        .args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            &db.url,
            "-f",
            "load.sql",
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(
        db.scalar_i64("SELECT sum(hashtext(t::text)) FROM t").await,
        first,
        "seed and export give the same rows"
    );
    let _ = std::fs::remove_dir_all(a);
}

#[tokio::test]
async fn profiles_that_drift_from_the_schema_are_named() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL); CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY);").await;
    let dir = tmpdir("profiles");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write("a.toml", "[tables.userz]\nrows = 3\n"),
    ]));
    assert!(
        e.contains("userz") && e.contains("did you mean \"public.users\""),
        "{e}"
    );
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write(
            "b.toml",
            "[tables.users.columns.emial]\nnull_fraction = 0.5\n",
        ),
    ]));
    assert!(
        e.contains("emial") && e.contains("did you mean \"email\""),
        "{e}"
    );
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write("c.toml", "seed = 1\n[tables.users]\nrows = = 2\n"),
    ]));
    assert!(e.contains("c.toml:3:"), "file:line:col expected: {e}");
    // The qualified form and the basic form both work.
    let out = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write(
            "d.toml",
            "[tables.\"shop.orders\"]\nrows = 7\n[tables.users]\nrows = 1000\n",
        ),
    ]));
    assert!(out.contains("shop.orders — 7 rows"), "{out}");
    assert!(out.contains("public.users — 1000 rows"), "{out}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn type_fallbacks_cover_every_built_in_type() {
    // hard.sql's type_zoo has one column of each type; the seed must load with every value valid.
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/hard.sql")).await;
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile("small"),
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM type_zoo").await, 50);
    // Arrays, ranges and json carry real values.
    assert!(
        db.scalar_i64("SELECT count(*) FROM type_zoo WHERE NOT isempty(c_int4range)")
            .await
            > 0
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM type_zoo WHERE jsonb_typeof(c_jsonb) <> 'object'")
            .await,
        0
    );
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(plan.contains("no refusals"), "{plan}");
}

#[tokio::test]
async fn a_rows_city_belongs_to_its_country() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE addresses (id int PRIMARY KEY, street text NOT NULL, city text NOT NULL, country_code char(2) NOT NULL, country text NOT NULL);").await;
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    let mut c = db.connect().await;
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT city, country_code FROM addresses")
        .fetch_all(&mut c)
        .await
        .unwrap();
    assert_eq!(rows.len(), 100);
    for (city, code) in rows {
        let place = seedbed::testing::values::text::PLACES
            .iter()
            .find(|p| p.1 == code)
            .expect("a known country code");
        assert!(place.2.contains(&city.as_str()), "{city} is not in {code}");
    }
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(plan.contains("a city of the row's"), "{plan}");
}
