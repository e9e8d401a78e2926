//! Markdown: code spans, prose, fenced blocks and tables.

use std::fmt::Write;

use crate::model::Table;

/// An inline code span that survives any content: backticks inside get a longer fence (as
/// CommonMark allows), line breaks become spaces.
pub(super) fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{s}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

/// Free text (comments, generator descriptions) made safe for Markdown: no line breaks, and
/// no `<` (an HTML tag), `*` (emphasis) or backtick (code) taking effect. A lone `>` inside a
/// line is plain text in Markdown and is kept, so `A -> B` stays readable.
pub(super) fn prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '*' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block, its fence longer than any run of backticks inside.
pub(super) fn fenced(lang: &str, body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{body}\n{fence}\n\n")
}

pub(super) fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}

/// A GitHub-flavoured Markdown table. Pipes in cells are escaped here, once, for every cell
/// (GFM needs `\|` even inside code spans).
pub(super) fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| c.replace('|', "\\|").replace(['\n', '\r'], " "))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// Columns of a table as one code span: `schema.table.column`, or `schema.table (a, b)`.
pub(super) fn column_ref(t: &Table, cols: &[String]) -> String {
    match cols {
        [one] => code(&format!("{}.{one}", t.key())),
        many => code(&format!("{} ({})", t.key(), many.join(", "))),
    }
}
