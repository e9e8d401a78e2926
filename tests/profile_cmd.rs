//! `seedbed profile`: a starter profile for a live schema, and `--from-stats`, which copies a
//! source database's shape (row counts, null fractions) and never its values.

mod common;

use common::{fresh_db, ok, run};

const SCHEMA: &str = "
CREATE TABLE customers (
    id       serial PRIMARY KEY,
    name     text NOT NULL,
    nickname text,
    email    text NOT NULL,
    status   text NOT NULL,
    bio      text
);
CREATE TABLE orders (
    id          serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    note        text
);";

/// A value planted in the source: it must appear nowhere seedbed writes.
const CANARY: &str = "CANARY-7f3a9e";

#[tokio::test(flavor = "multi_thread")]
async fn from_stats_copies_shape_and_never_values() {
    let source = fresh_db().await;
    source.exec(SCHEMA).await;
    // 200 customers, 40% without a nickname; 1000 orders, 5 per customer; the canary is the
    // most common value of two columns, so it sits in pg_stats.most_common_vals.
    source
        .exec(&format!(
            "INSERT INTO customers (name, nickname, email, status, bio)
               SELECT CASE WHEN i % 2 = 0 THEN '{CANARY}' ELSE 'n' || i END,
                      CASE WHEN i % 5 < 2 THEN NULL ELSE '{CANARY}' END,
                      'e' || i || '@example.com',
                      's' || (i % 4),
                      'b' || lpad(i::text, 3, '0') || repeat(' word', 40)
                 FROM generate_series(1, 200) i;
             INSERT INTO orders (customer_id, note)
               SELECT 1 + (i % 200), CASE WHEN i % 10 = 0 THEN NULL ELSE '{CANARY}' END
                 FROM generate_series(1, 1000) i;
             ANALYZE customers; ANALYZE orders;"
        ))
        .await;
    let target = fresh_db().await;
    target.exec(SCHEMA).await;

    let profile = ok(&run(&[
        "profile",
        "--database-url",
        &target.url,
        "--from-stats",
        &source.url,
    ]));
    assert!(
        !profile.contains(CANARY),
        "the canary leaked into the profile:\n{profile}"
    );
    assert!(profile.contains("rows = 200"), "{profile}");
    assert!(profile.contains("rows = 1000"), "{profile}");
    assert!(
        profile.contains("fan-out of orders_customer_id_fkey: 5.00"),
        "{profile}"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, &profile).unwrap();
    ok(&run(&[
        "seed",
        "--database-url",
        &target.url,
        "--profile",
        &path.display().to_string(),
        "--quiet",
    ]));
    assert_eq!(
        target.scalar_i64("SELECT count(*) FROM customers").await,
        200
    );
    assert_eq!(target.scalar_i64("SELECT count(*) FROM orders").await, 1000);
    // 40% NULL nicknames in the source; the copy within sampling tolerance.
    let nulls = target
        .scalar_i64("SELECT count(*) FROM customers WHERE nickname IS NULL")
        .await;
    assert!(
        (50..=110).contains(&nulls),
        "{nulls} NULL nicknames of 200 (source: 80)"
    );
    // 4 statuses in the source: at most 4 in the copy. Bios of 204 characters: about as long.
    assert!(profile.contains("distinct = 4"), "{profile}");
    assert!(profile.contains("avg_length = 204"), "{profile}");
    let statuses = target
        .scalar_i64("SELECT count(DISTINCT status) FROM customers")
        .await;
    assert!((1..=4).contains(&statuses), "{statuses} distinct statuses");
    let bio = target
        .scalar_i64("SELECT avg(length(bio))::bigint FROM customers")
        .await;
    assert!((170..=240).contains(&bio), "bios average {bio} characters");
    let leaked = target
        .scalar_i64(&format!(
            "SELECT (SELECT count(*) FROM customers c WHERE c::text LIKE '%{CANARY}%')
                  + (SELECT count(*) FROM orders o WHERE o::text LIKE '%{CANARY}%')"
        ))
        .await;
    assert_eq!(leaked, 0, "the canary reached the seeded copy");
}

#[tokio::test(flavor = "multi_thread")]
async fn starter_profile_lists_every_table_and_loads() {
    let db = fresh_db().await;
    db.exec(SCHEMA).await;
    let profile = ok(&run(&["profile", "--database-url", &db.url]));
    let customers = profile
        .find("[tables.\"public.customers\"]")
        .expect("customers");
    let orders = profile.find("[tables.\"public.orders\"]").expect("orders");
    assert!(customers < orders, "tables are in load order:\n{profile}");
    assert!(
        profile.contains("# email"),
        "columns are described:\n{profile}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    std::fs::write(&path, &profile).unwrap();
    ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &path.display().to_string(),
    ]));
}
