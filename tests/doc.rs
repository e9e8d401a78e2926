//! Issue 6: the data-design document (`seedbed::testing::doc`) against a real PostgreSQL: every section
//! filled for each schema in `schemas/`, byte-for-byte deterministic, `check` catching a dropped
//! column, relationship cardinalities, foreign keys without an index, personal data, and the
//! committed `docs/helix/02-design/data-design.md` kept in sync with `schemas/ddx.sql`.
//!
//! Each test works in a database of its own (see `common::fresh_db`). Set `SEEDBED_DOC_DUMP` to
//! a directory to keep the documents these tests render (e.g. to run `.ci/check-mermaid` on
//! them).

mod common;

use common::{TestDb, fresh_db, repo_path};
use seedbed::testing::catalog::Filter;
use seedbed::testing::doc;
use seedbed::testing::pipeline;
use seedbed::testing::plan::Overrides;
use seedbed::testing::profile::Profile;

/// The committed document and what it is generated from.
const DESIGN_DOC: &str = "docs/helix/02-design/data-design.md";
const DESIGN_SCHEMA: &str = "schemas/ddx.sql";
const DESIGN_PROFILE: &str = "profiles/ddx-medium.toml";

/// Every `##` section of the document, in order. The volume section only comes with a profile.
const SECTIONS: &[&str] = &[
    "## Overview",
    "## Conceptual Model",
    "## Logical Model",
    "## Data Patterns",
    "## Access Patterns",
    "## Data Quality",
    "## Migration Strategy",
    "## Performance Considerations",
    "## Security and Privacy",
];

/// Load a profile the way the CLI does, but named by its repository path so nothing in the
/// document depends on where the checkout is.
fn profile(path: Option<&str>) -> Profile {
    match path {
        None => Profile::default(),
        Some(p) => {
            let text = std::fs::read_to_string(repo_path(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            Profile::parse(&text, p).unwrap_or_else(|e| panic!("{e}"))
        }
    }
}

/// Introspect, plan and render, as `seedbed doc` does.
async fn render(db: &TestDb, profile_path: Option<&str>) -> String {
    let mut c = db.connect().await;
    let p = pipeline::prepare(
        &mut c,
        &Filter::default(),
        &profile(profile_path),
        Overrides::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("prepare: {e}"));
    doc::render(
        &p.catalog,
        &p.order,
        &p.plan,
        &p.verified,
        profile_path.is_some(),
    )
}

async fn render_schema(schema: &str, profile_path: Option<&str>) -> String {
    let db = fresh_db().await;
    db.apply_file(schema).await;
    let text = render(&db, profile_path).await;
    dump(schema, profile_path, &text);
    text
}

/// Keep a rendered document when `SEEDBED_DOC_DUMP` names a directory.
fn dump(schema: &str, profile_path: Option<&str>, text: &str) {
    let Some(dir) = std::env::var_os("SEEDBED_DOC_DUMP") else {
        return;
    };
    let stem = std::path::Path::new(schema)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let name = match profile_path {
        Some(_) => format!("{stem}-profile.md"),
        None => format!("{stem}.md"),
    };
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(std::path::Path::new(&dir).join(name), text).unwrap();
}

/// The text of a `## ` section, up to the next one.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading:?} in:\n{doc}"));
    let rest = &doc[start + 1..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |e| e + heading.len() + 1);
    &rest[..end]
}

/// Every section present, in order, and none of them without content.
fn assert_sections_filled(doc: &str, with_volume: bool) {
    assert!(doc.starts_with("# Data Design\n"), "{doc}");
    let mut last = 0;
    let mut wanted: Vec<&str> = SECTIONS.to_vec();
    if with_volume {
        wanted.push("## Volume Profile");
    }
    for h in &wanted {
        let at = doc
            .find(&format!("\n{h}\n"))
            .unwrap_or_else(|| panic!("missing {h}"));
        assert!(at > last, "{h} out of order");
        last = at;
        let body = section(doc, h)[h.len()..].trim();
        assert!(body.len() > 40, "{h} is (nearly) empty: {body:?}");
    }
    if !with_volume {
        assert!(
            !doc.contains("## Volume Profile"),
            "volume section without a profile"
        );
    }
    let diagram = section(doc, "## Conceptual Model");
    assert!(diagram.contains("```mermaid\nerDiagram\n"), "{diagram}");
}

/// The table row of the relationship table for a foreign key.
fn relationship_row<'a>(doc: &'a str, fk: &str) -> &'a str {
    section(doc, "## Conceptual Model")
        .lines()
        .find(|l| l.starts_with('|') && l.contains(&format!("`{fk}`")))
        .unwrap_or_else(|| panic!("no relationship row for {fk}"))
}

#[tokio::test]
async fn every_section_is_filled_for_every_schema() {
    for schema in ["schemas/ddx.sql", "schemas/shop.sql", "schemas/hard.sql"] {
        let text = render_schema(schema, None).await;
        assert_sections_filled(&text, false);
    }
    let text = render_schema("schemas/shop.sql", Some("profiles/medium.toml")).await;
    assert_sections_filled(&text, true);
}

#[tokio::test]
async fn rendering_is_deterministic_across_databases() {
    // Two databases: different oids, different names, same schema → the same bytes.
    let a = render_schema("schemas/hard.sql", Some("profiles/small.toml")).await;
    let b = render_schema("schemas/hard.sql", Some("profiles/small.toml")).await;
    if let Err(diff) = doc::check(&a, &b) {
        panic!("two renderings differ:\n{diff}");
    }
    assert_eq!(a, b);
    // Nothing about the server or the database it came from.
    let db = fresh_db().await;
    let mut c = db.connect().await;
    let version: String = sqlx::query_scalar("SELECT current_setting('server_version')")
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert!(
        !a.contains(&version),
        "the document names the server version {version}"
    );
    assert!(!a.contains("seedbed_t_"), "the document names the database");
}

#[tokio::test]
async fn check_catches_a_dropped_column() {
    let db = fresh_db().await;
    db.apply_file("schemas/ddx.sql").await;
    let committed = render(&db, None).await;
    assert!(doc::check(&committed, &render(&db, None).await).is_ok());

    db.exec("ALTER TABLE projects DROP COLUMN description")
        .await;
    let now = render(&db, None).await;
    let diff = doc::check(&committed, &now).expect_err("a dropped column must be caught");
    assert!(diff.contains("-| `description` | `text` | NULL"), "{diff}");
    assert!(diff.contains("@@ -"), "{diff}");
    assert!(diff.lines().count() <= 25, "the diff is short: {diff}");
}

#[tokio::test]
async fn ddx_relationships_and_cardinalities() {
    let text = render_schema("schemas/ddx.sql", None).await;
    let diagram = section(&text, "## Conceptual Model");
    // Mandatory one-to-many (non-identifying: owner_id is not part of projects' key).
    assert!(
        diagram.contains("users ||..o{ projects : \"owner_id\""),
        "{diagram}"
    );
    assert!(
        diagram.contains("users ||..o{ templates : \"author_id\""),
        "{diagram}"
    );
    // projects.template_id is nullable: the parent end is optional.
    assert!(
        diagram.contains("templates |o..o{ projects : \"template_id\""),
        "{diagram}"
    );
    // The junction's keys are part of its primary key: identifying.
    assert!(
        diagram.contains("projects ||--o{ project_patterns : \"project_id\""),
        "{diagram}"
    );
    assert!(
        diagram.contains("patterns ||--o{ project_patterns : \"pattern_id\""),
        "{diagram}"
    );

    let row = relationship_row(&text, "projects_owner_id_fkey");
    assert!(
        row.contains("one-to-many") && row.contains("mandatory") && row.contains("CASCADE"),
        "{row}"
    );
    let row = relationship_row(&text, "projects_template_id_fkey");
    assert!(
        row.contains("one-to-many") && row.contains("optional") && row.contains("SET NULL"),
        "{row}"
    );
    assert!(row.contains("zero or one parent"), "{row}");

    assert!(
        diagram.contains(
            "- `public.patterns` ↔ `public.projects` through `public.project_patterns` (its key is the two foreign keys"
        ),
        "{diagram}"
    );
    assert!(
        diagram.contains("it also records `applied_at`"),
        "{diagram}"
    );
    // ddx has neither self-references nor cycles, and says so.
    assert!(
        diagram.contains("#### Hierarchies (self-referencing keys)\n\nNone."),
        "{diagram}"
    );
    assert!(
        diagram.contains("None: the foreign keys form no cycle"),
        "{diagram}"
    );
}

#[tokio::test]
async fn shop_one_to_one_and_hierarchy_and_hard_cycles() {
    let shop = render_schema("schemas/shop.sql", None).await;
    let diagram = section(&shop, "## Conceptual Model");
    assert!(
        diagram.contains("shop__customers ||--o| shop__customer_profiles : \"customer_id\""),
        "{diagram}"
    );
    let row = relationship_row(&shop, "customer_profiles_customer_id_fkey");
    assert!(row.contains("one-to-one"), "{row}");
    assert!(
        diagram.contains("shop__customers |o..o{ shop__customers : \"referred_by\""),
        "{diagram}"
    );
    let row = relationship_row(&shop, "customers_referred_by_fkey");
    assert!(row.contains("self-referencing"), "{row}");
    assert!(
        diagram.contains("- `shop.customers`: `customers_referred_by_fkey` (referred_by)"),
        "{diagram}"
    );
    // order_items is the association between orders and products (unique (order_id, product_id)).
    assert!(
        diagram.contains("- `shop.orders` ↔ `shop.products` through `shop.order_items`"),
        "{diagram}"
    );

    let hard = render_schema("schemas/hard.sql", None).await;
    let cycles = section(&hard, "## Conceptual Model");
    assert!(
        cycles.contains(
            "- `public.authors` → `public.books` → `public.authors`: broken at `authors_favourite_book_fk`"
        ),
        "{cycles}"
    );
    assert!(cycles.contains("DEFERRABLE"), "{cycles}");
    assert!(
        cycles.contains("`Human Resources.Departments` → `Human Resources.employees` → `Human Resources.Departments`"),
        "{cycles}"
    );
    assert!(
        cycles.contains("- `public.books` ↔ `public.tags` through `public.book_tags`"),
        "{cycles}"
    );
}

#[tokio::test]
async fn ddx_patterns_performance_quality_and_privacy() {
    let text = render_schema("schemas/ddx.sql", None).await;

    let perf = section(&text, "## Performance Considerations");
    let missing = &perf[perf
        .find("### Foreign keys without a supporting index")
        .unwrap()..];
    let missing = &missing[..missing.find("### Possibly redundant").unwrap()];
    for fk in [
        "- `public.templates.author_id` (`templates_author_id_fkey`) → `public.users`",
        "- `public.audit_log.changed_by` (`audit_log_changed_by_fkey`) → `public.users`",
        "- `public.project_patterns.pattern_id` (`project_patterns_pattern_id_fkey`) → `public.patterns`",
        "- `public.template_versions.created_by` (`template_versions_created_by_fkey`) → `public.users`",
    ] {
        assert!(missing.contains(fk), "{fk} not listed in:\n{missing}");
    }
    // Supported ones are not listed: an index of its own, or the leading column of a key.
    for fk in [
        "projects_owner_id_fkey",
        "patterns_template_id_fkey",
        "project_patterns_project_id_fkey",
        "template_versions_template_id_fkey",
    ] {
        assert!(!missing.contains(fk), "{fk} wrongly listed:\n{missing}");
    }
    assert!(
        perf.contains("None: every table has a primary key."),
        "{perf}"
    );
    assert!(
        perf.contains("`idx_projects_owner_id` (owner_id) on `public.projects` is a leading part of `projects_owner_id_name_key`"),
        "{perf}"
    );
    for kind in ["partial", "GIN", "composite", "expression"] {
        assert!(perf.contains(kind), "no {kind} index reported: {perf}");
    }

    let patterns = section(&text, "## Data Patterns");
    assert!(
        patterns.contains("- `public.audit_log` is an audit-trail table"),
        "{patterns}"
    );
    assert!(
        patterns.contains("No trigger on any table calls an audit function"),
        "{patterns}"
    );
    assert!(
        patterns.contains("- `public.templates`: marker column `deleted_at` (timestamp with time zone); view `public.active_templates` shows only live rows; partial index `idx_templates_active` covers only live rows"),
        "{patterns}"
    );
    assert!(
        patterns.contains("- `public.projects`: marker column `deleted_at`"),
        "{patterns}"
    );
    assert!(
        patterns.contains(
            "- `public.template_versions` keeps the version history of `public.templates`"
        ),
        "{patterns}"
    );
    assert!(
        patterns.contains("| `public.projects` | `configuration` | jsonb | configuration |"),
        "{patterns}"
    );
    assert!(
        patterns
            .contains("5 of 9 tables record when a row was created, 4 when it was last modified"),
        "{patterns}"
    );
    assert!(
        patterns.contains("- `public.templates.version` (character varying(50)) is a version label, constrained by `templates_version_check`"),
        "{patterns}"
    );

    let quality = section(&text, "## Data Quality");
    assert!(
        quality.contains("| `public.users` | `users_role_check` |"),
        "{quality}"
    );
    assert!(
        quality.contains("translated into the generators"),
        "{quality}"
    );
    // validate_template_schema's PL/pgSQL body is read: its keys shape the generated JSON
    // (issue 11; before, the default JSON failed it on the server).
    let row = quality
        .lines()
        .find(|l| l.contains("`templates_schema_valid`"))
        .expect("templates_schema_valid row");
    assert!(
        row.contains("translated into the generators")
            && row.contains("JSON object with keys variables, files"),
        "{row}"
    );

    let privacy = section(&text, "## Security and Privacy");
    assert!(
        privacy.contains("| `public.users` | `email` | email |"),
        "{privacy}"
    );
    assert!(
        privacy.contains("| `public.users` | `name` | person_name |"),
        "{privacy}"
    );

    let migration = section(&text, "## Migration Strategy");
    assert!(
        migration.contains("`public.schema_migrations`"),
        "{migration}"
    );
}

#[tokio::test]
async fn volume_profile_counts_rows_and_estimates_size() {
    let text = render_schema(DESIGN_SCHEMA, Some(DESIGN_PROFILE)).await;
    let volume = section(&text, "## Volume Profile");
    assert!(
        volume.contains("| `public.users` | 5000 | profile: rows = 5000 |"),
        "{volume}"
    );
    assert!(volume.contains("| **total** |"), "{volume}");
    assert!(volume.contains("MiB"), "{volume}");
    // The function CHECK is read and translated: nothing left for the server to verify.
    let quality = section(&text, "## Data Quality");
    let row = quality
        .lines()
        .find(|l| l.contains("`templates_schema_valid`"))
        .unwrap();
    assert!(row.contains("translated into the generators"), "{row}");
}

/// The committed design document is what `seedbed doc` renders for `schemas/ddx.sql` with the
/// ddx-medium profile today. When the schema or seedbed changes on purpose, regenerate it:
/// `SEEDBED_WRITE_DOC=1 cargo test --test doc write_data_design -- --ignored` (or the CLI,
/// see docs/doc-command.md).
#[tokio::test]
async fn committed_data_design_is_current() {
    let committed = std::fs::read_to_string(repo_path(DESIGN_DOC))
        .unwrap_or_else(|e| panic!("{DESIGN_DOC}: {e}"));
    let now = render_schema(DESIGN_SCHEMA, Some(DESIGN_PROFILE)).await;
    if let Err(diff) = doc::check(&committed, &now) {
        panic!(
            "{DESIGN_DOC} is out of date:\n{diff}\nregenerate it: SEEDBED_WRITE_DOC=1 cargo test --test doc write_data_design -- --ignored"
        );
    }
}

#[tokio::test]
#[ignore = "writes docs/helix/02-design/data-design.md; run with SEEDBED_WRITE_DOC=1"]
async fn write_data_design() {
    assert_eq!(
        std::env::var("SEEDBED_WRITE_DOC").as_deref(),
        Ok("1"),
        "set SEEDBED_WRITE_DOC=1 to overwrite {DESIGN_DOC}"
    );
    let text = render_schema(DESIGN_SCHEMA, Some(DESIGN_PROFILE)).await;
    let path = repo_path(DESIGN_DOC);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[tokio::test]
async fn a_large_schema_keeps_its_diagram_within_mermaids_limit() {
    // 120 tables of 12 commented columns, each referencing the one before: the full diagram is
    // far over Mermaid's 50,000 characters, so the document falls back to key columns.
    let db = fresh_db().await;
    let mut sql = String::new();
    for i in 0..120 {
        sql.push_str(&format!("CREATE TABLE t{i:03} (id bigint PRIMARY KEY"));
        if i > 0 {
            sql.push_str(&format!(
                ", parent_id bigint NOT NULL REFERENCES t{:03}(id)",
                i - 1
            ));
        }
        for c in 0..10 {
            sql.push_str(&format!(", c{c} text"));
        }
        sql.push_str(");\n");
        for c in 0..10 {
            sql.push_str(&format!(
                "COMMENT ON COLUMN t{i:03}.c{c} IS 'A fairly long description of column {c} of table {i}';\n"
            ));
        }
    }
    db.exec(&sql).await;
    let text = render(&db, None).await;
    dump("schemas/large.sql", None, &text);
    let start = text.find("```mermaid\n").expect("a diagram") + "```mermaid\n".len();
    let diagram = &text[start..start + text[start..].find("```").unwrap()];
    assert!(
        diagram.encode_utf16().count() <= 50_000,
        "{} characters",
        diagram.len()
    );
    assert!(text.contains("so it shows key columns only"), "{diagram}");
    assert!(diagram.contains("bigint parent_id FK"), "{diagram}");
    assert!(!diagram.contains(" c0 "), "{diagram}");
    assert!(
        diagram.contains("t000 ||..o{ t001 : \"parent_id\""),
        "{diagram}"
    );
}

#[tokio::test]
async fn doc_check_on_the_command_line_catches_a_dropped_column() {
    let db = common::fresh_db().await;
    db.apply_file(common::repo_path("schemas/ddx.sql")).await;
    let file = std::env::temp_dir().join(format!("seedbed-doc-{}.md", common::random_u32()));
    let f = file.display().to_string();
    common::ok(&common::run(&[
        "doc",
        "--database-url",
        &db.url,
        "--out",
        &f,
    ]));
    common::ok(&common::run(&[
        "doc",
        "--database-url",
        &db.url,
        "--check",
        &f,
    ]));
    db.exec("ALTER TABLE projects DROP COLUMN description")
        .await;
    let out = common::run(&["doc", "--database-url", &db.url, "--check", &f]);
    let line = common::error_line(&out);
    assert!(line.contains("out of date"), "{line}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("description"),
        "the diff names the dropped column: {stderr}"
    );
    let _ = std::fs::remove_file(file);
}
