//! The stages every command shares, run in order: introspect the catalog, order the tables,
//! plan against the profile, dry-run a sample of every table, and have the server verify the
//! CHECKs we cannot evaluate. Later stages receive the results; none reaches back into the
//! database on its own.

use std::time::Instant;

use sqlx::PgConnection;

use crate::catalog::{self, Filter};
use crate::error::Result;
use crate::graph::{self, LoadOrder};
use crate::model::Catalog;
use crate::plan::{Overrides, Plan};
use crate::profile::Profile;
use crate::verify::{self, Verification};

pub struct Prepared {
    pub catalog: Catalog,
    pub order: LoadOrder,
    pub plan: Plan,
    pub verified: Vec<Verification>,
}

/// Run every stage up to a checked plan. Refusals are left in `plan.refusals` for the caller
/// to show (`plan`) or to stop on (everything else, via [`Plan::ensure_ok`]).
pub async fn prepare(
    conn: &mut PgConnection,
    filter: &Filter,
    profile: &Profile,
    overrides: Overrides,
) -> Result<Prepared> {
    let t = Instant::now();
    let mut catalog = catalog::introspect(conn, filter).await?;
    let prefilled: Vec<&str> = (profile.tables.iter())
        .filter(|(_, tp)| tp.prefilled)
        .map(|(k, _)| k.as_str())
        .collect();
    catalog::read_prefilled(conn, &mut catalog, &prefilled, &profile.source).await?;
    verify::phase_done("introspect", t);
    let t = Instant::now();
    let mut order = graph::load_order(&catalog)?;
    // Pre-filled tables are left as they are: not loaded, their keys known to their children.
    order
        .tables
        .retain(|&ti| !catalog.existing.contains_key(&catalog.tables[ti].key()));
    let mut plan = Plan::build(&catalog, &order, profile, overrides)?;
    // How many rows a trigger's listing admits is known once the parents' values are; a
    // parent capped in turn changes what its children's listings admit, so look again.
    let mut limits: Vec<crate::plan::RowLimit> = Vec::new();
    for _ in 0..8 {
        let found = crate::generate::membership::limits(&plan);
        // Nothing new: the tables left over their limits are refused by the plan.
        let known = |f: &crate::plan::RowLimit| {
            (limits.iter()).any(|l| l.table == f.table && l.rows == f.rows)
        };
        if found.iter().all(known) {
            break;
        }
        limits.retain(|l| !found.iter().any(|f| f.table == l.table));
        limits.extend(found);
        let mut limited = Plan::build_limited(&catalog, &order, profile, overrides, &limits)?;
        crate::generate::membership::carry_over(&plan, &mut limited);
        plan = limited;
    }
    verify::phase_done("plan", t);
    let t = Instant::now();
    if plan.refusals.is_empty() {
        verify::dry_run(&mut plan);
    }
    verify::phase_done("dry-run", t);
    let t = Instant::now();
    let verified = if plan.refusals.is_empty() {
        // The server's checks of sample rows are catalog work: capped like the catalog reads.
        let previous =
            catalog::cap_statement_timeout(conn, catalog::CATALOG_STATEMENT_TIMEOUT_SECS).await?;
        let verified = match verify::verify_on_server(&mut plan, &catalog, conn).await {
            Err(e) => Err(catalog::explain_lock_timeout(conn, e, &[]).await),
            ok => ok,
        };
        let restored = catalog::restore_statement_timeout(conn, previous).await;
        let verified = verified?;
        restored?;
        verified
    } else {
        Vec::new()
    };
    verify::phase_done("verify", t);
    Ok(Prepared {
        catalog,
        order,
        plan,
        verified,
    })
}
