//! The conceptual model: entities, the ER diagram, relationships, many-to-many, hierarchies
//! and cycles.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use super::Doc;
use super::detect::{history_of, is_audit_table, is_migration_table, junction, soft_delete_column};
use super::markdown::{code, column_ref, prose, table};
use crate::erd::{self, Detail, Relationship};
use crate::graph::BreakKind;
use crate::model::{Catalog, ForeignKey, Table};

/// Mermaid's default `maxTextSize` (in UTF-16 units): a longer diagram is drawn as an error,
/// on GitHub too.
const MERMAID_MAX_TEXT: usize = 50_000;

impl Doc<'_> {
    pub(super) fn conceptual(&self) -> String {
        let mut out = String::from("## Conceptual Model\n\n");
        out.push_str(&self.entities());
        out.push_str(&self.diagram());
        out.push_str(&self.relationships());
        out.push_str(&self.many_to_many());
        out.push_str(&self.hierarchies());
        out.push_str(&self.cycles());
        out
    }

    fn entities(&self) -> String {
        let mut out = String::from("### Entities\n\n");
        let mut rows = Vec::new();
        for (_, t) in self.tables() {
            let roles = self.roles(t);
            rows.push(vec![
                code(&t.key()),
                t.comment.as_deref().map(prose).unwrap_or_default(),
                roles.join(", "),
            ]);
        }
        table(&mut out, &["Entity", "Description", "Detected role"], &rows);
        out
    }

    /// The most detailed diagram Mermaid will still draw.
    fn diagram(&self) -> String {
        let cat = self.catalog;
        let mut out = String::from("### Entity-relationship diagram\n\n");
        let (diagram, detail) = [Detail::Full, Detail::Keys, Detail::Names]
            .into_iter()
            .map(|d| (erd::mermaid_with(cat, &self.order.tables, d), d))
            .find(|(text, _)| text.encode_utf16().count() <= MERMAID_MAX_TEXT)
            .unwrap_or_else(|| {
                let d = Detail::Names;
                (erd::mermaid_with(cat, &self.order.tables, d), d)
            });
        match detail {
            Detail::Full => {}
            Detail::Keys => out.push_str(
                "The full diagram would exceed Mermaid's 50,000-character limit, so it shows key columns only; the Logical Model lists every column.\n\n",
            ),
            Detail::Names => out.push_str(
                "The diagram would exceed Mermaid's 50,000-character limit with columns, so it shows entities only; the Logical Model lists every column.\n\n",
            ),
        }
        out.push_str("```mermaid\n");
        out.push_str(&diagram);
        out.push_str("```\n\n");
        out.push_str(
            "Notation (crow's foot): `||` exactly one, `|o` zero or one, `o{` zero or more, `o|` zero or one. \
             A solid line is an identifying relationship (the foreign key is part of the child's primary key), \
             a dashed line a non-identifying one. The parent end is optional (`|o`) when a foreign-key column is nullable; \
             the child end is `o|` (one-to-one) when the foreign-key columns are unique.\n\n",
        );
        out
    }

    fn relationships(&self) -> String {
        let mut out = String::from("### Relationships\n\n");
        let rows: Vec<Vec<String>> = self
            .tables()
            .flat_map(|(_, t)| t.foreign_keys.iter().map(move |fk| relationship_row(t, fk)))
            .collect();
        if rows.is_empty() {
            out.push_str("No foreign keys.\n\n");
        } else {
            table(
                &mut out,
                &[
                    "Parent",
                    "Child",
                    "Foreign key",
                    "Kind",
                    "Cardinality",
                    "On delete",
                ],
                &rows,
            );
        }
        out
    }

    fn many_to_many(&self) -> String {
        let mut out = String::from("#### Many-to-many (through junction tables)\n\n");
        let mut any = false;
        for (_, t) in self.tables() {
            if let Some((a, b)) = junction(t) {
                any = true;
                let keyed: BTreeSet<&String> = a.columns.iter().chain(&b.columns).collect();
                let extra: Vec<String> = t
                    .columns
                    .iter()
                    .filter(|c| !keyed.contains(&c.name))
                    .map(|c| code(&c.name))
                    .collect();
                let _ = write!(
                    out,
                    "- {} ↔ {} through {} (its key is the two foreign keys {} and {})",
                    code(&a.references.key()),
                    code(&b.references.key()),
                    code(&t.key()),
                    code(&a.name),
                    code(&b.name)
                );
                if !extra.is_empty() {
                    let _ = write!(out, "; it also records {}", extra.join(", "));
                }
                out.push('\n');
            }
        }
        if !any {
            out.push_str("None detected.\n");
        }
        out.push('\n');
        out
    }

    fn hierarchies(&self) -> String {
        let cat = self.catalog;
        let mut out = String::from("#### Hierarchies (self-referencing keys)\n\n");
        if self.order.self_references.is_empty() {
            out.push_str("None.\n");
        }
        for k in &self.order.self_references {
            let t = &cat.tables[k.table];
            if let Some(fk) = t.foreign_keys.iter().find(|f| f.name == k.foreign_key) {
                let _ = writeln!(
                    out,
                    "- {}: {} ({}) refers to another row of the same table, forming a tree{}",
                    code(&t.key()),
                    code(&fk.name),
                    fk.columns.join(", "),
                    if Relationship::of(t, fk).mandatory {
                        ""
                    } else {
                        "; roots have NULL"
                    }
                );
            }
        }
        out.push('\n');
        out
    }

    /// The cycles the load order breaks, and the foreign keys to tables left out.
    fn cycles(&self) -> String {
        let cat = self.catalog;
        let mut out = String::from("#### Cycles\n\n");
        if self.order.deferred.is_empty() {
            out.push_str("None: the foreign keys form no cycle between tables.\n");
        }
        for d in &self.order.deferred {
            let t = &cat.tables[d.table];
            let Some(fk) = t.foreign_keys.iter().find(|f| f.name == d.foreign_key) else {
                continue;
            };
            let path = cycle_path(cat, d.table, fk);
            let names: Vec<String> = path.iter().map(|&i| code(&cat.tables[i].key())).collect();
            let how = match d.how {
                BreakKind::Deferrable => {
                    "it is DEFERRABLE, so both tables are loaded in one transaction and it is checked at commit"
                }
                BreakKind::Nullable => {
                    "it is nullable, so it is loaded as NULL and filled in once the other table is loaded"
                }
            };
            let _ = writeln!(
                out,
                "- {}: broken at {} ({}): {how}",
                names.join(" → "),
                code(&fk.name),
                column_ref(t, &fk.columns)
            );
        }
        if !self.order.external.is_empty() {
            out.push_str("\nForeign keys to tables outside this document:\n\n");
            for k in &self.order.external {
                let t = &cat.tables[k.table];
                if let Some(fk) = t.foreign_keys.iter().find(|f| f.name == k.foreign_key) {
                    let _ = writeln!(
                        out,
                        "- {} ({}) → {}",
                        column_ref(t, &fk.columns),
                        code(&fk.name),
                        code(&fk.references.key())
                    );
                }
            }
        }
        out.push('\n');
        out
    }

    /// Roles a table plays, from the pattern detectors (shown in the entity list).
    fn roles(&self, t: &Table) -> Vec<&'static str> {
        let mut roles = Vec::new();
        if junction(t).is_some() {
            roles.push("junction");
        }
        if is_audit_table(t) {
            roles.push("audit trail");
        }
        if history_of(t).is_some() {
            roles.push("version history");
        }
        if is_migration_table(t) {
            roles.push("migration tracking");
        }
        if soft_delete_column(t).is_some() {
            roles.push("soft delete");
        }
        if t.partitioning.is_some() {
            roles.push("partitioned");
        }
        roles
    }
}

/// One row of the relationships table: parent, child, key, kind, cardinality, ON DELETE.
fn relationship_row(t: &Table, fk: &ForeignKey) -> Vec<String> {
    let r = Relationship::of(t, fk);
    let self_ref = fk.references.schema == t.schema && fk.references.table == t.name;
    let kind = match (self_ref, r.unique) {
        (true, _) => "self-referencing (hierarchy)",
        (false, true) => "one-to-one",
        (false, false) => "one-to-many",
    };
    let parent = if r.mandatory {
        "exactly one"
    } else {
        "zero or one"
    };
    let child = if r.unique {
        "zero or one"
    } else {
        "zero or more"
    };
    vec![
        code(&fk.references.key()),
        code(&t.key()),
        format!(
            "{} ({}) → ({})",
            code(&fk.name),
            fk.columns.join(", "),
            fk.references.columns.join(", ")
        ),
        kind.to_string(),
        format!(
            "{} `{}`: each child has {parent} parent; each parent {child} children",
            if r.mandatory { "mandatory" } else { "optional" },
            r.notation()
        ),
        fk.on_delete.sql().to_string(),
    ]
}

/// The path of a broken cycle: from the referencing table, along the broken key to its parent,
/// then along foreign keys back to the referencing table (breadth first, in catalog order, so
/// the shortest path and always the same one).
fn cycle_path(cat: &Catalog, from: usize, fk: &ForeignKey) -> Vec<usize> {
    let Some(start) = cat.table_index(&fk.references.schema, &fk.references.table) else {
        return vec![from];
    };
    let mut prev: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = BTreeSet::from([start]);
    while let Some(x) = queue.pop_front() {
        if x == from {
            break;
        }
        for f in &cat.tables[x].foreign_keys {
            if let Some(y) = cat.table_index(&f.references.schema, &f.references.table)
                && seen.insert(y)
            {
                prev.insert(y, x);
                queue.push_back(y);
            }
        }
    }
    let mut back = vec![from];
    let mut x = from;
    while x != start {
        match prev.get(&x) {
            Some(&p) => {
                back.push(p);
                x = p;
            }
            None => break,
        }
    }
    back.reverse();
    // back = start … from; the cycle reads from → start → … → from.
    let mut path = vec![from];
    path.extend(back);
    path
}
