//! Migration strategy: migration tracking and constraints not yet validated.

use std::fmt::Write;

use super::Doc;
use super::detect::is_migration_table;
use super::markdown::code;

impl Doc<'_> {
    pub(super) fn migration(&self) -> String {
        let mut out = String::from("## Migration Strategy\n\n");
        let tracking: Vec<String> = self
            .tables()
            .filter(|(_, t)| is_migration_table(t))
            .map(|(_, t)| code(&t.key()))
            .collect();
        if tracking.is_empty() {
            out.push_str("- No migration-tracking table detected.\n");
        } else {
            let _ = writeln!(
                out,
                "- Schema changes are tracked in {}.",
                tracking.join(", ")
            );
        }
        let not_valid: Vec<String> = self
            .tables()
            .flat_map(|(_, t)| {
                let checks = t
                    .checks
                    .iter()
                    .filter(|c| c.not_valid)
                    .map(|c| c.name.clone());
                let fks = t
                    .foreign_keys
                    .iter()
                    .filter(|f| f.not_valid)
                    .map(|f| f.name.clone());
                checks
                    .chain(fks)
                    .map(move |n| format!("{}.{}", code(&t.key()), code(&n)))
            })
            .collect();
        if not_valid.is_empty() {
            out.push_str("- Every constraint is validated (none is NOT VALID).\n");
        } else {
            let _ = writeln!(
                out,
                "- Constraints added NOT VALID and not yet validated (existing rows unchecked): {}.",
                not_valid.join(", ")
            );
        }
        out.push_str(
            "- This document is generated from the schema: regenerate it with each migration, and `seedbed doc --check` in CI fails when it is stale.\n\n",
        );
        out
    }
}
