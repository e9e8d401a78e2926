//! Unique-key planning on small hand-built catalogs: which strategy each kind of key gets.

use crate::model::{
    Catalog, Check, Column, FkAction, ForeignKey, KeyPart, Predicate, SqlType, Table, TableRef,
    UniqueKey, UniqueKind,
};
use crate::plan::{FkChoice, Overrides, Plan, TablePlan, UniqueReport};
use crate::profile::Profile;
use crate::values::expr::Expr;
use crate::values::gens::Gen;

fn base(name: &str) -> SqlType {
    SqlType::Base {
        name: name.into(),
        oid: 0,
        length: None,
        precision: None,
        scale: None,
    }
}

fn column(name: &str, type_name: &str, type_info: SqlType, nullable: bool) -> Column {
    Column {
        name: name.into(),
        type_name: type_name.into(),
        type_info,
        nullable,
        default: None,
        identity: None,
        sequence: None,
        generated: None,
        comment: None,
    }
}

/// `name serial` in `table`.
fn serial(table: &str, name: &str) -> Column {
    Column {
        default: Some(format!("nextval('{table}_{name}_seq'::regclass)")),
        sequence: Some(format!("public.{table}_{name}_seq")),
        ..column(name, "integer", base("int4"), false)
    }
}

fn key(name: &str, kind: UniqueKind, columns: &[&str]) -> UniqueKey {
    UniqueKey {
        name: name.into(),
        kind,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        parts: columns
            .iter()
            .map(|c| KeyPart::Column(c.to_string()))
            .collect(),
        predicate: None,
        nulls_not_distinct: false,
        definition: None,
    }
}

fn primary_key(table: &str, columns: &[&str]) -> Option<UniqueKey> {
    Some(key(
        &format!("{table}_pkey"),
        UniqueKind::PrimaryKey,
        columns,
    ))
}

/// A unique index on one expression, such as `lower(username)`.
fn expression_index(name: &str, expression: &str) -> UniqueKey {
    UniqueKey {
        columns: Vec::new(),
        parts: vec![KeyPart::Expression {
            expression: expression.into(),
            expr: Expr::parse(expression),
        }],
        ..key(name, UniqueKind::Index, &[])
    }
}

fn predicate(expression: &str) -> Option<Predicate> {
    Some(Predicate {
        expression: expression.into(),
        expr: Expr::parse(expression),
    })
}

fn foreign_key(name: &str, column: &str, parent: &str, parent_column: &str) -> ForeignKey {
    ForeignKey {
        name: name.into(),
        columns: vec![column.into()],
        references: TableRef {
            schema: "public".into(),
            table: parent.into(),
            columns: vec![parent_column.into()],
        },
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        not_valid: false,
        match_full: false,
        definition: format!("FOREIGN KEY ({column}) REFERENCES {parent}({parent_column})"),
        on_partitions: false,
    }
}

fn check(name: &str, expression: &str, columns: &[&str]) -> Check {
    Check {
        name: name.into(),
        definition: format!("CHECK ({expression})"),
        expression: expression.into(),
        expr: Expr::parse(expression),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        not_valid: false,
        inlined: Vec::new(),
    }
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        columns,
        ..Table::empty("public", name)
    }
}

/// Plan the tables with a profile given as TOML.
fn plan(mut tables: Vec<Table>, profile: &str) -> Plan {
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let catalog = Catalog {
        server_version: "16.0".into(),
        schemas: vec!["public".into()],
        tables,
        views: Vec::new(),
        excluded: Vec::new(),
        existing: Default::default(),
    };
    let order = crate::graph::load_order(&catalog).expect("load order");
    let profile: Profile = toml::from_str(profile).expect("profile");
    Plan::build(&catalog, &order, &profile, Overrides::default()).expect("plan")
}

fn table_plan<'a>(plan: &'a Plan, table: &str) -> &'a TablePlan {
    plan.table(&format!("public.{table}"))
        .expect("planned table")
}

fn unique<'a>(plan: &'a Plan, table: &str, key: &str) -> &'a UniqueReport {
    let prefix = format!("{key} (");
    table_plan(plan, table)
        .uniques
        .iter()
        .find(|u| u.key.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no report for {key}"))
}

fn generator<'a>(plan: &'a Plan, table: &str, column: &str) -> &'a Gen {
    let tp = table_plan(plan, table);
    &tp.columns[tp.column_index(column).expect("column")].generator
}

/// `seats (seat_no smallint PRIMARY KEY CHECK (seat_no BETWEEN 1 AND 1000), label text)`.
fn seats() -> Table {
    let mut t = table(
        "seats",
        vec![
            column("seat_no", "smallint", base("int2"), false),
            column("label", "text", base("text"), false),
        ],
    );
    t.primary_key = primary_key("seats", &["seat_no"]);
    t.checks = vec![check(
        "seats_seat_no_check",
        "((seat_no >= 1) AND (seat_no <= 1000))",
        &["seat_no"],
    )];
    t
}

#[test]
fn serial_primary_key_is_its_sequence() {
    let mut t = table(
        "items",
        vec![
            serial("items", "id"),
            column("name", "text", base("text"), false),
        ],
    );
    t.primary_key = primary_key("items", &["id"]);
    let plan = plan(vec![t], "");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let u = unique(&plan, "items", "items_pkey");
    assert_eq!(u.key, "items_pkey (id)");
    assert_eq!(u.how, "by construction: id never repeats");
    assert!(matches!(
        generator(&plan, "items", "id"),
        Gen::Sequence { start: 1, step: 1 }
    ));
    assert!(!table_plan(&plan, "items").sequential());
}

#[test]
fn unique_email_carries_a_row_token() {
    let mut t = table(
        "users",
        vec![
            serial("users", "id"),
            column("email", "text", base("text"), false),
        ],
    );
    t.primary_key = primary_key("users", &["id"]);
    t.unique_keys = vec![key("users_email_key", UniqueKind::Constraint, &["email"])];
    let plan = plan(vec![t], "");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    assert_eq!(
        unique(&plan, "users", "users_email_key").how,
        "by construction: email is an email whose local part carries a row token"
    );
    assert!(matches!(
        generator(&plan, "users", "email"),
        Gen::PersonEmail { unique: true, .. }
    ));
    let tp = table_plan(&plan, "users");
    let email = &tp.columns[tp.column_index("email").unwrap()];
    assert_eq!(email.honours, ["users_email_key"]);
}

#[test]
fn bounded_smallint_key_near_capacity_counts_from_one() {
    let plan = plan(vec![seats()], "[tables.seats]\nrows = 900\n");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let u = unique(&plan, "seats", "seats_pkey");
    assert_eq!(u.how, "by construction: seat_no is the sequence 1, 2, …");
    assert_eq!(u.capacity, Some(1000));
    assert!(matches!(
        generator(&plan, "seats", "seat_no"),
        Gen::Sequence { start: 1, step: 1 }
    ));
}

#[test]
fn bounded_smallint_key_over_capacity_is_refused() {
    let plan = plan(vec![seats()], "[tables.seats]\nrows = 1001\n");
    let u = unique(&plan, "seats", "seats_pkey");
    assert_eq!(u.how, "refused: too few values");
    assert_eq!(u.capacity, Some(1000));
    assert_eq!(plan.refusals.len(), 1, "{:?}", plan.refusals);
    let r = &plan.refusals[0];
    assert_eq!(r.subject, "unique key seats_pkey");
    assert_eq!(
        r.message,
        "1001 rows need 1001 distinct values, but seat_no (the sequence 1, 2, …) allows only 1000"
    );
}

/// `accounts`, `seats` and `memberships (id serial, account_id → accounts, seat_no → seats,
/// UNIQUE (account_id, seat_no))`.
fn memberships() -> Vec<Table> {
    let mut accounts = table("accounts", vec![serial("accounts", "id")]);
    accounts.primary_key = primary_key("accounts", &["id"]);
    let mut m = table(
        "memberships",
        vec![
            serial("memberships", "id"),
            column("account_id", "integer", base("int4"), false),
            column("seat_no", "smallint", base("int2"), false),
        ],
    );
    m.primary_key = primary_key("memberships", &["id"]);
    m.unique_keys = vec![key(
        "memberships_account_id_seat_no_key",
        UniqueKind::Constraint,
        &["account_id", "seat_no"],
    )];
    m.foreign_keys = vec![
        foreign_key(
            "memberships_account_id_fkey",
            "account_id",
            "accounts",
            "id",
        ),
        foreign_key("memberships_seat_no_fkey", "seat_no", "seats", "seat_no"),
    ];
    vec![accounts, seats(), m]
}

#[test]
fn composite_unique_over_two_foreign_keys_enumerates_pairs() {
    let plan = plan(
        memberships(),
        "[tables.accounts]\nrows = 40\n[tables.seats]\nrows = 900\n[tables.memberships]\nrows = 300\n",
    );
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let u = unique(&plan, "memberships", "memberships_account_id_seat_no_key");
    assert_eq!(
        u.how,
        "by construction: combinations of public.accounts (40 rows) × public.seats (900 rows) enumerated without repeats"
    );
    assert_eq!(u.capacity, Some(36_000));
    let tp = table_plan(&plan, "memberships");
    assert_eq!(tp.tuples.len(), 1);
    assert_eq!(tp.tuples[0].domains, [40, 900]);
    for (component, fk) in tp.fks.iter().enumerate() {
        assert!(
            matches!(fk.choice, FkChoice::Tuple { tuple: 0, component: c } if c == component),
            "{}: {:?}",
            fk.name,
            fk.choice
        );
    }
}

#[test]
fn composite_unique_over_too_few_parents_is_refused() {
    let plan = plan(
        memberships(),
        "[tables.accounts]\nrows = 4\n[tables.seats]\nrows = 5\n[tables.memberships]\nrows = 30\n",
    );
    let u = unique(&plan, "memberships", "memberships_account_id_seat_no_key");
    assert_eq!(u.how, "refused: too few combinations");
    assert_eq!(u.capacity, Some(20));
    assert_eq!(plan.refusals.len(), 1, "{:?}", plan.refusals);
    assert_eq!(
        plan.refusals[0].message,
        "30 rows need 30 distinct combinations, but public.accounts (4 rows) × public.seats (5 rows) allow only 20"
    );
}

#[test]
fn partial_unique_index_on_text_is_kept_by_a_row_token() {
    let mut t = table(
        "accounts",
        vec![
            serial("accounts", "id"),
            column("handle", "text", base("text"), true),
            column(
                "deleted_at",
                "timestamp with time zone",
                base("timestamptz"),
                true,
            ),
        ],
    );
    t.primary_key = primary_key("accounts", &["id"]);
    t.unique_keys = vec![UniqueKey {
        predicate: predicate("(deleted_at IS NULL)"),
        ..key("accounts_handle_live", UniqueKind::Index, &["handle"])
    }];
    let plan = plan(vec![t], "");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    assert_eq!(
        unique(&plan, "accounts", "accounts_handle_live").how,
        "by construction: handle is username with a row token"
    );
    assert!(!table_plan(&plan, "accounts").sequential());
}

#[test]
fn partial_unique_index_over_a_foreign_key_checks_seen_values() {
    let mut customers = table("customers", vec![serial("customers", "id")]);
    customers.primary_key = primary_key("customers", &["id"]);
    let status = SqlType::Enum {
        schema: "public".into(),
        name: "order_status".into(),
        oid: 0,
        labels: ["pending", "paid", "shipped"].map(String::from).to_vec(),
    };
    let mut orders = table(
        "orders",
        vec![
            serial("orders", "id"),
            column("customer_id", "integer", base("int4"), false),
            column("status", "order_status", status, false),
        ],
    );
    orders.primary_key = primary_key("orders", &["id"]);
    orders.foreign_keys = vec![foreign_key(
        "orders_customer_id_fkey",
        "customer_id",
        "customers",
        "id",
    )];
    orders.unique_keys = vec![UniqueKey {
        predicate: predicate("(status = 'pending'::order_status)"),
        ..key(
            "orders_one_pending_per_customer",
            UniqueKind::Index,
            &["customer_id"],
        )
    }];
    let plan = plan(vec![customers, orders], "");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let u = unique(&plan, "orders", "orders_one_pending_per_customer");
    assert_eq!(
        u.how,
        "checked against the values already generated for rows matching its predicate (a set of 8 bytes per row, kept for this table only; rows generated in order); a repeat re-draws customer_id, status"
    );
    assert_eq!(u.capacity, None);
    let tp = table_plan(&plan, "orders");
    assert!(tp.sequential());
    assert_eq!(tp.seen_sets.len(), 1);
    assert!(tp.seen_sets[0].predicate.is_some());
    assert_eq!(tp.seen_sets[0].fold_case, [false]);
}

#[test]
fn expression_index_on_lower_anchors_its_column() {
    let mut t = table(
        "accounts",
        vec![
            serial("accounts", "id"),
            column("username", "text", base("text"), false),
        ],
    );
    t.primary_key = primary_key("accounts", &["id"]);
    t.unique_keys = vec![expression_index(
        "accounts_username_lower",
        "lower(username)",
    )];
    let plan = plan(vec![t], "");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let u = unique(&plan, "accounts", "accounts_username_lower");
    assert_eq!(u.key, "accounts_username_lower (lower(username))");
    assert_eq!(
        u.how,
        "by construction: username is username with a row token"
    );
    assert!(matches!(
        generator(&plan, "accounts", "username"),
        Gen::UniqueText { .. }
    ));
}

#[test]
fn expression_index_on_other_expressions_is_evaluated_per_row() {
    let mut t = table(
        "accounts",
        vec![
            serial("accounts", "id"),
            column("first", "text", base("text"), false),
            column("last", "text", base("text"), false),
        ],
    );
    t.primary_key = primary_key("accounts", &["id"]);
    t.unique_keys = vec![expression_index("accounts_full_name", "(first || last)")];
    let plan = plan(vec![t], "");
    let how = &unique(&plan, "accounts", "accounts_full_name").how;
    assert!(
        how.starts_with("checked against the values already generated")
            && how.ends_with("re-draws first, last"),
        "{how}"
    );
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let seen = &plan.tables[0].seen_sets[0];
    assert_eq!(seen.expressions.len(), 1);
    assert!(seen.columns.is_empty());
}

/// A composite key of bounded columns holds the product of their domains (issue 10): with
/// `seat_no` in 1..1000 and a two-character section, 5000 rows fit although neither column
/// alone could carry them.
#[test]
fn composite_key_of_bounded_columns_enumerates_their_product() {
    let mut t = seats();
    t.columns.push(column(
        "section",
        "character(2)",
        SqlType::Base {
            name: "bpchar".into(),
            oid: 1042,
            length: Some(2),
            precision: None,
            scale: None,
        },
        false,
    ));
    t.primary_key = primary_key("seats", &["section", "seat_no"]);
    let plan = plan(vec![t], "[tables.seats]\nrows = 5000\n");
    assert!(plan.refusals.is_empty(), "{:?}", plan.refusals);
    let u = unique(&plan, "seats", "seats_pkey");
    assert!(
        u.how.starts_with(
            "by construction: combinations of section (1296 values) × seat_no (1000 values)"
        ),
        "{}",
        u.how
    );
    assert_eq!(u.capacity, Some(1_296_000));
}

#[test]
fn unrank_pair_lists_every_unordered_pair_once() {
    let n = 30u64;
    let mut seen = std::collections::HashSet::new();
    for k in 0..n * (n - 1) / 2 {
        let (a, b) = crate::plan::unrank_pair(k);
        assert!(a < b && b < n, "{k} → ({a}, {b})");
        assert!(seen.insert((a, b)));
    }
}
