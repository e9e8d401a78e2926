//! `seedbed plan`: the plan as text for people (and JSON for tools).

use std::fmt::Write;

use serde::Serialize;

use crate::plan::constraints::Translation;
use crate::plan::{Plan, Source};
use crate::verify::Verification;

pub fn text(plan: &Plan, verified: &[Verification]) -> String {
    let mut out = String::new();
    let s = &plan.settings;
    let _ = writeln!(
        out,
        "seed {} · scale {} · locale {:?} · {} tables · {} rows",
        s.seed,
        s.scale,
        s.locale,
        plan.tables.len(),
        plan.total_rows()
    );
    for (i, t) in plan.tables.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{}. {} — {} rows ({})",
            i + 1,
            t.key,
            t.rows,
            t.rows_reason
        );
        let w = t
            .columns
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        for c in &t.columns {
            let src = match c.source {
                Source::Profile => "profile",
                Source::Constraint => "constraint",
                Source::ForeignKey => "foreign key",
                Source::Name => "name",
                Source::Type => "type",
                Source::Generated => "generated",
                Source::ServerDefault => "default",
            };
            let _ = write!(out, "   {:w$}  [{src}] {}", c.name, c.reason);
            if c.write && c.null_fraction > 0.0 && c.null_fraction < 1.0 {
                let _ = write!(out, "; {}% NULL", (c.null_fraction * 100.0).round());
            }
            if let Some(p) = c.pii {
                let _ = write!(
                    out,
                    "; personal data ({}): {}",
                    serde_json::to_value(p)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    p.guarantee()
                );
            }
            out.push('\n');
        }
        for u in &t.uniques {
            let _ = writeln!(out, "   unique {}: {}", u.key, u.how);
        }
        for ch in &t.checks {
            let on = ch
                .domain_of
                .as_ref()
                .map(|d| format!(" (domain, on {d})"))
                .unwrap_or_default();
            let how = if !ch.modelled {
                match verified
                    .iter()
                    .find(|v| v.table == t.key && v.check == ch.name)
                {
                    Some(v) if v.failed == 0 => {
                        format!("verified on the server: {} sample rows pass", v.sampled)
                    }
                    Some(v) => format!(
                        "REFUSED: the server rejected {} of {} sample rows",
                        v.failed, v.sampled
                    ),
                    None => "enforced by PostgreSQL during the load (not evaluated here)".into(),
                }
            } else {
                match ch.translation {
                    Translation::Full => {
                        "translated into the generators, and evaluated on every row".into()
                    }
                    Translation::Partial => {
                        "partly translated; evaluated on every row (failing rows re-drawn)".into()
                    }
                    Translation::None => "evaluated on every row (failing rows re-drawn)".into(),
                }
            };
            let _ = writeln!(out, "   check {}{on}: {how}", ch.name);
        }
        if let Some(g) = &t.grouping {
            let _ = writeln!(out, "   grouped: {}", g.description);
        }
        if t.sequential() {
            let _ = writeln!(
                out,
                "   generated in row order (unique keys checked against a set of seen values)"
            );
        }
    }
    for d in &plan.deferred {
        let t = &plan.tables[d.table];
        let _ = writeln!(
            out,
            "\ncycle: {}.{} is {}",
            t.key,
            t.fks[d.fk].name,
            match d.how {
                crate::graph::BreakKind::Deferrable =>
                    "DEFERRABLE: both tables load in one transaction, checked at commit",
                crate::graph::BreakKind::Nullable =>
                    "loaded as NULL and filled in once its parent is loaded",
            }
        );
    }
    if !plan.warnings.is_empty() {
        out.push_str("\nwarnings:\n");
        for w in &plan.warnings {
            let _ = writeln!(out, "   {w}");
        }
    }
    if plan.refusals.is_empty() {
        out.push_str("\nno refusals: every constraint can be honoured\n");
    } else {
        let _ = writeln!(
            out,
            "\nREFUSED ({}): nothing will be loaded until these are fixed:",
            plan.refusals.len()
        );
        for r in &plan.refusals {
            let _ = writeln!(out, "   {r}");
        }
    }
    out
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    settings: &'a crate::plan::Settings,
    tables: Vec<JsonTable<'a>>,
    warnings: &'a [String],
    refusals: &'a [crate::plan::Refusal],
    verified_on_server: &'a [Verification],
}

#[derive(Serialize)]
struct JsonTable<'a> {
    table: &'a str,
    rows: u64,
    rows_reason: &'a str,
    columns: Vec<JsonColumn<'a>>,
    uniques: &'a [crate::plan::UniqueReport],
}

#[derive(Serialize)]
struct JsonColumn<'a> {
    name: &'a str,
    source: Source,
    generator: &'a str,
    null_fraction: f64,
    pii: Option<crate::values::text::Pii>,
    honours: &'a [String],
}

pub fn json(plan: &Plan, verified: &[Verification]) -> String {
    let doc = JsonPlan {
        settings: &plan.settings,
        tables: plan
            .tables
            .iter()
            .map(|t| JsonTable {
                table: &t.key,
                rows: t.rows,
                rows_reason: &t.rows_reason,
                columns: t
                    .columns
                    .iter()
                    .map(|c| JsonColumn {
                        name: &c.name,
                        source: c.source,
                        generator: &c.reason,
                        null_fraction: c.null_fraction,
                        pii: c.pii,
                        honours: &c.honours,
                    })
                    .collect(),
                uniques: &t.uniques,
            })
            .collect(),
        warnings: &plan.warnings,
        refusals: &plan.refusals,
        verified_on_server: verified,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
