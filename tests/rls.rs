//! Multi-tenant schemas with row-level security, seeded by a role that is not a superuser
//! (issue 10): the owner seeds through FORCEd policies (lifted for the load's transaction only),
//! a role the policies apply to is refused before loading.

mod common;

use common::{TestDb, error_line, fresh_db, ok, run};

const SCHEMA: &str = "
CREATE TABLE tenants (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE notes (
    id        serial PRIMARY KEY,
    tenant_id int NOT NULL DEFAULT current_setting('app.current_tenant')::int
              REFERENCES tenants (id),
    body      text
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notes
    USING (tenant_id = current_setting('app.current_tenant')::int);";

/// A login role of this test, and the database's URL as that role.
async fn role(db: &TestDb, name: &str) -> String {
    db.exec(&format!("CREATE ROLE {name} LOGIN")).await;
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_username(name).unwrap();
    url.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owner_seeds_through_forced_row_security() {
    let db = fresh_db().await;
    let owner = format!("{}_owner", db.name);
    let url = role(&db, &owner).await;
    db.exec(&format!(
        "GRANT ALL ON SCHEMA public TO {owner}; SET ROLE {owner}; {SCHEMA}"
    ))
    .await;
    ok(&run(&["seed", "--database-url", &url, "--quiet"]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM notes").await, 100);
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM pg_class WHERE relname = 'notes' AND relforcerowsecurity"
        )
        .await,
        1,
        "FORCE ROW LEVEL SECURITY is back"
    );
    db.exec(&format!("DROP OWNED BY {owner}; DROP ROLE {owner}"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_the_policies_apply_to_is_refused_before_loading() {
    let db = fresh_db().await;
    let writer = format!("{}_writer", db.name);
    let url = role(&db, &writer).await;
    db.exec(&format!(
        "{SCHEMA}
         GRANT USAGE ON SCHEMA public TO {writer};
         GRANT ALL ON ALL TABLES IN SCHEMA public TO {writer};
         GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {writer};"
    ))
    .await;
    let out = run(&["seed", "--database-url", &url]);
    assert!(!out.status.success());
    let e = error_line(&out);
    assert!(
        e.contains("row-level security on") && e.contains(&writer) && e.contains("BYPASSRLS"),
        "{e}"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM tenants").await, 0);
    db.exec(&format!("DROP OWNED BY {writer}; DROP ROLE {writer}"))
        .await;
}
