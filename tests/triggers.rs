//! INSERT triggers read from their functions' bodies (issue 10): what a BEFORE INSERT trigger
//! does to a row is applied before its CHECKs are evaluated, a table an AFTER INSERT trigger
//! fills from the new row is left to it, and a trigger calling a function the database lacks
//! is refused by `plan`. Shapes taken from musicbrainz and graphile_starter.

mod common;

use common::{error_line, fresh_db, ok, profile_file, run, seed_quietly};

/// musicbrainz's `simplify_search_hints(3)` on an alias table whose CHECK ties `locale` and
/// `primary_for_locale`, and `a_ins_artist` filling `artist_meta`.
const SCHEMA: &str = r#"
CREATE TABLE alias (
    id int PRIMARY KEY,
    name text NOT NULL,
    sort_name text NOT NULL,
    type int NOT NULL CHECK (type BETWEEN 1 AND 3),
    locale text,
    primary_for_locale boolean NOT NULL,
    CONSTRAINT primary_check
        CHECK ((locale IS NULL AND primary_for_locale IS FALSE) OR (locale IS NOT NULL))
);
CREATE FUNCTION simplify_search_hints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.type::int = TG_ARGV[0]::int THEN
        NEW.sort_name := NEW.name;
        NEW.locale := NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER search_hint BEFORE INSERT ON alias
    FOR EACH ROW EXECUTE PROCEDURE simplify_search_hints(3);

CREATE TABLE artist (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE artist_meta (id int PRIMARY KEY REFERENCES artist (id), rating smallint);
CREATE FUNCTION a_ins_artist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO artist_meta (id) VALUES (NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER a_ins_artist AFTER INSERT ON artist
    FOR EACH ROW EXECUTE PROCEDURE a_ins_artist();
"#;

const PROFILE: &str = "seed = 7\ndefault_rows = 300\n";

fn plan(url: &str, profile: &str) -> std::process::Output {
    run(&["plan", "--database-url", url, "--profile", profile])
}

#[tokio::test]
async fn before_insert_rewrites_are_checked_and_after_insert_targets_left_to_the_trigger() {
    let db = fresh_db().await;
    db.exec(SCHEMA).await;
    let (_dir, profile) = profile_file(PROFILE);
    let plan = ok(&plan(&db.url, &profile));
    assert!(
        plan.contains("BEFORE INSERT trigger search_hint sets sort_name, locale"),
        "{plan}"
    );
    assert!(
        plan.contains("public.artist_meta — 0 rows (left to AFTER INSERT trigger a_ins_artist on public.artist"),
        "{plan}"
    );
    seed_quietly(&db.url, &profile);
    // Rows of type 3 were generated so that what the trigger stores passes primary_check.
    assert!(
        db.scalar_i64("SELECT count(*) FROM alias WHERE type = 3")
            .await
            > 0
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM alias WHERE type = 3 AND (locale IS NOT NULL OR sort_name <> name)")
            .await,
        0
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM artist_meta").await, 300);
}

#[tokio::test]
async fn plan_refuses_a_trigger_that_calls_a_missing_function() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE TABLE invitation (id int PRIMARY KEY, email text NOT NULL);
        CREATE FUNCTION tg_add_job() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM graphile_worker.add_job(TG_ARGV[0], json_build_object('id', NEW.id));
            RETURN NEW;
        END;
        $$;
        CREATE TRIGGER send_invite AFTER INSERT ON invitation
            FOR EACH ROW EXECUTE FUNCTION tg_add_job('send_invite');
        "#,
    )
    .await;
    let (_dir, profile) = profile_file(PROFILE);
    let e = error_line(&plan(&db.url, &profile));
    assert!(e.contains("public.invitation: trigger send_invite"), "{e}");
    assert!(
        e.contains("tg_add_job calls graphile_worker.add_job"),
        "{e}"
    );
    assert!(
        e.contains("schema \"graphile_worker\" does not exist"),
        "{e}"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM invitation").await, 0);
}

#[tokio::test]
async fn plan_refuses_a_trigger_that_nulls_a_not_null_column_on_every_row() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL);
        CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.body := NULL; RETURN NEW; END;
        $$;
        CREATE TRIGGER wipe BEFORE INSERT ON note FOR EACH ROW EXECUTE FUNCTION wipe();
        "#,
    )
    .await;
    let (_dir, profile) = profile_file(PROFILE);
    let e = error_line(&plan(&db.url, &profile));
    assert!(
        e.contains(
            "public.note: body: BEFORE INSERT trigger wipe sets this NOT NULL column to NULL"
        ),
        "{e}"
    );
}

/// musicbrainz's `ensure_*_attribute_type_allows_text` (NOT EXISTS on the parent row),
/// `deny_deprecated_links` (a scalar subquery) and a comparison with `now()` that refuses fewer
/// rows as time passes (read as the end of the time window): the rows they would refuse are
/// re-drawn.
#[tokio::test]
async fn before_insert_refusals_reading_the_parent_row_are_kept_out() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE TABLE attribute_type (id serial PRIMARY KEY, name text NOT NULL,
                                     free_text boolean NOT NULL, is_deprecated boolean NOT NULL);
        CREATE TABLE attribute (
            id serial PRIMARY KEY,
            attribute_type int NOT NULL REFERENCES attribute_type (id),
            attribute_text text,
            confirmed_at timestamptz
        );
        CREATE FUNCTION requires_confirmed() RETURNS trigger AS $$
        BEGIN
          IF NOT (NEW.confirmed_at IS NOT NULL AND NEW.confirmed_at <= now()) THEN
            RAISE EXCEPTION 'not confirmed';
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER requires_confirmed BEFORE INSERT ON attribute
            FOR EACH ROW EXECUTE PROCEDURE requires_confirmed();
        CREATE FUNCTION ensure_allows_text() RETURNS trigger AS $$
        BEGIN
            IF NEW.attribute_text IS NOT NULL
                AND NOT EXISTS (SELECT TRUE FROM attribute_type
                                 WHERE attribute_type.id = NEW.attribute_type AND free_text)
            THEN
                RAISE EXCEPTION 'This attribute type can not contain free text';
            ELSE
                RETURN NEW;
            END IF;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER ensure_allows_text BEFORE INSERT ON attribute
            FOR EACH ROW EXECUTE PROCEDURE ensure_allows_text();
        CREATE FUNCTION deny_deprecated() RETURNS trigger AS $$
        BEGIN
          IF (SELECT is_deprecated FROM attribute_type WHERE id = NEW.attribute_type) THEN
            RAISE EXCEPTION 'Attempt to use a deprecated type';
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER deny_deprecated BEFORE INSERT ON attribute
            FOR EACH ROW EXECUTE PROCEDURE deny_deprecated();
        "#,
    )
    .await;
    let (_dir, profile) = profile_file(
        "seed = 7\n[tables.attribute_type]\nrows = 20\n[tables.attribute]\nrows = 400\n",
    );
    let plan = ok(&plan(&db.url, &profile));
    assert!(
        plan.contains("BEFORE INSERT trigger ensure_allows_text (ensure_allows_text raises on a condition on attribute_type, attribute_text, public.attribute_type.free_text)"),
        "{plan}"
    );
    assert!(
        plan.contains("BEFORE INSERT trigger deny_deprecated"),
        "{plan}"
    );
    assert!(
        plan.contains("BEFORE INSERT trigger requires_confirmed"),
        "{plan}"
    );
    assert!(!plan.contains("may reject"), "{plan}");
    seed_quietly(&db.url, &profile);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM attribute").await, 400);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM attribute WHERE confirmed_at IS NULL")
            .await,
        0
    );
    // Both kinds of parent exist, and free text appears only under types that allow it.
    assert!(
        db.scalar_i64("SELECT count(*) FROM attribute a JOIN attribute_type t ON t.id = a.attribute_type WHERE a.attribute_text IS NOT NULL")
            .await
            > 0
    );
    assert!(
        db.scalar_i64(
            "SELECT count(*) FROM attribute_type WHERE NOT free_text AND NOT is_deprecated"
        )
        .await
            > 0
    );
}

/// hatchet's AFTER INSERT trigger copies a column into a narrower enum
/// (`NEW.strategy::varchar::new_strategy`): the column keeps to the labels the target has.
#[tokio::test]
async fn a_column_an_insert_trigger_casts_to_a_narrower_enum() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE TYPE old_strategy AS ENUM ('CANCEL_IN_PROGRESS', 'DROP_NEWEST', 'QUEUE');
        CREATE TYPE new_strategy AS ENUM ('CANCEL_IN_PROGRESS', 'QUEUE');
        CREATE TABLE cfg (id int PRIMARY KEY, "limitStrategy" old_strategy NOT NULL);
        CREATE TABLE cfg_v1 (cfg_id int, strategy new_strategy NOT NULL);
        CREATE FUNCTION cfg_ai() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO cfg_v1 VALUES (NEW.id, NEW."limitStrategy"::VARCHAR::new_strategy);
            RETURN NULL;
        END $$;
        CREATE TRIGGER cfg_ai AFTER INSERT ON cfg FOR EACH ROW EXECUTE FUNCTION cfg_ai();
        "#,
    )
    .await;
    let (_dir, profile) = profile_file(PROFILE);
    let plan = ok(&plan(&db.url, &profile));
    assert!(plan.contains("only labels of new_strategy"), "{plan}");
    seed_quietly(&db.url, &profile);
    // Its own 300 rows (no key for the trigger's to collide with) and the trigger's 300.
    assert_eq!(db.scalar_i64("SELECT count(*) FROM cfg_v1").await, 600);
    assert_eq!(
        db.scalar_i64("SELECT count(DISTINCT \"limitStrategy\") FROM cfg")
            .await,
        2
    );
}

/// hatchet's triggers insert into `outbox.messages`, which the schema does not create: `plan`
/// refuses, naming the trigger and the table, instead of the load failing.
#[tokio::test]
async fn plan_refuses_a_trigger_that_inserts_into_a_missing_table() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE TABLE slot (id int PRIMARY KEY);
        CREATE FUNCTION notify_slot() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO outbox.messages (payload) VALUES (NEW.id::text);
            RETURN NULL;
        END $$;
        CREATE TRIGGER notify_slot AFTER INSERT ON slot FOR EACH ROW EXECUTE FUNCTION notify_slot();
        "#,
    )
    .await;
    let (_dir, profile) = profile_file(PROFILE);
    let e = error_line(&plan(&db.url, &profile));
    assert!(
        e.contains("public.slot: trigger notify_slot")
            && e.contains("uses table outbox.messages (schema \"outbox\" does not exist)"),
        "{e}"
    );
}

/// musicbrainz's `prevent_invalid_attributes`: a link may carry an attribute only when the
/// link's type lists the attribute's root. The pair is also the table's primary key, so the
/// rows are distinct listed combinations: a table sized by default_rows is capped at how many
/// there are, an explicit count beyond them is refused by `plan`. And `delete_unused_tag`, a
/// deferred trigger deleting a tag unless a foreign key stops it, must find the key in place.
#[tokio::test]
async fn a_pair_a_trigger_requires_listed_is_drawn_from_the_listing() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE TABLE link_type (id serial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE link (id serial PRIMARY KEY, link_type int NOT NULL REFERENCES link_type (id));
        CREATE TABLE attribute_type (id serial PRIMARY KEY,
                                     root int NOT NULL REFERENCES attribute_type (id),
                                     name text NOT NULL);
        CREATE TABLE link_type_attribute_type (
            link_type int NOT NULL REFERENCES link_type (id),
            attribute_type int NOT NULL REFERENCES attribute_type (id),
            PRIMARY KEY (link_type, attribute_type));
        CREATE TABLE link_attribute (
            link int NOT NULL REFERENCES link (id),
            attribute_type int NOT NULL REFERENCES attribute_type (id),
            PRIMARY KEY (link, attribute_type));
        CREATE FUNCTION prevent_invalid_attributes() RETURNS trigger AS $$
        BEGIN
            IF NOT EXISTS (
                SELECT TRUE
                FROM (VALUES (NEW.link, NEW.attribute_type)) la (link, attribute_type)
                JOIN link l ON l.id = la.link
                JOIN link_type lt ON l.link_type = lt.id
                JOIN attribute_type lat ON lat.id = la.attribute_type
                JOIN link_type_attribute_type ltat
                  ON ltat.attribute_type = lat.root AND ltat.link_type = lt.id
            ) THEN
                RAISE EXCEPTION 'Attribute type % is invalid for link %', NEW.attribute_type, NEW.link;
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER b_ins_link_attribute BEFORE INSERT ON link_attribute
            FOR EACH ROW EXECUTE PROCEDURE prevent_invalid_attributes();

        CREATE TABLE tag (id serial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE link_tag (link int NOT NULL REFERENCES link (id),
                               tag int NOT NULL REFERENCES tag (id),
                               PRIMARY KEY (link, tag));
        CREATE FUNCTION delete_unused_tag(tag_id int) RETURNS void AS $$
        BEGIN
            DELETE FROM tag WHERE id = tag_id;
        EXCEPTION WHEN foreign_key_violation THEN RETURN;
        END;
        $$ LANGUAGE plpgsql;
        CREATE FUNCTION trg_delete_unused_tag() RETURNS trigger AS $$
        BEGIN
            PERFORM delete_unused_tag(NEW.id);
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        CREATE CONSTRAINT TRIGGER delete_unused_tag AFTER INSERT ON tag
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE PROCEDURE trg_delete_unused_tag();
        "#,
    )
    .await;
    let (_dir, profile) = profile_file("seed = 3\ndefault_rows = 40\n");
    let text = ok(&plan(&db.url, &profile));
    assert!(!text.contains("may reject"), "{text}");
    assert!(
        text.contains("by construction: the combinations trigger b_ins_link_attribute admits"),
        "{text}"
    );
    seed_quietly(&db.url, &profile);
    let rows = db.scalar_i64("SELECT count(*) FROM link_attribute").await;
    assert!(rows > 0, "no link_attribute rows");
    // Every listed combination the parents allow, or the 40 asked: never a refused row.
    let admitted = db
        .scalar_i64(
            "SELECT count(*) FROM link l JOIN attribute_type a ON true \
             JOIN link_type_attribute_type x ON x.link_type = l.link_type AND x.attribute_type = a.root",
        )
        .await;
    assert_eq!(rows, admitted.min(40));
    // The deferred trigger deleted the unused tags and no other: the foreign key referencing
    // them stayed in place to stop it (dropped for the load, the seed failed to rebuild it).
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM tag").await,
        db.scalar_i64("SELECT count(DISTINCT tag) FROM link_tag")
            .await
    );

    // More rows than the listing admits, asked explicitly: refused before loading.
    let (_dir2, explicit) = profile_file(&format!(
        "seed = 3\ndefault_rows = 40\n[tables.link_attribute]\nrows = {}\n",
        admitted + 1
    ));
    let out = plan(&db.url, &explicit);
    assert!(!out.status.success());
    let err = error_line(&out);
    assert!(
        err.contains("trigger b_ins_link_attribute admits only"),
        "{err}"
    );
}
