//! Performance considerations: indexes, unsupported foreign keys, redundant indexes, tables
//! without a primary key, partitioning.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Doc;
use super::indexes::{index_key, index_kinds, redundant_indexes, supporting_index};
use super::logical::strategy;
use super::markdown::{code, column_ref, table};
use crate::model::{KeyPart, PartitionBound, PartitionStrategy};

impl Doc<'_> {
    pub(super) fn performance(&self) -> String {
        let mut out = String::from("## Performance Considerations\n\n");
        out.push_str(&self.index_list());
        out.push_str(&self.unsupported_foreign_keys());
        out.push_str(&self.redundant());
        out.push_str(&self.without_primary_key());
        out.push_str(&self.partitioning());
        out
    }

    fn index_list(&self) -> String {
        let mut out = String::from("### Indexes\n\n");
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
                &mut out,
                &["Table", "Index", "Method", "Key", "Partial (WHERE)", "Kind"],
                &rows,
            );
        }
        out
    }

    fn unsupported_foreign_keys(&self) -> String {
        let mut out = String::from("### Foreign keys without a supporting index\n\n");
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
        out
    }

    fn redundant(&self) -> String {
        let mut out = String::from("### Possibly redundant indexes\n\n");
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
        out
    }

    fn without_primary_key(&self) -> String {
        let mut out = String::from("### Tables without a primary key\n\n");
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
        out
    }

    fn partitioning(&self) -> String {
        let mut out = String::from("### Partitioning\n\n");
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
        out
    }
}
