//! `seedbed doc`: the data-design document of a live schema, in Markdown.
//!
//! The sections follow the "Data Design Document" structure of the data-design prompt (seed
//! 003): overview, conceptual model (a Mermaid ER diagram and the relationships), logical model
//! (every table, column, constraint and index), data patterns, access patterns, data quality,
//! migration strategy, performance considerations, security and privacy, and, when a profile
//! is given, the volume profile.
//!
//! Everything here is a pure function of the schema model and the plan: no database access.
//! The output is deterministic (tables in load order, everything else in catalog order; no
//! timestamps, server versions or oids) so the document can be committed and kept current with
//! `seedbed doc --check`, which compares it with [`check`].
//!
//! The data patterns are found by heuristics on the model alone, each documented where it is
//! implemented: column names and types, view definitions, partial-index predicates, triggers.
//! They say what the schema looks like; they cannot know what the application does.
//!
//! One file per section, each a method of `Doc` returning its Markdown; the heuristics are in
//! `detect` (column names through the name vocabulary, `crate::values::vocab`), the reading of
//! partial-index predicates and view definitions (as expression trees) in `predicate`, the
//! index analysis in `indexes`.

use std::collections::HashMap;
use std::fmt::Write;

use crate::graph::LoadOrder;
use crate::model::{Catalog, Table};
use crate::plan::{ColumnPlan, Plan, TablePlan};
use crate::verify::Verification;
use diff::{Op, diff_lines, position_before};

mod access;
mod conceptual;
mod detect;
mod diff;
mod indexes;
mod logical;
mod markdown;
mod migration;
mod overview;
mod patterns;
mod performance;
mod predicate;
mod quality;
mod security;
mod volume;

/// Differing lines shown by [`check`].
const DIFF_LINES_SHOWN: usize = 20;

/// Render the document. `plan` is the plan for the profile given (an empty profile without
/// one); `with_volume` adds the volume section, which only means something with a profile.
pub fn render(
    catalog: &Catalog,
    order: &LoadOrder,
    plan: &Plan,
    verified: &[Verification],
    with_volume: bool,
) -> String {
    let doc = Doc::new(catalog, order, plan, verified);
    let mut out = doc.header();
    for section in [
        doc.overview(),
        doc.conceptual(),
        doc.logical(),
        doc.patterns(),
        doc.access(),
        doc.quality(),
        doc.migration(),
        doc.performance(),
        doc.security(),
    ] {
        out.push_str(&section);
    }
    if with_volume {
        out.push_str(&doc.volume());
    }
    out
}

/// Compare a committed document (`expected`) with one rendered now (`actual`). Line endings
/// (CRLF from a Windows checkout) and trailing blank lines do not count. On a difference the
/// error is a short unified-style diff: `@@ -line,count +line,count @@` hunks with the first
/// [`DIFF_LINES_SHOWN`] differing lines, `-` from the committed file, `+` from the schema.
pub fn check(expected: &str, actual: &str) -> Result<(), String> {
    let norm = |s: &str| s.replace("\r\n", "\n").trim_end_matches('\n').to_string();
    let (e, a) = (norm(expected), norm(actual));
    if e == a {
        return Ok(());
    }
    let el: Vec<&str> = e.split('\n').collect();
    let al: Vec<&str> = a.split('\n').collect();
    let ops = diff_lines(&el, &al);
    let removed = ops.iter().filter(|o| matches!(o, Op::Delete(_))).count();
    let added = ops.iter().filter(|o| matches!(o, Op::Insert(_))).count();
    let mut out = format!(
        "the document differs from the schema: {removed} line(s) only in the committed file (-), {added} only in the one generated now (+)\n--- committed\n+++ generated from the schema\n"
    );
    let mut shown = 0;
    let mut i = 0;
    while i < ops.len() && shown < DIFF_LINES_SHOWN {
        if let Op::Equal(..) = ops[i] {
            i += 1;
            continue;
        }
        // A hunk: a run of deletions and insertions. Line numbers are 1-based positions in
        // each file (for an empty side, the line after which the change falls, as diff does).
        let start = i;
        while i < ops.len() && !matches!(ops[i], Op::Equal(..)) {
            i += 1;
        }
        let hunk = &ops[start..i];
        let (e_pos, a_pos) = position_before(&ops[..start]);
        let dels: Vec<usize> = hunk
            .iter()
            .filter_map(|o| {
                if let Op::Delete(x) = o {
                    Some(*x)
                } else {
                    None
                }
            })
            .collect();
        let ins: Vec<usize> = hunk
            .iter()
            .filter_map(|o| {
                if let Op::Insert(x) = o {
                    Some(*x)
                } else {
                    None
                }
            })
            .collect();
        let range = |first: Option<&usize>, pos: usize, n: usize| match first {
            Some(f) => format!("{},{n}", f + 1),
            None => format!("{pos},0"),
        };
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(dels.first(), e_pos, dels.len()),
            range(ins.first(), a_pos, ins.len())
        );
        // Within the remaining budget, show both sides of a large change: half for each
        // unless one side needs less.
        let budget = DIFF_LINES_SHOWN - shown;
        let show_dels = dels
            .len()
            .min((budget / 2).max(budget.saturating_sub(ins.len())));
        let show_ins = ins.len().min(budget - show_dels);
        for &d in &dels[..show_dels] {
            let _ = writeln!(out, "-{}", el[d]);
        }
        for &n in &ins[..show_ins] {
            let _ = writeln!(out, "+{}", al[n]);
        }
        shown += show_dels + show_ins;
    }
    if removed + added > shown {
        let _ = writeln!(
            out,
            "… and {} more differing line(s)",
            removed + added - shown
        );
    }
    Err(out)
}

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

struct Doc<'a> {
    catalog: &'a Catalog,
    order: &'a LoadOrder,
    plan: &'a Plan,
    verified: &'a [Verification],
    /// The plan of each table, by catalog index.
    plans: HashMap<usize, &'a TablePlan>,
}

impl<'a> Doc<'a> {
    fn new(
        catalog: &'a Catalog,
        order: &'a LoadOrder,
        plan: &'a Plan,
        verified: &'a [Verification],
    ) -> Doc<'a> {
        let plans = plan.tables.iter().map(|t| (t.catalog_index, t)).collect();
        Doc {
            catalog,
            order,
            plan,
            verified,
            plans,
        }
    }

    /// Tables in load order (parents before children), the order of every per-table listing.
    fn tables(&self) -> impl Iterator<Item = (usize, &'a Table)> + '_ {
        self.order
            .tables
            .iter()
            .map(|&i| (i, &self.catalog.tables[i]))
    }

    fn column_plan(&self, ti: usize, column: &str) -> Option<&'a ColumnPlan> {
        let tp = self.plans.get(&ti)?;
        tp.columns.iter().find(|c| c.name == column)
    }

    fn header(&self) -> String {
        let mut out = String::from("# Data Design\n\n");
        out.push_str(
            "> Generated by `seedbed doc` from the database schema; do not edit by hand.\n\
             > Regenerate it with `seedbed doc [connection] [--profile FILE] --out FILE`, and check\n\
             > that it is current (in CI) with `seedbed doc [connection] [--profile FILE] --check FILE`,\n\
             > using the same connection, filters and profile.\n\n",
        );
        out
    }
}

#[cfg(test)]
mod tests;
