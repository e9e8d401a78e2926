//! The module graph points down only: each module of the library may use modules of a strictly
//! lower layer, never one beside or above it. This keeps the stages in the order the data takes
//! (catalog → graph → plan → generate → sink → report) and the module graph free of cycles.
//!
//! The test reads the sources: every `crate::<module>` path in a file of `src/<module>…` counts
//! as a use. Within `values/`, the bottom layer, the files are layered the same way.

use std::path::{Path, PathBuf};

/// Layers, lowest first. A module may use only modules of a lower layer.
const LAYERS: &[&[&str]] = &[
    &["error"],
    // The bottom layer: values, RNG, expressions and their evaluator, value generators.
    &[
        "values::value",
        "values::rng",
        "values::expr",
        "values::sql",
        "values::matcher",
    ],
    &[
        "values::eval",
        "values::regex_enum",
        "values::text",
        "values::literal",
    ],
    &["values::plpgsql"],
    &["values::gens", "values::vocab"],
    &["values"],
    &["model"],
    &["profile", "pgtype", "graph", "catalog", "throwaway"],
    &["connect", "plan"],
    &["sink"],
    &["generate"],
    &["verify", "erd"],
    &["report", "inspect"],
    &["export", "doc", "pipeline", "starter"],
    &["seed"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// `src/plan/columns.rs` → `plan`; `src/values/gens.rs` → `values::gens`.
fn module_of(path: &Path, src: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).ok()?;
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [file] if file == "lib" || file == "main" => None,
        [values, file, ..] if values == "values" && file != "mod" => {
            Some(format!("values::{file}"))
        }
        [first, ..] => Some(first.clone()),
        [] => None,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module a file's code names with a `crate::` path (`crate::values::gens` →
/// `values::gens`). Comments are skipped: a doc link may point anywhere.
fn uses(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + 7..];
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word == "values" {
            let sub: String = rest[word.len()..]
                .trim_start_matches("::")
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(format!("values::{sub}"));
        } else if !word.is_empty() && word.chars().next().unwrap().is_lowercase() {
            out.push(word);
        }
    }
    out
}

/// Sibling files a file of `values/` names with `super::` (`super::rng` → `values::rng`).
fn sibling_uses(module: &str, text: &str) -> Vec<String> {
    if !module.starts_with("values::") {
        return Vec::new();
    }
    text.match_indices("super::")
        .map(|(i, _)| {
            text[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && w.chars().next().unwrap().is_lowercase())
        .map(|w| format!("values::{w}"))
        .collect()
}

#[test]
fn modules_only_use_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let Some(module) = module_of(&file, &src) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            wrong.push(format!("{}: module {module} has no layer", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        for used in uses(&text).into_iter().chain(sibling_uses(&module, &text)) {
            if used == module || module.starts_with(&format!("{used}::")) {
                continue;
            }
            match layer_of(&used) {
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!(
                    "{}: {module} uses {used}, which is not below it",
                    file.strip_prefix(&src).unwrap().display()
                )),
                None => wrong.push(format!(
                    "{}: {module} uses {used}, which has no layer",
                    file.strip_prefix(&src).unwrap().display()
                )),
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "upward or sideways uses:\n{}",
        wrong.join("\n")
    );
}

/// Prints the module graph, lowest layer first (`cargo test --test architecture -- --nocapture`).
#[test]
fn module_graph_listing() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    for file in files {
        let Some(module) = module_of(&file, &src) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        let entry = edges.entry(module.clone()).or_default();
        for used in uses(&text).into_iter().chain(sibling_uses(&module, &text)) {
            if used != module {
                entry.insert(used);
            }
        }
    }
    for (i, layer) in LAYERS.iter().enumerate() {
        for m in *layer {
            let deps: Vec<&str> = edges
                .get(*m)
                .map(|d| d.iter().map(String::as_str).collect())
                .unwrap_or_default();
            println!("{i:>2} {m:<20} → {}", deps.join(", "));
        }
    }
}
