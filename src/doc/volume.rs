//! The volume profile: rows per table and an estimate of their size.

use std::fmt::Write;

use super::Doc;
use super::markdown::{code, prose, table};
use crate::model::{SqlType, Table};
use crate::plan::{ColumnPlan, TablePlan};

/// Bytes every row costs besides its columns: the 23-byte tuple header padded to 24, plus the
/// 4-byte line pointer in the page.
const ROW_OVERHEAD: f64 = 28.0;

impl Doc<'_> {
    pub(super) fn volume(&self) -> String {
        let mut out = String::new();
        let s = &self.plan.settings;
        out.push_str("## Volume Profile\n\n");
        let _ = writeln!(
            out,
            "Rows per table as seedbed generates them with this profile (seed {}, scale {}).\n",
            s.seed, s.scale
        );
        let mut rows = Vec::new();
        let (mut total_rows, mut total_bytes) = (0u64, 0f64);
        for tp in &self.plan.tables {
            let t = &self.catalog.tables[tp.catalog_index];
            let width = row_width(t, tp);
            let bytes = width * tp.rows as f64;
            total_rows += tp.rows;
            total_bytes += bytes;
            rows.push(vec![
                code(&tp.key),
                tp.rows.to_string(),
                prose(&tp.rows_reason),
                format!("{width:.0} B"),
                human_bytes(bytes),
            ]);
        }
        rows.push(vec![
            "**total**".into(),
            format!("**{total_rows}**"),
            String::new(),
            String::new(),
            format!("**{}**", human_bytes(total_bytes)),
        ]);
        table(
            &mut out,
            &["Table", "Rows", "Sized by", "Est. row", "Est. size"],
            &rows,
        );
        out.push_str(
            "Estimated size = rows × estimated row width, for the table heap only: a planning figure, not a measurement \
             (indexes and TOAST are not counted, alignment padding and page free space are not modelled, and text and JSON \
             lengths are guesses, so a loaded table can be somewhat larger or smaller). A row costs 28 bytes (tuple header and line pointer) plus, per column, \
             its type's width times the fraction of rows where seedbed fills it: fixed-size types their size (boolean 1, \
             smallint 2, integer/date/real/enum 4, bigint/timestamp/double/money 8, uuid/interval 16); numeric 3 bytes plus \
             2 per 4 digits of precision (8 without); text the average of its shortest and longest generated length with \
             at most 64 characters counted (32 for unbounded text), char(n) n, plus 1; json/jsonb 100; bytea 36; arrays 24 \
             plus 4 elements; ranges 5 plus two bounds; other types 16.\n\n",
        );
        out
    }
}

/// Estimated bytes per row: the fixed overhead plus each column's width, weighted by the share
/// of rows where it is not NULL (as planned).
pub(super) fn row_width(t: &Table, tp: &TablePlan) -> f64 {
    let mut w = ROW_OVERHEAD;
    for c in &t.columns {
        let cp = tp.columns.iter().find(|p| p.name == c.name);
        let filled = cp
            .map(|p| 1.0 - p.null_fraction.clamp(0.0, 1.0))
            .unwrap_or(1.0);
        w += type_width(&c.type_info, cp) * filled;
    }
    w
}

pub(super) fn type_width(t: &SqlType, cp: Option<&ColumnPlan>) -> f64 {
    match t.underlying() {
        SqlType::Base {
            name,
            length,
            precision,
            ..
        } => match name.as_str() {
            "bool" | "char" => 1.0,
            "int2" => 2.0,
            "int4" | "oid" | "float4" | "date" => 4.0,
            "int8" | "float8" | "money" | "timestamp" | "timestamptz" | "time" => 8.0,
            "timetz" => 12.0,
            "interval" | "uuid" => 16.0,
            "macaddr" => 6.0,
            "macaddr8" => 8.0,
            "inet" | "cidr" => 8.0,
            "numeric" => precision.map_or(8.0, |p| 3.0 + 2.0 * f64::from(p.div_ceil(4))),
            "bpchar" => f64::from(length.unwrap_or(1)) + 1.0,
            "varchar" | "text" | "name" | "citext" => {
                let max = cp.and_then(|p| p.max_chars).unwrap_or(64).min(64);
                let min = cp.and_then(|p| p.min_chars).unwrap_or(0).min(max);
                (min + max) as f64 / 2.0 + 1.0
            }
            "json" | "jsonb" | "xml" => 100.0,
            "bytea" => 36.0,
            "bit" | "varbit" => f64::from(length.unwrap_or(8)).div_euclid(8.0) + 5.0,
            _ => 16.0,
        },
        SqlType::Array { element, .. } => 24.0 + 4.0 * type_width(element, None),
        SqlType::Enum { .. } => 4.0,
        SqlType::Range { subtype, .. } => 5.0 + 2.0 * type_width(subtype, None),
        SqlType::Composite { fields, .. } => {
            24.0 + fields
                .iter()
                .map(|f| type_width(&f.type_info, None))
                .sum::<f64>()
        }
        SqlType::Domain { .. } | SqlType::Other { .. } => 16.0,
    }
}

pub(super) fn human_bytes(b: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{v:.0} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
