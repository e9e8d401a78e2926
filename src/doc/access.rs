//! Access patterns: lookups by key, navigation along relationships, specialised indexes.

use std::fmt::Write;

use super::Doc;
use super::indexes::{special_access, supporting_index};
use super::markdown::{code, table};
use crate::model::{KeyPart, UniqueKind};

impl Doc<'_> {
    pub(super) fn access(&self) -> String {
        let mut out = String::from("## Access Patterns\n\n");
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
            table(&mut out, &["Table", "One row by", "Kind", "Key"], &rows);
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
            table(
                &mut out,
                &["Rows of", "Matched on", "Supporting index"],
                &rows,
            );
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
        out
    }
}
