//! `seedbed inspect`: the schema model in load order, as text for people, JSON for tools
//! (documented in `docs/model.md`), or a Mermaid ER diagram.

use std::fmt::Write;

use serde::Serialize;

use crate::graph::{BreakKind, KeyRef, LoadOrder};
use crate::model::{Catalog, Partitioning, Table, UniqueKind, View};

/// How `inspect` renders the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tables in load order with columns, keys and constraints, for people.
    Text,
    /// The model and the load order for tools (`docs/model.md`).
    Json,
    /// A Mermaid `erDiagram`.
    Mermaid,
}

pub fn render(catalog: &Catalog, order: &LoadOrder, format: Format) -> String {
    match format {
        Format::Text => text(catalog, order),
        Format::Json => json(catalog, order),
        Format::Mermaid => crate::erd::mermaid(catalog, &order.tables),
    }
}

/// The JSON document: the model plus the graph's results.
#[derive(Serialize)]
struct Inspection<'a> {
    format_version: u32,
    server_version: &'a str,
    schemas: &'a [String],
    load_order: Vec<String>,
    deferred_keys: Vec<KeyJson>,
    self_references: Vec<KeyJson>,
    /// Foreign keys to tables outside the introspected set (excluded or in other schemas).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    external_keys: Vec<KeyJson>,
    tables: &'a [Table],
    #[serde(skip_serializing_if = "<[View]>::is_empty")]
    views: &'a [View],
}

#[derive(Serialize)]
struct KeyJson {
    table: String,
    foreign_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    how: Option<BreakKind>,
}

pub fn json(catalog: &Catalog, order: &LoadOrder) -> String {
    let doc = Inspection {
        format_version: 1,
        server_version: &catalog.server_version,
        schemas: &catalog.schemas,
        load_order: order.keys(catalog),
        deferred_keys: order
            .deferred
            .iter()
            .map(|d| KeyJson {
                table: catalog.tables[d.table].key(),
                foreign_key: d.foreign_key.clone(),
                how: Some(d.how),
            })
            .collect(),
        self_references: keys_json(catalog, &order.self_references),
        external_keys: keys_json(catalog, &order.external),
        tables: &catalog.tables,
        views: &catalog.views,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("the model serialises");
    s.push('\n');
    s
}

fn keys_json(catalog: &Catalog, keys: &[KeyRef]) -> Vec<KeyJson> {
    keys.iter()
        .map(|k| KeyJson {
            table: catalog.tables[k.table].key(),
            foreign_key: k.foreign_key.clone(),
            how: None,
        })
        .collect()
}

pub fn text(catalog: &Catalog, order: &LoadOrder) -> String {
    let mut out = header_text(catalog, order);
    for (pos, &i) in order.tables.iter().enumerate() {
        out.push('\n');
        out.push_str(&table_text(pos + 1, &catalog.tables[i]));
    }
    out
}

/// The summary line and the foreign keys where cycles were broken.
fn header_text(catalog: &Catalog, order: &LoadOrder) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "PostgreSQL {} · schemas: {} · {} tables in load order",
        catalog.server_version,
        catalog.schemas.join(", "),
        order.tables.len()
    );
    for d in &order.deferred {
        let how = match d.how {
            BreakKind::Deferrable => "DEFERRABLE, checked at commit",
            BreakKind::Nullable => "nullable, filled after both tables load",
        };
        let _ = writeln!(
            out,
            "cycle broken at {}.{} ({how})",
            catalog.tables[d.table].key(),
            d.foreign_key
        );
    }
    out
}

/// One table: its number in load order, columns, keys, constraints, partitions, triggers.
fn table_text(number: usize, t: &Table) -> String {
    let mut out = String::new();
    let _ = write!(out, "{number}. {}", t.key());
    if let Some(c) = &t.comment {
        let _ = write!(out, " — {c}");
    }
    out.push('\n');
    out.push_str(&columns_text(t));
    out.push_str(&unique_keys_text(t));
    out.push_str(&foreign_keys_text(t));
    out.push_str(&checks_text(t));
    if let Some(p) = &t.partitioning {
        out.push_str(&partitioning_text(p));
    }
    for trg in &t.triggers {
        let _ = writeln!(out, "   trigger {} -> {}", trg.name, trg.function);
    }
    out
}

/// The columns, aligned: name, type, nullability, then markers, identity, default.
fn columns_text(t: &Table) -> String {
    let mut out = String::new();
    let name_w = t
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let type_w = t
        .columns
        .iter()
        .map(|c| c.type_name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &t.columns {
        let mut extra = Vec::new();
        let m = crate::erd::markers(t, c);
        if !m.is_empty() {
            extra.push(m.join(","));
        }
        if let Some(id) = c.identity {
            extra.push(format!("identity {id:?}").to_lowercase());
        }
        if let Some(g) = &c.generated {
            extra.push(format!("generated as {g}"));
        } else if let Some(d) = &c.default {
            extra.push(format!("default {d}"));
        }
        let _ = writeln!(
            out,
            "   {:name_w$}  {:type_w$}  {:8}  {}",
            c.name,
            c.type_name,
            if c.nullable { "null" } else { "not null" },
            extra.join("  ")
        );
    }
    out
}

fn unique_keys_text(t: &Table) -> String {
    let mut out = String::new();
    for k in t.all_unique_keys() {
        let kind = match k.kind {
            UniqueKind::PrimaryKey => "primary key",
            UniqueKind::Constraint => "unique",
            UniqueKind::Index => "unique index",
        };
        let parts: Vec<String> = k.parts.iter().map(|p| p.display()).collect();
        let _ = write!(out, "   {kind} {} ({})", k.name, parts.join(", "));
        if let Some(p) = &k.predicate {
            let _ = write!(out, " WHERE {}", p.expression);
        }
        out.push('\n');
    }
    out
}

fn foreign_keys_text(t: &Table) -> String {
    let mut out = String::new();
    for fk in &t.foreign_keys {
        let _ = write!(
            out,
            "   foreign key {} ({}) -> {}({})",
            fk.name,
            fk.columns.join(", "),
            fk.references.key(),
            fk.references.columns.join(", ")
        );
        if fk.on_delete != crate::model::FkAction::NoAction {
            let _ = write!(out, " ON DELETE {}", fk.on_delete.sql());
        }
        if fk.on_update != crate::model::FkAction::NoAction {
            let _ = write!(out, " ON UPDATE {}", fk.on_update.sql());
        }
        if fk.deferrable {
            out.push_str(" DEFERRABLE");
        }
        if fk.not_valid {
            out.push_str(" NOT VALID");
        }
        out.push('\n');
    }
    out
}

/// Table checks, the checks of the columns' domains, and exclusion constraints.
fn checks_text(t: &Table) -> String {
    let mut out = String::new();
    for c in &t.checks {
        let _ = writeln!(out, "   check {}: {}", c.name, c.definition);
    }
    for c in &t.columns {
        for dc in c.type_info.domain_checks() {
            let _ = writeln!(
                out,
                "   domain check on {}: {} {}",
                c.name, dc.name, dc.definition
            );
        }
    }
    for x in &t.exclusions {
        let _ = writeln!(
            out,
            "   exclusion {}: {} (recorded, not generated for)",
            x.name, x.definition
        );
    }
    out
}

fn partitioning_text(p: &Partitioning) -> String {
    let mut out = String::new();
    let keys: Vec<String> = p.key.iter().map(|k| k.display()).collect();
    let _ = writeln!(
        out,
        "   partitioned by {} ({}) into {} partitions",
        format!("{:?}", p.strategy).to_uppercase(),
        keys.join(", "),
        p.partitions.len()
    );
    for part in &p.partitions {
        let _ = writeln!(
            out,
            "     {}.{} {}",
            part.schema, part.name, part.bound_text
        );
    }
    out
}
