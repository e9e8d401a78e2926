//! Mermaid `erDiagram` of a catalog: entities with PK/FK/UK markers and short types, and one
//! relationship per foreign key with its cardinality read off the schema:
//! - the parent end is `||` (exactly one) when the key's columns are NOT NULL, `|o` otherwise;
//! - the child end is `o|` (zero or one) when the key's columns are also unique, `o{` otherwise;
//! - the line is solid (identifying) when the key is part of the child's primary key.
//!
//! Used by `inspect --format mermaid` and by the data-design document (`seedbed doc`), whose
//! relationship table reads the same [`Relationship`] so the two never disagree.
//!
//! Everything written into the diagram is made safe for Mermaid's erDiagram lexer (checked
//! against mermaid 11 with `.ci/check-mermaid`): identifiers keep only ASCII letters, digits and
//! `_`, never equal one of its keywords, and never collide; quoted text has no `"` or line breaks.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::model::{Catalog, Column, ForeignKey, SqlType, Table};

/// How much of each entity a diagram shows. Mermaid refuses diagrams over its `maxTextSize`
/// (50,000 characters by default, also on GitHub), so large schemas need a smaller form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every column with its type, key markers and comment.
    Full,
    /// Only key columns (PK, FK, UK), without comments.
    Keys,
    /// Entity names only.
    Names,
}

pub fn mermaid(catalog: &Catalog, order: &[usize]) -> String {
    mermaid_with(catalog, order, Detail::Full)
}

pub fn mermaid_with(catalog: &Catalog, order: &[usize], detail: Detail) -> String {
    let ids = entity_ids(catalog);
    let mut out = String::from("erDiagram\n");
    for &i in order {
        let t = &catalog.tables[i];
        if detail == Detail::Names {
            let _ = writeln!(out, "    {}[\"{}\"]", ids[i], quoted_text(&t.key()));
            continue;
        }
        let _ = writeln!(out, "    {}[\"{}\"] {{", ids[i], quoted_text(&t.key()));
        for c in &t.columns {
            let markers = markers(t, c);
            if detail == Detail::Keys && markers.is_empty() {
                continue;
            }
            let name = attr_name(&c.name);
            let _ = write!(out, "        {} {}", short_type(&c.type_info), name);
            if !markers.is_empty() {
                let _ = write!(out, " {}", markers.join(", "));
            }
            // The real name goes into the comment when the attribute had to be renamed.
            let mut note = Vec::new();
            if name != c.name {
                note.push(c.name.clone());
            }
            if let Some(comment) = c.comment.as_ref().filter(|_| detail == Detail::Full) {
                note.push(comment.clone());
            }
            if !note.is_empty() {
                let _ = write!(out, " \"{}\"", quoted_text(&note.join(": ")));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for &i in order {
        let t = &catalog.tables[i];
        for fk in &t.foreign_keys {
            let Some(p) = catalog.table_index(&fk.references.schema, &fk.references.table) else {
                continue;
            };
            let _ = writeln!(
                out,
                "    {} {} {} : \"{}\"",
                ids[p],
                Relationship::of(t, fk).notation(),
                ids[i],
                quoted_text(&fk.columns.join(", "))
            );
        }
    }
    out
}

/// A foreign key read as an entity relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relationship {
    /// Every child row has a parent: the key's columns are all NOT NULL. (With the default
    /// MATCH SIMPLE a key with any NULL column is not checked, so one nullable column is enough
    /// to make the parent optional.)
    pub mandatory: bool,
    /// At most one child per parent: the key's columns are unique (one-to-one).
    pub unique: bool,
    /// The key is part of the child's primary key: the child cannot be identified without it.
    pub identifying: bool,
}

impl Relationship {
    pub fn of(t: &Table, fk: &ForeignKey) -> Relationship {
        Relationship {
            mandatory: fk
                .columns
                .iter()
                .all(|c| t.column(c).is_some_and(Column::effectively_not_null)),
            unique: is_unique_set(t, &fk.columns),
            identifying: t
                .primary_key
                .as_ref()
                .is_some_and(|pk| fk.columns.iter().all(|c| pk.columns.contains(c))),
        }
    }

    /// Mermaid's notation, parent end first: `||..o{`.
    pub fn notation(&self) -> String {
        let parent = if self.mandatory { "||" } else { "|o" };
        let line = if self.identifying { "--" } else { ".." };
        let child = if self.unique { "o|" } else { "o{" };
        format!("{parent}{line}{child}")
    }
}

/// True when some unique key (or the primary key) is exactly these columns, or a subset of them.
/// Partial and expression keys do not count: they do not make the plain columns unique.
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

/// Words the erDiagram lexer reads as keywords (case-insensitively) where an entity name stands:
/// an entity called `class` or `end` is a syntax error. Taken from mermaid 11's erDiagram
/// grammar (its lexer rules for `style`, `classDef`, `class`, `subgraph`, `end`, the
/// cardinality words `one`, `many`, `only one`, `zero or …`, `to`, `optionally to`, and
/// `direction`, `accTitle`, `accDescr`).
const ENTITY_KEYWORDS: &[&str] = &[
    "accdescr",
    "acctitle",
    "class",
    "classdef",
    "direction",
    "end",
    "erdiagram",
    "many",
    "one",
    "only",
    "optionally",
    "style",
    "subgraph",
    "to",
    "u",
    "zero",
];

/// Inside an entity block the lexer reads these as key markers, so they cannot be an
/// attribute's name or type.
const ATTRIBUTE_KEYWORDS: &[&str] = &["fk", "pk", "uk"];

/// A Mermaid-safe entity id: the table name (`schema__table` outside `public`) with anything
/// but ASCII letters, digits and `_` replaced. Not necessarily unique: see [`entity_ids`].
pub fn entity_id(t: &Table) -> String {
    let raw = if t.schema == "public" {
        t.name.clone()
    } else {
        format!("{}__{}", t.schema, t.name)
    };
    let id = word(&raw, 't');
    if ENTITY_KEYWORDS.contains(&id.to_ascii_lowercase().as_str()) {
        format!("{id}_")
    } else {
        id
    }
}

/// The entity id of every catalog table (indexed like `Catalog::tables`), made unique: two
/// tables whose names differ only in replaced characters (`"a b"` and `a_b`) get `_2`, `_3`…
/// in catalog order, which is sorted, so the ids are stable.
pub fn entity_ids(catalog: &Catalog) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut ids = Vec::with_capacity(catalog.tables.len());
    for t in &catalog.tables {
        let base = entity_id(t);
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.to_ascii_lowercase()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids.push(id);
    }
    ids
}

fn attr_name(name: &str) -> String {
    let s = word(name, 'c');
    if ATTRIBUTE_KEYWORDS.contains(&s.to_ascii_lowercase().as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// ASCII letters, digits and `_` only, starting with a letter (`prefix` is put in front
/// otherwise).
fn word(raw: &str, prefix: char) -> String {
    let mut s: String = raw
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
        s.insert(0, prefix);
    }
    s
}

/// Text for inside `"…"`: no double quotes (the lexer has no escape for them), no line breaks,
/// and no `%%` (Mermaid's comment and directive marker).
fn quoted_text(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect();
    while out.contains("%%") {
        out = out.replace("%%", "% %");
    }
    out
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
            let s = match (name.as_str(), length, precision, scale) {
                ("varchar" | "bpchar", Some(l), _, _) => format!("{n}({l})"),
                ("numeric", _, Some(p), Some(s)) => format!("numeric({p},{s})"),
                _ => n.to_string(),
            };
            // Built-in names are plain words already; this only guards odd ones.
            if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
                s
            } else {
                word(&s, 't')
            }
        }
        SqlType::Array { element, .. } => format!("{}[]", short_type(element)),
        SqlType::Enum { name, .. }
        | SqlType::Domain { name, .. }
        | SqlType::Composite { name, .. }
        | SqlType::Range { name, .. }
        | SqlType::Other { name, .. } => {
            let s = word(name, 't');
            if ATTRIBUTE_KEYWORDS.contains(&s.to_ascii_lowercase().as_str()) {
                format!("{s}_")
            } else {
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(schema: &str, name: &str) -> Table {
        Table::empty(schema, name)
    }

    #[test]
    fn ids_avoid_keywords_and_collisions() {
        assert_eq!(entity_id(&table("public", "class")), "class_");
        assert_eq!(entity_id(&table("public", "End")), "End_");
        assert_eq!(entity_id(&table("public", "users")), "users");
        assert_eq!(
            entity_id(&table("Human Resources", "x")),
            "Human_Resources__x"
        );
        assert_eq!(entity_id(&table("public", "1st")), "t1st");
        let cat = Catalog {
            server_version: String::new(),
            schemas: vec!["public".into()],
            tables: vec![
                table("public", "a b"),
                table("public", "a_b"),
                table("public", "a-b"),
            ],
            views: vec![],
            excluded: vec![],
            existing: Default::default(),
        };
        assert_eq!(entity_ids(&cat), ["a_b", "a_b_2", "a_b_3"]);
    }

    #[test]
    fn attribute_names_and_text_are_lexable() {
        assert_eq!(attr_name("pk"), "pk_");
        assert_eq!(attr_name("FK"), "FK_");
        assert_eq!(attr_name("pk_id"), "pk_id");
        assert_eq!(attr_name("a\"b"), "a_b");
        assert_eq!(attr_name("2fa"), "c2fa");
        assert_eq!(
            quoted_text("say \"hi\"\nnow %%{x}%%"),
            "say 'hi' now % %{x}% %"
        );
    }

    #[test]
    fn relationship_notation() {
        let r = |mandatory, unique, identifying| Relationship {
            mandatory,
            unique,
            identifying,
        };
        assert_eq!(r(true, false, false).notation(), "||..o{");
        assert_eq!(r(false, false, false).notation(), "|o..o{");
        assert_eq!(r(true, true, true).notation(), "||--o|");
    }
}
