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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use regex::Regex;

use crate::erd::{self, Detail, Relationship};
use crate::graph::{BreakKind, LoadOrder};
use crate::model::{
    Catalog, Column, ForeignKey, Index, KeyPart, PartitionBound, PartitionStrategy, SqlType, Table,
    Trigger, UniqueKind, View, quote_ident,
};
use crate::plan::constraints::Translation;
use crate::plan::{ColumnPlan, Plan, TablePlan};
use crate::values::text::Pii;
use crate::values::vocab::{self, Family, Label};
use crate::verify::Verification;

/// Bytes every row costs besides its columns: the 23-byte tuple header padded to 24, plus the
/// 4-byte line pointer in the page.
const ROW_OVERHEAD: f64 = 28.0;

/// Mermaid's default `maxTextSize` (in UTF-16 units): a longer diagram is drawn as an error,
/// on GitHub too.
const MERMAID_MAX_TEXT: usize = 50_000;

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
    let mut out = String::new();
    doc.header(&mut out);
    doc.overview(&mut out);
    doc.conceptual(&mut out);
    doc.logical(&mut out);
    doc.patterns(&mut out);
    doc.access(&mut out);
    doc.quality(&mut out);
    doc.migration(&mut out);
    doc.performance(&mut out);
    doc.security(&mut out);
    if with_volume {
        doc.volume(&mut out);
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

    fn header(&self, out: &mut String) {
        out.push_str("# Data Design\n\n");
        out.push_str(
            "> Generated by `seedbed doc` from the database schema; do not edit by hand.\n\
             > Regenerate it with `seedbed doc [connection] [--profile FILE] --out FILE`, and check\n\
             > that it is current (in CI) with `seedbed doc [connection] [--profile FILE] --check FILE`,\n\
             > using the same connection, filters and profile.\n\n",
        );
    }

    // -----------------------------------------------------------------------------------------
    // Overview
    // -----------------------------------------------------------------------------------------

    fn overview(&self, out: &mut String) {
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
    }

    // -----------------------------------------------------------------------------------------
    // Conceptual model
    // -----------------------------------------------------------------------------------------

    fn conceptual(&self, out: &mut String) {
        let cat = self.catalog;
        out.push_str("## Conceptual Model\n\n");
        out.push_str("### Entities\n\n");
        let mut rows = Vec::new();
        for (_, t) in self.tables() {
            let roles = self.roles(t);
            rows.push(vec![
                code(&t.key()),
                t.comment.as_deref().map(prose).unwrap_or_default(),
                roles.join(", "),
            ]);
        }
        table(out, &["Entity", "Description", "Detected role"], &rows);

        out.push_str("### Entity-relationship diagram\n\n");
        // The most detailed diagram Mermaid will still draw.
        let (diagram, detail) = [Detail::Full, Detail::Keys, Detail::Names]
            .into_iter()
            .map(|d| (erd::mermaid_with(cat, &self.order.tables, d), d))
            .find(|(text, _)| text.encode_utf16().count() <= MERMAID_MAX_TEXT)
            .unwrap_or_else(|| {
                let d = Detail::Names;
                (erd::mermaid_with(cat, &self.order.tables, d), d)
            });
        match detail {
            Detail::Full => {}
            Detail::Keys => out.push_str(
                "The full diagram would exceed Mermaid's 50,000-character limit, so it shows key columns only; the Logical Model lists every column.\n\n",
            ),
            Detail::Names => out.push_str(
                "The diagram would exceed Mermaid's 50,000-character limit with columns, so it shows entities only; the Logical Model lists every column.\n\n",
            ),
        }
        out.push_str("```mermaid\n");
        out.push_str(&diagram);
        out.push_str("```\n\n");
        out.push_str(
            "Notation (crow's foot): `||` exactly one, `|o` zero or one, `o{` zero or more, `o|` zero or one. \
             A solid line is an identifying relationship (the foreign key is part of the child's primary key), \
             a dashed line a non-identifying one. The parent end is optional (`|o`) when a foreign-key column is nullable; \
             the child end is `o|` (one-to-one) when the foreign-key columns are unique.\n\n",
        );

        out.push_str("### Relationships\n\n");
        let mut rows = Vec::new();
        for (_, t) in self.tables() {
            for fk in &t.foreign_keys {
                let r = Relationship::of(t, fk);
                let self_ref = fk.references.schema == t.schema && fk.references.table == t.name;
                let kind = match (self_ref, r.unique) {
                    (true, _) => "self-referencing (hierarchy)",
                    (false, true) => "one-to-one",
                    (false, false) => "one-to-many",
                };
                let parent = if r.mandatory {
                    "exactly one"
                } else {
                    "zero or one"
                };
                let child = if r.unique {
                    "zero or one"
                } else {
                    "zero or more"
                };
                rows.push(vec![
                    code(&fk.references.key()),
                    code(&t.key()),
                    format!(
                        "{} ({}) → ({})",
                        code(&fk.name),
                        fk.columns.join(", "),
                        fk.references.columns.join(", ")
                    ),
                    kind.to_string(),
                    format!(
                        "{} `{}`: each child has {parent} parent; each parent {child} children",
                        if r.mandatory { "mandatory" } else { "optional" },
                        r.notation()
                    ),
                    fk.on_delete.sql().to_string(),
                ]);
            }
        }
        if rows.is_empty() {
            out.push_str("No foreign keys.\n\n");
        } else {
            table(
                out,
                &[
                    "Parent",
                    "Child",
                    "Foreign key",
                    "Kind",
                    "Cardinality",
                    "On delete",
                ],
                &rows,
            );
        }

        out.push_str("#### Many-to-many (through junction tables)\n\n");
        let mut any = false;
        for (_, t) in self.tables() {
            if let Some((a, b)) = junction(t) {
                any = true;
                let keyed: BTreeSet<&String> = a.columns.iter().chain(&b.columns).collect();
                let extra: Vec<String> = t
                    .columns
                    .iter()
                    .filter(|c| !keyed.contains(&c.name))
                    .map(|c| code(&c.name))
                    .collect();
                let _ = write!(
                    out,
                    "- {} ↔ {} through {} (its key is the two foreign keys {} and {})",
                    code(&a.references.key()),
                    code(&b.references.key()),
                    code(&t.key()),
                    code(&a.name),
                    code(&b.name)
                );
                if !extra.is_empty() {
                    let _ = write!(out, "; it also records {}", extra.join(", "));
                }
                out.push('\n');
            }
        }
        if !any {
            out.push_str("None detected.\n");
        }
        out.push('\n');

        out.push_str("#### Hierarchies (self-referencing keys)\n\n");
        if self.order.self_references.is_empty() {
            out.push_str("None.\n");
        }
        for k in &self.order.self_references {
            let t = &cat.tables[k.table];
            if let Some(fk) = t.foreign_keys.iter().find(|f| f.name == k.foreign_key) {
                let _ = writeln!(
                    out,
                    "- {}: {} ({}) refers to another row of the same table, forming a tree{}",
                    code(&t.key()),
                    code(&fk.name),
                    fk.columns.join(", "),
                    if Relationship::of(t, fk).mandatory {
                        ""
                    } else {
                        "; roots have NULL"
                    }
                );
            }
        }
        out.push('\n');

        out.push_str("#### Cycles\n\n");
        if self.order.deferred.is_empty() {
            out.push_str("None: the foreign keys form no cycle between tables.\n");
        }
        for d in &self.order.deferred {
            let t = &cat.tables[d.table];
            let Some(fk) = t.foreign_keys.iter().find(|f| f.name == d.foreign_key) else {
                continue;
            };
            let path = cycle_path(cat, d.table, fk);
            let names: Vec<String> = path.iter().map(|&i| code(&cat.tables[i].key())).collect();
            let how = match d.how {
                BreakKind::Deferrable => {
                    "it is DEFERRABLE, so both tables are loaded in one transaction and it is checked at commit"
                }
                BreakKind::Nullable => {
                    "it is nullable, so it is loaded as NULL and filled in once the other table is loaded"
                }
            };
            let _ = writeln!(
                out,
                "- {}: broken at {} ({}): {how}",
                names.join(" → "),
                code(&fk.name),
                column_ref(t, &fk.columns)
            );
        }
        if !self.order.external.is_empty() {
            out.push_str("\nForeign keys to tables outside this document:\n\n");
            for k in &self.order.external {
                let t = &cat.tables[k.table];
                if let Some(fk) = t.foreign_keys.iter().find(|f| f.name == k.foreign_key) {
                    let _ = writeln!(
                        out,
                        "- {} ({}) → {}",
                        column_ref(t, &fk.columns),
                        code(&fk.name),
                        code(&fk.references.key())
                    );
                }
            }
        }
        out.push('\n');
    }

    /// Roles a table plays, from the pattern detectors (shown in the entity list).
    fn roles(&self, t: &Table) -> Vec<&'static str> {
        let mut roles = Vec::new();
        if junction(t).is_some() {
            roles.push("junction");
        }
        if is_audit_table(t) {
            roles.push("audit trail");
        }
        if history_of(t).is_some() {
            roles.push("version history");
        }
        if is_migration_table(t) {
            roles.push("migration tracking");
        }
        if soft_delete_column(t).is_some() {
            roles.push("soft delete");
        }
        if t.partitioning.is_some() {
            roles.push("partitioned");
        }
        roles
    }

    // -----------------------------------------------------------------------------------------
    // Logical model
    // -----------------------------------------------------------------------------------------

    fn logical(&self, out: &mut String) {
        out.push_str("## Logical Model\n\n");
        for (_, t) in self.tables() {
            let _ = writeln!(out, "### {}\n", code(&t.key()));
            if let Some(c) = &t.comment {
                let _ = writeln!(out, "{}\n", prose(c));
            }
            let rows: Vec<Vec<String>> = t
                .columns
                .iter()
                .map(|c| {
                    let default = if let Some(g) = &c.generated {
                        format!("generated: {}", code(g))
                    } else if let Some(id) = c.identity {
                        match id {
                            crate::model::Identity::Always => "identity (always)".into(),
                            crate::model::Identity::ByDefault => "identity (by default)".into(),
                        }
                    } else {
                        c.default.as_deref().map(code).unwrap_or_default()
                    };
                    vec![
                        code(&c.name),
                        code(&c.type_name),
                        if c.effectively_not_null() {
                            "NOT NULL".into()
                        } else {
                            "NULL".into()
                        },
                        default,
                        erd::markers(t, c).join(", "),
                        c.comment.as_deref().map(prose).unwrap_or_default(),
                    ]
                })
                .collect();
            table(
                out,
                &["Column", "Type", "Null", "Default", "Key", "Comment"],
                &rows,
            );

            let constraints = constraint_lines(t);
            if !constraints.is_empty() {
                out.push_str("**Constraints**\n\n");
                for c in constraints {
                    let _ = writeln!(out, "- {c}");
                }
                out.push('\n');
            }
            if !t.indexes.is_empty() {
                out.push_str("**Indexes**\n\n");
                for ix in &t.indexes {
                    let _ = writeln!(out, "- {}", code(&ix.definition));
                }
                out.push('\n');
            }
            if !t.triggers.is_empty() {
                out.push_str("**Triggers**\n\n");
                for trg in &t.triggers {
                    let _ = writeln!(out, "- {}", code(&trg.definition));
                }
                out.push('\n');
            }
            if let Some(p) = &t.partitioning {
                let keys: Vec<String> = p.key.iter().map(KeyPart::display).collect();
                let _ = writeln!(
                    out,
                    "**Partitioned** by {} ({}):\n",
                    strategy(p.strategy),
                    keys.join(", ")
                );
                for part in &p.partitions {
                    let _ = writeln!(
                        out,
                        "- {} {}",
                        code(&format!("{}.{}", part.schema, part.name)),
                        code(&part.bound_text)
                    );
                }
                out.push('\n');
            }
        }
        if !self.catalog.views.is_empty() {
            out.push_str("### Views\n\n");
            for v in &self.catalog.views {
                let _ = writeln!(out, "#### {}\n", code(&format!("{}.{}", v.schema, v.name)));
                out.push_str(&fenced("sql", v.definition.trim()));
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Data patterns
    // -----------------------------------------------------------------------------------------

    fn patterns(&self, out: &mut String) {
        let cat = self.catalog;
        out.push_str("## Data Patterns\n\n");
        out.push_str(
            "Detected from the schema alone (names and types of columns, view definitions, partial-index \
             predicates and triggers); what the application does with them is not visible here.\n\n",
        );

        // Audit trail.
        out.push_str("### Audit Trail\n\n");
        let audit: Vec<&Table> = self
            .tables()
            .map(|(_, t)| t)
            .filter(|t| is_audit_table(t))
            .collect();
        let audit_triggers: Vec<(&Table, &Trigger)> = self
            .tables()
            .flat_map(|(_, t)| t.triggers.iter().map(move |g| (t, g)))
            .filter(|(_, g)| trigger_role(g) == Some(TriggerRole::Audit))
            .collect();
        if audit.is_empty() {
            out.push_str("No audit-trail table detected.\n");
        }
        for t in &audit {
            let signals = audit_signals(t);
            let _ = writeln!(
                out,
                "- {} is an audit-trail table: {}",
                code(&t.key()),
                if signals.is_empty() {
                    "its name says so".to_string()
                } else {
                    signals
                        .iter()
                        .map(|(what, cols)| {
                            format!(
                                "{what} ({})",
                                cols.iter().map(|c| code(c)).collect::<Vec<_>>().join(", ")
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            );
        }
        if audit_triggers.is_empty() {
            if !audit.is_empty() {
                out.push_str(
                    "- No trigger on any table calls an audit function, so audit entries come from the application (or from a trigger not attached yet).\n",
                );
            }
        } else {
            for (t, g) in &audit_triggers {
                let _ = writeln!(
                    out,
                    "- Trigger {} on {} calls {}",
                    code(&g.name),
                    code(&t.key()),
                    code(&g.function)
                );
            }
        }
        let who: Vec<String> = self
            .tables()
            .flat_map(|(_, t)| {
                t.columns
                    .iter()
                    .filter(|c| is_actor_column(t, c))
                    .map(move |c| code(&format!("{}.{}", t.key(), c.name)))
            })
            .collect();
        if !who.is_empty() {
            let _ = writeln!(
                out,
                "- Columns recording who made a change: {}",
                who.join(", ")
            );
        }
        out.push('\n');

        // Soft delete.
        out.push_str("### Soft Delete\n\n");
        let mut any = false;
        for (ti, t) in self.tables() {
            let Some(col) = soft_delete_column(t) else {
                continue;
            };
            any = true;
            let mut evidence = Vec::new();
            for v in &cat.views {
                if view_reads(v, t) && filters_live_rows(&v.definition, col) {
                    evidence.push(format!(
                        "view {} shows only live rows",
                        code(&format!("{}.{}", v.schema, v.name))
                    ));
                }
            }
            for ix in &t.indexes {
                if ix
                    .predicate
                    .as_deref()
                    .is_some_and(|p| filters_live_rows(p, col))
                {
                    evidence.push(format!(
                        "partial index {} covers only live rows",
                        code(&ix.name)
                    ));
                }
            }
            let _ = write!(
                out,
                "- {}: marker column {} ({})",
                code(&t.key()),
                code(&col.name),
                col.type_name
            );
            if evidence.is_empty() {
                out.push_str("; no view or partial index filters on it");
            } else {
                let _ = write!(out, "; {}", evidence.join("; "));
            }
            // For a time marker the planned NULL share is the share of live rows. (For a flag
            // the deleted share is the share of `true`, which the plan does not expose.)
            if let Some(cp) = self.column_plan(ti, &col.name)
                && !is_boolean(col)
            {
                let _ = write!(
                    out,
                    ". seedbed marks {:.0}% of generated rows deleted",
                    (1.0 - cp.null_fraction) * 100.0
                );
            }
            out.push('\n');
        }
        if !any {
            out.push_str("No soft-delete marker column detected.\n");
        }
        out.push('\n');

        // Versioning.
        out.push_str("### Versioning\n\n");
        let mut any = false;
        for (_, t) in self.tables() {
            if let Some((fk, vcol)) = history_of(t) {
                any = true;
                let _ = writeln!(
                    out,
                    "- {} keeps the version history of {}: one row per version ({} via {}, version in {})",
                    code(&t.key()),
                    code(&fk.references.key()),
                    fk.columns.join(", "),
                    code(&fk.name),
                    code(&vcol.name)
                );
            }
        }
        for (_, t) in self.tables() {
            if history_of(t).is_some() || is_migration_table(t) {
                continue;
            }
            if let Some(c) = version_column(t) {
                any = true;
                let kind = if is_number(c) {
                    "a version counter (optimistic locking)"
                } else {
                    "a version label"
                };
                let checks: Vec<String> = t
                    .checks
                    .iter()
                    .filter(|k| k.columns.contains(&c.name))
                    .map(|k| code(&k.name))
                    .collect();
                let _ = write!(
                    out,
                    "- {} ({}) is {kind}",
                    column_ref(t, std::slice::from_ref(&c.name)),
                    c.type_name
                );
                if !checks.is_empty() {
                    let _ = write!(out, ", constrained by {}", checks.join(", "));
                }
                out.push('\n');
            }
        }
        if !any {
            out.push_str("No versioning detected.\n");
        }
        out.push('\n');

        // Timestamps.
        out.push_str("### Timestamps\n\n");
        let mut rows = Vec::new();
        let mut without = Vec::new();
        let (mut n_created, mut n_updated) = (0, 0);
        for (ti, t) in self.tables() {
            let created = created_column(t);
            let updated = updated_column(t);
            n_created += usize::from(created.is_some());
            n_updated += usize::from(updated.is_some());
            if created.is_none() && updated.is_none() {
                without.push(code(&t.key()));
                continue;
            }
            let maintained = match updated {
                None => String::new(),
                Some(u) => {
                    let trg: Vec<String> = t
                        .triggers
                        .iter()
                        .filter(|g| trigger_role(g) == Some(TriggerRole::Timestamp))
                        .map(|g| format!("trigger {}", code(&g.name)))
                        .collect();
                    if !trg.is_empty() {
                        trg.join(", ")
                    } else if u.default.is_some() {
                        "its DEFAULT at insert only (no trigger updates it)".into()
                    } else {
                        "the application (no DEFAULT or trigger)".into()
                    }
                }
            };
            let generated = updated
                .or(created)
                .and_then(|c| self.column_plan(ti, &c.name))
                .map(|c| prose(&c.reason))
                .unwrap_or_default();
            rows.push(vec![
                code(&t.key()),
                created.map(|c| code(&c.name)).unwrap_or_default(),
                updated.map(|c| code(&c.name)).unwrap_or_default(),
                maintained,
                generated,
            ]);
        }
        let _ = writeln!(
            out,
            "{n_created} of {} tables record when a row was created, {n_updated} when it was last modified.\n",
            cat.tables.len()
        );
        if !rows.is_empty() {
            table(
                out,
                &[
                    "Table",
                    "Created",
                    "Modified",
                    "Modification time kept by",
                    "seedbed generates the latest of them as",
                ],
                &rows,
            );
        }
        if !without.is_empty() {
            let _ = writeln!(
                out,
                "Without creation or modification time: {}.\n",
                without.join(", ")
            );
        }

        // JSON.
        out.push_str("### JSON Configuration and Documents\n\n");
        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            for c in t.columns.iter().filter(|c| is_json(c)) {
                let checks: Vec<String> = t
                    .checks
                    .iter()
                    .filter(|k| k.columns.contains(&c.name))
                    .map(|k| code(&k.name))
                    .collect();
                let gin: Vec<String> = t
                    .indexes
                    .iter()
                    .filter(|ix| {
                        ix.method == "gin" && ix.parts.iter().any(|p| p.columns().contains(&c.name))
                    })
                    .map(|ix| code(&ix.name))
                    .collect();
                rows.push(vec![
                    code(&t.key()),
                    code(&c.name),
                    c.type_name.clone(),
                    json_role(t, c).to_string(),
                    c.default.as_deref().map(code).unwrap_or_default(),
                    checks.join(", "),
                    gin.join(", "),
                    self.column_plan(ti, &c.name)
                        .map(|p| prose(&p.reason))
                        .unwrap_or_default(),
                ]);
            }
        }
        if rows.is_empty() {
            out.push_str("No json or jsonb columns.\n\n");
        } else {
            table(
                out,
                &[
                    "Table",
                    "Column",
                    "Type",
                    "Role",
                    "Default",
                    "Validated by",
                    "GIN index",
                    "seedbed generates",
                ],
                &rows,
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Access patterns
    // -----------------------------------------------------------------------------------------

    fn access(&self, out: &mut String) {
        out.push_str("## Access Patterns\n\n");
        out.push_str(
            "The queries the schema is built to answer quickly, read off its keys and indexes.\n\n",
        );
        out.push_str("### Lookups by key\n\n");
        let mut rows = Vec::new();
        for (_, t) in self.tables() {
            for k in t.all_unique_keys() {
                let parts: Vec<String> = k.parts.iter().map(KeyPart::display).collect();
                let mut by = parts.iter().map(|p| code(p)).collect::<Vec<_>>().join(", ");
                if let Some(p) = &k.predicate {
                    let _ = write!(by, " where {}", code(&p.expression));
                }
                rows.push(vec![
                    code(&t.key()),
                    by,
                    match k.kind {
                        UniqueKind::PrimaryKey => "primary key",
                        UniqueKind::Constraint => "unique constraint",
                        UniqueKind::Index => "unique index",
                    }
                    .to_string(),
                    code(&k.name),
                ]);
            }
        }
        if rows.is_empty() {
            out.push_str("No keys.\n\n");
        } else {
            table(out, &["Table", "One row by", "Kind", "Key"], &rows);
        }

        out.push_str("### Navigation along relationships\n\n");
        out.push_str("Finding the children of a parent row (joins, and ON DELETE / ON UPDATE actions on the parent) reads the child's foreign-key columns.\n\n");
        let mut rows = Vec::new();
        for (_, t) in self.tables() {
            for fk in &t.foreign_keys {
                rows.push(vec![
                    format!("{} of a {}", code(&t.key()), code(&fk.references.key())),
                    fk.columns
                        .iter()
                        .map(|c| code(c))
                        .collect::<Vec<_>>()
                        .join(", "),
                    supporting_index(t, &fk.columns)
                        .map(|ix| code(&ix.name))
                        .unwrap_or_else(|| "**none**".into()),
                ]);
            }
        }
        if rows.is_empty() {
            out.push_str("No foreign keys.\n\n");
        } else {
            table(out, &["Rows of", "Matched on", "Supporting index"], &rows);
        }

        out.push_str("### Specialised access paths\n\n");
        let mut any = false;
        for (_, t) in self.tables() {
            for ix in &t.indexes {
                if let Some(what) = special_access(ix) {
                    any = true;
                    let _ = writeln!(out, "- {} on {}: {what}", code(&ix.name), code(&t.key()));
                }
            }
        }
        if !any {
            out.push_str("None: every index is a plain B-tree over columns.\n");
        }
        out.push('\n');
    }

    // -----------------------------------------------------------------------------------------
    // Data quality
    // -----------------------------------------------------------------------------------------

    fn quality(&self, out: &mut String) {
        out.push_str("## Data Quality\n\n");
        out.push_str("### CHECK constraints\n\n");
        out.push_str(
            "Every CHECK, and how seedbed generates values that satisfy it. \"Translated\" means the CHECK is turned into \
             bounds, choices, lengths, patterns or relations between columns that the generators follow; every generated \
             row is also evaluated against every CHECK seedbed can model, and a failing row is drawn again. A CHECK that calls \
             code seedbed cannot evaluate is run by the server on a sample of generated rows before anything is loaded.\n\n",
        );
        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            let tp = self.plans.get(&ti);
            for k in &t.checks {
                let cp = tp.and_then(|tp| {
                    tp.checks
                        .iter()
                        .find(|c| c.name == k.name && c.domain_of.is_none())
                });
                rows.push(vec![
                    code(&t.key()),
                    code(&k.name),
                    code(&k.definition) + if k.not_valid { " (NOT VALID)" } else { "" },
                    self.check_how(ti, t, cp, &k.columns),
                ]);
            }
            for c in &t.columns {
                let domain = match &c.type_info {
                    SqlType::Domain { schema, name, .. } => format!("{schema}.{name}"),
                    _ => continue,
                };
                for k in c.type_info.domain_checks() {
                    let cp = tp.and_then(|tp| {
                        tp.checks.iter().find(|x| {
                            x.name == k.name && x.domain_of.as_deref() == Some(c.name.as_str())
                        })
                    });
                    rows.push(vec![
                        code(&t.key()),
                        format!(
                            "{} (domain {} of {})",
                            code(&k.name),
                            code(&domain),
                            code(&c.name)
                        ),
                        code(&k.definition),
                        self.check_how(ti, t, cp, std::slice::from_ref(&c.name)),
                    ]);
                }
            }
        }
        if rows.is_empty() {
            out.push_str("No CHECK constraints.\n\n");
        } else {
            table(
                out,
                &[
                    "Table",
                    "Constraint",
                    "Definition",
                    "How seedbed satisfies it",
                ],
                &rows,
            );
        }

        out.push_str("### Uniqueness\n\n");
        let mut rows = Vec::new();
        for tp in &self.plan.tables {
            for u in &tp.uniques {
                rows.push(vec![code(&tp.key), code(&u.key), prose(&u.how)]);
            }
        }
        if rows.is_empty() {
            out.push_str("No unique keys.\n\n");
        } else {
            table(out, &["Table", "Key", "How seedbed keeps it unique"], &rows);
        }

        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            for x in &t.exclusions {
                rows.push(vec![
                    code(&t.key()),
                    code(&x.name),
                    code(&x.definition),
                    self.exclusion_how(ti, t, &x.name),
                ]);
            }
        }
        if !rows.is_empty() {
            out.push_str("### Exclusion constraints\n\n");
            table(
                out,
                &[
                    "Table",
                    "Constraint",
                    "Definition",
                    "How seedbed satisfies it",
                ],
                &rows,
            );
        }

        if !self.plan.refusals.is_empty() {
            out.push_str("### What seedbed cannot satisfy yet\n\n");
            out.push_str("With this profile seedbed refuses to load until these are fixed:\n\n");
            for r in &self.plan.refusals {
                let _ = writeln!(out, "- {}", prose(&r.to_string()));
            }
            out.push('\n');
        }
    }

    /// How a CHECK is satisfied, from its plan (translation, modelled, server verification) and
    /// the generators of the columns it reads.
    fn check_how(
        &self,
        ti: usize,
        t: &Table,
        cp: Option<&crate::plan::CheckPlan>,
        columns: &[String],
    ) -> String {
        let Some(cp) = cp else {
            return "not in the plan: enforced by PostgreSQL during the load".into();
        };
        let mut how = if !cp.modelled {
            match self
                .verified
                .iter()
                .find(|v| v.table == t.key() && v.check == cp.name)
            {
                Some(v) if v.failed == 0 => format!(
                    "calls code seedbed cannot evaluate: the server checked {} generated sample rows and all passed",
                    v.sampled
                ),
                Some(v) => format!(
                    "calls code seedbed cannot evaluate: the server rejected {} of {} generated sample rows, so seedbed refuses to load until the profile gives values that pass",
                    v.failed, v.sampled
                ),
                None => "not modelled by seedbed: enforced by PostgreSQL during the load".into(),
            }
        } else {
            match cp.translation {
                Translation::Full => "translated into the generators; every row is evaluated".into(),
                Translation::Partial => {
                    "partly translated into the generators; every row is evaluated and failing rows are drawn again".into()
                }
                Translation::None => "every row is evaluated and failing rows are drawn again".into(),
            }
        };
        let generators: Vec<String> = columns
            .iter()
            .filter_map(|c| {
                self.column_plan(ti, c)
                    .map(|p| format!("{}: {}", code(&p.name), prose(&p.reason)))
            })
            .collect();
        if !generators.is_empty() {
            let _ = write!(how, ". {}", generators.join("; "));
        }
        how
    }

    /// How an exclusion constraint is satisfied: by the generator of the column that honours
    /// it (the plan records the constraint in the column's `honours`), or not at all (the plan
    /// then holds a refusal naming it).
    fn exclusion_how(&self, ti: usize, t: &Table, name: &str) -> String {
        let Some(tp) = self.plans.get(&ti) else {
            return "not in the plan".into();
        };
        let by: Vec<String> = tp
            .columns
            .iter()
            .filter(|c| c.honours.iter().any(|h| h == name))
            .map(|c| format!("{}: {}", code(&c.name), prose(&c.reason)))
            .collect();
        if !by.is_empty() {
            return format!("honoured by construction. {}", by.join("; "));
        }
        let refused = self
            .plan
            .refusals
            .iter()
            .any(|r| r.table == t.key() && r.subject.ends_with(name));
        if refused {
            "seedbed cannot honour this form and refuses to load the table (see below)".into()
        } else {
            "not honoured by the generators: enforced by PostgreSQL during the load".into()
        }
    }

    // -----------------------------------------------------------------------------------------
    // Migration strategy
    // -----------------------------------------------------------------------------------------

    fn migration(&self, out: &mut String) {
        out.push_str("## Migration Strategy\n\n");
        let tracking: Vec<String> = self
            .tables()
            .filter(|(_, t)| is_migration_table(t))
            .map(|(_, t)| code(&t.key()))
            .collect();
        if tracking.is_empty() {
            out.push_str("- No migration-tracking table detected.\n");
        } else {
            let _ = writeln!(
                out,
                "- Schema changes are tracked in {}.",
                tracking.join(", ")
            );
        }
        let not_valid: Vec<String> = self
            .tables()
            .flat_map(|(_, t)| {
                let checks = t
                    .checks
                    .iter()
                    .filter(|c| c.not_valid)
                    .map(|c| c.name.clone());
                let fks = t
                    .foreign_keys
                    .iter()
                    .filter(|f| f.not_valid)
                    .map(|f| f.name.clone());
                checks
                    .chain(fks)
                    .map(move |n| format!("{}.{}", code(&t.key()), code(&n)))
            })
            .collect();
        if not_valid.is_empty() {
            out.push_str("- Every constraint is validated (none is NOT VALID).\n");
        } else {
            let _ = writeln!(
                out,
                "- Constraints added NOT VALID and not yet validated (existing rows unchecked): {}.",
                not_valid.join(", ")
            );
        }
        out.push_str(
            "- This document is generated from the schema: regenerate it with each migration, and `seedbed doc --check` in CI fails when it is stale.\n\n",
        );
    }

    // -----------------------------------------------------------------------------------------
    // Performance
    // -----------------------------------------------------------------------------------------

    fn performance(&self, out: &mut String) {
        out.push_str("## Performance Considerations\n\n");
        out.push_str("### Indexes\n\n");
        let mut rows = Vec::new();
        let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (_, t) in self.tables() {
            for ix in &t.indexes {
                let k = index_kinds(ix);
                for &kind in &k {
                    *kinds.entry(kind).or_default() += 1;
                }
                rows.push(vec![
                    code(&t.key()),
                    code(&ix.name),
                    ix.method.clone(),
                    index_key(&ix.definition).map(code).unwrap_or_default(),
                    ix.predicate.as_deref().map(code).unwrap_or_default(),
                    k.join(", "),
                ]);
            }
        }
        if rows.is_empty() {
            out.push_str("No indexes.\n\n");
        } else {
            let summary: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let _ = writeln!(out, "{} indexes: {}.\n", rows.len(), summary.join(", "));
            table(
                out,
                &["Table", "Index", "Method", "Key", "Partial (WHERE)", "Kind"],
                &rows,
            );
        }

        out.push_str("### Foreign keys without a supporting index\n\n");
        let missing: Vec<String> = self
            .tables()
            .flat_map(|(_, t)| {
                t.foreign_keys
                    .iter()
                    .filter(|fk| supporting_index(t, &fk.columns).is_none())
                    .map(move |fk| {
                        format!(
                            "{} ({}) → {}: deleting or updating a {} row scans {}",
                            column_ref(t, &fk.columns),
                            code(&fk.name),
                            code(&fk.references.key()),
                            code(&fk.references.key()),
                            code(&t.key())
                        )
                    })
            })
            .collect();
        if missing.is_empty() {
            out.push_str("None: every foreign key's columns lead some B-tree index.\n\n");
        } else {
            out.push_str(
                "No index starts with these columns, so joins from the parent and the parent's ON DELETE / ON UPDATE checks read the whole child table:\n\n",
            );
            for m in missing {
                let _ = writeln!(out, "- {m}");
            }
            out.push('\n');
        }

        out.push_str("### Possibly redundant indexes\n\n");
        let mut any = false;
        for (_, t) in self.tables() {
            for (a, b) in redundant_indexes(t) {
                any = true;
                let _ = writeln!(
                    out,
                    "- {} ({}) on {} is a leading part of {} ({}), which serves the same lookups",
                    code(&a.name),
                    index_key(&a.definition).unwrap_or_default(),
                    code(&t.key()),
                    code(&b.name),
                    index_key(&b.definition).unwrap_or_default()
                );
            }
        }
        if !any {
            out.push_str("None.\n");
        }
        out.push('\n');

        out.push_str("### Tables without a primary key\n\n");
        let no_pk: Vec<String> = self
            .tables()
            .filter(|(_, t)| t.primary_key.is_none())
            .map(|(_, t)| format!("- {}", code(&t.key())))
            .collect();
        if no_pk.is_empty() {
            out.push_str("None: every table has a primary key.\n\n");
        } else {
            out.push_str(&no_pk.join("\n"));
            out.push_str("\n\n");
        }

        out.push_str("### Partitioning\n\n");
        let mut any = false;
        for (_, t) in self.tables() {
            let Some(p) = &t.partitioning else { continue };
            any = true;
            let keys: Vec<String> = p.key.iter().map(KeyPart::display).collect();
            let default = p
                .partitions
                .iter()
                .any(|x| matches!(x.bound, PartitionBound::Default));
            let _ = writeln!(
                out,
                "- {}: {} on ({}), {} partitions{}",
                code(&t.key()),
                strategy(p.strategy),
                keys.join(", "),
                p.partitions.len(),
                if default || p.strategy == PartitionStrategy::Hash {
                    ""
                } else {
                    "; no DEFAULT partition, so rows outside the bounds are rejected"
                }
            );
        }
        if !any {
            out.push_str("No partitioned tables.\n");
        }
        out.push('\n');
    }

    // -----------------------------------------------------------------------------------------
    // Security and privacy
    // -----------------------------------------------------------------------------------------

    fn security(&self, out: &mut String) {
        out.push_str("## Security and Privacy\n\n");
        out.push_str("### Personal data\n\n");
        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            let Some(tp) = self.plans.get(&ti) else {
                continue;
            };
            for c in &tp.columns {
                if let Some(p) = c.pii {
                    rows.push(vec![
                        code(&t.key()),
                        code(&c.name),
                        pii_name(p),
                        prose(p.guarantee()),
                    ]);
                }
            }
        }
        if rows.is_empty() {
            out.push_str("seedbed classifies no column as personal data.\n\n");
        } else {
            out.push_str(
                "Columns seedbed classifies as personal data (from their names and types), and what it generates for them instead. \
                 seedbed never reads rows from the database: every value is synthetic.\n\n",
            );
            table(
                out,
                &["Table", "Column", "Class", "seedbed generates"],
                &rows,
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Volume
    // -----------------------------------------------------------------------------------------

    fn volume(&self, out: &mut String) {
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
            out,
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
    }
}

// ---------------------------------------------------------------------------------------------
// Logical-model helpers
// ---------------------------------------------------------------------------------------------

fn constraint_lines(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for k in t.all_unique_keys() {
        let kind = match k.kind {
            UniqueKind::PrimaryKey => "PRIMARY KEY",
            UniqueKind::Constraint => "UNIQUE",
            UniqueKind::Index => "UNIQUE INDEX",
        };
        let parts: Vec<String> = k.parts.iter().map(KeyPart::display).collect();
        let mut s = format!("{kind} {} ({})", code(&k.name), parts.join(", "));
        if k.nulls_not_distinct {
            s.push_str(" NULLS NOT DISTINCT");
        }
        if let Some(p) = &k.predicate {
            let _ = write!(s, " WHERE {}", code(&p.expression));
        }
        out.push(s);
    }
    for fk in &t.foreign_keys {
        let mut s = format!(
            "FOREIGN KEY {} ({}) → {} ({})",
            code(&fk.name),
            fk.columns.join(", "),
            code(&fk.references.key()),
            fk.references.columns.join(", ")
        );
        if fk.match_full {
            s.push_str(" MATCH FULL");
        }
        let _ = write!(
            s,
            " ON DELETE {} ON UPDATE {}",
            fk.on_delete.sql(),
            fk.on_update.sql()
        );
        if fk.deferrable {
            s.push_str(if fk.initially_deferred {
                " DEFERRABLE INITIALLY DEFERRED"
            } else {
                " DEFERRABLE"
            });
        }
        if fk.not_valid {
            s.push_str(" NOT VALID");
        }
        out.push(s);
    }
    for c in &t.checks {
        out.push(format!(
            "CHECK {}: {}{}",
            code(&c.name),
            code(&c.definition),
            if c.not_valid { " NOT VALID" } else { "" }
        ));
    }
    for c in &t.columns {
        if let SqlType::Domain { schema, name, .. } = &c.type_info {
            for k in c.type_info.domain_checks() {
                out.push(format!(
                    "CHECK {} on {} (from domain {}): {}",
                    code(&k.name),
                    code(&c.name),
                    code(&format!("{schema}.{name}")),
                    code(&k.definition)
                ));
            }
        }
    }
    for x in &t.exclusions {
        out.push(format!(
            "EXCLUDE {}: {}",
            code(&x.name),
            code(&x.definition)
        ));
    }
    out
}

/// Columns of a table as one code span: `schema.table.column`, or `schema.table (a, b)`.
fn column_ref(t: &Table, cols: &[String]) -> String {
    match cols {
        [one] => code(&format!("{}.{one}", t.key())),
        many => code(&format!("{} ({})", t.key(), many.join(", "))),
    }
}

fn strategy(s: PartitionStrategy) -> &'static str {
    match s {
        PartitionStrategy::Range => "RANGE",
        PartitionStrategy::List => "LIST",
        PartitionStrategy::Hash => "HASH",
    }
}

fn pii_name(p: Pii) -> String {
    // The serde name is the one `seedbed plan --format json` uses: keep them the same.
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Pattern detection. Every heuristic reads only the model.
// ---------------------------------------------------------------------------------------------

/// A junction (association) table: two foreign keys whose columns together are exactly the
/// columns of its primary key or of a unique key, so each pair of parents appears once. That is
/// how a many-to-many relationship is stored; extra columns (an `applied_at`, a quantity) make
/// it an association with attributes, still many-to-many. The first such pair in key order.
pub fn junction(t: &Table) -> Option<(&ForeignKey, &ForeignKey)> {
    let keys: Vec<BTreeSet<&String>> = t
        .all_unique_keys()
        .filter(|k| k.predicate.is_none() && k.parts.len() == k.columns.len())
        .map(|k| k.columns.iter().collect())
        .collect();
    for (i, a) in t.foreign_keys.iter().enumerate() {
        for b in &t.foreign_keys[i + 1..] {
            if a.columns.iter().any(|c| b.columns.contains(c)) {
                continue;
            }
            let union: BTreeSet<&String> = a.columns.iter().chain(&b.columns).collect();
            if keys.contains(&union) {
                return Some((a, b));
            }
        }
    }
    None
}

/// The label the name vocabulary gives a column, if its type fits the label.
fn label(t: &Table, c: &Column) -> Option<Label> {
    vocab::meaning(&t.name, &c.name).label(family(c))
}

fn family(c: &Column) -> Family {
    if is_time(c) {
        Family::Time
    } else if is_boolean(c) {
        Family::Boolean
    } else if is_json(c) {
        Family::Json
    } else {
        Family::Other
    }
}

/// Which audit signals a table's columns show: (description, columns), in a fixed order.
fn audit_signals(t: &Table) -> Vec<(&'static str, Vec<&str>)> {
    let groups: [(&'static str, &[Label]); 4] = [
        ("the operation", &[Label::AuditOperation]),
        ("the row changed", &[Label::AuditSubject]),
        ("before/after images", &[Label::AuditImage]),
        ("who and when", &[Label::AuditTime, Label::AuditActor]),
    ];
    groups
        .iter()
        .filter_map(|(what, labels)| {
            let cols: Vec<&str> = t
                .columns
                .iter()
                .filter(|c| label(t, c).is_some_and(|l| labels.contains(&l)))
                .map(|c| c.name.as_str())
                .collect();
            (!cols.is_empty()).then_some((*what, cols))
        })
        .collect()
}

/// An audit-trail table: named `…audit…`; or named like a log (`_log`, `_logs`, `_history`,
/// `_journal`, `_events`, `_trail`) with at least two kinds of audit columns (operation, row
/// changed, before/after images, who/when); or any table with three kinds. A log of something
/// else (`migration_log`: name, status, times) shows no such columns and is not one.
pub fn is_audit_table(t: &Table) -> bool {
    let name = t.name.to_ascii_lowercase();
    let kinds = audit_signals(t).len();
    let log_like = ["_log", "_logs", "_history", "_journal", "_events", "_trail"]
        .iter()
        .any(|s| name.ends_with(s));
    name.contains("audit") || (log_like && kinds >= 2) || kinds >= 3
}

/// `created_by`, `updated_by`, `deleted_by_id`, `changed_by`, `actor_id`…: a column naming who
/// changed a row (see the vocabulary's [`Label::Actor`] and [`Label::AuditActor`]).
fn is_actor_column(t: &Table, c: &Column) -> bool {
    matches!(label(t, c), Some(Label::Actor | Label::AuditActor))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerRole {
    Audit,
    Timestamp,
}

/// What a trigger is for, by its name and its function's name: audit/history/journal writers,
/// and `updated_at` keepers (`set_updated_at`, `touch_…`, `…_modified…`, `…timestamp…`).
fn trigger_role(g: &Trigger) -> Option<TriggerRole> {
    let text = format!("{} {}", g.name, g.function).to_ascii_lowercase();
    if ["audit", "history", "journal", "log_change", "track"]
        .iter()
        .any(|w| text.contains(w))
    {
        Some(TriggerRole::Audit)
    } else if [
        "updated_at",
        "update_timestamp",
        "modified",
        "touch",
        "timestamp",
        "updated",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        Some(TriggerRole::Timestamp)
    } else {
        None
    }
}

/// The soft-delete marker: a nullable timestamp or date the vocabulary calls one
/// (`deleted_at`, `archived_on`…), or a boolean flag (`deleted`, `is_deleted`, `archived`…). A
/// NOT NULL timestamp cannot mark "not deleted" and does not count.
pub fn soft_delete_column(t: &Table) -> Option<&Column> {
    t.columns.iter().find(|c| match label(t, c) {
        Some(Label::DeletedAt) => !c.effectively_not_null(),
        Some(Label::DeletedFlag) => true,
        _ => false,
    })
}

/// True when a predicate (a view's WHERE, a partial index's predicate) keeps only rows whose
/// soft-delete marker is unset: `deleted_at IS NULL` for a time marker; `NOT deleted`,
/// `deleted = false`, `deleted IS FALSE` or `deleted IS NOT TRUE` for a flag. The column may be
/// qualified (`templates.deleted_at`) or quoted.
pub fn filters_live_rows(predicate: &str, marker: &Column) -> bool {
    // Not inside another name; optionally qualified by (quoted) table or schema names.
    let pre = r#"(?:^|[^\w".])"#;
    let qualifier = r#"(?:(?:"[^"]+"|\w+)\.)*"#;
    let name = format!(r#""?{}"?"#, regex::escape(&marker.name));
    let pattern = if is_boolean(marker) {
        format!(
            r#"(?i)(?:\bnot\s+\(?{qualifier}{name}(?:[^\w"]|$)|{pre}{qualifier}{name}\s*(?:=\s*false|<>\s*true|is\s+false|is\s+not\s+true))"#
        )
    } else {
        format!(r"(?i){pre}{qualifier}{name}\s+is\s+null\b")
    };
    Regex::new(&pattern).is_ok_and(|re| re.is_match(predicate))
}

/// True when a view's definition selects from the table (`FROM t` or `JOIN t`, optionally
/// schema-qualified, quoted as PostgreSQL prints it).
pub fn view_reads(v: &View, t: &Table) -> bool {
    let pattern = format!(
        r#"(?i)\b(?:from|join)\s+(?:{}\.)?{}(?:[\s;),]|$)"#,
        regex::escape(&quote_ident(&t.schema)),
        regex::escape(&quote_ident(&t.name))
    );
    Regex::new(&pattern).is_ok_and(|re| re.is_match(&v.definition))
}

/// A version-history table: a foreign key to a parent plus a version column, where a unique key
/// covers both (one row per parent and version); or, failing that, a table named `…_versions`,
/// `…_revisions` or `…_history` whose name starts with its parent's (`template_versions` →
/// `templates`). Other keys of the table (`created_by` → users) are not the versioned entity.
/// Returns the key to the parent and the version column.
pub fn history_of(t: &Table) -> Option<(&ForeignKey, &Column)> {
    let vcol = version_column(t)?;
    let name = t.name.to_ascii_lowercase();
    let parents = t
        .foreign_keys
        .iter()
        .filter(|fk| !(fk.references.schema == t.schema && fk.references.table == t.name));
    let keyed = parents.clone().find(|fk| {
        t.all_unique_keys().any(|k| {
            k.predicate.is_none()
                && k.columns.contains(&vcol.name)
                && fk.columns.iter().all(|c| k.columns.contains(c))
        })
    });
    if let Some(fk) = keyed {
        return Some((fk, vcol));
    }
    let stem = ["_versions", "_revisions", "_history"]
        .iter()
        .find_map(|s| name.strip_suffix(s))?;
    parents
        .into_iter()
        .find(|fk| {
            let parent = fk.references.table.to_ascii_lowercase();
            parent == stem || parent.strip_suffix('s') == Some(stem)
        })
        .map(|fk| (fk, vcol))
}

/// The first column named like a version (`version`, `revision`, `lock_version`…).
pub fn version_column(t: &Table) -> Option<&Column> {
    t.columns
        .iter()
        .find(|c| label(t, c) == Some(Label::Version))
}

/// Tables that record applied schema migrations, by the names migration tools use (Rails,
/// Flyway, Liquibase, sqlx, Alembic, knex, goose, Entity Framework, Django) or any name with
/// "migration" in it.
pub fn is_migration_table(t: &Table) -> bool {
    const KNOWN: &[&str] = &[
        "schema_migrations",
        "schema_version",
        "flyway_schema_history",
        "databasechangelog",
        "databasechangeloglock",
        "_sqlx_migrations",
        "alembic_version",
        "knex_migrations",
        "knex_migrations_lock",
        "goose_db_version",
        "__efmigrationshistory",
        "django_migrations",
        "ar_internal_metadata",
    ];
    let n = t.name.to_ascii_lowercase();
    KNOWN.contains(&n.as_str()) || n.contains("migration")
}

/// The column recording creation time (`created_at`…), by name, if it is a date or timestamp.
pub fn created_column(t: &Table) -> Option<&Column> {
    t.columns
        .iter()
        .find(|c| label(t, c) == Some(Label::Created))
}

/// The column recording last modification time (`updated_at`…), by name, if it is a date or
/// timestamp.
pub fn updated_column(t: &Table) -> Option<&Column> {
    t.columns
        .iter()
        .find(|c| label(t, c) == Some(Label::Updated))
}

/// What a json/jsonb column holds: "configuration" when the vocabulary calls it settings or
/// attributes (`configuration`, `preferences`, `metadata`…); "change image" in an audit table;
/// otherwise "document".
fn json_role(t: &Table, c: &Column) -> &'static str {
    match label(t, c) {
        Some(Label::Configuration) => "configuration",
        Some(Label::AuditImage) if is_audit_table(t) => "change image",
        _ => "document",
    }
}

fn is_time(c: &Column) -> bool {
    matches!(
        c.type_info.base_name(),
        Some("timestamp" | "timestamptz" | "date")
    )
}

fn is_boolean(c: &Column) -> bool {
    c.type_info.base_name() == Some("bool")
}

fn is_number(c: &Column) -> bool {
    matches!(
        c.type_info.base_name(),
        Some("int2" | "int4" | "int8" | "numeric")
    )
}

fn is_json(c: &Column) -> bool {
    matches!(c.type_info.base_name(), Some("json" | "jsonb"))
}

/// The path of a broken cycle: from the referencing table, along the broken key to its parent,
/// then along foreign keys back to the referencing table (breadth first, in catalog order, so
/// the shortest path and always the same one).
fn cycle_path(cat: &Catalog, from: usize, fk: &ForeignKey) -> Vec<usize> {
    let Some(start) = cat.table_index(&fk.references.schema, &fk.references.table) else {
        return vec![from];
    };
    let mut prev: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = BTreeSet::from([start]);
    while let Some(x) = queue.pop_front() {
        if x == from {
            break;
        }
        for f in &cat.tables[x].foreign_keys {
            if let Some(y) = cat.table_index(&f.references.schema, &f.references.table)
                && seen.insert(y)
            {
                prev.insert(y, x);
                queue.push_back(y);
            }
        }
    }
    let mut back = vec![from];
    let mut x = from;
    while x != start {
        match prev.get(&x) {
            Some(&p) => {
                back.push(p);
                x = p;
            }
            None => break,
        }
    }
    back.reverse();
    // back = start … from; the cycle reads from → start → … → from.
    let mut path = vec![from];
    path.extend(back);
    path
}

// ---------------------------------------------------------------------------------------------
// Index analysis
// ---------------------------------------------------------------------------------------------

/// An index that lets PostgreSQL find the rows matching these columns without a full scan: a
/// B-tree, not partial, whose leading columns are exactly these (in any order); or a hash index
/// on the single column. This is what a foreign key needs for joins and for the checks its
/// parent's deletes and updates run.
pub fn supporting_index<'t>(t: &'t Table, cols: &[String]) -> Option<&'t Index> {
    t.indexes.iter().find(|ix| {
        if ix.predicate.is_some() || ix.parts.len() < cols.len() {
            return false;
        }
        let lead: BTreeSet<Option<&str>> =
            ix.parts[..cols.len()].iter().map(KeyPart::column).collect();
        let want: BTreeSet<Option<&str>> = cols.iter().map(|c| Some(c.as_str())).collect();
        match ix.method.as_str() {
            "btree" => lead == want,
            "hash" => cols.len() == 1 && ix.parts.len() == 1 && lead == want,
            _ => false,
        }
    })
}

/// The key list of an index definition: `CREATE INDEX x ON t USING btree (a, b DESC) WHERE …`
/// → `a, b DESC`. Reads the parenthesised list after `USING method`, skipping parentheses inside
/// expressions and string literals.
pub fn index_key(def: &str) -> Option<&str> {
    let using = def.find(" USING ")?;
    let open = using + def[using..].find('(')?;
    let mut depth = 0;
    let mut in_str = false;
    for (i, ch) in def[open..].char_indices() {
        match ch {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return Some(&def[open + 1..open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Split a key list at top-level commas.
fn split_key(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut in_str, mut start) = (0i32, false, 0);
    for (i, ch) in key.char_indices() {
        match ch {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                out.push(key[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(key[start..].trim().to_string());
    out
}

/// Pairs (redundant, covering): a plain B-tree index whose key is a leading part of another
/// B-tree index's key with the same predicate, or equal to it. The covering index answers the
/// same lookups; the redundant one only costs writes. Indexes backing a constraint are never
/// called redundant (dropping them drops the constraint).
pub fn redundant_indexes(t: &Table) -> Vec<(&Index, &Index)> {
    let mut out = Vec::new();
    for a in &t.indexes {
        if a.method != "btree" || a.unique || a.constraint.is_some() {
            continue;
        }
        let Some(ka) = index_key(&a.definition).map(split_key) else {
            continue;
        };
        let covering = t.indexes.iter().find(|b| {
            if b.name == a.name || b.method != "btree" || b.predicate != a.predicate {
                return false;
            }
            let Some(kb) = index_key(&b.definition).map(split_key) else {
                return false;
            };
            // An exact duplicate is reported once, against the one named first.
            let longer =
                kb.len() > ka.len() || (kb.len() == ka.len() && (b.unique || b.name < a.name));
            longer && kb[..ka.len().min(kb.len())] == ka[..]
        });
        if let Some(b) = covering {
            out.push((a, b));
        }
    }
    out
}

/// The kinds an index belongs to, for the index table and its summary.
fn index_kinds(ix: &Index) -> Vec<&'static str> {
    let mut k = Vec::new();
    if ix.primary {
        k.push("primary key");
    } else if ix.unique {
        k.push("unique");
    }
    if ix.parts.len() > 1 {
        k.push("composite");
    }
    if ix.predicate.is_some() {
        k.push("partial");
    }
    if ix
        .parts
        .iter()
        .any(|p| matches!(p, KeyPart::Expression { .. }))
    {
        k.push("expression");
    }
    match ix.method.as_str() {
        "btree" => {}
        "gin" => k.push("GIN"),
        "gist" => k.push("GiST"),
        "brin" => k.push("BRIN"),
        "hash" => k.push("hash"),
        "spgist" => k.push("SP-GiST"),
        _ => k.push("other method"),
    }
    k
}

/// What a non-plain index is for: the query shape it serves, or `None` for a plain B-tree.
fn special_access(ix: &Index) -> Option<String> {
    let key = index_key(&ix.definition).unwrap_or_default();
    let mut what = match ix.method.as_str() {
        "gin" if key.contains("to_tsvector") => format!("full-text search on {}", code(key)),
        "gin" => format!("containment and overlap (`@>`, `&&`, `?`) on {}", code(key)),
        "gist" | "spgist" => format!(
            "overlap, range and nearest-neighbour queries on {}",
            code(key)
        ),
        "brin" => format!("range scans over {} on physically ordered data", code(key)),
        "hash" => format!("equality lookups on {}", code(key)),
        _ if key.contains(" DESC") => format!("rows in {} order", code(key)),
        _ if ix
            .parts
            .iter()
            .any(|p| matches!(p, KeyPart::Expression { .. })) =>
        {
            format!("lookups by the expression {}", code(key))
        }
        _ if ix.predicate.is_some() => format!("lookups by {}", code(key)),
        _ => return None,
    };
    if let Some(p) = &ix.predicate {
        let _ = write!(what, ", only over rows where {}", code(p));
    }
    Some(what)
}

// ---------------------------------------------------------------------------------------------
// Volume estimate
// ---------------------------------------------------------------------------------------------

/// Estimated bytes per row: the fixed overhead plus each column's width, weighted by the share
/// of rows where it is not NULL (as planned).
fn row_width(t: &Table, tp: &TablePlan) -> f64 {
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

fn type_width(t: &SqlType, cp: Option<&ColumnPlan>) -> f64 {
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

fn human_bytes(b: f64) -> String {
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

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// An inline code span that survives any content: backticks inside get a longer fence (as
/// CommonMark allows), line breaks become spaces.
fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{s}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

/// Free text (comments, generator descriptions) made safe for Markdown: no line breaks, and
/// no `<` (an HTML tag), `*` (emphasis) or backtick (code) taking effect. A lone `>` inside a
/// line is plain text in Markdown and is kept, so `A -> B` stays readable.
fn prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '*' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block, its fence longer than any run of backticks inside.
fn fenced(lang: &str, body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{body}\n{fence}\n\n")
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}

/// A GitHub-flavoured Markdown table. Pipes in cells are escaped here, once, for every cell
/// (GFM needs `\|` even inside code spans).
fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| c.replace('|', "\\|").replace(['\n', '\r'], " "))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------
// Line diff for `check`
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Largest middle part (after the common prefix and suffix are removed) diffed line by line:
/// the LCS table is (n+1)·(m+1) cells. Beyond it the middle is shown as replaced wholesale,
/// which is still correct, only less precise.
const MAX_LCS_CELLS: usize = 4_000_000;

/// Line-level diff: common prefix and suffix, then a longest-common-subsequence table over
/// the rest. Documents differ in a few places, so the middle is small.
fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    let (n, m) = (ma.len(), mb.len());
    if (n + 1).saturating_mul(m + 1) <= MAX_LCS_CELLS {
        // lcs[i][j] = LCS length of ma[i..] and mb[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && ma[i] == mb[j] {
                ops.push(Op::Equal(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
                ops.push(Op::Insert(prefix + j));
                j += 1;
            } else {
                ops.push(Op::Delete(prefix + i));
                i += 1;
            }
        }
        // Show deletions before insertions within a change, as diff does.
        normalise_hunks(&mut ops);
    } else {
        ops.extend((0..n).map(|i| Op::Delete(prefix + i)));
        ops.extend((0..m).map(|j| Op::Insert(prefix + j)));
    }
    ops.extend((0..suffix).map(|k| Op::Equal(a.len() - suffix + k, b.len() - suffix + k)));
    ops
}

/// Within each run of non-equal ops, put deletions first (order inside each kind is kept).
fn normalise_hunks(ops: &mut [Op]) {
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], Op::Equal(..)) {
            i += 1;
            continue;
        }
        let start = i;
        while i < ops.len() && !matches!(ops[i], Op::Equal(..)) {
            i += 1;
        }
        ops[start..i].sort_by_key(|o| match o {
            Op::Delete(x) => (0, *x),
            Op::Insert(x) => (1, *x),
            Op::Equal(..) => (2, 0),
        });
    }
}

/// Lines of each file before the first op of a hunk (for hunk headers of an empty side).
fn position_before(ops: &[Op]) -> (usize, usize) {
    let (mut e, mut a) = (0, 0);
    for o in ops {
        match o {
            Op::Equal(..) => {
                e += 1;
                a += 1;
            }
            Op::Delete(_) => e += 1,
            Op::Insert(_) => a += 1,
        }
    }
    (e, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FkAction, TableRef, UniqueKey};

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
        }
    }

    fn index(
        name: &str,
        table: &str,
        method: &str,
        cols: &[&str],
        predicate: Option<&str>,
    ) -> Index {
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
        };
        assert_eq!(trigger_role(&g), Some(TriggerRole::Audit));
        let g = Trigger {
            name: "touch".into(),
            definition: String::new(),
            function: "set_updated_at".into(),
        };
        assert_eq!(trigger_role(&g), Some(TriggerRole::Timestamp));
        let actor = |name: &str| is_actor_column(&unnamed, &col(name, "uuid", true));
        assert!(actor("created_by") && actor("Updated_By_Id"));
        assert!(!actor("referred_by") && !actor("owned_by"));
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
        assert!(filters_live_rows(&view.definition, marker));
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
}
