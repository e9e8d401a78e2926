//! Issue 13, finding 3: values always fit their column, or `plan` refuses. Nothing is cut:
//! an email cut to `varchar(12)` used to end in `@example.co` (a real, registrable domain), an
//! address in `varchar(10)` in `198.51.100.`, and a `regex = "[A-Z]{5}"` override on
//! `varchar(3)` gave three letters.

mod common;

use common::{TestDb, error_line, fresh_db, ok, run};
use fake::locales::{Data, EN};
use sqlx::Connection;

/// An email ends in a reserved domain (RFC 2606 / RFC 6761).
const RESERVED_EMAIL: &str = r"@([a-z0-9-]+\.)*(example(\.(com|org|net))?|test|invalid)$";

const SCHEMA: &str = "
CREATE TABLE people (
    id            int PRIMARY KEY,
    first_name    varchar(40) NOT NULL,
    last_name     varchar(40) NOT NULL,
    email         varchar(12) NOT NULL,
    work_email    varchar(20),
    contact_email varchar(35) UNIQUE,
    tiny_email    varchar(4),
    code          varchar(3) NOT NULL,
    homepage_url  varchar(10),
    website       varchar(24),
    ip_address    varchar(10),
    last_login_ip varchar(12),
    phone         varchar(10),
    city          char(6),
    country_code  char(2),
    summary       varchar(15),
    label         char(7)
);
CREATE TABLE accounts (
    id          int PRIMARY KEY,
    email       varchar(12) NOT NULL UNIQUE,
    login_email varchar(20) UNIQUE
);";

async fn seeded(profile: Option<&str>) -> TestDb {
    let db = fresh_db().await;
    db.exec(SCHEMA).await;
    let mut args = vec!["seed", "--database-url", &db.url, "--quiet"];
    let prof = std::env::temp_dir().join(format!("seedbed-fit-{}.toml", common::random_u32()));
    let text = format!("default_rows = 300\n{}", profile.unwrap_or(""));
    std::fs::write(&prof, text).unwrap();
    let path = prof.to_str().unwrap().to_string();
    args.extend(["--profile", &path]);
    ok(&run(&args));
    let _ = std::fs::remove_file(prof);
    db
}

async fn texts(db: &TestDb, sql: &str) -> Vec<String> {
    let mut c = db.connect().await;
    let v: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_all(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    c.close().await.ok();
    v
}

#[tokio::test]
async fn emails_in_short_columns_keep_a_reserved_domain() {
    let db = seeded(None).await;
    for (table, col) in [
        ("people", "email"),
        ("people", "work_email"),
        ("people", "contact_email"),
        ("accounts", "email"),
        ("accounts", "login_email"),
    ] {
        let bad = texts(
            &db,
            &format!("SELECT {col} FROM {table} WHERE {col} !~ '{RESERVED_EMAIL}'"),
        )
        .await;
        assert!(bad.is_empty(), "{table}.{col}: {bad:?}");
        let emails = db
            .scalar_i64(&format!(
                "SELECT count(*) FROM {table} WHERE {col} LIKE '_%@%'"
            ))
            .await;
        assert!(emails > 100, "{table}.{col}: only {emails} emails");
    }
    // No email fits in 4 characters: something else that fits, never a cut email.
    let bad = texts(
        &db,
        "SELECT tiny_email FROM people WHERE tiny_email LIKE '%@%'",
    )
    .await;
    assert!(bad.is_empty(), "{bad:?}");
}

#[tokio::test]
async fn addresses_urls_and_phones_are_whole() {
    let db = seeded(None).await;
    // Documentation addresses, all four octets (a cut one does not even cast to inet).
    for col in ["ip_address", "last_login_ip"] {
        let bad = texts(
            &db,
            &format!(
                "SELECT {col} FROM people WHERE {col} !~ '^[0-9]{{1,3}}(\\.[0-9]{{1,3}}){{3}}$'
                    OR NOT ({col}::inet << '192.0.2.0/24' OR {col}::inet << '198.51.100.0/24'
                            OR {col}::inet << '203.0.113.0/24')"
            ),
        )
        .await;
        assert!(bad.is_empty(), "{col}: {bad:?}");
        assert!(
            db.scalar_i64(&format!("SELECT count({col}) FROM people"))
                .await
                > 100
        );
    }
    // A URL that fits is whole and on a reserved domain; where none fits, no URL at all.
    let bad = texts(
        &db,
        r"SELECT website FROM people
           WHERE website !~ '^https?://([a-z0-9-]+\.)*(example|test|invalid)(/[a-z0-9/-]*)?$'",
    )
    .await;
    assert!(bad.is_empty(), "{bad:?}");
    let bad = texts(
        &db,
        "SELECT homepage_url FROM people WHERE homepage_url ~ '[:/.]'",
    )
    .await;
    assert!(bad.is_empty(), "{bad:?}");
    let bad = texts(
        &db,
        r"SELECT phone FROM people WHERE phone !~ '^([0-9]{3}-)?555-01[0-9]{2}$'",
    )
    .await;
    assert!(bad.is_empty(), "{bad:?}");
}

#[tokio::test]
async fn short_text_is_cut_at_word_boundaries() {
    let db = seeded(None).await;
    let lorem: std::collections::HashSet<&str> = EN::LOREM_WORD.iter().copied().collect();
    let summaries = texts(&db, "SELECT summary FROM people WHERE summary IS NOT NULL").await;
    assert!(summaries.len() > 100);
    for s in &summaries {
        assert!(s.chars().count() <= 15, "{s:?}");
        for w in s.split(' ') {
            let w = w.trim_end_matches('.').to_lowercase();
            assert!(lorem.contains(w.as_str()), "{s:?}: partial word {w:?}");
        }
    }
    // char(n): no trailing partial word (a city is one of the word list's names, whole).
    let bad = texts(
        &db,
        "SELECT label FROM people WHERE label IS NOT NULL AND rtrim(label) ~ '[ ,;:-]$'",
    )
    .await;
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM people WHERE length(code) <> 3 OR length(country_code) <> 2"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn an_override_that_cannot_fit_is_refused_by_plan() {
    let db = fresh_db().await;
    db.exec(SCHEMA).await;
    let prof = std::env::temp_dir().join(format!("seedbed-fit-{}.toml", common::random_u32()));
    for (entry, what) in [
        ("regex = \"[A-Z]{5}\"", "regex"),
        ("value = \"ABCDE\"", "value"),
        ("choices = [\"AB\", \"ABCDE\"]", "choices"),
        ("template = \"C-{n:4}\"", "template"),
    ] {
        std::fs::write(&prof, format!("[tables.people.columns.code]\n{entry}\n")).unwrap();
        let out = run(&[
            "plan",
            "--database-url",
            &db.url,
            "--profile",
            prof.to_str().unwrap(),
        ]);
        assert!(!out.status.success(), "{what}: plan accepted it");
        let all = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            all.contains("column code")
                && all.contains("character varying(3)")
                && all.contains("at most 3 characters"),
            "{what}: {all}"
        );
        // seed refuses too, writing nothing.
        let e = error_line(&run(&[
            "seed",
            "--database-url",
            &db.url,
            "--profile",
            prof.to_str().unwrap(),
        ]));
        assert!(e.contains("code"), "{e}");
        assert_eq!(db.scalar_i64("SELECT count(*) FROM people").await, 0);
    }
    // One that can fit is kept whole.
    std::fs::write(
        &prof,
        "[tables.people.columns.code]\nregex = \"[A-Z]{2,8}\"\n",
    )
    .unwrap();
    let out = run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        prof.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&out);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM people WHERE code !~ '^[A-Z]{2,3}$'")
            .await,
        0
    );
    let _ = std::fs::remove_file(prof);
}

#[tokio::test]
async fn text_never_holds_a_nul() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE t (id int PRIMARY KEY, a text NOT NULL, b varchar(20) NOT NULL, c text NOT NULL)")
        .await;
    let prof = std::env::temp_dir().join(format!("seedbed-nul-{}.toml", common::random_u32()));
    std::fs::write(
        &prof,
        "default_rows = 200\n[tables.t.columns.a]\nregex = \"[^a]{3}.\"\n[tables.t.columns.b]\nregex = \"[\\\\x00-\\\\x7f]{5}\"\n",
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
    assert_eq!(db.scalar_i64("SELECT count(*) FROM t").await, 200);
    // A literal NUL cannot be generated: refused, naming the column.
    std::fs::write(&prof, "[tables.t.columns.c]\nvalue = \"a\\u0000b\"\n").unwrap();
    let out = run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        prof.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let all =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(all.contains("column c") && all.contains("NUL"), "{all}");
    let _ = std::fs::remove_file(prof);
}
