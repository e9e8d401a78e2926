//! What triggers do to a load, read from their functions' bodies
//! (`values::plpgsql::trigger`): a BEFORE INSERT row trigger becomes rewrites of the generated
//! row (or says why it cannot be read when it may change the row), an AFTER INSERT trigger names
//! the tables it adds rows to, and a call of a function the database lacks is found before
//! anything is loaded.

use super::queries::{MissingCall, RelationRow, TriggerRow};
use crate::model::{InsertTarget, Rewrite, TriggerEffect};
use crate::values::plpgsql::trigger::{
    call_reads_new, deleted_tables, inserted_tables, may_modify_new, may_raise, new_casts,
    qualified_calls, translate_trigger,
};

/// The schema-qualified functions the INSERT triggers' bodies call.
pub(super) fn called_by_triggers(rows: &[TriggerRow]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in rows.iter().filter(|r| r.on_insert()) {
        for call in qualified_calls(&r.body) {
            if !out.contains(&call) {
                out.push(call);
            }
        }
    }
    out
}

/// The schema-qualified tables the INSERT triggers' bodies insert into, `(schema, table)`.
pub(super) fn inserted_by_triggers(rows: &[TriggerRow]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in rows.iter().filter(|r| r.on_insert()) {
        for i in inserted_tables(&r.body) {
            if let Some((s, t)) = i.table.split_once('.') {
                let pair = (s.to_string(), t.to_string());
                if !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
    }
    out
}

/// The effect of trigger `row` on a table of `schema`.
pub(super) fn effect(
    row: &TriggerRow,
    schema: &str,
    tables: &[&RelationRow],
    missing: &[MissingCall],
) -> TriggerEffect {
    let mut e = TriggerEffect::default();
    if !row.on_insert() {
        return e;
    }
    let inserted: Vec<(String, String)> = inserted_tables(&row.body)
        .into_iter()
        .filter_map(|i| {
            let (s, t) = i.table.split_once('.')?;
            Some((s.to_string(), t.to_string()))
        })
        .collect();
    let wanted = qualified_calls(&row.body)
        .into_iter()
        .map(|c| (c, false))
        .chain(inserted.into_iter().map(|t| (t, true)));
    e.missing = wanted
        .filter_map(|((s, f), table)| {
            let m = missing
                .iter()
                .find(|m| m.schema == s && m.function == f && m.is_table == table)?;
            let what = if table { "table " } else { "" };
            Some(match (m.schema_exists, table) {
                (false, _) => format!("{what}{s}.{f} (schema \"{s}\" does not exist)"),
                (true, true) => format!("{what}{s}.{f} (no such table)"),
                (true, false) => format!("{s}.{f} (no such function)"),
            })
        })
        .collect();
    e.casts = new_casts(&row.body);
    if !row.before() {
        e.after_insert = true;
        e.deletes_from = std::iter::once(row.body.as_str())
            .chain(row.callees.iter().map(|(_, b)| b.as_str()))
            .flat_map(deleted_tables)
            .filter_map(|t| resolve(&t, schema, tables))
            .collect();
        // A function the body calls inserts for it; its rows come from the row that fired
        // when the call passes NEW's values.
        let called = (row.callees.iter()).flat_map(|(name, body)| {
            let reads_new = call_reads_new(&row.body, name);
            inserted_tables(body).into_iter().map(move |mut i| {
                i.from_new |= reads_new;
                i
            })
        });
        e.inserts_into = inserted_tables(&row.body)
            .into_iter()
            .chain(called)
            .filter_map(|i| {
                Some(InsertTarget {
                    table: resolve(&i.table, schema, tables)?,
                    columns: i.columns,
                    from_new: i.from_new,
                })
            })
            .collect();
        return e;
    }
    if !row.row_level() {
        return e;
    }
    match translate_trigger(&row.language, &row.body, &row.args) {
        Ok(model) => {
            e.rejections = model.rejections;
            for l in e.rejections.iter_mut().flat_map(|r| r.lookups.iter_mut()) {
                if let Some(table) = resolve(&l.table, schema, tables) {
                    l.table = table;
                }
            }
            let joined = (e.rejections.iter_mut())
                .flat_map(|r| r.joins.iter_mut())
                .flat_map(|j| j.tables.iter_mut());
            for name in joined {
                if let Some(table) = resolve(name, schema, tables) {
                    *name = table;
                }
            }
            e.rewrites = model
                .assignments
                .into_iter()
                .map(|a| Rewrite {
                    column: a.column,
                    when: a.when,
                    value: a.value,
                })
                .collect();
        }
        Err(why) => {
            let modifies = row.language != "plpgsql" || may_modify_new(&row.body);
            e.unread = modifies.then_some(why);
            e.may_reject = may_raise(&row.body);
        }
    }
    e
}

/// `schema.table` of the table `name` (as a body writes it) means, seen from a table of
/// `schema`: qualified names as they are, a bare name in `schema` first, then the one table of
/// that name anywhere; `None` when there is no such table or several.
fn resolve(name: &str, schema: &str, tables: &[&RelationRow]) -> Option<String> {
    let key = |r: &RelationRow| format!("{}.{}", r.schema, r.name);
    if name.contains('.') {
        return tables.iter().find(|r| key(r) == name).map(|r| key(r));
    }
    if let Some(r) = tables.iter().find(|r| r.schema == schema && r.name == name) {
        return Some(key(r));
    }
    let mut hits = tables.iter().filter(|r| r.name == name);
    let first = hits.next()?;
    hits.next().is_none().then(|| key(first))
}
