//! Data patterns: audit trails, soft delete, versioning, timestamps and JSON documents, one
//! function per subsection. The detectors they use are in [`super::detect`].

use std::fmt::Write;

use super::Doc;
use super::detect::{
    TriggerRole, audit_signals, created_column, history_of, is_actor_column, is_audit_table,
    is_boolean, is_json, is_migration_table, is_number, json_role, soft_delete_column,
    trigger_role, updated_column, version_column,
};
use super::markdown::{code, column_ref, prose, table};
use super::predicate::{filters_live_rows, view_filters_live_rows, view_reads};
use crate::model::{Column, Table, Trigger};

impl Doc<'_> {
    pub(super) fn patterns(&self) -> String {
        let mut out = String::from("## Data Patterns\n\n");
        out.push_str(
            "Detected from the schema alone (names and types of columns, view definitions, partial-index \
             predicates and triggers); what the application does with them is not visible here.\n\n",
        );
        out.push_str(&self.audit_trail());
        out.push_str(&self.soft_delete());
        out.push_str(&self.versioning());
        out.push_str(&self.timestamps());
        out.push_str(&self.json_documents());
        out
    }

    fn audit_trail(&self) -> String {
        let mut out = String::from("### Audit Trail\n\n");
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
            let _ = writeln!(
                out,
                "- {} is an audit-trail table: {}",
                code(&t.key()),
                audit_evidence(t)
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
        out
    }

    fn soft_delete(&self) -> String {
        let mut out = String::from("### Soft Delete\n\n");
        let mut any = false;
        for (ti, t) in self.tables() {
            let Some(col) = soft_delete_column(t) else {
                continue;
            };
            any = true;
            let evidence = self.live_row_filters(t, col);
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
        out
    }

    /// The views and partial indexes of `t` that keep only rows whose soft-delete marker is
    /// unset.
    fn live_row_filters(&self, t: &Table, marker: &Column) -> Vec<String> {
        let mut evidence = Vec::new();
        for v in &self.catalog.views {
            if view_reads(v, t) && view_filters_live_rows(v, marker) {
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
                .is_some_and(|p| filters_live_rows(p, marker))
            {
                evidence.push(format!(
                    "partial index {} covers only live rows",
                    code(&ix.name)
                ));
            }
        }
        evidence
    }

    fn versioning(&self) -> String {
        let mut out = String::from("### Versioning\n\n");
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
                out.push_str(&version_line(t, c));
            }
        }
        if !any {
            out.push_str("No versioning detected.\n");
        }
        out.push('\n');
        out
    }

    fn timestamps(&self) -> String {
        let mut out = String::from("### Timestamps\n\n");
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
            let generated = updated
                .or(created)
                .and_then(|c| self.column_plan(ti, &c.name))
                .map(|c| prose(&c.reason))
                .unwrap_or_default();
            rows.push(vec![
                code(&t.key()),
                created.map(|c| code(&c.name)).unwrap_or_default(),
                updated.map(|c| code(&c.name)).unwrap_or_default(),
                updated
                    .map(|u| modification_kept_by(t, u))
                    .unwrap_or_default(),
                generated,
            ]);
        }
        let _ = writeln!(
            out,
            "{n_created} of {} tables record when a row was created, {n_updated} when it was last modified.\n",
            self.catalog.tables.len()
        );
        if !rows.is_empty() {
            table(
                &mut out,
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
        out
    }

    fn json_documents(&self) -> String {
        let mut out = String::from("### JSON Configuration and Documents\n\n");
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
                &mut out,
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
        out
    }
}

/// Why a table is an audit trail: the kinds of audit columns it has, or its name.
fn audit_evidence(t: &Table) -> String {
    let signals = audit_signals(t);
    if signals.is_empty() {
        return "its name says so".to_string();
    }
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

/// `- schema.table.version (type) is a version counter…, constrained by …`.
fn version_line(t: &Table, c: &Column) -> String {
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
    let mut line = format!(
        "- {} ({}) is {kind}",
        column_ref(t, std::slice::from_ref(&c.name)),
        c.type_name
    );
    if !checks.is_empty() {
        let _ = write!(line, ", constrained by {}", checks.join(", "));
    }
    line.push('\n');
    line
}

/// What keeps a modification time current: the triggers that set it, else its DEFAULT (at
/// insert only), else the application.
fn modification_kept_by(t: &Table, updated: &Column) -> String {
    let trg: Vec<String> = t
        .triggers
        .iter()
        .filter(|g| trigger_role(g) == Some(TriggerRole::Timestamp))
        .map(|g| format!("trigger {}", code(&g.name)))
        .collect();
    if !trg.is_empty() {
        trg.join(", ")
    } else if updated.default.is_some() {
        "its DEFAULT at insert only (no trigger updates it)".into()
    } else {
        "the application (no DEFAULT or trigger)".into()
    }
}
