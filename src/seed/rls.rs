//! Row-level security on the targets. A role that owns a table is exempt from its policies
//! unless the table FORCEs them; then (and for a non-owner, always) COPY FROM is refused by the
//! server. The owner may lift FORCE for the length of the load's transaction and put it back
//! before committing, so no one ever sees the table without it; a role that does not own the
//! table is refused before loading, naming the fix.

use sqlx::PgConnection;

use crate::error::{Error, Result};
use crate::plan::Plan;

/// The targets whose FORCE ROW LEVEL SECURITY this role, their owner, lifts for the load.
/// Refuses when a policy applies to a target the role does not own.
pub(super) async fn lift_forced(conn: &mut PgConnection, plan: &Plan) -> Result<Vec<String>> {
    let (forced, foreign) = applying(conn, plan).await?;
    if let Some((table, role)) = foreign {
        return Err(Error::RowSecurity { table, role });
    }
    for t in &forced {
        let sql = format!("ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY");
        exec(conn, &sql, "lifting FORCE ROW LEVEL SECURITY for the load").await?;
    }
    Ok(forced)
}

/// Put FORCE ROW LEVEL SECURITY back, in the same transaction, before it commits.
pub(super) async fn restore_forced(conn: &mut PgConnection, forced: &[String]) -> Result<()> {
    for t in forced {
        let sql = format!("ALTER TABLE {t} FORCE ROW LEVEL SECURITY");
        exec(conn, &sql, "restoring FORCE ROW LEVEL SECURITY").await?;
    }
    Ok(())
}

/// Refuse targets whose policies apply to this role when the load cannot lift them (several
/// transactions: a lifted FORCE would be visible between them).
pub(super) async fn refuse_any(conn: &mut PgConnection, plan: &Plan) -> Result<()> {
    let (forced, foreign) = applying(conn, plan).await?;
    if let Some((table, role)) = foreign {
        return Err(Error::RowSecurity { table, role });
    }
    if let Some(table) = forced.into_iter().next() {
        let role: String = sqlx::query_scalar("SELECT current_user::text")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| Error::db("reading the current role", e))?;
        return Err(Error::RowSecurity { table, role });
    }
    Ok(())
}

/// The targets (as regclass text) whose policies apply to this role: those it owns with FORCE,
/// and the first it does not own, with the role's name.
async fn applying(
    conn: &mut PgConnection,
    plan: &Plan,
) -> Result<(Vec<String>, Option<(String, String)>)> {
    let names: Vec<String> = plan.tables.iter().map(|t| t.sql_name.clone()).collect();
    if names.is_empty() {
        return Ok((Vec::new(), None));
    }
    let rows: Vec<(String, bool, bool, String)> = sqlx::query_as(
        "SELECT c.oid::regclass::text, c.relforcerowsecurity,
                pg_has_role(current_user, c.relowner, 'USAGE'), current_user::text
           FROM pg_class c
          WHERE c.oid = ANY (SELECT to_regclass(n) FROM unnest($1::text[]) n)
            AND c.relrowsecurity
            AND NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)
          ORDER BY 1",
    )
    .bind(&names)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading the targets' row-level security", e))?;
    let foreign = rows
        .iter()
        .find(|r| !r.2)
        .map(|r| (r.0.clone(), r.3.clone()));
    let forced = rows
        .into_iter()
        .filter(|r| r.1 && r.2)
        .map(|r| r.0)
        .collect();
    Ok((forced, foreign))
}

async fn exec(conn: &mut PgConnection, sql: &str, what: &str) -> Result<()> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut *conn)
        .await
        .map_err(|e| Error::db(what, e))?;
    Ok(())
}
