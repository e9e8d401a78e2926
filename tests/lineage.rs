//! Issue 12: values derived from the parent row. A child's value follows the parent row its
//! foreign key picked (computed from the plan, never read back): orders come after their
//! customer, a line's price is its product's, a denormalized copy equals the parent's.

mod common;

use std::path::Path;

use common::{fresh_db, ok, profile_file, repo_path, run, seed_quietly};

/// Rows in three 1024-row blocks, so parents are computed across blocks and threads.
const PROFILE: &str = "seed = 5\ndefault_rows = 2500\n";

#[tokio::test]
async fn children_follow_their_parent_rows() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/shop.sql")).await;
    let (_dir, profile) = profile_file(PROFILE);
    seed_quietly(&db.url, &profile);
    let orders = db.scalar_i64("SELECT count(*) FROM shop.orders").await;
    assert_eq!(orders, 2500);
    let early = db
        .scalar_i64(
            "SELECT count(*) FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id
             WHERE o.placed_at < c.created_at",
        )
        .await;
    assert_eq!(early, 0, "orders placed before their customer existed");
    let audit_early = db
        .scalar_i64(
            "SELECT count(*) FROM shop.audit_events a JOIN shop.customers c ON c.id = a.customer_id
             WHERE a.occurred_at < c.created_at",
        )
        .await;
    assert_eq!(audit_early, 0, "audit rows before what they audit");
    // A line's price is the product's, or that less 5, 10, 15 or 20 %.
    let off_band = db
        .scalar_i64(
            "SELECT count(*) FROM shop.order_items i JOIN shop.products p ON p.id = i.product_id
             WHERE i.unit_price NOT IN (p.price, round(p.price * 0.95, 2), round(p.price * 0.90, 2),
                                        round(p.price * 0.85, 2), round(p.price * 0.80, 2))",
        )
        .await;
    assert_eq!(off_band, 0, "line prices unrelated to their product's");
    let exact = db
        .scalar_i64(
            "SELECT count(*) FROM shop.order_items i JOIN shop.products p ON p.id = i.product_id
             WHERE i.unit_price = p.price",
        )
        .await;
    assert!(
        (1700..2300).contains(&exact),
        "about 4 lines in 5 at full price, got {exact} of 2500"
    );
    // Still spread over the window, not piled on the parent's value.
    let later = db
        .scalar_i64(
            "SELECT count(*) FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id
             WHERE o.placed_at > c.created_at + interval '1 day'",
        )
        .await;
    assert!(
        later > 2000,
        "orders should spread after the customer: {later}"
    );
}

#[tokio::test]
async fn plan_says_which_columns_derive() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/shop.sql")).await;
    let (_dir, profile) = profile_file(PROFILE);
    let text = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
    ]));
    assert!(
        text.contains("derived: at or after shop.customers.created_at"),
        "{text}"
    );
    assert!(text.contains("derived: the parent's shop.products.price"));
    assert!(text.contains("row-addressable: children derive from it"));
    let json = ok(&run(&[
        "plan",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
        "--format",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("plan JSON");
    let column = |table: &str, name: &str| {
        doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["table"] == table)
            .and_then(|t| {
                t["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["name"] == name)
            })
            .cloned()
            .unwrap_or_else(|| panic!("{table}.{name} in the plan"))
    };
    let placed = column("shop.orders", "placed_at");
    assert_eq!(placed["derived"]["rule"], "after");
    assert_eq!(placed["derived"]["from"][0], "shop.customers.created_at");
    assert_eq!(
        column("shop.order_items", "unit_price")["derived"]["rule"],
        "price"
    );
    assert_eq!(column("shop.products", "price")["row_addressable"], true);
    assert!(column("shop.orders", "currency").get("derived").is_none());
}

#[tokio::test]
async fn derived_values_do_not_depend_on_jobs() {
    let db = fresh_db().await;
    db.apply_file(repo_path("schemas/shop.sql")).await;
    let (dir, profile) = profile_file(PROFILE);
    let export = |jobs: &str| {
        let out = dir.path().join(format!("jobs{jobs}"));
        ok(&run(&[
            "export",
            "--database-url",
            &db.url,
            "--profile",
            &profile,
            "--jobs",
            jobs,
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]));
        out
    };
    let (a, b) = (export("1"), export("3"));
    for table in ["shop.orders", "shop.order_items", "shop.customers"] {
        let read = |d: &Path| std::fs::read(d.join(format!("{table}.csv"))).unwrap();
        assert!(
            read(&a) == read(&b),
            "{table} differs between --jobs 1 and 3"
        );
    }
}

/// Rule 3 when both sides are foreign keys to the same table, and rule 1 across a date parent
/// and timestamp children, two levels deep.
#[tokio::test]
async fn denormalized_keys_agree_and_dates_order_across_types() {
    let db = fresh_db().await;
    db.exec(
        "CREATE TABLE tenants (id bigint PRIMARY KEY, created_on date NOT NULL);
         CREATE TABLE projects (id bigint PRIMARY KEY,
             tenant_id bigint NOT NULL REFERENCES tenants(id),
             created_at timestamp NOT NULL);
         CREATE TABLE tasks (id bigint PRIMARY KEY,
             project_id bigint NOT NULL REFERENCES projects(id),
             tenant_id bigint NOT NULL REFERENCES tenants(id),
             created_at timestamptz NOT NULL);",
    )
    .await;
    let (_dir, profile) = profile_file("seed = 3\ndefault_rows = 1500\n");
    seed_quietly(&db.url, &profile);
    let mismatched = db
        .scalar_i64(
            "SELECT count(*) FROM tasks t JOIN projects p ON p.id = t.project_id
             WHERE t.tenant_id <> p.tenant_id",
        )
        .await;
    assert_eq!(mismatched, 0, "a task's tenant differs from its project's");
    let early = db
        .scalar_i64(
            "SELECT count(*) FROM tasks t JOIN projects p ON p.id = t.project_id
             JOIN tenants n ON n.id = p.tenant_id
             WHERE p.created_at < n.created_on OR t.created_at < p.created_at",
        )
        .await;
    assert_eq!(early, 0, "children created before their parents");
}
