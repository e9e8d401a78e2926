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
