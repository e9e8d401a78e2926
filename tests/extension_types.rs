//! Extension types real schemas use, filled with no profile override.

mod common;

use common::{fresh_db, ok, repo_path, run};

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

/// pgvector's `vector(n)` holds n floats (the server refuses any other count). Where the
/// extension is not installed (Debian has no postgresql-15-pgvector package) the test says so
/// and seeds a stand-in instead: a type named `vector` with a typmod, reading any text, whose
/// values are then checked to be `[x,…]` of n floats in [-1, 1].
#[tokio::test(flavor = "multi_thread")]
async fn pgvector_columns_get_vectors_of_their_dimension() {
    let db = fresh_db().await;
    let real = db
        .scalar_i64("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")
        .await
        > 0;
    if real {
        db.exec("CREATE EXTENSION vector").await;
    } else {
        eprintln!("pgvector is not installed on this server: seeding a stand-in vector type");
        db.exec(
            "CREATE TYPE vector;
             CREATE FUNCTION vector_in(cstring) RETURNS vector LANGUAGE internal IMMUTABLE STRICT AS 'textin';
             CREATE FUNCTION vector_out(vector) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
             CREATE FUNCTION vector_typmod(cstring[]) RETURNS int LANGUAGE sql IMMUTABLE STRICT
               AS $$ SELECT ($1)[1]::text::int $$;
             CREATE TYPE vector (INPUT = vector_in, OUTPUT = vector_out, LIKE = text, TYPMOD_IN = vector_typmod);",
        )
        .await;
    }
    db.exec(
        "CREATE TABLE items (id serial PRIMARY KEY, embedding vector(8) NOT NULL, loose vector);",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    common::seed_quietly(&db.url, &profile);
    let floats = |col: &str| {
        format!(
            "(SELECT count(*) FILTER (WHERE x::float8 BETWEEN -1 AND 1)
                FROM unnest(string_to_array(btrim({col}::text, '[]'), ',')) x)"
        )
    };
    assert_eq!(
        db.scalar_i64(&format!(
            "SELECT count(*) FROM items WHERE {} = 8 AND (loose IS NULL OR {} = 3)",
            floats("embedding"),
            floats("loose")
        ))
        .await,
        50
    );
}

/// A user-defined range over uuid (hatchet's `v1_payload_offloaded_block_index`): non-empty
/// ranges, lower below upper as PostgreSQL orders uuids, through binary COPY and CSV alike.
#[tokio::test]
async fn a_user_defined_range_over_uuid() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TYPE uuidrange AS RANGE (SUBTYPE = uuid);
         CREATE TABLE block_index (id int PRIMARY KEY, r uuidrange NOT NULL);",
    )
    .await;
    for flags in [&[][..], &["--csv"][..]] {
        let mut args = vec!["seed", "--database-url", &db.url, "--quiet", "--truncate"];
        args.extend_from_slice(flags);
        ok(&run(&args));
        assert_eq!(
            db.scalar_i64(
                "SELECT count(*) FROM block_index WHERE NOT isempty(r) AND lower(r) < upper(r)"
            )
            .await,
            100,
            "{flags:?}"
        );
    }
}
