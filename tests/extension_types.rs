//! Extension types real schemas use, filled with no profile override.

mod common;

use common::{fresh_db, ok, repo_path, run};

/// citext (case-insensitive text: usernames, emails), under unique keys, and in an array.
#[tokio::test(flavor = "multi_thread")]
async fn citext_columns_are_generated_and_keep_their_keys() {
    let db = fresh_db().await;
    db.exec(
        "CREATE EXTENSION citext;
         CREATE TABLE accounts (
             id       serial PRIMARY KEY,
             email    citext NOT NULL UNIQUE,
             username citext NOT NULL UNIQUE,
             nick     citext,
             tags     citext[]
         );",
    )
    .await;
    let profile = repo_path("profiles/small.toml").display().to_string();
    ok(&run(&[
        "seed",
        "--database-url",
        &db.url,
        "--profile",
        &profile,
        "--quiet",
    ]));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM accounts").await, 50);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM accounts WHERE email::text LIKE '%@%.%'")
            .await,
        50,
        "emails are emails"
    );
    assert!(db.scalar_i64("SELECT count(nick) FROM accounts").await > 0);
}
