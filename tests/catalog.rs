//! Introspection and the table graph against a real PostgreSQL (issue 2): the model of each
//! schema in `schemas/`, filters, cycles, determinism, a large schema, and the `inspect` command
//! including how it fails on bad input.
//!
//! Each test works in a database of its own (see `common::fresh_db`).

mod common;

use std::collections::BTreeSet;
use std::process::Output;

use common::{TestDb, fresh_db, repo_path, seedbed_cmd};
use seedbed::testing::catalog::{self, Filter};
use seedbed::testing::graph::{self, BreakKind, LoadOrder};
use seedbed::testing::model::*;
use seedbed::testing::values::expr::{BinOp, Expr};

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

async fn model(db: &TestDb, filter: &Filter) -> (Catalog, LoadOrder) {
    let cat = introspect(db, filter).await;
    let order = graph::load_order(&cat).unwrap_or_else(|e| panic!("load order: {e}"));
    (cat, order)
}

async fn introspect(db: &TestDb, filter: &Filter) -> Catalog {
    let mut c = db.connect().await;
    catalog::introspect(&mut c, filter)
        .await
        .unwrap_or_else(|e| panic!("introspect: {e}"))
}

fn table<'a>(cat: &'a Catalog, schema: &str, name: &str) -> &'a Table {
    cat.table(schema, name)
        .unwrap_or_else(|| panic!("no table {schema}.{name}"))
}

fn column<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column(name)
        .unwrap_or_else(|| panic!("no column {name} in {}", t.key()))
}

fn unique<'a>(t: &'a Table, name: &str) -> &'a UniqueKey {
    t.unique_keys
        .iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("no unique key {name} in {}", t.key()))
}

fn check<'a>(t: &'a Table, name: &str) -> &'a Check {
    t.checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no check {name} in {}", t.key()))
}

fn fk<'a>(t: &'a Table, name: &str) -> &'a ForeignKey {
    t.foreign_keys
        .iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("no foreign key {name} in {}", t.key()))
}

/// Position of `schema.table` in the load order.
fn pos(cat: &Catalog, order: &LoadOrder, key: &str) -> usize {
    let keys = order.keys(cat);
    keys.iter()
        .position(|k| k == key)
        .unwrap_or_else(|| panic!("{key} not in load order {keys:?}"))
}

fn names(cat: &Catalog) -> BTreeSet<String> {
    cat.tables.iter().map(Table::key).collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|s| s.to_string()).collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Run `seedbed inspect` with extra arguments.
fn inspect(args: &[&str]) -> Output {
    seedbed_cmd()
        .arg("inspect")
        .args(args)
        .output()
        .expect("running seedbed")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A failed run must print exactly one line, `seedbed: error: …`, exit non-zero, and not panic.
/// Returns that line.
fn one_error_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "expected failure, got success; stdout: {}",
        stdout(out)
    );
    assert_ne!(
        out.status.code(),
        Some(101),
        "exit code 101 means a panic: {err}"
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {err:?}");
    assert!(
        lines[0].starts_with("seedbed: error: "),
        "stderr does not start with `seedbed: error: `: {err:?}"
    );
    lines[0].to_string()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "seedbed failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("inspect --format json prints JSON")
}

// ---------------------------------------------------------------------------------------------
// schemas/ddx.sql
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn ddx_model() {
    let db = fresh_db().await;
    db.apply_file("schemas/ddx.sql").await;
    let (cat, order) = model(&db, &Filter::default()).await;

    assert_eq!(cat.schemas, ["public"]);
    assert!(cat.server_version.starts_with(|c: char| c.is_ascii_digit()));
    assert_eq!(
        names(&cat),
        set(&[
            "public.audit_log",
            "public.migration_log",
            "public.patterns",
            "public.project_patterns",
            "public.projects",
            "public.schema_migrations",
            "public.template_versions",
            "public.templates",
            "public.users",
        ])
    );
    // Views are recorded apart, never loaded.
    let views: BTreeSet<&str> = cat.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        views,
        BTreeSet::from(["active_patterns", "active_templates"])
    );

    // Load order: parents first.
    let p = |k| pos(&cat, &order, k);
    assert!(p("public.users") < p("public.templates"));
    assert!(p("public.templates") < p("public.projects"));
    assert!(p("public.templates") < p("public.patterns"));
    assert!(p("public.projects") < p("public.project_patterns"));
    assert!(p("public.patterns") < p("public.project_patterns"));
    assert!(p("public.users") < p("public.audit_log"));
    assert_eq!(order.tables.len(), cat.tables.len());
    assert!(order.deferred.is_empty(), "{:?}", order.deferred);
    assert!(order.self_references.is_empty());
    assert!(order.external.is_empty());

    // Composite primary key.
    let pp = table(&cat, "public", "project_patterns");
    let pk = pp.primary_key.as_ref().expect("project_patterns has a PK");
    assert_eq!(pk.kind, UniqueKind::PrimaryKey);
    assert_eq!(pk.columns, ["project_id", "pattern_id"]);

    // A unique constraint that includes a foreign key column.
    let projects = table(&cat, "public", "projects");
    let uk = unique(projects, "projects_owner_id_name_key");
    assert_eq!(uk.kind, UniqueKind::Constraint);
    assert_eq!(uk.columns, ["owner_id", "name"]);
    assert!(uk.predicate.is_none());
    assert!(
        projects
            .foreign_keys
            .iter()
            .any(|k| k.columns == ["owner_id"])
    );

    // The final form of projects_template_id_fkey.
    let tfk = fk(projects, "projects_template_id_fkey");
    assert_eq!(tfk.columns, ["template_id"]);
    assert_eq!(tfk.references.key(), "public.templates");
    assert_eq!(tfk.references.columns, ["id"]);
    assert_eq!(tfk.on_delete, FkAction::SetNull);
    assert_eq!(tfk.on_update, FkAction::Cascade);
    assert!(!tfk.deferrable);
    assert!(column(projects, "template_id").nullable);
    assert_eq!(
        fk(projects, "projects_owner_id_fkey").on_delete,
        FkAction::Cascade
    );

    // A CHECK that calls a user function: the PL/pgSQL body is read and stands in for the
    // call (issue 11); the definition still shows the call.
    let templates = table(&cat, "public", "templates");
    let sv = check(templates, "templates_schema_valid");
    assert_eq!(sv.definition, "CHECK (validate_template_schema(schema))");
    assert_eq!(sv.inlined, ["public.validate_template_schema"]);
    assert_eq!(sv.expr.functions(), ["jsonb_typeof"]);
    assert_eq!(sv.columns, ["schema"]);
    let tags = column(templates, "tags");
    assert!(
        matches!(&tags.type_info, SqlType::Array { element, .. } if element.base_name() == Some("text"))
    );

    // The e-mail CHECK is a case-insensitive regex match of the column against a literal.
    let users = table(&cat, "public", "users");
    let email = check(users, "users_email_check");
    let Expr::Binary { op, left, right } = &email.expr else {
        panic!("users_email_check: {:?}", email.expr)
    };
    assert_eq!(*op, BinOp::RegexIMatch);
    assert_eq!(left.as_column(), Some("email"));
    assert!(
        matches!(right.as_literal(), Some(seedbed::testing::values::expr::Literal::String(s)) if s.starts_with("^[A-Za-z0-9._%+-]+@")),
        "{right:?}"
    );
    // `role IN (…)` arrives as `= ANY (ARRAY[…])`.
    let role = check(users, "users_role_check");
    assert!(
        matches!(
            &role.expr,
            Expr::AnyOp {
                op: BinOp::Eq,
                all: false,
                ..
            }
        ),
        "{:?}",
        role.expr
    );
    let email_col = column(users, "email");
    assert_eq!(email_col.type_name, "character varying(255)");
    assert!(matches!(
        &email_col.type_info,
        SqlType::Base { name, length: Some(255), .. } if name == "varchar"
    ));
    assert!(!email_col.nullable);
    assert_eq!(
        users.comment.as_deref(),
        Some("Users table with audit fields")
    );
    assert_eq!(users.primary_key.as_ref().unwrap().columns, ["id"]);
    assert_eq!(
        column(users, "id").default.as_deref(),
        Some("gen_random_uuid()")
    );
    assert_eq!(unique(users, "users_email_key").columns, ["email"]);

    // Non-unique indexes are recorded, with their predicates.
    let idx = templates
        .indexes
        .iter()
        .find(|i| i.name == "idx_templates_tags")
        .expect("idx_templates_tags");
    assert_eq!(idx.method, "gin");
    assert!(!idx.unique);
    let active = templates
        .indexes
        .iter()
        .find(|i| i.name == "idx_templates_active")
        .expect("idx_templates_active");
    assert_eq!(active.predicate.as_deref(), Some("(deleted_at IS NULL)"));
}

// ---------------------------------------------------------------------------------------------
// schemas/shop.sql
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn shop_model() {
    let db = fresh_db().await;
    db.apply_file("schemas/shop.sql").await;
    let (cat, order) = model(&db, &Filter::default()).await;

    // Non-public schema; partitions are not tables of their own.
    assert_eq!(cat.schemas, ["shop"]);
    assert_eq!(
        names(&cat),
        set(&[
            "shop.audit_events",
            "shop.customer_profiles",
            "shop.customers",
            "shop.order_items",
            "shop.orders",
            "shop.page_views",
            "shop.products",
            "shop.shipments",
        ])
    );
    let p = |k| pos(&cat, &order, k);
    assert!(p("shop.customers") < p("shop.orders"));
    assert!(p("shop.orders") < p("shop.order_items"));
    assert!(p("shop.products") < p("shop.order_items"));
    assert!(p("shop.order_items") < p("shop.shipments"));
    assert!(p("shop.customers") < p("shop.page_views"));

    // Enum labels in declared order.
    let orders = table(&cat, "shop", "orders");
    let status = column(orders, "status");
    assert_eq!(status.type_name, "shop.order_status");
    let SqlType::Enum {
        schema,
        name,
        labels,
        ..
    } = &status.type_info
    else {
        panic!("status: {:?}", status.type_info)
    };
    assert_eq!((schema.as_str(), name.as_str()), ("shop", "order_status"));
    assert_eq!(
        labels,
        &["pending", "paid", "shipped", "delivered", "cancelled"]
    );

    // Domain over numeric(12,2) with a CHECK on VALUE.
    let products = table(&cat, "shop", "products");
    let price = column(products, "price");
    let SqlType::Domain {
        schema,
        name,
        base,
        not_null,
        checks,
        ..
    } = &price.type_info
    else {
        panic!("price: {:?}", price.type_info)
    };
    assert_eq!((schema.as_str(), name.as_str()), ("shop", "positive_money"));
    assert!(!not_null);
    assert!(
        matches!(
            base.as_ref(),
            SqlType::Base { name, precision: Some(12), scale: Some(2), .. } if name == "numeric"
        ),
        "{base:?}"
    );
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].columns, ["value"]);
    assert!(matches!(checks[0].expr, Expr::Binary { op: BinOp::Gt, .. }));
    assert_eq!(price.type_info.base_name(), Some("numeric"));
    assert_eq!(price.type_info.domain_checks().len(), 1);

    // Identity columns of both kinds; serial sequences recorded.
    let customers = table(&cat, "shop", "customers");
    assert_eq!(column(customers, "id").identity, Some(Identity::Always));
    assert_eq!(
        column(customers, "id").sequence.as_deref(),
        Some("shop.customers_id_seq")
    );
    assert_eq!(column(orders, "id").identity, Some(Identity::ByDefault));
    let pid = column(products, "id");
    assert_eq!(pid.identity, None);
    assert_eq!(pid.sequence.as_deref(), Some("shop.products_id_seq"));
    assert!(pid.default.as_deref().unwrap().starts_with("nextval("));

    // Stored generated column: an expression, no default.
    let items = table(&cat, "shop", "order_items");
    let total = column(items, "line_total");
    assert!(total.is_generated());
    let g = total.generated.as_deref().unwrap();
    assert!(g.contains("quantity") && g.contains("unit_price"), "{g}");
    assert!(total.default.is_none());
    assert_eq!(
        items.primary_key.as_ref().unwrap().columns,
        ["order_id", "line_no"]
    );
    assert_eq!(
        unique(items, "order_items_order_id_product_id_key").columns,
        ["order_id", "product_id"]
    );

    // Range partitioning: three yearly partitions with parsed bounds.
    let pv = table(&cat, "shop", "page_views");
    let part = pv.partitioning.as_ref().expect("page_views is partitioned");
    assert_eq!(part.strategy, PartitionStrategy::Range);
    assert_eq!(part.key, [KeyPart::Column("viewed_at".into())]);
    let pnames: Vec<&str> = part.partitions.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        pnames,
        ["page_views_2024", "page_views_2025", "page_views_2026"]
    );
    for (p, year) in part.partitions.iter().zip(2024..) {
        assert_eq!(p.schema, "shop");
        assert_eq!(
            p.bound,
            PartitionBound::Range {
                from: vec![BoundValue::Value(format!("{year}-01-01 00:00:00+00"))],
                to: vec![BoundValue::Value(format!("{}-01-01 00:00:00+00", year + 1))],
            },
            "{}",
            p.bound_text
        );
        assert!(p.bound_text.starts_with("FOR VALUES FROM ("));
    }
    assert_eq!(
        pv.primary_key.as_ref().unwrap().columns,
        ["id", "viewed_at"]
    );
    assert_eq!(column(pv, "id").identity, Some(Identity::Always));

    // List partitioning.
    let ae = table(&cat, "shop", "audit_events");
    let part = ae
        .partitioning
        .as_ref()
        .expect("audit_events is partitioned");
    assert_eq!(part.strategy, PartitionStrategy::List);
    assert_eq!(part.key, [KeyPart::Column("kind".into())]);
    let mut lists: Vec<(String, Vec<Option<String>>)> = part
        .partitions
        .iter()
        .map(|p| match &p.bound {
            PartitionBound::List { values } => (p.name.clone(), values.clone()),
            other => panic!("{}: {other:?}", p.name),
        })
        .collect();
    lists.sort();
    assert_eq!(
        lists,
        vec![
            (
                "audit_events_commerce".to_string(),
                vec![Some("purchase".to_string()), Some("refund".to_string())]
            ),
            (
                "audit_events_session".to_string(),
                vec![Some("login".to_string()), Some("logout".to_string())]
            ),
        ]
    );

    // Partial unique index with its predicate.
    let pending = unique(orders, "orders_one_pending_per_customer");
    assert_eq!(pending.kind, UniqueKind::Index);
    assert_eq!(pending.columns, ["customer_id"]);
    let pred = pending.predicate.as_ref().expect("partial index predicate");
    assert!(pred.expression.contains("pending"), "{}", pred.expression);
    assert_eq!(pred.expr.columns(), ["status"]);
    assert!(matches!(pred.expr, Expr::Binary { op: BinOp::Eq, .. }));

    // Expression unique index.
    let lower = unique(customers, "customers_email_lower_key");
    assert_eq!(lower.kind, UniqueKind::Index);
    assert!(lower.columns.is_empty());
    let [KeyPart::Expression { expression, expr }] = lower.parts.as_slice() else {
        panic!("customers_email_lower_key parts: {:?}", lower.parts)
    };
    assert!(expression.starts_with("lower("), "{expression}");
    assert_eq!(expr.functions(), ["lower"]);
    assert_eq!(expr.columns(), ["email"]);
    assert_eq!(lower.all_columns(), ["email"]);

    // Composite foreign key.
    let shipments = table(&cat, "shop", "shipments");
    let sfk = shipments
        .foreign_keys
        .iter()
        .find(|k| k.references.key() == "shop.order_items")
        .expect("shipments -> order_items");
    assert_eq!(sfk.columns, ["order_id", "line_no"]);
    assert_eq!(sfk.references.columns, ["order_id", "line_no"]);

    // One-to-one: the primary key is the foreign key.
    let profiles = table(&cat, "shop", "customer_profiles");
    assert_eq!(
        profiles.primary_key.as_ref().unwrap().columns,
        ["customer_id"]
    );
    assert_eq!(profiles.foreign_keys[0].columns, ["customer_id"]);

    // The self-reference is recorded, not treated as a cycle.
    let ci = cat.table_index("shop", "customers").unwrap();
    assert_eq!(
        order.self_references,
        [graph::KeyRef {
            table: ci,
            foreign_key: "customers_referred_by_fkey".into()
        }]
    );
    assert!(order.deferred.is_empty());

    // CHECKs spanning columns and implications.
    let oc = check(orders, "orders_check1");
    assert_eq!(oc.columns, ["status", "shipped_at"]);
    assert!(!oc.expr.has_unsupported());
    let domain_email = column(customers, "email");
    assert!(!domain_email.nullable);
    assert!(domain_email.effectively_not_null());
}

// ---------------------------------------------------------------------------------------------
// schemas/hard.sql
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn hard_model() {
    let db = fresh_db().await;
    db.apply_file("schemas/hard.sql").await;
    let (cat, order) = model(&db, &Filter::default()).await;

    // Quoted identifiers arrive exactly as spelled.
    assert_eq!(cat.schemas, ["Human Resources", "public"]);
    let dept = table(&cat, "Human Resources", "Departments");
    let cols: Vec<&str> = dept.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        cols,
        ["Id", "Name", "select", "a\"b", "Straße", "head_employee_id"]
    );
    assert_eq!(dept.sql_name(), "\"Human Resources\".\"Departments\"");
    assert_eq!(dept.primary_key.as_ref().unwrap().columns, ["Id"]);
    assert_eq!(column(dept, "Id").identity, Some(Identity::Always));
    // … and quoting them again addresses the same objects on the server.
    let quoted: Vec<String> = ["Name", "select", "a\"b", "Straße"]
        .iter()
        .map(|c| quote_ident(c))
        .collect();
    db.exec(&format!(
        "INSERT INTO {} ({}) VALUES ('R&D', 'x', 1, 'y')",
        dept.sql_name(),
        quoted.join(", ")
    ))
    .await;
    let n = db
        .scalar_i64(&format!(
            "SELECT count(*) FROM {} WHERE {} = 'x' AND {} = 1 AND {} = 'y'",
            dept.sql_name(),
            quoted[1],
            quoted[2],
            quoted[3]
        ))
        .await;
    assert_eq!(n, 1);

    // Cycle 1 broken at the nullable head_employee_id, cycle 2 at the deferrable key; nothing
    // else is broken.
    let di = cat.table_index("Human Resources", "Departments").unwrap();
    let ai = cat.table_index("public", "authors").unwrap();
    assert_eq!(
        order.is_deferred(di, "departments_head_fk"),
        Some(BreakKind::Nullable)
    );
    assert_eq!(
        order.is_deferred(ai, "authors_favourite_book_fk"),
        Some(BreakKind::Deferrable)
    );
    assert_eq!(order.deferred.len(), 2, "{:?}", order.deferred);
    let p = |k| pos(&cat, &order, k);
    assert!(p("Human Resources.Departments") < p("Human Resources.employees"));
    assert!(p("public.authors") < p("public.books"));
    assert!(p("public.books") < p("public.book_tags"));
    assert!(p("public.tags") < p("public.book_tags"));
    let authors = table(&cat, "public", "authors");
    let afk = fk(authors, "authors_favourite_book_fk");
    assert!(afk.deferrable && afk.initially_deferred);
    assert!(!column(authors, "favourite_book_id").nullable);
    let ei = cat.table_index("Human Resources", "employees").unwrap();
    assert!(order.self_references.contains(&graph::KeyRef {
        table: ei,
        foreign_key: "employees_manager_id_fkey".into()
    }));
    let emp = table(&cat, "Human Resources", "employees");
    let efk = fk(emp, "employees_department_id_fkey");
    assert_eq!(
        (
            efk.references.schema.as_str(),
            efk.references.table.as_str()
        ),
        ("Human Resources", "Departments")
    );
    assert_eq!(efk.references.columns, ["Id"]);

    // Exclusion constraint recorded (and not mistaken for a unique key).
    let bookings = table(&cat, "public", "bookings");
    assert_eq!(bookings.exclusions.len(), 1);
    assert!(
        bookings.exclusions[0]
            .definition
            .contains("EXCLUDE USING gist (during WITH &&)"),
        "{:?}",
        bookings.exclusions
    );
    assert!(bookings.unique_keys.is_empty());
    assert!(bookings.indexes.iter().any(|i| i.method == "gist"));

    let zoo = table(&cat, "public", "type_zoo");
    // Composite type column.
    let addr = column(zoo, "c_address");
    let SqlType::Composite { name, fields, .. } = &addr.type_info else {
        panic!("c_address: {:?}", addr.type_info)
    };
    assert_eq!(name, "address");
    let fnames: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fnames, ["street", "city", "zip"]);
    assert!(
        fields
            .iter()
            .all(|f| f.type_info.base_name() == Some("text"))
    );
    assert!(addr.nullable);

    // Arrays of an enum.
    let moods = column(zoo, "c_mood_array");
    let SqlType::Array { element, .. } = &moods.type_info else {
        panic!("c_mood_array: {:?}", moods.type_info)
    };
    assert!(
        matches!(element.as_ref(), SqlType::Enum { name, labels, .. }
            if name == "mood" && labels == &["sad", "ok", "happy"]),
        "{element:?}"
    );

    // Range types with their subtypes.
    for (col, range, sub) in [
        ("c_int4range", "int4range", "int4"),
        ("c_int8range", "int8range", "int8"),
        ("c_numrange", "numrange", "numeric"),
        ("c_daterange", "daterange", "date"),
        ("c_tstzrange", "tstzrange", "timestamptz"),
    ] {
        let c = column(zoo, col);
        assert!(
            matches!(&c.type_info, SqlType::Range { name, subtype, .. }
                if name == range && subtype.base_name() == Some(sub)),
            "{col}: {:?}",
            c.type_info
        );
    }

    // Base types with modifiers, a domain, a generated column.
    assert!(matches!(
        &column(zoo, "c_numeric").type_info,
        SqlType::Base {
            precision: Some(8),
            scale: Some(3),
            ..
        }
    ));
    assert!(matches!(
        &column(zoo, "c_char").type_info,
        SqlType::Base { name, length: Some(5), .. } if name == "bpchar"
    ));
    assert_eq!(column(zoo, "c_money").type_info.base_name(), Some("money"));
    let postal = column(zoo, "c_postal_code");
    assert!(matches!(&postal.type_info, SqlType::Domain { name, .. } if name == "us_postal_code"));
    assert_eq!(postal.type_info.base_name(), Some("text"));
    assert!(matches!(
        postal.type_info.domain_checks()[0].expr,
        Expr::Binary {
            op: BinOp::RegexMatch,
            ..
        }
    ));
    assert!(column(zoo, "id_text").is_generated());
    assert_eq!(zoo.columns.len(), 37);

    // Views are not tables.
    assert!(cat.table("public", "book_overview").is_none());
    assert!(cat.views.iter().any(|v| v.name == "book_overview"));
}

// ---------------------------------------------------------------------------------------------
// edge cases beyond the shipped schemas
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn partitions_domains_and_keys_edge_cases() {
    let db = fresh_db().await;
    db.exec(
        r#"
        CREATE SCHEMA "Odd Schema";
        CREATE DOMAIN d1 AS int NOT NULL CHECK (VALUE > 0);
        CREATE DOMAIN d2 AS d1 CHECK (VALUE < 100);
        CREATE TABLE "Odd Schema"."Parent" ("Kind" text NOT NULL, id int NOT NULL,
            PRIMARY KEY ("Kind", id)) PARTITION BY LIST ("Kind");
        CREATE TABLE "Odd Schema".p_a PARTITION OF "Odd Schema"."Parent"
            FOR VALUES IN ('a', NULL) PARTITION BY HASH (id);
        CREATE TABLE "Odd Schema".p_a0 PARTITION OF "Odd Schema".p_a
            FOR VALUES WITH (modulus 2, remainder 0);
        CREATE TABLE "Odd Schema".p_a1 PARTITION OF "Odd Schema".p_a
            FOR VALUES WITH (modulus 2, remainder 1);
        CREATE TABLE "Odd Schema".p_def PARTITION OF "Odd Schema"."Parent" DEFAULT;
        -- A key to a sub-partition belongs to the top-level table in the graph.
        CREATE TABLE refsub (id int PRIMARY KEY, k text, pid int,
            FOREIGN KEY (k, pid) REFERENCES "Odd Schema".p_a0 ("Kind", id) MATCH FULL);
        CREATE TABLE dom (v d2, w d2[]);
        CREATE TABLE u (a int, b int, c int, UNIQUE NULLS NOT DISTINCT (a, b), UNIQUE (c) INCLUDE (a));
        CREATE UNIQUE INDEX u_expr ON u ((a + b), c) WHERE c > 0;
        CREATE TABLE ex (ts timestamp, v text) PARTITION BY RANGE ((ts::date), lower(v));
        CREATE TABLE ex1 PARTITION OF ex FOR VALUES FROM (MINVALUE, MINVALUE) TO ('2024-01-01', 'm');
        "#,
    )
    .await;
    let (cat, order) = model(&db, &Filter::default()).await;
    assert_eq!(
        names(&cat),
        set(&[
            "Odd Schema.Parent",
            "public.dom",
            "public.ex",
            "public.refsub",
            "public.u"
        ])
    );

    // Sub-partitions nest; DEFAULT and NULL list values are kept.
    let parent = table(&cat, "Odd Schema", "Parent");
    let part = parent.partitioning.as_ref().unwrap();
    assert_eq!(part.key, [KeyPart::Column("Kind".into())]);
    let p_a = &part.partitions[0];
    assert_eq!(
        p_a.bound,
        PartitionBound::List {
            values: vec![Some("a".into()), None]
        }
    );
    let sub = p_a.partitioning.as_ref().expect("p_a is partitioned");
    assert_eq!(sub.strategy, PartitionStrategy::Hash);
    assert_eq!(
        sub.partitions[1].bound,
        PartitionBound::Hash {
            modulus: 2,
            remainder: 1
        }
    );
    assert_eq!(part.partitions[1].bound, PartitionBound::Default);

    let rfk = &table(&cat, "public", "refsub").foreign_keys[0];
    assert_eq!(
        (
            rfk.references.schema.as_str(),
            rfk.references.table.as_str()
        ),
        ("Odd Schema", "Parent")
    );
    assert!(rfk.match_full);
    assert!(order.external.is_empty(), "{:?}", order.external);
    assert!(pos(&cat, &order, "Odd Schema.Parent") < pos(&cat, &order, "public.refsub"));

    // Domain over a NOT NULL domain: both CHECKs, NOT NULL inherited; arrays of it.
    let dom = table(&cat, "public", "dom");
    let v = column(dom, "v");
    assert!(v.nullable && v.effectively_not_null());
    let names_of = |c: &Column| -> Vec<String> {
        c.type_info
            .domain_checks()
            .iter()
            .map(|k| k.name.clone())
            .collect()
    };
    assert_eq!(names_of(v), ["d2_check", "d1_check"]);
    assert_eq!(v.type_info.base_name(), Some("int4"));
    assert!(matches!(
        &column(dom, "w").type_info,
        SqlType::Array { element, .. } if matches!(element.as_ref(), SqlType::Domain { name, .. } if name == "d2")
    ));

    // NULLS NOT DISTINCT, INCLUDE columns left out of the key, expression part plus predicate.
    let u = table(&cat, "public", "u");
    assert!(unique(u, "u_a_b_key").nulls_not_distinct);
    assert_eq!(unique(u, "u_c_a_key").columns, ["c"]);
    let ue = unique(u, "u_expr");
    assert_eq!(ue.columns, ["c"]);
    assert_eq!(ue.parts.len(), 2);
    assert_eq!(ue.all_columns(), ["a", "b", "c"]);
    assert_eq!(ue.predicate.as_ref().unwrap().expr.columns(), ["c"]);

    // Expression partition keys and MINVALUE bounds.
    let ex = table(&cat, "public", "ex").partitioning.as_ref().unwrap();
    assert!(matches!(&ex.key[0], KeyPart::Expression { expr, .. } if expr.columns() == ["ts"]));
    assert!(
        matches!(&ex.key[1], KeyPart::Expression { expr, .. } if expr.functions() == ["lower"])
    );
    assert_eq!(
        ex.partitions[0].bound,
        PartitionBound::Range {
            from: vec![BoundValue::MinValue, BoundValue::MinValue],
            to: vec![
                BoundValue::Value("2024-01-01".into()),
                BoundValue::Value("m".into())
            ],
        }
    );
}

// ---------------------------------------------------------------------------------------------
// filters, cycles, determinism, scale
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn filters_select_schemas_and_exclude_tables() {
    let db = fresh_db().await;
    db.apply_file("schemas/ddx.sql").await;
    db.apply_file("schemas/shop.sql").await;

    let everything = introspect(&db, &Filter::default()).await;
    assert_eq!(everything.schemas, ["public", "shop"]);
    assert_eq!(everything.tables.len(), 17);

    let shop = introspect(
        &db,
        &Filter {
            schemas: strings(&["shop"]),
            ..Filter::default()
        },
    )
    .await;
    assert_eq!(shop.schemas, ["shop"]);
    assert_eq!(shop.tables.len(), 8);
    assert!(shop.tables.iter().all(|t| t.schema == "shop"));
    assert!(shop.views.is_empty(), "{:?}", shop.views);

    let no_audit = introspect(
        &db,
        &Filter {
            exclude_tables: strings(&["audit_*"]),
            ..Filter::default()
        },
    )
    .await;
    assert_eq!(no_audit.tables.len(), 15);
    assert!(no_audit.table("public", "audit_log").is_none());
    assert!(no_audit.table("shop", "audit_events").is_none());
    assert!(
        no_audit
            .tables
            .iter()
            .all(|t| !t.name.starts_with("audit_"))
    );

    // Excluding a referenced table turns its incoming keys into external ones.
    let (cat, order) = model(
        &db,
        &Filter {
            schemas: strings(&["shop"]),
            exclude_tables: strings(&["shop.orders"]),
        },
    )
    .await;
    assert!(cat.table("shop", "orders").is_none());
    let items = cat.table_index("shop", "order_items").unwrap();
    assert!(order.external.contains(&graph::KeyRef {
        table: items,
        foreign_key: "order_items_order_id_fkey".into()
    }));
}

#[tokio::test]
async fn unbreakable_cycle_is_reported() {
    let db = fresh_db().await;
    db.apply_file("tests/fixtures/unbreakable_cycle.sql").await;
    let cat = introspect(&db, &Filter::default()).await;
    let err = graph::load_order(&cat)
        .expect_err("the cycle cannot be broken")
        .to_string();
    for needle in ["public.a", "public.b", "a_b_fk", "b_a_id_fkey"] {
        assert!(err.contains(needle), "{needle} missing from: {err}");
    }

    // The CLI says the same, on one line.
    let out = inspect(&["--database-url", &db.url]);
    let line = one_error_line(&out);
    assert!(
        line.contains("a_b_fk") && line.contains("public.b"),
        "{line}"
    );
}

/// A self-referencing foreign key names its table's primary-key index too (`conindid`): the
/// key keeps its own name whichever constraint row `pg_constraint` holds first. Here the
/// foreign key's row comes first (it is added before the index becomes the primary key), as a
/// seed that drops and re-adds keys can leave it.
#[tokio::test]
async fn a_self_reference_does_not_rename_the_primary_key() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE staff (id int NOT NULL, boss int);
         CREATE UNIQUE INDEX staff_id ON staff (id);
         ALTER TABLE staff ADD CONSTRAINT staff_boss_fkey FOREIGN KEY (boss) REFERENCES staff (id);
         ALTER TABLE staff ADD CONSTRAINT staff_pkey PRIMARY KEY USING INDEX staff_id;",
    )
    .await;
    let cat = introspect(&db, &Filter::default()).await;
    let t = table(&cat, "public", "staff");
    assert_eq!(
        t.primary_key.as_ref().map(|k| k.name.as_str()),
        Some("staff_pkey")
    );
    assert_eq!(fk(t, "staff_boss_fkey").columns, strings(&["boss"]));
}

#[tokio::test]
async fn the_model_is_deterministic() {
    let (a, b) = (fresh_db().await, fresh_db().await);
    for db in [&a, &b] {
        db.apply_file("schemas/ddx.sql").await;
    }
    assert_eq!(
        introspect(&a, &Filter::default()).await,
        introspect(&b, &Filter::default()).await
    );
    let ja = inspect(&["--database-url", &a.url, "--format", "json"]);
    let jb = inspect(&["--database-url", &b.url, "--format", "json"]);
    assert!(ja.status.success() && jb.status.success());
    assert_eq!(stdout(&ja), stdout(&jb));
    // Twice on the same database: byte for byte.
    let ja2 = inspect(&["--database-url", &a.url, "--format", "json"]);
    assert_eq!(stdout(&ja), stdout(&ja2));
}

/// Schemas with user-defined types: the server numbers the types per database, but oids are not
/// serialised, so the JSON (what `inspect --format json` and `doc` print) is byte-identical.
#[tokio::test]
async fn the_model_is_deterministic_with_user_defined_types() {
    let (a, b) = (fresh_db().await, fresh_db().await);
    for db in [&a, &b] {
        db.apply_file("schemas/shop.sql").await;
        db.apply_file("schemas/hard.sql").await;
    }
    let (ca, cb) = (
        introspect(&a, &Filter::default()).await,
        introspect(&b, &Filter::default()).await,
    );
    assert_eq!(
        serde_json::to_string(&ca).unwrap(),
        serde_json::to_string(&cb).unwrap()
    );
    assert_eq!(
        graph::load_order(&ca).unwrap(),
        graph::load_order(&cb).unwrap()
    );
    let ja = inspect(&["--database-url", &a.url, "--format", "json"]);
    let jb = inspect(&["--database-url", &b.url, "--format", "json"]);
    assert_eq!(stdout(&ja), stdout(&jb));
}

#[tokio::test]
async fn five_hundred_tables() {
    const N: usize = 500;
    let parent = |i: usize| if i == 0 { 0 } else { (i * 37 + 11) % i };
    let mut ddl = String::new();
    for i in 0..N {
        let not_null = if i % 2 == 0 { " NOT NULL" } else { "" };
        ddl.push_str(&format!(
            "CREATE TABLE t{i:03} (\n  id integer PRIMARY KEY,\n  parent_id integer{not_null} REFERENCES t{:03}(id),\n  code text NOT NULL UNIQUE,\n  qty integer NOT NULL CHECK (qty >= 0),\n  note text\n);\n",
            parent(i)
        ));
    }
    let db = fresh_db().await;
    db.exec(&ddl).await;

    let started = std::time::Instant::now();
    let (cat, order) = model(&db, &Filter::default()).await;
    eprintln!(
        "introspected and ordered {N} tables in {:?}",
        started.elapsed()
    );

    assert_eq!(cat.tables.len(), N);
    assert_eq!(order.tables.len(), N);
    let fks: usize = cat.tables.iter().map(|t| t.foreign_keys.len()).sum();
    assert_eq!(fks, N);
    for i in 0..N {
        let t = table(&cat, "public", &format!("t{i:03}"));
        assert_eq!(t.columns.len(), 5, "{}", t.key());
        assert_eq!(t.primary_key.as_ref().unwrap().columns, ["id"]);
        assert_eq!(t.unique_keys.len(), 1);
        assert_eq!(t.unique_keys[0].columns, ["code"]);
        assert_eq!(t.checks.len(), 1);
        assert_eq!(t.checks[0].columns, ["qty"]);
        assert_eq!(t.foreign_keys.len(), 1);
        let f = &t.foreign_keys[0];
        assert_eq!(f.columns, ["parent_id"]);
        assert_eq!(f.references.table, format!("t{:03}", parent(i)));
        assert_eq!(column(t, "parent_id").nullable, i % 2 == 1);
        if i > 0 {
            assert!(
                pos(&cat, &order, &format!("public.t{:03}", parent(i)))
                    < pos(&cat, &order, &t.key())
            );
        }
    }
    assert_eq!(order.self_references.len(), 1);
    assert!(order.deferred.is_empty());
}

#[tokio::test]
async fn schema_file_errors_carry_file_and_line() {
    let db = fresh_db().await;
    let path = repo_path("tests/fixtures/bad_syntax.sql");
    let sql = std::fs::read_to_string(&path).unwrap();
    let mut c = db.connect().await;
    let err = seedbed::testing::connect::apply_sql(&mut c, &path, &sql)
        .await
        .expect_err("bad_syntax.sql must fail");
    assert!(
        matches!(err, seedbed::Error::SchemaFile { line: 7, .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// the inspect command
// ---------------------------------------------------------------------------------------------

/// The one run of the throwaway mode that succeeds: `--schema-file`, JSON out.
#[test]
fn cli_inspect_json_from_a_schema_file() {
    let out = inspect(&["--schema-file", "schemas/ddx.sql", "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["format_version"], 1);
    let order: Vec<&str> = doc["load_order"]
        .as_array()
        .expect("load_order is an array")
        .iter()
        .map(|v| v.as_str().expect("load_order holds strings"))
        .collect();
    let p = |k: &str| {
        order
            .iter()
            .position(|x| *x == k)
            .unwrap_or_else(|| panic!("{k} not in {order:?}"))
    };
    assert!(p("public.users") < p("public.templates"));
    assert!(p("public.templates") < p("public.projects"));
    assert!(p("public.templates") < p("public.patterns"));

    let tables = doc["tables"].as_array().expect("tables is an array");
    assert_eq!(tables.len(), 9);
    for t in tables {
        assert_eq!(t["schema"], "public");
        assert!(t["name"].is_string());
        let cols = t["columns"].as_array().expect("columns");
        assert!(!cols.is_empty());
        for c in cols {
            assert!(c["name"].is_string(), "{c}");
            assert!(c["type"].is_string(), "{c}");
            assert!(c["nullable"].is_boolean(), "{c}");
            assert!(c["type_info"]["kind"].is_string(), "{c}");
        }
        assert!(t["primary_key"]["columns"].is_array(), "{}", t["name"]);
        for f in t["foreign_keys"].as_array().expect("foreign_keys") {
            assert!(f["columns"].is_array());
            assert!(f["references"]["schema"].is_string());
            assert!(f["references"]["table"].is_string());
            assert!(f["references"]["columns"].is_array());
        }
    }
    let pp = tables
        .iter()
        .find(|t| t["name"] == "project_patterns")
        .expect("project_patterns");
    assert_eq!(
        pp["primary_key"]["columns"],
        serde_json::json!(["project_id", "pattern_id"])
    );
    let projects = tables.iter().find(|t| t["name"] == "projects").unwrap();
    let tfk = projects["foreign_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "projects_template_id_fkey")
        .expect("projects_template_id_fkey");
    assert_eq!(
        tfk["references"],
        serde_json::json!({"schema": "public", "table": "templates", "columns": ["id"]})
    );
    assert_eq!(tfk["on_delete"], "set_null");
    assert_eq!(tfk["on_update"], "cascade");
}

#[tokio::test]
async fn cli_inspect_mermaid_and_text() {
    let db = fresh_db().await;
    db.apply_file("schemas/ddx.sql").await;

    let out = inspect(&["--database-url", &db.url, "--format", "mermaid"]);
    assert!(out.status.success());
    let m = stdout(&out);
    assert!(m.starts_with("erDiagram\n"), "{m}");
    assert!(m.contains("||--o{") || m.contains("||..o{"), "{m}");
    assert!(m.contains("users ||..o{ templates"), "{m}");

    // Text is the default format; the URL may come from DATABASE_URL.
    let out = seedbed_cmd()
        .args(["inspect"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("9 tables in load order"), "{text}");
    for t in [
        "users",
        "templates",
        "projects",
        "patterns",
        "project_patterns",
        "audit_log",
        "template_versions",
        "schema_migrations",
        "migration_log",
    ] {
        assert!(
            text.contains(&format!(". public.{t}")),
            "{t} missing: {text}"
        );
    }
    let users = text.find(". public.users").unwrap();
    let templates = text.find(". public.templates").unwrap();
    assert!(users < templates);

    // --schema and --exclude-table reach the filter.
    let out = inspect(&[
        "--database-url",
        &db.url,
        "--exclude-table",
        "audit_*",
        "--exclude-table",
        "public.migration_log",
        "--schema",
        "public",
    ]);
    let text = stdout(&out);
    assert!(text.contains("7 tables in load order"), "{text}");
    assert!(!text.contains("audit_log") && !text.contains("migration_log"));
}

// ---------------------------------------------------------------------------------------------
// bad input: one line on stderr, non-zero exit, no panic
// ---------------------------------------------------------------------------------------------

#[test]
fn cli_unreachable_host() {
    let line = one_error_line(&inspect(&[
        "--database-url",
        "postgres://postgres@127.0.0.1:1/x",
    ]));
    assert!(line.contains("cannot connect"), "{line}");
    assert!(line.contains("refused"), "{line}");
}

#[test]
fn cli_bad_url() {
    let line = one_error_line(&inspect(&[
        "--database-url",
        "mysql://root:hunter2@127.0.0.1/db",
    ]));
    assert!(line.contains("bad database URL"), "{line}");
    assert!(!line.contains("hunter2"), "{line}");
}

#[test]
fn cli_passwords_are_never_printed() {
    for url in [
        "postgres://postgres:SuperSecret123@127.0.0.1:1/db",
        // Not percent-encoded: `/` or `?` in a password once cut the redaction short.
        "postgres://postgres:Super/Secret123@127.0.0.1:1/db",
        "postgres://postgres:Super?Secret123@127.0.0.1:1/db",
    ] {
        let out = inspect(&["--database-url", url]);
        let line = one_error_line(&out);
        assert!(!line.contains("Secret123"), "{line}");
        assert!(!stdout(&out).contains("Secret123"));
    }
    // Through DATABASE_URL as well.
    let out = seedbed_cmd()
        .arg("inspect")
        .env(
            "DATABASE_URL",
            "postgres://postgres:SuperSecret123@127.0.0.1:1/db",
        )
        .output()
        .unwrap();
    let line = one_error_line(&out);
    assert!(!line.contains("SuperSecret123"), "{line}");
}

#[tokio::test]
async fn cli_login_refused() {
    // The test server may trust every local login (then the role is simply unknown) or ask for
    // a password (then authentication fails); either way, one clear line.
    let db = fresh_db().await;
    let (host, port) = db.host_port();
    let url = format!("postgres://no_such_role_xyz@{host}:{port}/postgres");
    let line = one_error_line(&inspect(&["--database-url", &url]));
    assert!(line.contains("cannot connect"), "{line}");
    assert!(
        line.contains("role \"no_such_role_xyz\" does not exist")
            || line.contains("authentication failed"),
        "{line}"
    );
}

#[tokio::test]
async fn cli_database_does_not_exist() {
    let db = fresh_db().await;
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_path("/seedbed_no_such_database");
    let line = one_error_line(&inspect(&["--database-url", url.as_str()]));
    assert!(
        line.contains("database \"seedbed_no_such_database\" does not exist"),
        "{line}"
    );
}

#[test]
fn cli_schema_file_with_an_sql_error() {
    let line = one_error_line(&inspect(&[
        "--schema-file",
        "tests/fixtures/bad_syntax.sql",
    ]));
    assert!(line.contains("bad_syntax.sql:7:"), "{line}");
    assert!(line.contains("TABLEE"), "{line}");
}

#[test]
fn cli_schema_file_that_does_not_exist() {
    let line = one_error_line(&inspect(&["--schema-file", "schemas/no_such_file.sql"]));
    assert!(line.contains("no_such_file.sql"), "{line}");
}

#[test]
fn cli_missing_postgres_binaries() {
    let empty = tempfile::tempdir().unwrap();
    let out = seedbed_cmd()
        .args(["inspect", "--schema-file", "schemas/ddx.sql"])
        .env("PATH", empty.path())
        .env("SEEDBED_PG_BIN", empty.path())
        .output()
        .unwrap();
    let line = one_error_line(&out);
    assert!(line.contains("initdb"), "{line}");
    assert!(line.contains("--database-url"), "{line}");
}

#[test]
fn cli_no_database_and_conflicting_options() {
    let line = one_error_line(&inspect(&[]));
    assert!(line.contains("no database given"), "{line}");
    let line = one_error_line(&inspect(&[
        "--database-url",
        "postgres://postgres@127.0.0.1:1/x",
        "--schema-file",
        "schemas/ddx.sql",
    ]));
    assert!(line.contains("--schema-file"), "{line}");
}

/// Foreign keys into tables left out of the introspection are listed, not silently dropped.
#[tokio::test]
async fn json_lists_foreign_keys_to_excluded_tables() {
    let db = fresh_db().await;
    db.apply_file("schemas/ddx.sql").await;
    let out = inspect(&[
        "--database-url",
        &db.url,
        "--format",
        "json",
        "--exclude-table",
        "users",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let keys: Vec<&str> = v["external_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["foreign_key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"projects_owner_id_fkey"), "{keys:?}");
    assert!(keys.contains(&"templates_author_id_fkey"), "{keys:?}");
}
