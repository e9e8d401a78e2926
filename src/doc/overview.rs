//! The overview: counts of everything, and the load order.

use std::fmt::Write;

use super::Doc;
use super::markdown::{code, or_none};
use crate::graph::BreakKind;
use crate::model::Table;

impl Doc<'_> {
    pub(super) fn overview(&self) -> String {
        let mut out = String::new();
        let cat = self.catalog;
        out.push_str("## Overview\n\n");
        let columns: usize = cat.tables.iter().map(|t| t.columns.len()).sum();
        let not_null = cat
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .filter(|c| c.effectively_not_null())
            .count();
        let count = |f: &dyn Fn(&Table) -> usize| -> usize { cat.tables.iter().map(f).sum() };
        let pks = count(&|t| usize::from(t.primary_key.is_some()));
        let uniques = count(&|t| t.unique_keys.len());
        let fks = count(&|t| t.foreign_keys.len());
        let checks = count(&|t| t.checks.len());
        let domain_checks = count(&|t| {
            t.columns
                .iter()
                .map(|c| c.type_info.domain_checks().len())
                .sum()
        });
        let exclusions = count(&|t| t.exclusions.len());
        let indexes = count(&|t| t.indexes.len());
        let triggers = count(&|t| t.triggers.len());
        let partitioned: Vec<&Table> = cat
            .tables
            .iter()
            .filter(|t| t.partitioning.is_some())
            .collect();
        let partitions: usize = partitioned
            .iter()
            .filter_map(|t| t.partitioning.as_ref())
            .map(|p| p.partitions.len())
            .sum();

        let schemas: Vec<String> = cat.schemas.iter().map(|s| code(s)).collect();
        let _ = writeln!(out, "- **Schemas:** {}", or_none(&schemas.join(", ")));
        let mut tables = format!("- **Tables:** {}", cat.tables.len());
        if !partitioned.is_empty() {
            let _ = write!(
                tables,
                " ({} partitioned, with {partitions} partitions)",
                partitioned.len()
            );
        }
        let _ = writeln!(out, "{tables}; **views:** {}", cat.views.len());
        let _ = writeln!(out, "- **Columns:** {columns} ({not_null} NOT NULL)");
        let _ = writeln!(
            out,
            "- **Constraints:** {} (primary key: {pks}, unique: {uniques}, foreign key: {fks}, CHECK: {checks}, domain CHECK on a column: {domain_checks}, exclusion: {exclusions})",
            pks + uniques + fks + checks + domain_checks + exclusions
        );
        let _ = writeln!(out, "- **Indexes:** {indexes}; **triggers:** {triggers}");
        out.push('\n');

        out.push_str("### Load order\n\n");
        out.push_str(
            "Parents before children: the order in which rows can be inserted (and seedbed loads them).\n\n",
        );
        for (pos, (ti, t)) in self.tables().enumerate() {
            let mut notes = Vec::new();
            for fk in &t.foreign_keys {
                match self.order.is_deferred(ti, &fk.name) {
                    Some(BreakKind::Deferrable) => notes.push(format!(
                        "{} is DEFERRABLE: checked at commit",
                        code(&fk.name)
                    )),
                    Some(BreakKind::Nullable) => notes.push(format!(
                        "{} is loaded as NULL and filled in afterwards",
                        code(&fk.name)
                    )),
                    None => {}
                }
            }
            let _ = write!(out, "{}. {}", pos + 1, code(&t.key()));
            if !notes.is_empty() {
                let _ = write!(out, " — breaks a cycle: {}", notes.join("; "));
            }
            out.push('\n');
        }
        out.push('\n');
        out
    }
}
