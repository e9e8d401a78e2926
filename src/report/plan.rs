//! `seedbed plan`: the plan as text for people (and JSON for tools).

use std::fmt::Write;

use serde::Serialize;

use crate::plan::constraints::Translation;
use crate::plan::{ColumnPlan, Plan, Source, TablePlan};
use crate::verify::Verification;

/// The plan for people.
pub fn text(plan: &Plan, verified: &[Verification]) -> String {
    let mut out = header(plan);
    for (i, t) in plan.tables.iter().enumerate() {
        out.push_str(&table(i + 1, t, verified));
    }
    out.push_str(&cycles(plan));
    out.push_str(&warnings(plan));
    out.push_str(&realism(plan).text());
    out.push_str(&refusals(plan));
    out
}

/// The settings and totals.
fn header(plan: &Plan) -> String {
    let s = &plan.settings;
    format!(
        "seed {} · scale {} · locale {} · {} tables · {} rows\n",
        s.seed,
        s.scale,
        locale_tag(s.locale),
        plan.tables.len(),
        plan.total_rows()
    )
}

/// One table: its rows, a line per column, its unique keys and checks, and how it is generated.
fn table(number: usize, t: &TablePlan, verified: &[Verification]) -> String {
    let mut out = format!(
        "\n{number}. {} — {} rows ({})\n",
        t.key, t.rows, t.rows_reason
    );
    let w = t
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &t.columns {
        out.push_str(&column_line(c, w));
    }
    out.push_str(&uniques(t));
    out.push_str(&checks(t, verified));
    if let Some(g) = &t.grouping {
        let _ = writeln!(out, "   grouped: {}", g.description);
    }
    if t.sequential() {
        let _ = writeln!(
            out,
            "   generated in row order (unique keys checked against a set of seen values)"
        );
    }
    out
}

/// A column, its name padded to `w`: where its generator came from, NULLs, personal data.
fn column_line(c: &ColumnPlan, w: usize) -> String {
    let src = c.source.label();
    let mut out = format!("   {:w$}  [{src}] {}", c.name, c.reason);
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
    out
}

fn uniques(t: &TablePlan) -> String {
    let mut out = String::new();
    for u in &t.uniques {
        let _ = writeln!(out, "   unique {}: {}", u.key, u.how);
    }
    out
}

/// Each CHECK and how it is kept: translated, evaluated per row, or verified by the server.
fn checks(t: &TablePlan, verified: &[Verification]) -> String {
    let mut out = String::new();
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
    out
}

/// Foreign keys broken to load a cycle, and how each is filled.
fn cycles(plan: &Plan) -> String {
    let mut out = String::new();
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
    out
}

fn warnings(plan: &Plan) -> String {
    let mut out = String::new();
    if !plan.warnings.is_empty() {
        out.push_str("\nwarnings:\n");
        for w in &plan.warnings {
            let _ = writeln!(out, "   {w}");
        }
    }
    out
}

fn refusals(plan: &Plan) -> String {
    if plan.refusals.is_empty() {
        return "\nno refusals: every constraint can be honoured\n".into();
    }
    let mut out = format!(
        "\nREFUSED ({}): nothing will be loaded until these are fixed:\n",
        plan.refusals.len()
    );
    for r in &plan.refusals {
        let _ = writeln!(out, "   {r}");
    }
    out
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    settings: &'a crate::plan::Settings,
    tables: Vec<JsonTable<'a>>,
    warnings: &'a [String],
    realism: Realism,
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

/// The plan for tools.
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
        realism: realism(plan),
        refusals: &plan.refusals,
        verified_on_server: verified,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

// ---------------------------------------------------------------------------------------------
// Realism report
// ---------------------------------------------------------------------------------------------

/// How much of the plan follows what the schema says, and how much is filler: written columns by
/// the source of their generator, and the text columns (not keys) left to the type fallback.
#[derive(Debug, Serialize, PartialEq)]
pub struct Realism {
    /// Written columns per source label (`profile`, `constraint`, `foreign key`, `name`, `type`…).
    pub by_source: std::collections::BTreeMap<&'static str, usize>,
    /// Written text columns that are neither primary nor foreign keys.
    pub text_columns: usize,
    /// Those filled by the type fallback (a few words, letters; not an enum's labels):
    /// `table.column`.
    pub text_fallback: Vec<String>,
    /// `text_fallback` as a share of `text_columns` (0 when there are none).
    pub text_fallback_share: f64,
}

/// The realism figures of a plan.
pub fn realism(plan: &Plan) -> Realism {
    let mut by_source = std::collections::BTreeMap::new();
    let (mut text_columns, mut text_fallback) = (0, Vec::new());
    for t in &plan.tables {
        for (i, c) in t.written() {
            *by_source.entry(c.source.label()).or_insert(0) += 1;
            let key = t.primary_key.contains(&i) || t.fk_of_column[i].is_some();
            if key || c.codec != crate::pgtype::Codec::Text {
                continue;
            }
            text_columns += 1;
            // An enum's labels come from the type too, but they are the schema's own values,
            // not filler.
            let filler = !matches!(c.generator, crate::values::gens::Gen::Choice { .. });
            if c.source == Source::Type && filler {
                text_fallback.push(format!("{}.{}", t.key, c.name));
            }
        }
    }
    let text_fallback_share = if text_columns == 0 {
        0.0
    } else {
        text_fallback.len() as f64 / text_columns as f64
    };
    Realism {
        by_source,
        text_columns,
        text_fallback,
        text_fallback_share,
    }
}

impl Realism {
    /// The section that ends `seedbed plan`.
    fn text(&self) -> String {
        let counts: Vec<String> = self
            .by_source
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let mut out = format!("\nrealism: columns by source: {}\n", counts.join(", "));
        let _ = writeln!(
            out,
            "   text columns (not keys): {}, of which {} ({:.0}%) left to the type fallback",
            self.text_columns,
            self.text_fallback.len(),
            self.text_fallback_share * 100.0
        );
        for c in &self.text_fallback {
            let _ = writeln!(out, "   fallback: {c}");
        }
        out
    }
}

/// The locale as a profile spells it.
fn locale_tag(l: crate::values::text::Locale) -> &'static str {
    use crate::values::text::Locale;
    match l {
        Locale::En => "en",
        Locale::FrFr => "fr_fr",
        Locale::DeDe => "de_de",
        Locale::ItIt => "it_it",
        Locale::PtBr => "pt_br",
        Locale::NlNl => "nl_nl",
    }
}
