//! Unit tests of the document's detectors, index analysis, Markdown, sizes and `check`.

use std::fmt::Write;

use super::DIFF_LINES_SHOWN;
use super::check;
use super::detect::*;
use super::indexes::*;
use super::markdown::*;
use super::predicate::*;
use super::volume::*;
use crate::model::{
    Column, FkAction, ForeignKey, Index, KeyPart, SqlType, Table, TableRef, Trigger, UniqueKey,
    UniqueKind, View,
};

fn base(name: &str) -> SqlType {
    SqlType::Base {
        name: name.into(),
        oid: 0,
        length: None,
        precision: None,
        scale: None,
    }
}

fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column {
        name: name.into(),
        type_name: ty.into(),
        type_info: base(ty),
        nullable,
        default: None,
        identity: None,
        sequence: None,
        generated: None,
        comment: None,
    }
}

fn key(name: &str, kind: UniqueKind, cols: &[&str]) -> UniqueKey {
    UniqueKey {
        name: name.into(),
        kind,
        columns: cols.iter().map(|c| c.to_string()).collect(),
        parts: cols
            .iter()
            .map(|c| KeyPart::Column(c.to_string()))
            .collect(),
        predicate: None,
        nulls_not_distinct: false,
        definition: None,
    }
}

fn fk(name: &str, cols: &[&str], parent: &str) -> ForeignKey {
    ForeignKey {
        name: name.into(),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        references: TableRef {
            schema: "public".into(),
            table: parent.into(),
            columns: vec!["id".into()],
        },
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        not_valid: false,
        match_full: false,
        definition: String::new(),
        on_partitions: false,
    }
}

fn index(name: &str, table: &str, method: &str, cols: &[&str], predicate: Option<&str>) -> Index {
    let mut definition = format!(
        "CREATE INDEX {name} ON public.{table} USING {method} ({})",
        cols.join(", ")
    );
    if let Some(p) = predicate {
        let _ = write!(definition, " WHERE {p}");
    }
    Index {
        name: name.into(),
        definition,
        method: method.into(),
        unique: false,
        primary: false,
        constraint: None,
        parts: cols
            .iter()
            .map(|c| KeyPart::Column(c.trim_end_matches(" DESC").to_string()))
            .collect(),
        predicate: predicate.map(str::to_string),
    }
}

/// A table with only the fields a test sets.
fn tbl(name: &str, columns: Vec<Column>) -> Table {
    Table {
        columns,
        ..Table::empty("public", name)
    }
}

#[test]
fn junction_needs_both_keys_to_be_the_key() {
    let mut t = tbl(
        "project_patterns",
        vec![
            col("project_id", "uuid", false),
            col("pattern_id", "uuid", false),
            col("applied_at", "timestamptz", false),
        ],
    );
    t.foreign_keys = vec![
        fk("a", &["project_id"], "projects"),
        fk("b", &["pattern_id"], "patterns"),
    ];
    assert!(junction(&t).is_none(), "no key over both");
    t.primary_key = Some(key(
        "pk",
        UniqueKind::PrimaryKey,
        &["project_id", "pattern_id"],
    ));
    let (a, b) = junction(&t).expect("junction");
    assert_eq!((a.name.as_str(), b.name.as_str()), ("a", "b"));
    // A surrogate key plus a unique pair is still a junction.
    t.primary_key = Some(key("pk", UniqueKind::PrimaryKey, &["id"]));
    t.unique_keys = vec![key(
        "uk",
        UniqueKind::Constraint,
        &["pattern_id", "project_id"],
    )];
    assert!(junction(&t).is_some());
    // A key over one foreign key and another column is not.
    t.unique_keys = vec![key(
        "uk",
        UniqueKind::Constraint,
        &["project_id", "applied_at"],
    )];
    assert!(junction(&t).is_none());
}

#[test]
fn audit_tables_by_name_and_columns() {
    let audit = tbl(
        "audit_log",
        vec![col("id", "uuid", false), col("operation", "varchar", false)],
    );
    assert!(is_audit_table(&audit));
    let migration_log = tbl(
        "migration_log",
        vec![
            col("migration_name", "text", false),
            col("status", "varchar", false),
            col("started_at", "timestamptz", false),
        ],
    );
    assert!(!is_audit_table(&migration_log));
    let changes = tbl(
        "change_history",
        vec![
            col("table_name", "text", false),
            col("old_values", "jsonb", true),
        ],
    );
    assert!(is_audit_table(&changes));
    let unnamed = tbl(
        "x",
        vec![
            col("action", "text", false),
            col("record_id", "uuid", false),
            col("changed_at", "timestamptz", false),
        ],
    );
    assert!(is_audit_table(&unnamed));
    assert!(!is_audit_table(&tbl(
        "events",
        vec![col("action", "text", false)]
    )));
    let g = Trigger {
        name: "users_audit".into(),
        definition: String::new(),
        function: "audit_trigger".into(),
        effect: Default::default(),
    };
    assert_eq!(trigger_role(&g), Some(TriggerRole::Audit));
    let g = Trigger {
        name: "touch".into(),
        definition: String::new(),
        function: "set_updated_at".into(),
        effect: Default::default(),
    };
    assert_eq!(trigger_role(&g), Some(TriggerRole::Timestamp));
    let actor = |name: &str| is_actor_column(&unnamed, &col(name, "uuid", true));
    assert!(actor("created_by") && actor("Updated_By_Id") && actor("changed_by"));
    assert!(!actor("referred_by") && !actor("owned_by"));
    assert!(
        !actor("actor_id"),
        "film_actor.actor_id names an actor of a film"
    );
}

#[test]
fn soft_delete_marker_views_and_partial_indexes() {
    let t = tbl(
        "templates",
        vec![
            col("id", "uuid", false),
            col("deleted_at", "timestamptz", true),
        ],
    );
    let marker = soft_delete_column(&t).expect("marker");
    assert_eq!(marker.name, "deleted_at");
    // A NOT NULL deleted_at cannot mean "live".
    let strict = tbl("t", vec![col("deleted_at", "timestamptz", false)]);
    assert!(soft_delete_column(&strict).is_none());
    // As pg_get_viewdef prints it.
    let view = View {
        schema: "public".into(),
        name: "active_templates".into(),
        definition: " SELECT templates.id,\n    templates.deleted_at\n   FROM templates\n  WHERE templates.deleted_at IS NULL;".into(),
    };
    assert!(view_reads(&view, &t));
    assert!(view_filters_live_rows(&view, marker));
    assert!(!view_reads(&view, &tbl("templates_x", vec![])));
    assert!(filters_live_rows(
        "((published = true) AND (deleted_at IS NULL))",
        marker
    ));
    assert!(!filters_live_rows("(deleted_at IS NOT NULL)", marker));
    assert!(!filters_live_rows("(undeleted_at IS NULL)", marker));
    let flag_table = tbl("t", vec![col("is_deleted", "bool", false)]);
    let flag = soft_delete_column(&flag_table).expect("flag");
    assert!(filters_live_rows("(NOT is_deleted)", flag));
    assert!(filters_live_rows("(t.is_deleted = false)", flag));
    assert!(!filters_live_rows("is_deleted", flag));
    let quoted = View {
        schema: "Human Resources".into(),
        name: "v".into(),
        definition: "SELECT 1 FROM \"Human Resources\".\"Departments\" d".into(),
    };
    let mut dep = tbl("Departments", vec![]);
    dep.schema = "Human Resources".into();
    assert!(view_reads(&quoted, &dep));
}

#[test]
fn predicates_and_views_are_read_as_expressions() {
    let flag = col("deleted", "bool", false);
    for live in [
        "(deleted IS FALSE)",
        "(deleted IS NOT TRUE)",
        "(false = deleted)",
        "(deleted <> true)",
        "((tenant_id = 1) AND (NOT (deleted)::boolean))",
    ] {
        assert!(filters_live_rows(live, &flag), "{live}");
    }
    for not_live in ["(deleted IS TRUE)", "(deleted = true)", "(NOT undeleted)"] {
        assert!(!filters_live_rows(not_live, &flag), "{not_live}");
    }
    let time = col("Deleted At", "timestamptz", true);
    assert!(filters_live_rows("(\"Deleted At\" IS NULL)", &time));
    // Only a condition every row must meet: one side of an OR is not a filter.
    assert!(!filters_live_rows(
        "((\"Deleted At\" IS NULL) OR (x > 1))",
        &time
    ));
    assert!(!filters_live_rows("not sql at all (", &time));
    // Views: subqueries, set operations and WITH are read; text in literals is not.
    let t = tbl("templates", vec![col("deleted_at", "timestamptz", true)]);
    let marker = &t.columns[0];
    let view = |definition: &str| View {
        schema: "public".into(),
        name: "v".into(),
        definition: definition.into(),
    };
    let nested = view(
        " WITH x AS (\n SELECT 1 AS a\n) SELECT s.id FROM ( SELECT templates.id FROM public.templates WHERE (templates.deleted_at IS NULL)) s UNION SELECT 2 FROM x;",
    );
    assert!(view_reads(&nested, &t));
    assert!(view_filters_live_rows(&nested, marker));
    let literal = view(" SELECT 'FROM templates WHERE deleted_at IS NULL'::text AS note;");
    assert!(!view_reads(&literal, &t));
    assert!(!view_filters_live_rows(&literal, marker));
    let scalar = view(
        " SELECT p.id, COALESCE(( SELECT json_agg(x.id) FROM templates x WHERE ((x.owner = p.id) AND (x.deleted_at IS NULL))), '[]'::json) AS live FROM projects p;",
    );
    assert!(view_reads(&scalar, &t));
    assert!(view_filters_live_rows(&scalar, marker));
    let joined = view(
        " SELECT p.id FROM (projects p LEFT JOIN templates x ON (((x.id = p.template_id) AND (x.deleted_at IS NULL))));",
    );
    assert!(view_reads(&joined, &t));
    assert!(
        !view_filters_live_rows(&joined, marker),
        "a join condition is not a WHERE"
    );
    let other_schema = view(" SELECT 1 FROM archive.templates;");
    assert!(!view_reads(&other_schema, &t));
}

#[test]
fn version_history_and_columns() {
    let mut t = tbl(
        "template_versions",
        vec![
            col("id", "uuid", false),
            col("template_id", "uuid", false),
            col("version", "varchar", false),
        ],
    );
    t.foreign_keys = vec![fk("tv_fk", &["template_id"], "templates")];
    t.unique_keys = vec![key(
        "uk",
        UniqueKind::Constraint,
        &["template_id", "version"],
    )];
    let (k, v) = history_of(&t).expect("history");
    assert_eq!((k.name.as_str(), v.name.as_str()), ("tv_fk", "version"));
    // Named like a history but without a key over (parent, version): the parent the name
    // points at, not the first key (created_by → users).
    let mut named = tbl(
        "template_versions",
        vec![
            col("created_by", "uuid", false),
            col("template_id", "uuid", false),
            col("version", "text", false),
        ],
    );
    named.foreign_keys = vec![
        fk("by", &["created_by"], "users"),
        fk("tv", &["template_id"], "templates"),
    ];
    assert_eq!(history_of(&named).map(|(k, _)| k.name.as_str()), Some("tv"));
    named.foreign_keys.truncate(1);
    assert!(history_of(&named).is_none());
    let mut plain = tbl(
        "templates",
        vec![col("id", "uuid", false), col("version", "varchar", false)],
    );
    plain.foreign_keys = vec![fk("author", &["id"], "users")];
    assert!(history_of(&plain).is_none());
    assert_eq!(
        version_column(&plain).map(|c| c.name.as_str()),
        Some("version")
    );
    assert!(is_migration_table(&tbl("schema_migrations", vec![])));
    assert!(is_migration_table(&tbl("flyway_schema_history", vec![])));
    assert!(!is_migration_table(&tbl("users", vec![])));
}

#[test]
fn timestamps_and_json_roles() {
    let t = tbl(
        "projects",
        vec![
            col("created_at", "timestamptz", false),
            col("updated_at", "timestamptz", false),
            col("configuration", "jsonb", false),
            col("content", "jsonb", false),
            col("updated", "bool", false),
        ],
    );
    assert_eq!(
        created_column(&t).map(|c| c.name.as_str()),
        Some("created_at")
    );
    assert_eq!(
        updated_column(&t).map(|c| c.name.as_str()),
        Some("updated_at")
    );
    assert_eq!(json_role(&t, &t.columns[2]), "configuration");
    assert_eq!(json_role(&t, &t.columns[3]), "document");
    let only_flag = tbl("x", vec![col("updated", "bool", false)]);
    assert!(
        updated_column(&only_flag).is_none(),
        "a boolean is not a time"
    );
}

#[test]
fn supporting_and_redundant_indexes() {
    let mut t = tbl(
        "projects",
        vec![
            col("id", "uuid", false),
            col("owner_id", "uuid", false),
            col("name", "text", false),
            col("template_id", "uuid", true),
        ],
    );
    let mut uk = index(
        "projects_owner_id_name_key",
        "projects",
        "btree",
        &["owner_id", "name"],
        None,
    );
    uk.unique = true;
    uk.constraint = Some("projects_owner_id_name_key".into());
    t.indexes = vec![
        uk,
        index("idx_owner", "projects", "btree", &["owner_id"], None),
        index(
            "idx_live",
            "projects",
            "btree",
            &["template_id"],
            Some("(deleted_at IS NULL)"),
        ),
        index(
            "idx_updated",
            "projects",
            "btree",
            &["updated_at DESC"],
            None,
        ),
    ];
    let owner = ["owner_id".to_string()];
    assert_eq!(
        supporting_index(&t, &owner).map(|i| i.name.as_str()),
        Some("projects_owner_id_name_key")
    );
    assert!(
        supporting_index(&t, &["template_id".to_string()]).is_none(),
        "partial indexes do not count"
    );
    assert!(
        supporting_index(&t, &["name".to_string()]).is_none(),
        "not a leading column"
    );
    let r = redundant_indexes(&t);
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0].0.name.as_str(), r[0].1.name.as_str()),
        ("idx_owner", "projects_owner_id_name_key")
    );
    // Exact duplicates: reported once.
    t.indexes = vec![
        index("b_idx", "projects", "btree", &["name"], None),
        index("a_idx", "projects", "btree", &["name"], None),
    ];
    let r = redundant_indexes(&t);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].0.name, "b_idx");
}

#[test]
fn index_keys_are_read_from_definitions() {
    assert_eq!(
        index_key(
            "CREATE INDEX i ON public.t USING gin (to_tsvector('english'::regconfig, (name)::text))"
        ),
        Some("to_tsvector('english'::regconfig, (name)::text)")
    );
    assert_eq!(
        index_key(
            "CREATE INDEX i ON public.t USING btree (owner_id, updated_at) WHERE (deleted_at IS NULL)"
        ),
        Some("owner_id, updated_at")
    );
    assert_eq!(
        index_key("CREATE INDEX i ON public.t USING btree (f(')'), b)"),
        Some("f(')'), b")
    );
    assert_eq!(split_key("f(a, b), c DESC"), vec!["f(a, b)", "c DESC"]);
    assert_eq!(
        split_key(r#""a,b", "f(" DESC"#),
        vec![r#""a,b""#, r#""f(" DESC"#]
    );
    assert_eq!(index_key("garbage"), None);
}

#[test]
fn markdown_escaping() {
    assert_eq!(code("a"), "`a`");
    assert_eq!(code("a`b"), "`` a`b ``");
    assert_eq!(fenced("sql", "SELECT 1"), "```sql\nSELECT 1\n```\n\n");
    assert_eq!(fenced("", "a ```` b"), "`````\na ```` b\n`````\n\n");
    assert_eq!(
        prose("<b>*x*</b>\nnext -> on"),
        "&lt;b>\\*x\\*&lt;/b> next -> on"
    );
    let mut out = String::new();
    table(&mut out, &["A"], &[vec![code("x || y")]]);
    assert_eq!(out, "| A |\n|---|\n| `x \\|\\| y` |\n\n");
}

#[test]
fn widths_and_sizes() {
    assert_eq!(type_width(&base("uuid"), None), 16.0);
    assert_eq!(type_width(&base("text"), None), 33.0);
    let numeric = SqlType::Base {
        name: "numeric".into(),
        oid: 0,
        length: None,
        precision: Some(12),
        scale: Some(2),
    };
    assert_eq!(type_width(&numeric, None), 9.0);
    assert_eq!(human_bytes(512.0), "512 B");
    assert_eq!(human_bytes(1536.0), "1.5 KiB");
    assert_eq!(human_bytes(3.0 * 1024.0 * 1024.0), "3.0 MiB");
}

#[test]
fn check_accepts_equal_and_line_ending_differences() {
    assert!(check("a\nb\n", "a\nb\n").is_ok());
    assert!(check("a\r\nb\r\n", "a\nb\n").is_ok());
    assert!(check("a\nb\n\n", "a\nb\n").is_ok());
}

#[test]
fn check_shows_a_short_diff_with_line_numbers() {
    let old = "# Doc\n| id |\n| description |\n| name |\nend\n";
    let new = "# Doc\n| id |\n| name |\nend\n";
    let d = check(old, new).unwrap_err();
    assert!(d.contains("@@ -3,1 +2,0 @@"), "{d}");
    assert!(d.contains("-| description |"), "{d}");
    assert!(
        !d.contains("+| name |"),
        "unchanged lines are not shown: {d}"
    );
    let d = check("a\nb\nc\n", "a\nB\nc\nd\n").unwrap_err();
    assert!(d.contains("@@ -2,1 +2,1 @@\n-b\n+B\n"), "{d}");
    assert!(d.contains("@@ -3,0 +4,1 @@\n+d\n"), "{d}");
}

#[test]
fn check_caps_the_diff() {
    let old: String = (0..100).map(|i| format!("line {i}\n")).collect();
    let new: String = (0..100).map(|i| format!("LINE {i}\n")).collect();
    let d = check(&old, &new).unwrap_err();
    let shown = d
        .lines()
        .filter(|l| l.starts_with('-') || l.starts_with('+'))
        .count();
    // Two header lines (--- and +++) plus the capped body.
    assert_eq!(shown, 2 + DIFF_LINES_SHOWN, "{d}");
    assert!(d.contains("… and 180 more differing line(s)"), "{d}");
    assert_eq!(
        d.lines().filter(|l| l.starts_with("+LINE")).count(),
        DIFF_LINES_SHOWN / 2,
        "{d}"
    );
}
