//! Pattern detection. Every heuristic reads only the model; names are read through the name
//! vocabulary ([`crate::values::vocab`]).

use std::collections::BTreeSet;

use crate::model::{Column, ForeignKey, Table, Trigger};
use crate::values::vocab::{self, Family, Label};

/// A junction (association) table: two foreign keys whose columns together are exactly the
/// columns of its primary key or of a unique key, so each pair of parents appears once. That is
/// how a many-to-many relationship is stored; extra columns (an `applied_at`, a quantity) make
/// it an association with attributes, still many-to-many. The first such pair in key order.
pub(super) fn junction(t: &Table) -> Option<(&ForeignKey, &ForeignKey)> {
    let keys: Vec<BTreeSet<&String>> = t
        .all_unique_keys()
        .filter(|k| k.predicate.is_none() && k.parts.len() == k.columns.len())
        .map(|k| k.columns.iter().collect())
        .collect();
    for (i, a) in t.foreign_keys.iter().enumerate() {
        for b in &t.foreign_keys[i + 1..] {
            if a.columns.iter().any(|c| b.columns.contains(c)) {
                continue;
            }
            let union: BTreeSet<&String> = a.columns.iter().chain(&b.columns).collect();
            if keys.contains(&union) {
                return Some((a, b));
            }
        }
    }
    None
}

/// The label the name vocabulary gives a column, if its type fits the label.
pub(super) fn label(t: &Table, c: &Column) -> Option<Label> {
    vocab::meaning(&t.name, &c.name).label(family(c))
}

pub(super) fn family(c: &Column) -> Family {
    if is_time(c) {
        Family::Time
    } else if is_boolean(c) {
        Family::Boolean
    } else if is_json(c) {
        Family::Json
    } else {
        Family::Other
    }
}

/// Which audit signals a table's columns show: (description, columns), in a fixed order.
pub(super) fn audit_signals(t: &Table) -> Vec<(&'static str, Vec<&str>)> {
    let groups: [(&'static str, &[Label]); 4] = [
        ("the operation", &[Label::AuditOperation]),
        ("the row changed", &[Label::AuditSubject]),
        ("before/after images", &[Label::AuditImage]),
        (
            "who and when",
            &[Label::AuditTime, Label::AuditActor, Label::AuditWho],
        ),
    ];
    groups
        .iter()
        .filter_map(|(what, labels)| {
            let cols: Vec<&str> = t
                .columns
                .iter()
                .filter(|c| label(t, c).is_some_and(|l| labels.contains(&l)))
                .map(|c| c.name.as_str())
                .collect();
            (!cols.is_empty()).then_some((*what, cols))
        })
        .collect()
}

/// An audit-trail table: named `…audit…`; or named like a log (`_log`, `_logs`, `_history`,
/// `_journal`, `_events`, `_trail`) with at least two kinds of audit columns (operation, row
/// changed, before/after images, who/when); or any table with three kinds. A log of something
/// else (`migration_log`: name, status, times) shows no such columns and is not one.
pub(super) fn is_audit_table(t: &Table) -> bool {
    let name = t.name.to_ascii_lowercase();
    let kinds = audit_signals(t).len();
    let log_like = ["_log", "_logs", "_history", "_journal", "_events", "_trail"]
        .iter()
        .any(|s| name.ends_with(s));
    name.contains("audit") || (log_like && kinds >= 2) || kinds >= 3
}

/// `created_by`, `updated_by`, `deleted_by_id`, `changed_by`…: a column naming who changed a row
/// (see the vocabulary's [`Label::Actor`] and [`Label::AuditActor`]).
pub(super) fn is_actor_column(t: &Table, c: &Column) -> bool {
    matches!(label(t, c), Some(Label::Actor | Label::AuditActor))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TriggerRole {
    Audit,
    Timestamp,
}

/// What a trigger is for, by its name and its function's name: audit/history/journal writers,
/// and `updated_at` keepers (`set_updated_at`, `touch_…`, `…_modified…`, `…timestamp…`).
pub(super) fn trigger_role(g: &Trigger) -> Option<TriggerRole> {
    let text = format!("{} {}", g.name, g.function).to_ascii_lowercase();
    if ["audit", "history", "journal", "log_change", "track"]
        .iter()
        .any(|w| text.contains(w))
    {
        Some(TriggerRole::Audit)
    } else if [
        "updated_at",
        "update_timestamp",
        "modified",
        "touch",
        "timestamp",
        "updated",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        Some(TriggerRole::Timestamp)
    } else {
        None
    }
}

/// The soft-delete marker: a nullable timestamp or date the vocabulary calls one
/// (`deleted_at`, `archived_on`…), or a boolean flag (`deleted`, `is_deleted`, `archived`…). A
/// NOT NULL timestamp cannot mark "not deleted" and does not count.
pub(super) fn soft_delete_column(t: &Table) -> Option<&Column> {
    t.columns.iter().find(|c| match label(t, c) {
        Some(Label::DeletedAt) => !c.effectively_not_null(),
        Some(Label::DeletedFlag) => true,
        _ => false,
    })
}

/// A version-history table: a foreign key to a parent plus a version column, where a unique key
/// covers both (one row per parent and version); or, failing that, a table named `…_versions`,
/// `…_revisions` or `…_history` whose name starts with its parent's (`template_versions` →
/// `templates`). Other keys of the table (`created_by` → users) are not the versioned entity.
/// Returns the key to the parent and the version column.
pub(super) fn history_of(t: &Table) -> Option<(&ForeignKey, &Column)> {
    let vcol = version_column(t)?;
    let name = t.name.to_ascii_lowercase();
    let parents = t
        .foreign_keys
        .iter()
        .filter(|fk| !(fk.references.schema == t.schema && fk.references.table == t.name));
    let keyed = parents.clone().find(|fk| {
        t.all_unique_keys().any(|k| {
            k.predicate.is_none()
                && k.columns.contains(&vcol.name)
                && fk.columns.iter().all(|c| k.columns.contains(c))
        })
    });
    if let Some(fk) = keyed {
        return Some((fk, vcol));
    }
    let stem = ["_versions", "_revisions", "_history"]
        .iter()
        .find_map(|s| name.strip_suffix(s))?;
    parents
        .into_iter()
        .find(|fk| {
            let parent = fk.references.table.to_ascii_lowercase();
            parent == stem || parent.strip_suffix('s') == Some(stem)
        })
        .map(|fk| (fk, vcol))
}

/// The first column named like a version (`version`, `revision`, `lock_version`…).
pub(super) fn version_column(t: &Table) -> Option<&Column> {
    t.columns
        .iter()
        .find(|c| label(t, c) == Some(Label::Version))
}

/// Tables that record applied schema migrations, by the names migration tools use (Rails,
/// Flyway, Liquibase, sqlx, Alembic, knex, goose, Entity Framework, Django) or any name with
/// "migration" in it.
pub(super) fn is_migration_table(t: &Table) -> bool {
    const KNOWN: &[&str] = &[
        "schema_migrations",
        "schema_version",
        "flyway_schema_history",
        "databasechangelog",
        "databasechangeloglock",
        "_sqlx_migrations",
        "alembic_version",
        "knex_migrations",
        "knex_migrations_lock",
        "goose_db_version",
        "__efmigrationshistory",
        "django_migrations",
        "ar_internal_metadata",
    ];
    let n = t.name.to_ascii_lowercase();
    KNOWN.contains(&n.as_str()) || n.contains("migration")
}

/// The column recording creation time (`created_at`…), by name, if it is a date or timestamp.
pub(super) fn created_column(t: &Table) -> Option<&Column> {
    t.columns
        .iter()
        .find(|c| label(t, c) == Some(Label::Created))
}

/// The column recording last modification time (`updated_at`…), by name, if it is a date or
/// timestamp.
pub(super) fn updated_column(t: &Table) -> Option<&Column> {
    t.columns
        .iter()
        .find(|c| label(t, c) == Some(Label::Updated))
}

/// What a json/jsonb column holds: "configuration" when the vocabulary calls it settings or
/// attributes (`configuration`, `preferences`, `metadata`…); "change image" in an audit table;
/// otherwise "document".
pub(super) fn json_role(t: &Table, c: &Column) -> &'static str {
    match label(t, c) {
        Some(Label::Configuration) => "configuration",
        Some(Label::AuditImage) if is_audit_table(t) => "change image",
        _ => "document",
    }
}

pub(super) fn is_time(c: &Column) -> bool {
    matches!(
        c.type_info.base_name(),
        Some("timestamp" | "timestamptz" | "date")
    )
}

pub(super) fn is_boolean(c: &Column) -> bool {
    c.type_info.base_name() == Some("bool")
}

pub(super) fn is_number(c: &Column) -> bool {
    matches!(
        c.type_info.base_name(),
        Some("int2" | "int4" | "int8" | "numeric")
    )
}

pub(super) fn is_json(c: &Column) -> bool {
    matches!(c.type_info.base_name(), Some("json" | "jsonb"))
}
