//! The logical model: every table, column, constraint, index, trigger and partition.

use std::fmt::Write;

use super::Doc;
use super::markdown::{code, fenced, prose, table};
use crate::erd;
use crate::model::{KeyPart, PartitionStrategy, SqlType, Table, UniqueKind};

impl Doc<'_> {
    pub(super) fn logical(&self) -> String {
        let mut out = String::from("## Logical Model\n\n");
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
                &mut out,
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
        out
    }
}

pub(super) fn constraint_lines(t: &Table) -> Vec<String> {
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

pub(super) fn strategy(s: PartitionStrategy) -> &'static str {
    match s {
        PartitionStrategy::Range => "RANGE",
        PartitionStrategy::List => "LIST",
        PartitionStrategy::Hash => "HASH",
    }
}
