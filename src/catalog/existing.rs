//! Pre-filled tables (`prefilled = true` in the profile): the one place seedbed reads values of a
//! user table. Only the key columns other tables' foreign keys reference are read, and only for
//! the tables the user names, so that generated rows can point at rows that already exist.

use sqlx::{PgConnection, Row};

use crate::error::{Error, Result};
use crate::model::{Catalog, ExistingKeys, quote_ident};

/// Most rows of a pre-filled table whose keys are held in memory.
pub const MAX_PREFILLED_ROWS: usize = 1_000_000;

/// Read the referenced key columns of each named table (`schema.table`, or a table name the
/// catalog holds once) into `catalog.existing`; `file` is the profile that names them.
pub async fn read_prefilled(
    conn: &mut PgConnection,
    catalog: &mut Catalog,
    names: &[&str],
    file: &str,
) -> Result<()> {
    for &key in names {
        let matches: Vec<usize> = (0..catalog.tables.len())
            .filter(|&i| catalog.tables[i].key() == key || catalog.tables[i].name == key)
            .collect();
        let [ti] = matches[..] else {
            continue; // the plan reports an unknown or ambiguous table
        };
        let t = &catalog.tables[ti];
        let mut columns: Vec<String> = Vec::new();
        for child in &catalog.tables {
            for fk in &child.foreign_keys {
                if fk.references.schema == t.schema && fk.references.table == t.name {
                    for c in &fk.references.columns {
                        if !columns.contains(c) {
                            columns.push(c.clone());
                        }
                    }
                }
            }
        }
        let rows = if columns.is_empty() {
            Vec::new()
        } else {
            read_keys(conn, &t.sql_name(), &columns, file, key).await?
        };
        catalog
            .existing
            .insert(t.key(), ExistingKeys { columns, rows });
    }
    Ok(())
}

async fn read_keys(
    conn: &mut PgConnection,
    table: &str,
    columns: &[String],
    file: &str,
    key: &str,
) -> Result<Vec<Vec<Option<String>>>> {
    let list: Vec<String> = columns
        .iter()
        .map(|c| format!("{}::text", quote_ident(c)))
        .collect();
    let order: Vec<String> = (1..=columns.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT DISTINCT {} FROM {table} ORDER BY {} LIMIT {}",
        list.join(", "),
        order.join(", "),
        MAX_PREFILLED_ROWS + 1
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Error::db(format!("reading the keys of pre-filled {key}"), e))?;
    if rows.len() > MAX_PREFILLED_ROWS {
        return Err(Error::Profile {
            file: file.to_string(),
            message: format!(
                "[tables.\"{key}\"] prefilled: the table has more than {MAX_PREFILLED_ROWS} keys; seedbed holds a pre-filled table's keys in memory"
            ),
        });
    }
    Ok(rows
        .iter()
        .map(|r| {
            (0..columns.len())
                .map(|i| r.get::<Option<String>, _>(i))
                .collect()
        })
        .collect())
}
