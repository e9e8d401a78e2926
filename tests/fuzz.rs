//! Property and fuzz-style tests (proptest), a few seconds each by default. Run longer with
//! `PROPTEST_CASES=100000 cargo test --release --test fuzz` (see README, "Reliability:
//! fuzzing"). Shrunk failures become regression tests in tests/profile_check.rs or beside the
//! code.
//!
//! - random profiles over the golden catalogs: whenever planning succeeds with no refusals,
//!   generating every table (binary and CSV) never fails or panics ("plan is the type
//!   checker");
//! - the CHECK parser and evaluator, the profile loader and the regex enumerator on arbitrary
//!   input: never panic, never build strings without bound.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::Config;

use seedbed::testing::catalog::check_expression;
use seedbed::testing::generate;
use seedbed::testing::graph;
use seedbed::testing::model::Catalog;
use seedbed::testing::plan::{Overrides, Plan};
use seedbed::testing::profile::Profile;
use seedbed::testing::sink::CopyFormat;
use seedbed::testing::values::eval;
use seedbed::testing::values::expr::Expr;
use seedbed::testing::values::regex_enum::{MAX_REGEX_LEN, RegexEnum};
use seedbed::testing::values::value::Value;
use seedbed::testing::verify;

/// `cases` unless PROPTEST_CASES says otherwise.
fn config(cases: u32) -> Config {
    let mut c = Config::default();
    if std::env::var("PROPTEST_CASES").is_err() {
        c.cases = cases;
    }
    c.failure_persistence = None;
    c
}

const CASES: &[&str] = &[
    "checks",
    "cycles",
    "ddx",
    "hard",
    "per_parent",
    "shop",
    "types",
    "unique_keys",
];

fn catalog(case: &str) -> Catalog {
    let json = std::fs::read_to_string(format!("tests/golden/{case}/catalog.json"))
        .expect("golden catalog");
    serde_json::from_str(&json).expect("catalog JSON")
}

/// One column setting, as TOML lines.
fn column_setting() -> impl Strategy<Value = String> {
    let generators = select(vec![
        "email",
        "first_name",
        "last_name",
        "phone",
        "word",
        "sentence",
        "company",
        "city",
        "url",
        "phonenumber",
        "",
    ]);
    let literals = select(vec![
        "1",
        "-5",
        "0",
        "2.5",
        "true",
        "\"x\"",
        "\"2024-01-01\"",
        "\"pending\"",
        "\"a@b.example\"",
        "[1, 2]",
        "1e300",
        "\"\"",
    ]);
    let regexes = select(vec![
        "[A-Z]{3}-[0-9]{2}",
        "a+",
        "(x|y){0,3}",
        "[",
        "\\\\d{4}",
        ".*",
        "^[a-z]{2,5}$",
        "(x{100}){200}",
    ]);
    let templates = select(vec![
        "{word}-{n:3}",
        "ORD-{row:06}",
        "{nope}",
        "x{uuid}",
        "{first_name}.{last_name}",
        "{n:5000}",
        "{{lit}}",
        "open{",
    ]);
    let jsons = select(vec![
        "{ a = \"{word}\", b = [1, 2] }",
        "[1, 2, 3]",
        "\"{city}\"",
        "{ c = \"{colour}\" }",
        "7",
    ]);
    prop_oneof![
        generators.prop_map(|g| format!("generator = \"{g}\"")),
        literals.clone().prop_map(|v| format!("value = {v}")),
        prop::collection::vec(literals.clone(), 0..4)
            .prop_map(|vs| format!("choices = [{}]", vs.join(", "))),
        (prop::collection::vec((select(vec!["a", "b", "pending", "1"]), -1.0f64..3.0), 0..3))
            .prop_map(|ws| {
                let items: Vec<String> = ws.iter().map(|(k, w)| format!("\"{k}\" = {w}")).collect();
                format!("choices = {{ {} }}", items.join(", "))
            }),
        regexes.prop_map(|r| format!("regex = \"{r}\"")),
        templates.prop_map(|t| format!("template = \"{t}\"")),
        jsons.prop_map(|j| format!("json = {j}")),
        (-50i64..100, -50i64..100).prop_map(|(a, b)| format!("min = {a}\nmax = {b}")),
        (-0.5f64..1.5).prop_map(|f| format!("null_fraction = {f}")),
        (select(vec!["uniform", "zipf", "zpif"]), 0.1f64..3.0)
            .prop_map(|(d, e)| format!("distribution = \"{d}\"\nexponent = {e}")),
        Just("use_default = true".to_string()),
    ]
}

/// `per_parent`: the parent, min, max - min, zipf.
type PerParentSpec = (Index, u64, u64, Option<f64>);
/// How a table is sized: rows, or per_parent.
type TableSpec = (Option<u64>, Option<PerParentSpec>);

/// How a table is sized.
fn table_setting() -> impl Strategy<Value = TableSpec> {
    prop_oneof![
        (0u64..25).prop_map(|r| (Some(r), None)),
        (
            any::<Index>(),
            0u64..4,
            0u64..5,
            prop::option::of(0.1f64..2.0)
        )
            .prop_map(|pp| (None, Some(pp))),
    ]
}

#[derive(Debug, Clone)]
struct ProfileSpec {
    case: &'static str,
    default_rows: u64,
    tables: Vec<(Index, TableSpec)>,
    columns: Vec<(Index, Index, String)>,
}

fn profile_spec() -> impl Strategy<Value = ProfileSpec> {
    (
        select(CASES.to_vec()),
        0u64..12,
        prop::collection::vec((any::<Index>(), table_setting()), 0..3),
        prop::collection::vec((any::<Index>(), any::<Index>(), column_setting()), 0..6),
    )
        .prop_map(|(case, default_rows, tables, columns)| ProfileSpec {
            case,
            default_rows,
            tables,
            columns,
        })
}

/// The profile's TOML over `cat`.
fn render(spec: &ProfileSpec, cat: &Catalog) -> String {
    let mut out = format!("seed = 3\ndefault_rows = {}\n", spec.default_rows);
    let key = |i: &Index| {
        let t = &cat.tables[i.index(cat.tables.len())];
        format!("{}.{}", t.schema, t.name)
    };
    let mut sized = std::collections::BTreeSet::new();
    for (ti, (rows, pp)) in &spec.tables {
        let k = key(ti);
        if !sized.insert(k.clone()) {
            continue;
        }
        out.push_str(&format!("[tables.\"{k}\"]\n"));
        if let Some(r) = rows {
            out.push_str(&format!("rows = {r}\n"));
        }
        if let Some((parent, min, span, zipf)) = pp {
            let z = zipf.map(|z| format!(", zipf = {z}")).unwrap_or_default();
            out.push_str(&format!(
                "per_parent = {{ table = \"{}\", min = {min}, max = {}{z} }}\n",
                key(parent),
                min + span
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (ti, ci, setting) in &spec.columns {
        let t = &cat.tables[ti.index(cat.tables.len())];
        if t.columns.is_empty() {
            continue;
        }
        let c = &t.columns[ci.index(t.columns.len())];
        if !seen.insert((t.schema.clone(), t.name.clone(), c.name.clone())) {
            continue;
        }
        out.push_str(&format!(
            "[tables.\"{}.{}\".columns.\"{}\"]\n{setting}\n",
            t.schema, t.name, c.name
        ));
    }
    out
}

proptest! {
    #![proptest_config(config(128))]

    /// A plan without refusals generates: plan is the type checker.
    #[test]
    fn planned_profiles_generate(spec in profile_spec()) {
        let cat = catalog(spec.case);
        let text = render(&spec, &cat);
        let Ok(profile) = Profile::parse(&text, "fuzz.toml") else {
            return Ok(());
        };
        let order = graph::load_order(&cat).expect("golden catalogs load");
        // A profile error is the checker doing its job; only accepted plans must generate.
        let Ok(mut plan) = Plan::build(&cat, &order, &profile, Overrides::default()) else {
            return Ok(());
        };
        verify::dry_run(&mut plan);
        if !plan.refusals.is_empty() {
            return Ok(());
        }
        prop_assert!(plan.total_rows() <= 100_000, "{text}");
        for ti in 0..plan.tables.len() {
            for format in [CopyFormat::Binary, CopyFormat::Csv] {
                let r = generate::stream_table(&plan, ti, format, 1, &mut |_| Ok(()));
                prop_assert!(r.is_ok(), "{}: {:?}\n{text}", plan.tables[ti].key, r.err().map(|e| e.to_string()));
            }
        }
    }
}

/// A CHECK expression over columns a..d, from a small SQL grammar.
fn check_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(vec!["a", "b", "c", "d", "VALUE", "NULL", "true", "now()"]).prop_map(String::from),
        any::<i64>().prop_map(|i| i.to_string()),
        (-1e6f64..1e6).prop_map(|f| f.to_string()),
        "[a-z%_ '\\[\\]^$*+?(){}|.\\\\-]{0,8}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        Just("'2024-01-01'::date".to_string()),
        Just("ARRAY['x', 'y']".to_string()),
    ];
    leaf.prop_recursive(4, 32, 3, |inner| {
        let bin = select(vec![
            "=",
            "<>",
            "<",
            "<=",
            ">",
            ">=",
            "+",
            "-",
            "*",
            "/",
            "%",
            "AND",
            "OR",
            "||",
            "~",
            "~*",
            "!~",
            "LIKE",
            "ILIKE",
            "NOT LIKE",
            "SIMILAR TO",
        ]);
        prop_oneof![
            (inner.clone(), bin, inner.clone()).prop_map(|(l, op, r)| format!("({l} {op} {r})")),
            inner.clone().prop_map(|e| format!("NOT ({e})")),
            inner.clone().prop_map(|e| format!("({e}) IS NULL")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("({a} BETWEEN {b} AND {c})")),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(a, l)| format!("({a} IN ({}))", l.join(", "))),
            (
                select(vec![
                    "char_length",
                    "length",
                    "lower",
                    "upper",
                    "btrim",
                    "abs",
                    "coalesce",
                    "jsonb_typeof",
                    "array_length",
                    "cardinality"
                ]),
                prop::collection::vec(inner.clone(), 1..3)
            )
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (
                inner.clone(),
                select(vec![
                    "text",
                    "date",
                    "numeric",
                    "int",
                    "timestamptz",
                    "varchar(3)"
                ])
            )
                .prop_map(|(e, t)| format!("({e})::{t}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} = ANY ({b}))")),
        ]
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<f64>().prop_map(Value::Float),
        "[a-zA-Z0-9 %_.@-]{0,10}".prop_map(Value::Text),
        any::<i32>().prop_map(Value::Date),
        any::<i64>().prop_map(Value::Timestamp),
        (any::<i64>(), 0u8..6).prop_map(|(u, s)| Value::Numeric {
            unscaled: u as i128,
            scale: s
        }),
        prop::collection::vec(any::<i64>().prop_map(Value::Int), 0..3).prop_map(Value::Array),
        "[{}\\[\\]\":a-z0-9,]{0,12}".prop_map(Value::Json),
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    /// The CHECK parser and evaluator never panic, on grammatical and on arbitrary text.
    #[test]
    fn checks_parse_and_evaluate(
        sql in prop_oneof![check_expr(), "\\PC{0,60}"],
        rows in prop::collection::vec(prop::collection::vec(value(), 4), 1..4),
    ) {
        // What introspection does with a constraint's definition.
        let expr = Expr::parse(&check_expression(&format!("CHECK ({sql})")));
        let cols = ["a", "b", "c", "d"];
        let (node, _) = eval::compile(&expr, &|c: &str| {
            cols.iter().position(|x| *x == c).or((c == "VALUE").then_some(0))
        });
        for row in &rows {
            let _ = eval::passes(&node, row);
            let _ = eval::eval(&node, row);
        }
    }

    /// The profile loader never panics, whatever the text.
    #[test]
    fn profiles_parse_without_panicking(
        text in prop_oneof![
            "\\PC{0,200}",
            prop::collection::vec(select(vec![
                "seed = 1\n", "scale = nan\n", "scale = -1\n", "default_rows = -3\n",
                "[tables.users]\n", "rows = 99999999999999999999\n", "[tables.users.columns.x]\n",
                "generator = \"email\"\n", "choices = []\n", "choices = { a = 1 }\n",
                "per_parent = { table = \"t\", min = 3 }\n", "json = { a = [1, { b = 2 }] }\n",
                "time_window = { start = \"2020-01-01\", end = \"x\" }\n", "= =\n", "[[tables]]\n",
                "null_fraction = 1e400\n", "locale = \"fr_fr\"\n", "\"\n",
            ]), 0..8).prop_map(|parts| parts.concat()),
        ],
    ) {
        let _ = Profile::parse(&text, "fuzz.toml");
    }

    /// The regex enumerator never panics and never builds a string over its limit.
    #[test]
    fn regexes_enumerate_within_bounds(
        pattern in prop_oneof![
            "[ab\\[\\]{}()|*+?^$\\\\.,0-9dwsDWS:-]{0,24}",
            "\\PC{0,16}",
        ],
        rows in 1u64..64,
        key in any::<u64>(),
    ) {
        let Ok(mut e) = RegexEnum::parse(&pattern) else {
            return Ok(());
        };
        let limit = MAX_REGEX_LEN as usize * 4; // characters, as UTF-8 bytes
        let mut rng = rand_free_rng(key);
        for _ in 0..4 {
            prop_assert!(e.sample(&mut rng).len() <= limit, "{pattern}");
        }
        e.prepare_unique(rows, key);
        for row in 0..rows {
            prop_assert!(e.nth(row).len() <= limit, "{pattern}");
        }
        let _ = e.max_capacity();
    }
}

/// A deterministic RNG for sampling (the crate's own is internal).
fn rand_free_rng(seed: u64) -> impl rand::Rng {
    use rand::SeedableRng;
    rand_chacha::ChaCha8Rng::seed_from_u64(seed)
}

#[test]
fn planning_is_bounded_for_every_golden_case() {
    // Keeps the property test's premise honest: every case plans with a tiny profile.
    for case in CASES {
        let cat = catalog(case);
        let order = graph::load_order(&cat).unwrap();
        let profile = Profile::parse("default_rows = 3\n", "p.toml").unwrap();
        Plan::build(&cat, &order, &profile, Overrides::default()).unwrap();
    }
}
