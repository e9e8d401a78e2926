//! Issue 12: coherence within a row, and natural unique values. A seed of
//! tests/fixtures/row_coherence.sql, then SQL assertions: places and phones of the row's
//! country, adult birth dates, stage timestamps that follow the status and each other, totals
//! equal to the sum of their parts, unique names without a row token.

mod common;

use common::{fresh_db, profile_file, seed_quietly};
use seedbed::testing::values::text::{LOCAL, PLACES};

/// Calling codes, written here independently of seedbed's tables.
const CALLING: &[(&str, &str)] = &[
    ("US", "+1 "),
    ("CA", "+1 "),
    ("GB", "+44 "),
    ("NL", "+31 "),
    ("DE", "+49 "),
    ("FR", "+33 "),
    ("ES", "+34 "),
    ("IT", "+39 "),
    ("BR", "+55 "),
    ("JP", "+81 "),
    ("AU", "+61 "),
    ("SE", "+46 "),
    ("PL", "+48 "),
    ("IN", "+91 "),
    ("MX", "+52 "),
    ("IE", "+353 "),
];

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `CREATE TEMP TABLE` statements of the places seedbed knows: (country name, code, calling
/// prefix, post code regex) and (code, region).
fn places_sql() -> String {
    let mut countries = Vec::new();
    let mut regions = Vec::new();
    for ((name, code, _), (lcode, regs, post, _)) in PLACES.iter().zip(LOCAL) {
        assert_eq!(code, lcode, "LOCAL follows PLACES");
        let calling = CALLING
            .iter()
            .find(|c| c.0 == *code)
            .expect("calling code")
            .1;
        let re = format!("^{}$", post.replace('#', "[0-9]").replace('A', "[A-Z]"));
        countries.push(format!(
            "({}, {}, {}, {})",
            quote(name),
            quote(code),
            quote(calling),
            quote(&re)
        ));
        for r in *regs {
            regions.push(format!("({}, {})", quote(code), quote(r)));
        }
    }
    format!(
        "CREATE TABLE known_country (name text, code text, calling text, post text);
         INSERT INTO known_country VALUES {};
         CREATE TABLE known_region (code text, region text);
         INSERT INTO known_region VALUES {};",
        countries.join(", "),
        regions.join(", ")
    )
}

#[tokio::test]
async fn rows_are_coherent_and_unique_names_look_natural() {
    let db = fresh_db().await;
    db.apply_file("tests/fixtures/row_coherence.sql").await;
    let (_dir, profile) = profile_file(
        "seed = 7\ndefault_rows = 400\n[tables.customers]\nrows = 1500\n[tables.orders]\nrows = 2000\n",
    );
    seed_quietly(&db.url, &profile);
    db.exec(&places_sql()).await;
    let zero = [
        // Places and phones of the row's country (names and codes both).
        "SELECT count(*) FROM customers c JOIN known_country k ON k.name = c.country
          WHERE c.state IS NOT NULL
            AND c.state NOT IN (SELECT region FROM known_region r WHERE r.code = k.code)",
        "SELECT count(*) FROM orders o JOIN known_country k ON k.code = o.ship_country_code
          WHERE o.ship_region IS NOT NULL
            AND o.ship_region NOT IN (SELECT region FROM known_region r WHERE r.code = k.code)",
        "SELECT count(*) FROM customers c JOIN known_country k ON k.name = c.country
          WHERE c.phone NOT LIKE k.calling || '%'",
        "SELECT count(*) FROM customers c JOIN known_country k ON k.name = c.country
          WHERE c.postal_code !~ k.post",
        "SELECT count(*) FROM orders o JOIN known_country k ON k.code = o.ship_country_code
          WHERE o.ship_postcode !~ k.post",
        "SELECT count(*) FROM customers WHERE country NOT IN (SELECT name FROM known_country)",
        "SELECT count(*) FROM orders WHERE ship_country_code NOT IN (SELECT code FROM known_country)",
        // Adults: between 18 and 90 years before the end of the time window.
        "SELECT count(*) FROM customers
          WHERE age(date '2025-12-31', birth_date) NOT BETWEEN interval '18 years' AND interval '90 years'",
        "SELECT count(*) FROM employees
          WHERE age(timestamp '2025-12-31', date_of_birth) NOT BETWEEN interval '18 years' AND interval '90 years'",
        // Stage timestamps set exactly when the status has reached the stage.
        "SELECT count(*) FROM orders WHERE status IN ('shipped', 'delivered') AND shipped_at IS NULL",
        "SELECT count(*) FROM orders WHERE status IN ('pending', 'paid', 'cancelled') AND shipped_at IS NOT NULL",
        "SELECT count(*) FROM orders WHERE (status IN ('paid', 'shipped', 'delivered')) <> (paid_at IS NOT NULL)",
        "SELECT count(*) FROM orders WHERE (status = 'delivered') <> (delivered_at IS NOT NULL)",
        "SELECT count(*) FROM orders WHERE (status = 'cancelled') <> (cancelled_at IS NOT NULL)",
        "SELECT count(*) FROM tickets WHERE state = 'open' AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL)",
        // …and in stage order.
        "SELECT count(*) FROM orders WHERE paid_at < placed_at OR shipped_at < paid_at
            OR delivered_at < shipped_at OR cancelled_at < placed_at",
        "SELECT count(*) FROM tickets WHERE resolved_at < opened_at OR closed_at < opened_at",
        // Totals are the sum of their parts.
        "SELECT count(*) FROM orders
          WHERE total <> subtotal + tax + coalesce(shipping, 0) - discount",
        // The upper end of a named range is not below its lower end.
        "SELECT count(*) FROM special_offers WHERE max_qty < min_qty OR valid_to < valid_from
            OR end_time < start_time OR rgt < lft",
        // Unique names without a trailing row token.
        "SELECT count(*) FROM customers WHERE name ~ ' [0-9a-z]+$' OR company ~ ' [0-9a-z]+$'",
        "SELECT count(*) FROM products WHERE name ~ ' [0-9a-z]+$'",
        "SELECT count(*) FROM tickets WHERE title ~ ' [0-9a-z]+$'",
    ];
    for sql in zero {
        assert_eq!(db.scalar_i64(sql).await, 0, "{sql}");
    }
    // Every stage occurs, so the assertions above are not vacuous.
    let some = [
        "SELECT count(*) FROM orders WHERE status = 'pending'",
        "SELECT count(*) FROM orders WHERE status = 'delivered'",
        "SELECT count(*) FROM orders WHERE shipped_at IS NOT NULL",
        "SELECT count(*) FROM customers WHERE state IS NOT NULL AND phone IS NOT NULL",
        "SELECT count(*) FROM customers WHERE company IS NOT NULL",
        "SELECT count(*) FROM special_offers WHERE max_qty > min_qty AND valid_to > valid_from",
    ];
    for sql in some {
        assert!(db.scalar_i64(sql).await > 0, "{sql}");
    }
}

/// A date split across columns (musicbrainz's `begin_date_year`, `_month`, `_day` and the
/// `end_date_*` ones): months are 1–12 and days 1–28 whatever the ends, and the end's year is
/// not before the begin's (month and day are not ordered part by part).
#[tokio::test]
async fn dates_split_across_columns_look_like_dates() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE membership (id int PRIMARY KEY,
            begin_date_year smallint, begin_date_month smallint, begin_date_day smallint,
            end_date_year smallint, end_date_month smallint, end_date_day smallint);",
    )
    .await;
    let (_dir, profile) = profile_file("seed = 4\ndefault_rows = 500\n");
    seed_quietly(&db.url, &profile);
    let bad = |condition| db.rows_where("membership", condition);
    assert_eq!(
        bad("begin_date_month NOT BETWEEN 1 AND 12 OR end_date_month NOT BETWEEN 1 AND 12").await,
        0
    );
    assert_eq!(
        bad("begin_date_day NOT BETWEEN 1 AND 28 OR end_date_day NOT BETWEEN 1 AND 28").await,
        0
    );
    assert_eq!(bad("end_date_year < begin_date_year").await, 0);
    // Both kinds of month order occur: the parts are drawn apart.
    assert!(bad("end_date_month < begin_date_month").await > 0);
}

/// One-character code columns (harbor's `level character(1)`, `scope character(1)`): the
/// initials of the labels the name calls for, not random capitals; and a password column too
/// short for bcrypt holds a whole hex digest.
#[tokio::test]
async fn one_letter_codes_and_short_password_hashes() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE harbor_label (id int PRIMARY KEY, level character(1) NOT NULL,
             password character varying(40) NOT NULL);",
    )
    .await;
    let (_dir, profile) = profile_file("seed = 4\ndefault_rows = 300\n");
    seed_quietly(&db.url, &profile);
    assert!(
        db.scalar_i64("SELECT count(DISTINCT level) FROM harbor_label")
            .await
            >= 2
    );
    assert_eq!(db.rows_where("harbor_label", "level !~ '^[a-z]$'").await, 0);
    assert_eq!(
        db.rows_where("harbor_label", "password !~ '^[0-9a-f]{40}$'")
            .await,
        0
    );
}

/// Names the corpus left to filler: a country in two characters is its code, a size kept as
/// text is a number, an action is a verb, who did it is a user name, and a column holding a
/// regular expression holds one.
#[tokio::test]
async fn codes_numbers_actions_and_actors_kept_as_text() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE visits (id int PRIMARY KEY, country char(2) NOT NULL,
             size varchar(5) NOT NULL, action text NOT NULL, approved_by text NOT NULL,
             coverage_regex varchar(255) NOT NULL);",
    )
    .await;
    let (_dir, profile) = profile_file("seed = 5\ndefault_rows = 200\n");
    seed_quietly(&db.url, &profile);
    for none in [
        "country !~ '^[A-Z]{2}$'",
        "size !~ '^[1-9][0-9]{0,3}$'",
        "action NOT IN ('update','create','view','delete','login','export')",
        "approved_by !~ '^[a-z]+[0-9]*$'",
    ] {
        assert_eq!(db.rows_where("visits", none).await, 0, "{none}");
    }
    assert!(
        db.scalar_i64("SELECT count(DISTINCT country) FROM visits WHERE country IN ('US', 'GB', 'DE', 'FR', 'ES', 'CA')")
            .await
            >= 3
    );
    // Each one compiles as a PostgreSQL regular expression.
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM visits WHERE ('x' ~ coverage_regex) IS NOT NULL")
            .await,
        200
    );
}
