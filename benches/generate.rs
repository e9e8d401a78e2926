//! Generation speed, one core: rows per second for `users`, `projects` and `patterns` of
//! `schemas/ddx.sql` encoded (binary COPY) into memory, and bytes per second of CSV encoding.
//!
//! Reference measured in the same run: copying the same number of already-encoded bytes
//! (`reference/memcpy_users_block`), so a figure can be quoted as a ratio to what the machine
//! does for a block of that size without generating anything.
//!
//! Needs PostgreSQL only to read the schema once (DATABASE_URL, or a throwaway cluster):
//!     cargo bench --bench generate
//!
//! Instruction counts (repeatable on a busy machine): `SEEDBED_BENCH_ONCE=projects` encodes
//! the table's [`BLOCKS`] blocks once and exits, without criterion, e.g.
//!     cargo bench --bench generate --no-run   # prints the binary's path
//!     SEEDBED_BENCH_ONCE=projects valgrind --tool=callgrind --collect-atstart=no \
//!         --toggle-collect='*encode_block*' target/release/deps/generate-HASH --bench

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use seedbed::testing::connect::{Database, Target};
use seedbed::testing::generate::TableEngine;
use seedbed::testing::plan::{Overrides, Plan};
use seedbed::testing::profile::Profile;
use seedbed::testing::sink::CopyFormat;
use seedbed::testing::values::rng::BLOCK_ROWS;

/// Blocks per measured iteration.
const BLOCKS: u64 = 8;

fn ddx_plan() -> (Arc<Plan>, Option<Database>) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/ddx.sql");
        let db = Database::open(&Target::SchemaFile {
            file: schema.into(),
            keep: false,
        })
        .await
        .expect("throwaway database");
        let mut conn = db.connect().await.expect("connect");
        let catalog = seedbed::testing::catalog::introspect(&mut conn, &Default::default())
            .await
            .expect("introspect");
        let order = seedbed::testing::graph::load_order(&catalog).expect("order");
        let profile =
            Profile::load(concat!(env!("CARGO_MANIFEST_DIR"), "/profiles/ddx-large.toml").as_ref())
                .expect("profile");
        let plan = Plan::build(&catalog, &order, &profile, Overrides::default()).expect("plan");
        (Arc::new(plan), Some(db))
    })
}

/// Encode one table's blocks once (for instruction counting); the table's bare name.
fn once(plan: &Plan, table: &str) {
    let ti = plan
        .tables
        .iter()
        .position(|t| t.key == format!("public.{table}"))
        .expect("table");
    let engine = TableEngine::new(plan, ti);
    let bytes: usize = (0..BLOCKS)
        .map(|b| {
            engine
                .encode_block(b, CopyFormat::Binary, None)
                .unwrap()
                .len()
        })
        .sum();
    println!("{table}: {} rows, {bytes} bytes", BLOCKS * BLOCK_ROWS);
}

fn bench(c: &mut Criterion) {
    let (plan, _db) = ddx_plan();
    if let Ok(tables) = std::env::var("SEEDBED_BENCH_ONCE") {
        for table in tables.split(',') {
            once(&plan, table.trim());
        }
        std::process::exit(0);
    }
    let index = |key: &str| {
        plan.tables
            .iter()
            .position(|t| t.key == key)
            .expect("table")
    };
    let mut g = c.benchmark_group("generate");
    g.throughput(Throughput::Elements(BLOCKS * BLOCK_ROWS));
    for table in ["public.users", "public.projects", "public.patterns"] {
        let engine = TableEngine::new(&plan, index(table));
        g.bench_function(table.trim_start_matches("public."), |b| {
            b.iter(|| {
                let mut bytes = 0;
                for blk in 0..BLOCKS {
                    bytes += engine
                        .encode_block(blk, CopyFormat::Binary, None)
                        .expect("block")
                        .len();
                }
                bytes
            })
        });
    }
    g.finish();

    // CSV encoding speed in bytes of output per second.
    let users = TableEngine::new(&plan, index("public.users"));
    let csv_bytes: usize = (0..BLOCKS)
        .map(|b| users.encode_block(b, CopyFormat::Csv, None).unwrap().len())
        .sum();
    let mut g = c.benchmark_group("csv");
    g.throughput(Throughput::Bytes(csv_bytes as u64));
    g.bench_function("users", |b| {
        b.iter(|| {
            (0..BLOCKS)
                .map(|blk| {
                    users
                        .encode_block(blk, CopyFormat::Csv, None)
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    // Reference: copy the encoded bytes of the same rows.
    let encoded: Vec<Vec<u8>> = (0..BLOCKS)
        .map(|b| users.encode_block(b, CopyFormat::Binary, None).unwrap())
        .collect();
    let mut g = c.benchmark_group("reference");
    g.throughput(Throughput::Elements(BLOCKS * BLOCK_ROWS));
    g.bench_function("memcpy_users_block", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(encoded.iter().map(Vec::len).sum());
            for e in &encoded {
                out.extend_from_slice(std::hint::black_box(e));
            }
            out.len()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
