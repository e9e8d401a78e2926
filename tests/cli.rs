//! Command-line conventions: help states every default, completions and a manual page come
//! from the same definition, and results go to stdout while diagnostics go to stderr.

mod common;

use common::{ok, repo_path, run};

#[test]
fn help_states_the_defaults() {
    let help = ok(&run(&["seed", "--help"]));
    for (flag, default) in [
        ("--profile", "100 rows"),
        ("--seed", "else 42"),
        ("--scale", "else 1"),
        ("--jobs", "all cores"),
        ("--defer-indexes", "--no-defer-indexes"),
        ("--commit-per-table", "one transaction"),
        ("--csv", "binary"),
        ("--shard", "the whole database"),
    ] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("{flag} is not in seed --help:\n{help}"));
        assert!(
            line.contains("[default:") && line.contains(default),
            "{flag} does not state its default ({default}): {line}"
        );
    }
    // The negative of a paired flag is described with its positive, not listed on its own.
    assert!(
        !help
            .lines()
            .any(|l| l.trim_start().starts_with("--no-defer-indexes"))
    );
    // ... and still works.
    let out = run(&["seed", "--no-defer-indexes", "--help"]);
    assert!(out.status.success());
}

#[test]
fn completions_and_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&run(&["completions", shell]));
        assert!(script.contains("seedbed"), "{shell}: {script}");
        assert!(
            script.contains("defer-indexes"),
            "{shell} completion lacks seed's flags"
        );
    }
    let man = ok(&run(&["man"]));
    assert!(man.contains(".TH seedbed 1"), "{man}");
}

#[test]
fn export_summary_is_on_stdout_and_progress_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "export",
        "--schema-file",
        &repo_path("schemas/ddx.sql").display().to_string(),
        "--profile",
        &repo_path("profiles/ddx-small.toml").display().to_string(),
        "--out",
        &dir.path().display().to_string(),
    ]);
    let stdout = ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("exported") && stdout.contains("with seed 7"),
        "{stdout}"
    );
    assert!(!stderr.contains("exported"), "{stderr}");
    // Tiny tables show no meaningless rate.
    assert!(!stdout.contains(" 0 rows/s"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_says_how_to_look_and_how_to_stop() {
    let schema = repo_path("schemas/ddx.sql").display().to_string();
    let profile = repo_path("profiles/ddx-small.toml").display().to_string();
    let out = run(&[
        "seed",
        "--schema-file",
        &schema,
        "--profile",
        &profile,
        "--keep",
        "--quiet",
    ]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let url = stderr
        .lines()
        .find_map(|l| l.strip_prefix("seedbed: throwaway database kept running at "))
        .unwrap_or_else(|| panic!("no URL: {stderr}"))
        .to_string();
    assert!(stderr.contains(&format!("psql '{url}'")), "{stderr}");
    let dir = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("stop it:     seedbed stop "))
        .unwrap_or_else(|| panic!("no stop command: {stderr}"))
        .to_string();
    // The data is there to look at.
    let mut conn = seedbed::testing::connect::connect(&url).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 50);
    drop(conn);
    // The printed command stops it and removes the directory.
    ok(&run(&["stop", &dir]));
    assert!(!std::path::Path::new(&dir).exists(), "{dir} still exists");
    assert!(seedbed::testing::connect::connect(&url).await.is_err());
    // A directory that is not a cluster of ours is refused, and left alone.
    let other = tempfile::tempdir().unwrap();
    let refused = run(&["stop", &other.path().display().to_string()]);
    assert!(!refused.status.success());
    assert!(other.path().exists());
}

#[test]
fn without_keep_the_output_says_the_database_is_gone() {
    let schema = repo_path("schemas/ddx.sql").display().to_string();
    let out = run(&["inspect", "--schema-file", &schema]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("throwaway database was stopped and removed; add --keep"),
        "{stderr}"
    );
}

#[test]
fn command_line_mistakes_are_one_line_with_a_suggestion() {
    let out = run(&["seed", "--truncat"]);
    assert_eq!(out.status.code(), Some(2));
    let line = common::error_line(&out);
    assert!(
        line.contains("--truncat") && line.contains("--truncate"),
        "{line}"
    );
    let out = run(&[
        "plan",
        "--scale",
        "-1",
        "--database-url",
        "postgres://u@127.0.0.1:1/x",
    ]);
    let line = common::error_line(&out);
    assert!(line.contains("--scale") && line.contains("-1"), "{line}");
}

/// A profile naming a table the filter left out, and --truncate of a table that a left-out
/// table references, are told so before anything is written.
#[tokio::test(flavor = "multi_thread")]
async fn excluded_tables_are_named_as_excluded() {
    let db = common::fresh_db().await;
    db.exec(
        "CREATE TABLE parent (id int PRIMARY KEY);
         CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));
         INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(&profile, "[tables.child]\nrows = 5\n").unwrap();
    let out = run(&[
        "plan",
        "--database-url",
        &db.url,
        "--exclude-table",
        "child",
        "--profile",
        &profile.display().to_string(),
    ]);
    let line = common::error_line(&out);
    assert!(
        line.contains("public.child is left out") && line.contains("--exclude-table"),
        "{line}"
    );

    let out = run(&[
        "seed",
        "--database-url",
        &db.url,
        "--exclude-table",
        "child",
        "--truncate",
    ]);
    let line = common::error_line(&out);
    assert!(
        line.contains("would empty public.child too") && line.contains("child_parent_id_fkey"),
        "{line}"
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM parent").await,
        1,
        "nothing was changed"
    );
}
