//! Issue 4: every constraint honoured (PostgreSQL enforces them all during the load), or the
//! run refused before loading with the constraint and the fixing setting named.

mod common;

use common::{TestDb, error_line, fresh_db, ok, repo_path, run};

async fn with_schema(file: &str) -> TestDb {
    let db = fresh_db().await;
    db.apply_file(repo_path(file)).await;
    db
}

/// Seed, then check the data against the schema with PostgreSQL itself: constraints were
/// enforced during the load; re-validate every CHECK and FK as NOT VALID → VALIDATE would.
async fn seed_and_verify(db: &TestDb, profile: &str, scale: &str) {
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path(profile).display().to_string(),
        "--scale",
        scale,
        "--quiet",
    ]));
    // Loaded rows exist in every table the plan sized above zero.
    let empty = db
        .scalar_i64(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r','p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog','information_schema')
               AND (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::int = 0",
        )
        .await;
    assert_eq!(empty, 0, "every table gets rows");
}

#[tokio::test]
async fn ddx_seeds_at_medium_and_at_scale_10() {
    let db = with_schema("schemas/ddx.sql").await;
    seed_and_verify(&db, "profiles/ddx-medium.toml", "1").await;
    let db = with_schema("schemas/ddx.sql").await;
    seed_and_verify(&db, "profiles/ddx-small.toml", "10").await;
    // The validate_template_schema CHECK holds for every row (the server enforced it).
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM templates WHERE NOT validate_template_schema(schema)")
            .await,
        0
    );
    // Patterns are unique within their template; projects within their owner.
    assert_eq!(
        db.scalar_i64("SELECT count(*) - count(DISTINCT (template_id, name)) FROM patterns")
            .await,
        0
    );
}

#[tokio::test]
async fn shop_seeds_at_medium_and_at_scale_10() {
    for (profile, scale) in [("profiles/medium.toml", "1"), ("profiles/small.toml", "10")] {
        let db = with_schema("schemas/shop.sql").await;
        seed_and_verify(&db, profile, scale).await;
        // Partition keys land in declared partitions (no default partition exists) and the
        // generated column was computed by PostgreSQL.
        assert_eq!(
            db.scalar_i64(
                "SELECT count(*) FROM shop.order_items WHERE line_total <> quantity * unit_price"
            )
            .await,
            0
        );
        // Order lines count 1..k within each order.
        assert_eq!(db.scalar_i64("SELECT count(*) FROM (SELECT order_id FROM shop.order_items GROUP BY order_id HAVING min(line_no) <> 1 OR max(line_no) <> count(*)) x").await, 0);
        // Sequences and identities were advanced: the application's next insert works.
        db.exec("INSERT INTO shop.products (sku, name, price) VALUES ('ZZZ-99999', 'Brand new thing', 9.99)").await;
        db.exec("INSERT INTO shop.customers (email, first_name, last_name, country_code, created_at, updated_at) VALUES ('new@example.com', 'New', 'Person', 'NL', now(), now())").await;
        // Partial unique index: at most one pending order per customer.
        assert_eq!(db.scalar_i64("SELECT count(*) FROM (SELECT customer_id FROM shop.orders WHERE status = 'pending' GROUP BY 1 HAVING count(*) > 1) x").await, 0);
    }
}

#[tokio::test]
async fn hard_seeds_at_medium_and_at_scale_10() {
    for (profile, scale) in [("profiles/medium.toml", "1"), ("profiles/small.toml", "10")] {
        let db = with_schema("schemas/hard.sql").await;
        seed_and_verify(&db, profile, scale).await;
        // The nullable cycle key was filled after both tables loaded.
        assert!(
            db.scalar_i64(
                "SELECT count(head_employee_id) FROM \"Human Resources\".\"Departments\""
            )
            .await
                > 0
        );
        // Self-references form trees: every manager is an earlier-numbered row or NULL, and some
        // employees have managers.
        assert!(
            db.scalar_i64("SELECT count(manager_id) FROM \"Human Resources\".employees")
                .await
                > 0
        );
        // Exclusion constraint held (PostgreSQL checked it): no overlapping bookings.
        assert_eq!(db.scalar_i64("SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id AND a.during && b.during").await, 0);
        db.exec("INSERT INTO tags (label) VALUES ('brand-new-label')")
            .await;
    }
}

#[tokio::test]
async fn capacity_refusals_say_how_many_rows_are_possible() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TYPE mood AS ENUM ('a','b','c','d');
         CREATE TABLE flags (f boolean PRIMARY KEY);
         CREATE TABLE moods (m mood UNIQUE, note text);
         CREATE TABLE codes (code varchar(2) PRIMARY KEY);
         CREATE TABLE parents (id int PRIMARY KEY);
         CREATE TABLE kinds (id int PRIMARY KEY);
         CREATE TABLE links (parent_id int REFERENCES parents, kind_id int REFERENCES kinds, PRIMARY KEY (parent_id, kind_id));",
    )
    .await;
    let prof = std::env::temp_dir().join(format!("seedbed-cap-{}.toml", common::random_u32()));
    let write = |body: &str| {
        std::fs::write(&prof, body).unwrap();
        prof.display().to_string()
    };
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &write("default_rows = 1\n[tables.flags]\nrows = 10\n"),
    ]));
    assert!(e.contains("flags_pkey") && e.contains("only 2"), "{e}");
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write("default_rows = 1\n[tables.moods]\nrows = 10\n"),
    ]));
    assert!(e.contains("moods_m_key") && e.contains("only 4"), "{e}");
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write("default_rows = 1\n[tables.codes]\nrows = 100000\n"),
    ]));
    assert!(
        e.contains("codes_pkey") && e.contains("only 1296") && e.contains("rows = 1296"),
        "{e}"
    );
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &write(
            "default_rows = 1\n[tables.parents]\nrows = 3\n[tables.kinds]\nrows = 4\n[tables.links]\nrows = 13\n",
        ),
    ]));
    assert!(e.contains("links_pkey") && e.contains("only 12"), "{e}");
    // Exactly at capacity works, and the data is what PostgreSQL accepts.
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--quiet",
        "--profile",
        &write(
            "default_rows = 1\n[tables.flags]\nrows = 2\n[tables.moods]\nrows = 4\n[tables.codes]\nrows = 1296\n[tables.parents]\nrows = 3\n[tables.kinds]\nrows = 4\n[tables.links]\nrows = 12\n",
        ),
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM codes").await, 1296);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM links").await, 12);
    let _ = std::fs::remove_file(prof);
}

#[tokio::test]
async fn unsatisfiable_and_unverifiable_checks_are_refused_before_loading() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE a (id int PRIMARY KEY, x int NOT NULL CONSTRAINT x_window CHECK (x > 10 AND x < 5));
         -- Opaque: a body with variables and assignments is not read (only the server runs it),
         -- and no value built from its literals passes (the md5 of 0, 1, 2, 10, 100).
         CREATE FUNCTION is_a_hash(v int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
           DECLARE h text; BEGIN h := md5(v::text); RETURN h LIKE 'a%'; END $$;
         CREATE TABLE b (id int PRIMARY KEY, n int NOT NULL CONSTRAINT n_hash CHECK (is_a_hash(n)));",
    )
    .await;
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--exclude-table",
        "b",
    ]));
    assert!(e.contains("x_window"), "{e}");
    // The plan names the conjuncts that contradict each other.
    assert!(
        e.contains("x > 10 (CHECK x_window) and x < 5 (CHECK x_window) contradict"),
        "{e}"
    );
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--exclude-table",
        "a",
    ]));
    assert!(
        e.contains("n_hash")
            && e.contains("is_a_hash(n)")
            && e.contains("and all 5 values built from the literals of the CHECK and its functions (0, 1, 2, 10, 100)")
            && e.contains("[tables.\"public.b\".columns.n]"),
        "{e}"
    );
    // Nothing was loaded.
    assert_eq!(
        db.scalar_i64("SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)")
            .await,
        0
    );
    // With an override that satisfies it, the server verifies the sample and the load succeeds.
    let prof = std::env::temp_dir().join(format!("seedbed-even-{}.toml", common::random_u32()));
    std::fs::write(&prof, "[tables.b.columns.n]\nchoices = [4, 14, 37, 38]\n").unwrap();
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--exclude-table",
        "a",
        "--profile",
        prof.to_str().unwrap(),
    ]));
    assert!(
        plan.contains("check n_hash: verified on the server"),
        "{plan}"
    );
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--exclude-table",
        "a",
        "--profile",
        prof.to_str().unwrap(),
        "--quiet",
    ]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM b WHERE n IN (4, 14, 37, 38)")
            .await,
        100
    );
    let _ = std::fs::remove_file(prof);
}

#[tokio::test]
async fn plan_reports_how_each_constraint_is_honoured() {
    let db = with_schema("schemas/shop.sql").await;
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &repo_path("profiles/small.toml").display().to_string(),
    ]));
    for expect in [
        "check products_sku_check: translated into the generators",
        "check orders_check1: evaluated on every row",
        "unique customers_email_lower_key (lower(email::text)): by construction",
        "unique order_items_pkey (order_id, line_no): by construction: line_no counts within each shop.orders",
        "unique orders_one_pending_per_customer (customer_id): checked against the values already generated for rows matching its predicate",
        "inside the bounds of the table's partitions",
        "stored generated column",
        "no refusals",
    ] {
        assert!(plan.contains(expect), "missing {expect:?} in:\n{plan}");
    }
}

#[tokio::test]
async fn cycles_and_self_references_load() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL);
         CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a);
         ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b DEFERRABLE INITIALLY IMMEDIATE;
         CREATE TABLE node (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES node);",
    )
    .await;
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM a JOIN b ON a.b_id = b.id")
            .await,
        100
    );
    // A NOT NULL self-reference: the first row refers to itself, every other row to an earlier one.
    assert_eq!(db.scalar_i64("SELECT count(*) FROM node").await, 100);
    let e = error_line(&run(&[
        "plan",
        "--schema-file",
        &repo_path("tests/fixtures/unbreakable_cycle.sql")
            .display()
            .to_string(),
    ]));
    assert!(
        e.contains("cannot be broken") && e.contains("a_b_fk"),
        "{e}"
    );
}

/// Regressions found in review: each of these schemas used to fail or load wrong data.
#[tokio::test]
async fn review_regressions_load_or_refuse_cleanly() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE users (id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text NOT NULL UNIQUE);
         CREATE TABLE orders (id int PRIMARY KEY, user_email text NOT NULL REFERENCES users(email));
         CREATE TABLE neg (id smallint PRIMARY KEY CHECK (id < 0));
         CREATE TABLE wide (id int PRIMARY KEY, amt numeric(30,16) NOT NULL);
         CREATE TABLE only_generated (x int GENERATED ALWAYS AS (1) STORED);",
    )
    .await;
    // A referenced email built from the row's names: parent and child agree on every key.
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM orders o JOIN users u ON u.email = o.user_email")
            .await,
        100
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM neg WHERE id < 0").await,
        100
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM wide").await, 100);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM only_generated").await,
        100
    );

    // A smallserial key cannot hold 40000 rows: refused, not wrapped around.
    let small = fresh_db().await;
    small
        .exec("CREATE TABLE s (id smallserial PRIMARY KEY, v int);")
        .await;
    let prof = std::env::temp_dir().join(format!("seedbed-rv-{}.toml", common::random_u32()));
    std::fs::write(&prof, "[tables.s]\nrows = 40000\n").unwrap();
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &small.url,
        "--profile",
        prof.to_str().unwrap(),
    ]));
    assert!(e.contains("s_pkey") && e.contains("32767"), "{e}");

    // A partition layout seedbed cannot read is refused before loading.
    let part = fresh_db().await;
    part.exec("CREATE TABLE m (a int, b int) PARTITION BY RANGE (a, b); CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0, 0) TO (10, 10);").await;
    let e = error_line(&run(&["plan", "--database-url", &part.url]));
    assert!(e.contains("partition key (a, b)"), "{e}");
    let _ = std::fs::remove_file(prof);
}

#[tokio::test]
async fn append_continues_sequences_and_refuses_when_a_key_is_full() {
    let db = fresh_db().await;
    db.exec("CREATE TABLE t (id serial PRIMARY KEY, name text); CREATE TABLE u (id serial PRIMARY KEY, code int NOT NULL UNIQUE);").await;
    let dir = std::env::temp_dir();
    let (pt, pu) = (
        dir.join(format!("seedbed-app-t-{}.toml", common::random_u32())),
        dir.join(format!("seedbed-app-u-{}.toml", common::random_u32())),
    );
    std::fs::write(&pt, "[tables.t]\nrows = 10\n").unwrap();
    std::fs::write(&pu, "[tables.u]\nrows = 600\n").unwrap();
    let (t, u) = (pt.to_str().unwrap(), pu.to_str().unwrap());
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        t,
        "--quiet",
        "--exclude-table",
        "u",
    ]));
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        t,
        "--quiet",
        "--exclude-table",
        "u",
        "--append",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(DISTINCT id) FROM t").await, 20);
    // The sequence is past every id written, so the application's next insert works.
    db.exec("INSERT INTO t (name) VALUES ('next')").await;
    // `code` permutes 1..1000: a second 600 rows would need 1200 distinct values.
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        u,
        "--quiet",
        "--exclude-table",
        "t",
    ]));
    let e = error_line(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        u,
        "--exclude-table",
        "t",
        "--append",
    ]));
    assert!(e.contains("appending") && e.contains("code"), "{e}");
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM u").await,
        600,
        "refused before loading"
    );
    let _ = std::fs::remove_file(pt);
    let _ = std::fs::remove_file(pu);
}

/// A table that only default_rows sizes gets as many rows as its unique keys hold (a one-row
/// lock table, a key over an enum); a row count the profile asks for is still refused.
#[tokio::test]
async fn default_sized_tables_are_capped_at_their_key_capacity() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE stream_position (lock char(1) NOT NULL DEFAULT 'X' UNIQUE CHECK (lock = 'X'), stream_id bigint);
         CREATE TABLE singleton (id int PRIMARY KEY CHECK (id = 1), value text);
         CREATE TYPE color AS ENUM ('red', 'green');
         CREATE TABLE palette (c color PRIMARY KEY, hex text);
         CREATE TABLE uses (id serial PRIMARY KEY, single_id int REFERENCES singleton (id));",
    )
    .await;
    let small = repo_path("profiles/small.toml").display().to_string();
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &small,
    ]));
    assert!(
        plan.contains("public.singleton — 1 rows (default_rows = 50, capped at 1"),
        "{plan}"
    );
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &small,
        "--quiet",
    ]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM stream_position").await,
        1
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM palette").await, 2);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM uses").await, 50);

    let dir = tempfile::tempdir().unwrap();
    let asked = dir.path().join("p.toml");
    std::fs::write(&asked, "[tables.singleton]\nrows = 5\n").unwrap();
    let out = run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &asked.display().to_string(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("at most 1 rows are possible"));
}

/// A CHECK on NULL-ness across two unique keys (`(a IS NULL) = (b IS NULL)`, its XOR twin) is
/// met by re-drawing whether each key is NULL; their values stay unique by construction.
#[tokio::test]
async fn null_ness_checks_across_unique_keys_are_satisfied() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE invitations (id serial PRIMARY KEY, code text UNIQUE, email text UNIQUE,
             CHECK ((code IS NULL) = (email IS NULL)));
         CREATE TABLE contacts (id serial PRIMARY KEY, phone text UNIQUE, email text UNIQUE,
             CHECK ((phone IS NULL) <> (email IS NULL)));",
    )
    .await;
    let small = repo_path("profiles/small.toml").display().to_string();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &small,
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM invitations").await, 50);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM contacts").await, 50);
    // Both kinds of row occur: the data stays varied.
    assert!(db.scalar_i64("SELECT count(phone) FROM contacts").await > 0);
    assert!(db.scalar_i64("SELECT count(email) FROM contacts").await > 0);
}

/// Unique indexes over expressions beyond lower/upper/trim (issue 10): kept by construction
/// through a plain column when one is there, by evaluating the expressions per row otherwise;
/// an expression seedbed cannot evaluate is refused by name.
#[tokio::test]
async fn expression_unique_indexes_are_kept() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE packages (
             id                serial PRIMARY KEY,
             name              text NOT NULL,
             publisher_user_id int,
             publisher_org_id  int,
             tenant_id         int NOT NULL
         );
         CREATE UNIQUE INDEX packages_owner_name ON packages
             (COALESCE(publisher_user_id, 0), COALESCE(publisher_org_id, 0), name, tenant_id);
         CREATE TABLE slots (
             id   serial PRIMARY KEY,
             a    int NOT NULL CHECK (a BETWEEN 1 AND 400),
             b    int
         );
         CREATE UNIQUE INDEX slots_ab ON slots ((a * 2), COALESCE(b, 0));",
    )
    .await;
    let (_dir, profile) = common::profile_file("default_rows = 300\n");
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(
        plan.contains("unique packages_owner_name") && plan.contains("by construction"),
        "{plan}"
    );
    assert!(
        plan.contains("checked against the values already generated"),
        "{plan}"
    );
    common::seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM packages").await, 300);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM slots").await, 300);

    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE t (id int PRIMARY KEY, body text NOT NULL);
         CREATE UNIQUE INDEX t_body_digest ON t (md5(body || 'x'));",
    )
    .await;
    let out = run(&["plan", "--database-url", &db.url]);
    let e = error_line(&out);
    assert!(e.contains("t_body_digest"), "{e}");
}

/// An exclusion constraint whose operators are all `=` is a (partial) unique key: kept like
/// one, not refused (issue 10).
#[tokio::test]
async fn equality_exclusions_are_unique_keys() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE members (
             id         serial PRIMARY KEY,
             tenant_id  int NOT NULL CHECK (tenant_id BETWEEN 1 AND 3),
             email      text NOT NULL,
             deleted_at timestamptz,
             EXCLUDE USING btree (email WITH =, tenant_id WITH =) WHERE (deleted_at IS NULL)
         );",
    )
    .await;
    let (_dir, profile) = common::profile_file("default_rows = 400\n");
    let plan = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(
        plan.contains("unique members_email_tenant_id_excl"),
        "{plan}"
    );
    common::seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM members").await, 400);
}

/// Issue 11: CHECKs calling the schema's own SQL and PL/pgSQL functions, and jsonb operators,
/// are satisfied without any profile: the bodies are read and the JSON objects carry the keys.
#[tokio::test]
async fn schema_functions_and_json_checks_need_no_override() {
    let db = fresh_db().await;
    db.exec(
        "CREATE FUNCTION positive_even(v int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0 AND $1 % 2 = 0';
         CREATE FUNCTION valid_doc(d jsonb) RETURNS boolean LANGUAGE plpgsql AS $$
         BEGIN
           IF NOT (d ?& ARRAY['name', 'tags']) THEN RETURN false; END IF;
           IF jsonb_typeof(d -> 'tags') <> 'array' THEN
             RETURN false;
           ELSIF d ->> 'kind' IS NULL THEN
             RETURN false;
           END IF;
           RETURN true;
         END $$;
         CREATE TABLE docs (
           id int PRIMARY KEY,
           n int NOT NULL CHECK (positive_even(n)),
           body jsonb NOT NULL CHECK (valid_doc(body)),
           meta jsonb NOT NULL CHECK (meta @> '{\"v\": 2}' AND meta ? 'owner' AND (meta ->> 'state') = 'open')
         );",
    )
    .await;
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(!plan.contains("verified on the server"), "{plan}");
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM docs WHERE positive_even(n) AND valid_doc(body)
               AND meta ->> 'v' = '2' AND meta ? 'owner'"
        )
        .await,
        100
    );
}

/// Issue 11: a disjunction of constants on one column is a choice among them.
#[tokio::test]
async fn disjunctions_of_constants_are_choices() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE moves (
           id int PRIMARY KEY,
           direction int NOT NULL CHECK ((direction = 1) OR (direction = 2)),
           kind text NOT NULL CHECK (kind = 'in' OR kind IN ('out', 'void'))
         );",
    )
    .await;
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64("SELECT count(DISTINCT direction) + count(DISTINCT kind) FROM moves")
            .await,
        5
    );
}

/// Issue 11: a disjunction whose branch a pinned key forces (musicbrainz's artist_va_check):
/// for the row with id 1 the engine applies the branch — a foreign key pointed at the parent
/// holding 3, the other columns NULL — instead of re-drawing forever.
#[tokio::test]
async fn a_branch_forced_by_a_pinned_key_is_applied() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE artist_type (id serial PRIMARY KEY, name text NOT NULL);
         CREATE TABLE artist (
           id serial PRIMARY KEY,
           type int REFERENCES artist_type(id),
           gender int,
           begin_year smallint,
           CONSTRAINT artist_va_check CHECK ((id <> 1) OR ((type = 3) AND (gender IS NULL) AND (begin_year IS NULL)))
         );",
    )
    .await;
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM artist WHERE id = 1 AND type = 3 AND gender IS NULL AND begin_year IS NULL")
            .await,
        1
    );
    // Other rows keep varied values.
    assert!(
        db.scalar_i64("SELECT count(DISTINCT gender) FROM artist")
            .await
            > 5
    );
}

/// Issue 11: XOR forms are evaluated (no longer server-verified) and met by re-drawing NULL-ness.
#[tokio::test]
async fn xor_and_num_nonnulls_checks_are_met() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE pay (id int PRIMARY KEY, card text, iban text, cash int,
           CONSTRAINT one_method CHECK (num_nonnulls(card, iban, cash) = 1));
         CREATE TABLE link (id int PRIMARY KEY, url text, path text,
           CONSTRAINT url_xor_path CHECK ((url IS NULL) <> (path IS NULL)));",
    )
    .await;
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(!plan.contains("verified on the server"), "{plan}");
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64("SELECT (SELECT count(*) FROM pay) + (SELECT count(*) FROM link)")
            .await,
        200
    );
}

/// CHECKs about NULL-ness alone are solved together (issue 11): an invitation goes to a user
/// or to an email, and has a code exactly when it has an email, while (organization, user) is
/// an enumerated key whose user is never drawn NULL — re-drawing at random never found a row.
#[tokio::test]
async fn null_only_checks_are_solved_together() {
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION IF NOT EXISTS citext;
         CREATE TABLE orgs (id uuid PRIMARY KEY);
         CREATE TABLE users (id uuid PRIMARY KEY);
         CREATE TABLE invitations (
             id              serial PRIMARY KEY,
             organization_id uuid NOT NULL REFERENCES orgs (id),
             code            text,
             user_id         uuid REFERENCES users (id),
             email           citext,
             CHECK ((user_id IS NULL) <> (email IS NULL)),
             CHECK ((code IS NULL) = (email IS NULL)),
             CHECK (num_nonnulls(user_id, email) = 1),
             UNIQUE (organization_id, email),
             UNIQUE (organization_id, user_id)
         );",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    common::seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM invitations").await, 50);
}

/// `CHECK (tag1 < tag2)` over two foreign keys to the same table inside the primary key
/// (issue 11): the key's combinations are the unordered pairs of tags, each put in order, so
/// all 40·39/2 of them fit and one more is refused by count.
#[tokio::test]
async fn ordered_foreign_key_pairs_fill_their_key() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE tag (id serial PRIMARY KEY, name text NOT NULL);
         CREATE TABLE tag_relation (
             tag1   int NOT NULL REFERENCES tag (id),
             tag2   int NOT NULL REFERENCES tag (id),
             weight int NOT NULL,
             PRIMARY KEY (tag1, tag2),
             CHECK (tag1 < tag2)
         );",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.toml");
    std::fs::write(
        &full,
        "[tables.tag]\nrows = 40\n[tables.tag_relation]\nrows = 780\n",
    )
    .unwrap();
    let over = dir.path().join("over.toml");
    std::fs::write(
        &over,
        "[tables.tag]\nrows = 40\n[tables.tag_relation]\nrows = 781\n",
    )
    .unwrap();
    let out = run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &over.display().to_string(),
    ]);
    assert!(
        error_line(&out).contains("allow only 780"),
        "{}",
        error_line(&out)
    );
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &full.display().to_string(),
        "--quiet",
    ]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM tag_relation WHERE tag1 < tag2")
            .await,
        780
    );
}

/// Patterns PostgreSQL accepts beyond a finite automaton (issue 10): look-aheads of a password
/// policy, a look-behind, a back-reference. Generated from the pattern without them, each value
/// checked against the whole pattern; a pattern no value meets is refused, naming its CHECK.
#[tokio::test]
async fn lookaround_and_back_reference_patterns_are_met() {
    let db = fresh_db().await;
    db.exec(
        r"CREATE TABLE accounts (
             id        int PRIMARY KEY,
             password  text NOT NULL CONSTRAINT strong CHECK (password ~ '^(?=.*[A-Z])(?=.*[0-9]).{8,}$'),
             pin       text NOT NULL CHECK (pin ~ '^(?!0000)[0-9]{4}$'),
             handle    varchar(12) NOT NULL CHECK (handle ~ '^[a-z_]{3,12}(?<!_)$'),
             palindrome text NOT NULL CHECK (palindrome ~ '^([a-z])([a-z])[a-z]?\2\1$'),
             tag       text CHECK (tag ~* '^(?=.*x)[a-z]{5}$')
         );",
    )
    .await;
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(!plan.contains("verified on the server"), "{plan}");
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM accounts WHERE reverse(palindrome) = palindrome AND password ~ '[A-Z]'")
            .await,
        100
    );
    db.exec(
        "CREATE TABLE never (id int PRIMARY KEY,
           code text NOT NULL CONSTRAINT digit_in_letters CHECK (code ~ '^(?=.*[0-9])[a-z]+$'));",
    )
    .await;
    let e = error_line(&run(&["plan", "--database-url", &db.url]));
    assert!(
        e.contains("digit_in_letters") && e.contains("no row satisfying"),
        "{e}"
    );
}

/// A CHECK no value of the column's type can meet (issue 11) is refused before loading, naming
/// the conjunct, its CHECK and the type, nullable or not.
#[tokio::test]
async fn checks_contradicting_the_column_type_are_refused() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE s (id int PRIMARY KEY,
           x smallint NOT NULL CONSTRAINT big CHECK (x > 40000),
           v varchar(3) CONSTRAINT long CHECK (length(v) > 5),
           n numeric(4,2) CONSTRAINT nb CHECK (n >= 100),
           d int CONSTRAINT low CHECK (d < -3000000000),
           fine smallint CHECK (fine BETWEEN 100 AND 90000),
           bytes varchar(3) CHECK (octet_length(bytes) > 5));",
    )
    .await;
    let out = run(&["plan", "--database-url", &db.url]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "column x: x > 40000 (CHECK big) contradicts its type smallint, which holds -32768..32767",
        "column v: length(v) > 5 (CHECK long) contradicts its type character varying(3), which holds at most 3 characters",
        "column n: n >= 100 (CHECK nb) contradicts its type numeric(4,2), which holds -99.99..99.99",
        "column d: d < -3000000000 (CHECK low) contradicts its type integer",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    // Only those four: a range reaching past the type, and bytes (three characters may take
    // twelve), are not contradictions; the column planner's own message is replaced.
    assert!(text.contains("REFUSED (4)"), "{text}");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM s").await, 0);
}

/// Two columns of one row that a CHECK relates (issue 11) are solved by construction: the
/// later drawn after (or equal to) the earlier, for timestamps, dates, numerics, floats and,
/// for equality, any type; `<>` keeps independent draws (equal with chance 1/domain, re-drawn).
#[tokio::test]
async fn column_relations_are_solved_by_construction() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE slots (
             id        int PRIMARY KEY,
             starts_at timestamptz NOT NULL,
             ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
             min_value numeric(8,2) NOT NULL,
             max_value numeric(8,2) NOT NULL CHECK (max_value >= min_value),
             low       real NOT NULL,
             high      double precision NOT NULL CHECK (high > low),
             code      text NOT NULL,
             code_copy text NOT NULL CHECK (code_copy = code),
             n         int NOT NULL,
             same_n    int NOT NULL CHECK (n = same_n),
             a         smallint NOT NULL CHECK (a BETWEEN 1 AND 3),
             b         smallint NOT NULL CHECK (b BETWEEN 1 AND 3),
             CHECK (a <> b),
             day       date NOT NULL,
             same_day  date NOT NULL,
             CONSTRAINT c1 CHECK (day = same_day),
             CONSTRAINT c2 CHECK (same_day >= day)
         );",
    )
    .await;
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    for want in [
        "ends_at    [constraint] after starts_at",
        "max_value  [constraint] after min_value",
        "high       [constraint] after low",
        "code_copy  [constraint] equal to code",
        "n          [constraint] equal to same_n",
        // Each derived from the other: the first CHECK decides.
        "day        [constraint] equal to same_day (c1)",
        "same_day   [type]",
    ] {
        assert!(plan.contains(want), "{want}\n{plan}");
    }
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM slots WHERE code_copy = code AND a <> b AND high > low"
        )
        .await,
        100
    );
}

/// A CHECK calling a function seedbed cannot read (issue 11): the plan builds values from the
/// literals of the function's body, the server says which pass, and the column takes those.
#[tokio::test]
async fn opaque_function_checks_are_met_with_values_the_server_accepts() {
    let db = fresh_db().await;
    db.exec(
        "CREATE FUNCTION is_even(v int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
           DECLARE r int; BEGIN r := v % 2; RETURN r = 0; END $$;
         CREATE FUNCTION valid_doc(d jsonb) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
           DECLARE t text; BEGIN t := jsonb_typeof(d->'items');
             IF t IS DISTINCT FROM 'array' THEN RETURN false; END IF; RETURN d ? 'version'; END $$;
         CREATE FUNCTION known_code(c text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
           DECLARE u text; BEGIN u := upper(c); RETURN u IN ('AB-1', 'CD-2'); END $$;
         CREATE TABLE things (
             id   int PRIMARY KEY,
             n    int NOT NULL CONSTRAINT n_even CHECK (is_even(n)),
             doc  jsonb NOT NULL CONSTRAINT doc_ok CHECK (valid_doc(doc)),
             code text CONSTRAINT code_known CHECK (known_code(code))
         );",
    )
    .await;
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    for want in [
        "n     [constraint] one of 4 values the server accepts for CHECK n_even (2, 0, 10, 100)",
        "values the server accepts for CHECK doc_ok",
        "values the server accepts for CHECK code_known (AB-1, CD-2)",
    ] {
        assert!(plan.contains(want), "{want}\n{plan}");
    }
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM things WHERE n % 2 = 0 AND jsonb_typeof(doc->'items') = 'array'"
        )
        .await,
        100
    );
}

/// A column in two foreign keys takes its value from the wider one: `(dir_id, ws_id) →
/// dir_ws` beside `dir_id → dir` (met, since `dir_ws.dir_id` references `dir`). Two
/// tenant-scoped keys sharing `tenant_id` agree: the second key's parent is one of the same
/// tenant as the first's.
#[tokio::test]
async fn foreign_keys_sharing_columns() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE dir (id int PRIMARY KEY); CREATE TABLE ws (id int PRIMARY KEY);
         CREATE TABLE dir_ws (dir_id int NOT NULL REFERENCES dir, ws_id int NOT NULL REFERENCES ws,
                              PRIMARY KEY (dir_id, ws_id));
         CREATE TABLE src (id int PRIMARY KEY, dir_id int NOT NULL REFERENCES dir, ws_id int NOT NULL,
                           FOREIGN KEY (dir_id, ws_id) REFERENCES dir_ws (dir_id, ws_id));
         CREATE TABLE ten (id int PRIMARY KEY);
         CREATE TABLE users (tenant_id int REFERENCES ten, id int, PRIMARY KEY (tenant_id, id));
         CREATE TABLE projects (tenant_id int REFERENCES ten, id int, PRIMARY KEY (tenant_id, id));
         CREATE TABLE mem (id int PRIMARY KEY, tenant_id int NOT NULL, user_id int NOT NULL,
                           project_id int NOT NULL,
                           FOREIGN KEY (tenant_id, user_id) REFERENCES users,
                           FOREIGN KEY (tenant_id, project_id) REFERENCES projects);",
    )
    .await;
    let (_dir, profile) =
        common::profile_file("seed = 3\ndefault_rows = 300\n[tables.ten]\nrows = 40\n");
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM src").await, 300);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM mem").await, 300);
    // Loaded with both keys validated; and not all of one tenant.
    assert!(
        db.scalar_i64("SELECT count(DISTINCT tenant_id) FROM mem")
            .await
            > 10
    );
}

/// A partitioned table with no partitions (its partitions made at run time) gets no rows and
/// the rest seeds; a profile asking rows for it is refused by `plan`.
#[tokio::test]
async fn partitioned_tables_without_partitions() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE events (id bigint NOT NULL, seen_at timestamptz NOT NULL,
                              PRIMARY KEY (id, seen_at)) PARTITION BY RANGE (seen_at);
         CREATE TABLE task_tmp (task_id bigint NOT NULL, note text) PARTITION BY HASH (task_id);
         CREATE TABLE other (id int PRIMARY KEY);",
    )
    .await;
    let plan = ok(&run(&["plan", "--database-url", &db.url]));
    assert!(
        plan.contains("public.task_tmp — 0 rows (a partitioned table with no partitions"),
        "{plan}"
    );
    ok(&run(&["seed", "--database-url", &db.url, "--quiet"]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM other").await, 100);
    let (_dir, profile) = common::profile_file("[tables.events]\nrows = 10\n");
    let e = error_line(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(
        e.contains(
            "public.events: partitions: 10 rows are asked for, but the table has no partitions"
        ),
        "{e}"
    );
}

/// The server pads a `character(n)` value with spaces before a pattern operator reads it
/// (`'ab'::char(4) ~ '^ab$'` is false): values are generated full-width where the pattern has
/// a full-width form (musicbrainz's `iswc character(15)`), and checked padded otherwise, so a
/// row `plan` accepts is one the server accepts.
#[tokio::test]
async fn patterns_on_fixed_width_columns_see_the_padding() {
    let db = fresh_db().await;
    db.exec(
        r#"CREATE TABLE work_code (
            id int PRIMARY KEY,
            iswc character(15) UNIQUE CHECK (iswc ~ E'^T-?\\d{3}.?\\d{3}.?\\d{3}[-.]?\\d$'),
            grade character(2) NOT NULL CHECK (grade ~ '^[A-F][+-]?$'),
            region character(6) NOT NULL CHECK (region ~ '^[A-Z]+$')
        );"#,
    )
    .await;
    let (_dir, profile) = common::profile_file("seed = 5\ndefault_rows = 300\n");
    common::seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM work_code").await, 300);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM work_code WHERE length(iswc) <> 15")
            .await,
        0
    );
    // A pattern with no full-width form is met by re-drawing until the padded value passes.
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM work_code WHERE length(region) <> 6")
            .await,
        0
    );
}
