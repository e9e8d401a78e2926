//! Extension types real schemas use, filled with no profile override.

mod common;

use common::{fresh_db, repo_path};

/// citext (case-insensitive text: usernames, emails), under unique keys, and in an array.
#[tokio::test(flavor = "multi_thread")]
async fn citext_columns_are_generated_and_keep_their_keys() {
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION citext;
         CREATE TABLE accounts (
             id       serial PRIMARY KEY,
             email    citext NOT NULL UNIQUE,
             username citext NOT NULL UNIQUE,
             nick     citext,
             tags     citext[]
         );",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    common::seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM accounts").await, 50);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM accounts WHERE email::text LIKE '%@%.%'")
            .await,
        50,
        "emails are emails"
    );
    assert!(db.scalar_i64("SELECT count(nick) FROM accounts").await > 0);
}

/// tsvector (full-text documents, NOT NULL in real schemas, normally filled by a trigger):
/// words read as lexemes, loaded through the type's text input.
#[tokio::test(flavor = "multi_thread")]
async fn tsvector_columns_hold_lexemes() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE film (
             id       serial PRIMARY KEY,
             title    text NOT NULL,
             fulltext tsvector NOT NULL,
             extra    tsvector
         );
         CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    common::seed_quietly(&db.url, &profile);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM film WHERE length(fulltext) > 0")
            .await,
        50
    );
    assert!(db.scalar_i64("SELECT count(extra) FROM film").await > 0);
}

/// Contrib extension types real schemas use: hstore, ltree, cube, seg and isn's article
/// numbers (valid check digits; an ISBN under a unique key stays unique).
#[tokio::test(flavor = "multi_thread")]
async fn contrib_types_are_generated_in_their_own_syntax() {
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION hstore; CREATE EXTENSION ltree; CREATE EXTENSION cube;
         CREATE EXTENSION seg; CREATE EXTENSION isn;
         CREATE TABLE books (
             id       serial PRIMARY KEY,
             isbn     isbn13 NOT NULL UNIQUE,
             ean      ean13 NOT NULL,
             upc      upc,
             issn     issn,
             ismn     ismn,
             attrs    hstore NOT NULL,
             path     ltree NOT NULL,
             position cube NOT NULL,
             span     seg NOT NULL,
             shelves  ltree[]
         );",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    common::seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM books").await, 50);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM books WHERE isbn::text LIKE '978-%' AND array_length(akeys(attrs), 1) >= 1 AND nlevel(path) >= 1 AND cube_dim(position) >= 1")
            .await,
        50
    );
}

/// PostGIS geometry and geography honour their typmod: each value has the column's shape and
/// SRID (PostgreSQL enforces both), with no profile override. Skipped, saying so, where the
/// PostGIS package is not installed (`.ci/run` installs it).
#[tokio::test(flavor = "multi_thread")]
async fn postgis_columns_get_shapes_of_their_type_and_srid() {
    let db = fresh_db().await;
    if db
        .scalar_i64("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")
        .await
        == 0
    {
        eprintln!("skipped: PostGIS is not installed on this server");
        return;
    }
    db.exec(
        "CREATE EXTENSION postgis;
         CREATE TABLE places (
             id       serial PRIMARY KEY,
             zone     geometry(Polygon, 4326) NOT NULL,
             spot     geography(Point, 4326) NOT NULL,
             route    geometry(LineStringZ, 3857),
             regions  geometry(MultiPolygon, 4326),
             anything geometry
         );",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    common::seed_quietly(&db.url, &profile);
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM places
              WHERE ST_GeometryType(zone) = 'ST_Polygon' AND ST_SRID(zone) = 4326
                AND ST_IsValid(zone) AND ST_Y(spot::geometry) BETWEEN -90 AND 90"
        )
        .await,
        50
    );
}
