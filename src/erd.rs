//! Mermaid `erDiagram` of a catalog: entities with PK/FK/UK markers and short types, and one
//! relationship per foreign key with its cardinality read off the schema:
//! - the parent end is `||` (exactly one) when the key's columns are NOT NULL, `|o` otherwise;
//! - the child end is `o|` (zero or one) when the key's columns are also unique, `o{` otherwise;
//! - the line is solid (identifying) when the key is part of the child's primary key.
//!
//! Used by `inspect --format mermaid` and by the data-design document.

use std::fmt::Write;

use crate::model::{Catalog, Column, SqlType, Table};

pub fn mermaid(catalog: &Catalog, order: &[usize]) -> String {
    let mut out = String::from("erDiagram\n");
    for &i in order {
        let t = &catalog.tables[i];
        let _ = writeln!(
            out,
            "    {}[\"{}\"] {{",
            entity_id(t),
            t.key().replace('"', "'")
        );
        for c in &t.columns {
            let markers = markers(t, c);
            let name = attr_name(&c.name);
            let _ = write!(out, "        {} {}", short_type(&c.type_info), name);
            if !markers.is_empty() {
                let _ = write!(out, " {}", markers.join(", "));
            }
            let mut note = Vec::new();
            if name != c.name {
                note.push(c.name.clone());
            }
            if let Some(comment) = &c.comment {
                note.push(comment.clone());
            }
            if !note.is_empty() {
                let _ = write!(out, " \"{}\"", note.join(": ").replace('"', "'"));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for &i in order {
        let t = &catalog.tables[i];
        for fk in &t.foreign_keys {
            let Some(parent) = catalog.table(&fk.references.schema, &fk.references.table) else {
                continue;
            };
            let mandatory = fk
                .columns
                .iter()
                .all(|c| t.column(c).is_some_and(Column::effectively_not_null));
            let parent_end = if mandatory { "||" } else { "|o" };
            let child_end = if is_unique_set(t, &fk.columns) {
                "o|"
            } else {
                "o{"
            };
            let identifying = t
                .primary_key
                .as_ref()
                .is_some_and(|pk| fk.columns.iter().all(|c| pk.columns.contains(c)));
            let line = if identifying { "--" } else { ".." };
            let _ = writeln!(
                out,
                "    {} {parent_end}{line}{child_end} {} : \"{}\"",
                entity_id(parent),
                entity_id(t),
                fk.columns.join(", ").replace('"', "'")
            );
        }
    }
    out
}

/// True when some unique key (or the primary key) is exactly these columns, or a subset of them.
pub fn is_unique_set(t: &Table, cols: &[String]) -> bool {
    t.all_unique_keys().any(|k| {
        k.predicate.is_none()
            && k.parts.len() == k.columns.len()
            && k.columns.iter().all(|c| cols.contains(c))
    })
}

/// PK / FK / UK markers for a column.
pub fn markers(t: &Table, c: &Column) -> Vec<&'static str> {
    let mut m = Vec::new();
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&c.name))
    {
        m.push("PK");
    }
    if t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name)) {
        m.push("FK");
    }
    if t.unique_keys
        .iter()
        .any(|k| k.all_columns().contains(&c.name))
    {
        m.push("UK");
    }
    m
}

/// A Mermaid-safe entity id: `schema_table` with anything but ASCII letters, digits and `_`
/// replaced.
pub fn entity_id(t: &Table) -> String {
    let raw = if t.schema == "public" {
        t.name.clone()
    } else {
        format!("{}__{}", t.schema, t.name)
    };
    let mut id: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert(0, 't');
    }
    id
}

fn attr_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert(0, 'c');
    }
    s
}

/// A short type for diagrams: `varchar(255)`, `uuid`, `text[]`, `order_status`.
pub fn short_type(t: &SqlType) -> String {
    match t {
        SqlType::Base {
            name,
            length,
            precision,
            scale,
            ..
        } => {
            let n = match name.as_str() {
                "int2" => "smallint",
                "int4" => "integer",
                "int8" => "bigint",
                "float4" => "real",
                "float8" => "double",
                "bpchar" => "char",
                "bool" => "boolean",
                other => other,
            };
            match (name.as_str(), length, precision, scale) {
                ("varchar" | "bpchar", Some(l), _, _) => format!("{n}({l})"),
                ("numeric", _, Some(p), Some(s)) => format!("numeric({p},{s})"),
                _ => n.to_string(),
            }
        }
        SqlType::Array { element, .. } => format!("{}[]", short_type(element)),
        SqlType::Enum { name, .. }
        | SqlType::Domain { name, .. }
        | SqlType::Composite { name, .. }
        | SqlType::Range { name, .. }
        | SqlType::Other { name, .. } => {
            let s: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
                s
            } else {
                format!("t{s}")
            }
        }
    }
}
