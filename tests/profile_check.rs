//! "The plan is the type checker": a profile `plan` accepts is one every generator can fill.
//! Every mistake is a one-line profile error naming the key; every setting is bounded before
//! anything is allocated (issue 13, findings 5, 6, 7 and 11). No database: the golden cases'
//! catalogs are planned and generated in memory.

use seedbed::testing::generate;
use seedbed::testing::graph;
use seedbed::testing::model::Catalog;
use seedbed::testing::plan::{Overrides, Plan};
use seedbed::testing::profile::Profile;
use seedbed::testing::sink::CopyFormat;
use seedbed::testing::verify;

fn catalog(case: &str) -> Catalog {
    let json = std::fs::read_to_string(format!("tests/golden/{case}/catalog.json"))
        .expect("golden catalog");
    serde_json::from_str(&json).expect("catalog JSON")
}

/// Plan `profile` over a golden case's catalog: the error's one line, or the plan.
fn plan(case: &str, profile: &str, ov: Overrides) -> Result<Plan, String> {
    let catalog = catalog(case);
    let profile = Profile::parse(profile, "p.toml").map_err(|e| e.to_string())?;
    let order = graph::load_order(&catalog).map_err(|e| e.to_string())?;
    let mut plan = Plan::build(&catalog, &order, &profile, ov).map_err(|e| e.to_string())?;
    verify::dry_run(&mut plan);
    Ok(plan)
}

/// The one-line error planning `profile` over the shop schema gives.
fn shop_error(profile: &str) -> String {
    match plan("shop", profile, Overrides::default()) {
        Ok(p) => panic!(
            "planned with {} refusals, {} warnings: {profile}\n{:?}",
            p.refusals.len(),
            p.warnings.len(),
            p.warnings
        ),
        Err(e) => {
            assert!(!e.contains('\n'), "{e}");
            e
        }
    }
}

fn assert_contains(e: &str, parts: &[&str]) {
    for p in parts {
        assert!(e.contains(p), "expected {p:?} in: {e}");
    }
}

#[test]
fn huge_scales_are_refused_before_allocating() {
    let per_parent = std::fs::read_to_string("tests/golden/per_parent/profile.toml").unwrap();
    for (case, profile) in [("shop", ""), ("per_parent", per_parent.as_str())] {
        let ov = Overrides {
            scale: Some(1e12),
            ..Overrides::default()
        };
        let e = plan(case, profile, ov).unwrap_err();
        assert_contains(
            &e,
            &[
                "scale: 1000000000000 is too large",
                "more than 1000000000 rows",
            ],
        );
    }
    // From the profile, the profile key is named.
    let e = shop_error("[tables.orders]\nrows = 5000000000000\n");
    assert_contains(
        &e,
        &["p.toml: [tables.\"orders\"].rows:", "more than 1000000000"],
    );
    let e = shop_error("scale = 1e300\n");
    assert_contains(&e, &["default_rows:", "more than 1000000000"]);
    let e = shop_error(
        "[tables.orders]\nper_parent = { table = \"customers\", count = 100000000000 }\n",
    );
    assert_contains(&e, &["[tables.\"orders\"].per_parent:"]);
}

#[test]
fn a_scale_that_is_not_a_number_names_the_setting() {
    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        let ov = Overrides {
            scale: Some(bad),
            ..Overrides::default()
        };
        let e = plan("shop", "", ov).unwrap_err();
        assert!(e.starts_with("scale: must be a finite number"), "{e}");
    }
    let e = shop_error("scale = nan\n");
    assert!(
        e.starts_with("p.toml: scale: must be a finite number"),
        "{e}"
    );
}

#[test]
fn template_widths_are_bounded() {
    let e = shop_error("[tables.customers.columns.phone]\ntemplate = \"{n:99999999}\"\n");
    assert_contains(&e, &["columns.phone]", "template", "width 99999999"]);
}

#[test]
fn regex_lengths_are_bounded() {
    let e = shop_error("[tables.customers.columns.phone]\nregex = \"(x{1000}){1000}\"\n");
    assert_contains(&e, &["columns.phone]", "regex", "at most 10000"]);
}

#[test]
fn overrides_must_fit_the_column_type() {
    let e = shop_error("[tables.products.columns.weight_grams]\ngenerator = \"email\"\n");
    assert_contains(
        &e,
        &[
            "[tables.\"products\".columns.weight_grams]",
            "generator = \"email\" produces text",
            "type integer",
        ],
    );
    let e = shop_error("[tables.products.columns.weight_grams]\njson = { a = 1 }\n");
    assert_contains(&e, &["weight_grams", "json", "produces JSON"]);
    let e = shop_error("[tables.products.columns.discontinued]\ntemplate = \"x{row}\"\n");
    assert_contains(&e, &["discontinued", "template", "bool"]);
    let e = shop_error("[tables.orders.columns.status]\nvalue = \"shiped\"\n");
    assert_contains(&e, &["status", "not a label", "did you mean"]);
}

#[test]
fn unknown_names_are_errors_with_suggestions() {
    // On a nullable column, where a failed override used to become "left NULL".
    let e = shop_error("[tables.customers.columns.phone]\ngenerator = \"phonenumber\"\n");
    assert_contains(
        &e,
        &[
            "columns.phone]",
            "no generator \"phonenumber\"",
            "did you mean \"phone",
        ],
    );
    let e = shop_error("[tables.customers.columns.phone]\ntemplate = \"{phonenumber}\"\n");
    assert_contains(
        &e,
        &["unknown placeholder {phonenumber}", "did you mean {phone"],
    );
    let e = shop_error("[tables.products.columns.attributes]\njson = { a = [\"{colour}\"] }\n");
    assert_contains(&e, &["columns.attributes]", "json", "at a[0]", "{colour}"]);
    let e = shop_error("[tables.orders.columns.customer_id]\ndistribution = \"zpif\"\n");
    assert_contains(&e, &["distribution", "did you mean \"zipf\""]);
}

#[test]
fn bad_values_are_errors_naming_the_key() {
    let cases: &[(&str, &[&str])] = &[
        (
            "[tables.customers.columns.phone]\nregex = \"[a-\"\n",
            &["regex", "invalid regex"],
        ),
        (
            "[tables.customers.columns.phone]\nchoices = []\n",
            &["choices", "empty"],
        ),
        (
            "[tables.customers.columns.phone]\nchoices = { a = 1.0, b = 0.0 }\n",
            &["choices", "weight of \"b\""],
        ),
        (
            "[tables.customers.columns.phone]\nchoices = { a = -1.0 }\n",
            &["weight"],
        ),
        (
            "[tables.customers.columns.phone]\nnull_fraction = 2\n",
            &["columns.phone]", "null_fraction"],
        ),
        (
            "[tables.orders]\nper_parent = { table = \"customers\", min = 5, max = 2 }\n",
            &[
                "[tables.\"orders\"].per_parent",
                "min (5) is greater than max (2)",
            ],
        ),
        (
            "[tables.orders]\nper_parent = { table = \"customers\", count = 0 }\n",
            &["per_parent", "count"],
        ),
        (
            "[tables.customers.columns.phone]\ndistribution = \"zipf\"\n",
            &["distribution", "not a foreign key"],
        ),
        (
            "[tables.products.columns.weight_grams]\nmin = 10\nmax = 2\n",
            &[
                "weight_grams",
                "min/max",
                "min (10) is greater than max (2)",
            ],
        ),
        (
            "[tables.orders.columns.customer_id]\nexponent = 1.5\n",
            &["exponent", "zipf"],
        ),
        (
            "[tables.orders.columns.customer_id]\ngenerator = \"email\"\n",
            &["customer_id", "foreign key column"],
        ),
        (
            "[tables.customers.columns.phone]\ngenerator = \"phone\"\nregex = \"[0-9]{3}\"\n",
            &["regex and generator"],
        ),
        (
            "[tables.customers.columns.phone]\ndistinct = 0\n",
            &["columns.phone]", "distinct must be at least 1"],
        ),
        (
            "[tables.products.columns.weight_grams]\navg_length = 20\n",
            &["weight_grams", "avg_length: applies to text columns"],
        ),
        (
            "[tables.orders.columns.customer_id]\ndistinct = 5\n",
            &["distinct", "foreign key column"],
        ),
    ];
    for (profile, parts) in cases {
        let e = shop_error(profile);
        assert!(e.starts_with("p.toml: "), "{e}");
        assert_contains(&e, parts);
    }
}

#[test]
fn shipped_style_overrides_still_plan_and_generate() {
    let p = plan(
        "shop",
        "[tables.customers.columns.phone]\ntemplate = \"555-{n:4}\"\n\
         [tables.orders.columns.customer_id]\ndistribution = \"zipf\"\nexponent = 1.2\n\
         [tables.products.columns.attributes]\njson = { colour = \"{word}\", n = 3 }\n\
         [tables.products.columns.weight_grams]\nmin = 1\nmax = 20\n",
        Overrides::default(),
    )
    .unwrap();
    assert!(p.refusals.is_empty(), "{:?}", p.refusals);
    generate_all(&p).unwrap();
}

#[test]
fn shape_settings_apply_where_they_can_and_refuse_a_unique_key() {
    let p = plan(
        "shop",
        "[tables.customer_profiles.columns.bio]\navg_length = 300\ndistinct = 7\n\
         [tables.customers.columns.phone]\navg_length = 40\n",
        Overrides::default(),
    )
    .unwrap();
    assert!(p.refusals.is_empty(), "{:?}", p.refusals);
    let t = p
        .tables
        .iter()
        .find(|t| t.key.ends_with("customer_profiles"))
        .unwrap();
    let bio = t.columns.iter().find(|c| c.name == "bio").unwrap();
    assert_eq!(bio.distinct, Some(7));
    assert!(
        bio.reason.contains("about 300 characters"),
        "{}",
        bio.reason
    );
    // A phone number keeps its shape: the setting is reported, not applied.
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("customers.phone: avg_length = 40 not applied")),
        "{:?}",
        p.warnings
    );
    generate_all(&p).unwrap();

    let p = plan(
        "shop",
        "[tables.customers.columns.email]\ndistinct = 3\n",
        Overrides::default(),
    );
    let refused = match p {
        Ok(p) => p.refusals.iter().map(|r| r.message.clone()).collect(),
        Err(e) => vec![e],
    };
    assert!(
        refused
            .iter()
            .any(|m| m.contains("distinct = 3") && m.contains("unique key")),
        "{refused:?}"
    );
}

/// Stream every table in binary and CSV; the first failure, as text.
pub fn generate_all(plan: &Plan) -> Result<(), String> {
    for ti in 0..plan.tables.len() {
        for format in [CopyFormat::Binary, CopyFormat::Csv] {
            generate::stream_table(plan, ti, format, 1, &mut |_| Ok(()))
                .map_err(|e| format!("{}: {e}", plan.tables[ti].key))?;
        }
    }
    Ok(())
}

#[test]
fn shipped_profiles_pass_the_checks() {
    for (case, file) in [
        ("ddx", "profiles/ddx-small.toml"),
        ("ddx", "profiles/ddx-medium.toml"),
        ("ddx", "profiles/ddx-large.toml"),
        ("shop", "profiles/small.toml"),
        ("shop", "profiles/medium.toml"),
        ("shop", "profiles/large.toml"),
        ("hard", "profiles/small.toml"),
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        let p = plan(case, &text, Overrides::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(p.refusals.is_empty(), "{file}: {:?}", p.refusals);
    }
}

/// Found by tests/fuzz.rs: a choice too long for its column is refused, and the dry run does
/// not try to generate a plan that already refuses (its values would not fit).
#[test]
fn overlong_choices_are_refused_not_generated() {
    let p = plan(
        "ddx",
        "[tables.schema_migrations.columns.checksum]\nchoices = [1e300]\n",
        Overrides::default(),
    )
    .unwrap();
    assert_eq!(p.refusals.len(), 1, "{:?}", p.refusals);
    assert!(
        p.refusals[0].message.contains("needs 301 characters"),
        "{}",
        p.refusals[0].message
    );
}
