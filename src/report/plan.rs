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
    out.push_str(&prefilled(plan));
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
    for d in crate::plan::triggers::describe(t) {
        let _ = writeln!(
            out,
            "   BEFORE INSERT trigger {d}: applied to each row before its CHECKs and unique keys"
        );
    }
    for g in &t.guards {
        let _ = writeln!(
            out,
            "   BEFORE INSERT {} ({}): rows it would refuse are re-drawn, like a CHECK's",
            g.check.name, g.check.definition
        );
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
    if c.addressable && c.lineage.is_none() && !c.keyed {
        out.push_str("; row-addressable: children derive from it");
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

/// Pre-filled tables: the one time seedbed reads values of a user table, said plainly.
fn prefilled(plan: &Plan) -> String {
    let mut out = String::new();
    if !plan.prefilled.is_empty() {
        out.push_str("\npre-filled (not loaded; only these key columns were read):\n");
        for p in &plan.prefilled {
            let _ = writeln!(out, "   {p}");
        }
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
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    prefilled: &'a [String],
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
    /// BEFORE INSERT triggers modelled: `name sets col, col`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rewritten_by_triggers: Vec<String>,
    /// BEFORE INSERT triggers whose refusals are kept out: `trigger NAME (what it reads)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    refused_by_triggers: Vec<String>,
}

#[derive(Serialize)]
struct JsonColumn<'a> {
    name: &'a str,
    source: Source,
    generator: &'a str,
    null_fraction: f64,
    pii: Option<crate::values::text::Pii>,
    honours: &'a [String],
    /// The parent values it is derived from (see `plan::lineage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    derived: Option<crate::plan::lineage::LineageReport>,
    /// Computable alone at any row, because children derive from it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    row_addressable: bool,
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
                        derived: c.lineage.as_ref().map(Into::into),
                        row_addressable: c.addressable,
                    })
                    .collect(),
                uniques: &t.uniques,
                rewritten_by_triggers: crate::plan::triggers::describe(t),
                refused_by_triggers: t
                    .guards
                    .iter()
                    .map(|g| format!("{} ({})", g.check.name, g.check.definition))
                    .collect(),
            })
            .collect(),
        prefilled: &plan.prefilled,
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

/// How a default seed (empty targets, one transaction) loads a target: whether it is emptied
/// in the load's transaction, and, when it is not loaded with `COPY … FREEZE`, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreezeStatus {
    /// TRUNCATEd (empty already, verified under the lock) in the load's transaction.
    pub emptied: bool,
    /// Why the table loads with plain COPY; `None`: it loads with FREEZE.
    pub blocker: Option<String>,
}

/// Each target's [`FreezeStatus`], by plan index.
///
/// FREEZE needs the table emptied (or created) in the load's own transaction, so a seed
/// TRUNCATEs the targets it has verified empty under its lock. TRUNCATE of a table needs every
/// table referencing it in the same statement: a table referenced from outside the load, or by
/// a target that is itself not emptied, is left alone, as is one with a user ON TRUNCATE
/// trigger (it would fire). PostgreSQL refuses FREEZE on a partitioned parent (it is emptied,
/// for the tables it references, but loads with plain COPY).
pub fn freeze_status(catalog: &crate::model::Catalog, plan: &Plan) -> Vec<FreezeStatus> {
    let mut kept: Vec<Option<String>> = plan
        .tables
        .iter()
        .map(|t| {
            let ct = &catalog.tables[t.catalog_index];
            ct.triggers
                .iter()
                .find(|tr| tr.definition.contains(" TRUNCATE "))
                .map(|tr| format!("has ON TRUNCATE trigger {}", tr.name))
        })
        .collect();
    let index: std::collections::HashMap<&str, usize> = plan
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    // A table stays out while anything referencing it is out: repeat until nothing changes.
    loop {
        let mut changed = false;
        for (ti, t) in plan.tables.iter().enumerate() {
            if kept[ti].is_some() {
                continue;
            }
            let ct = &catalog.tables[t.catalog_index];
            let reason = ct
                .referenced_by
                .iter()
                .filter(|i| i.table != t.key)
                .find_map(|inc| match index.get(inc.table.as_str()) {
                    None => Some(format!(
                        "referenced by {} ({}) outside the load; TRUNCATE would need it too",
                        inc.table, inc.name
                    )),
                    Some(&r) if kept[r].is_some() => Some(format!(
                        "referenced by {}, which is not emptied in the load's transaction",
                        inc.table
                    )),
                    Some(_) => None,
                });
            if reason.is_some() {
                kept[ti] = reason;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    plan.tables
        .iter()
        .zip(kept)
        .map(|(t, kept)| {
            let partitioned = catalog.tables[t.catalog_index].partitioning.is_some();
            FreezeStatus {
                emptied: kept.is_none(),
                blocker: kept.or_else(|| {
                    partitioned.then(|| {
                        "partitioned table (PostgreSQL refuses COPY FREEZE on a partitioned parent)"
                            .to_string()
                    })
                }),
            }
        })
        .collect()
}

/// The plan's COPY FREEZE note: which targets load without FREEZE, and why (empty when every
/// target can be frozen).
pub fn freeze_notes(plan: &Plan, status: &[FreezeStatus]) -> String {
    let mut out = String::new();
    for (t, st) in plan.tables.iter().zip(status) {
        if let Some(why) = &st.blocker {
            if out.is_empty() {
                out.push_str(
                    "\nCOPY FREEZE (empty targets, one transaction) is not possible for:\n",
                );
            }
            let _ = writeln!(out, "   {}: plain COPY: {why}", t.key);
        }
    }
    out
}
