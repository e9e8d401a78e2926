//! Volume profiles (`profiles/*.toml`): how many rows, and how to fill particular columns.
//!
//! The basic form is just `[tables.users]` / `rows = 1000`. Everything is optional; a profile
//! that names no table fills every table at `default_rows`. A profile that names a table or
//! column the schema does not have is an error naming it and the nearest match, which is how
//! the profile stays in sync as the schema evolves. See `docs/profiles.md` for every key.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{Catalog, Table};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
/// A volume profile: row counts and per-column choices, read from TOML.
pub struct Profile {
    /// Seed of every random stream; `--seed` overrides it.
    pub seed: Option<u64>,
    /// Rows for tables the profile does not size (default 100).
    pub default_rows: Option<u64>,
    /// Multiplies every row count; `--scale` multiplies again.
    pub scale: Option<f64>,
    /// Locale of names, addresses and words: en (default), fr_fr, de_de, it_it, pt_br, nl_nl.
    pub locale: Option<String>,
    /// Fraction of NULLs in nullable columns that have no better rule (default 0.1).
    pub null_fraction: Option<f64>,
    /// Window for generated timestamps and dates (default 2021-01-01 .. 2026-01-01).
    pub time_window: Option<TimeWindow>,
    #[serde(default)]
    /// Per-table settings, by `table` or `schema.table`.
    pub tables: BTreeMap<String, TableProfile>,
    /// Where the profile came from, for messages.
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableProfile {
    /// Fixed row count.
    pub rows: Option<u64>,
    /// Rows derived from a parent table: so many children per parent row.
    pub per_parent: Option<PerParent>,
    /// Leave the table as it is (lookup tables migrations fill: countries, roles): it is not
    /// loaded, and foreign keys point at its existing rows, whose referenced key columns (only
    /// those) are read.
    #[serde(default)]
    pub prefilled: bool,
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnProfile>,
}

/// `per_parent = { table = "users", min = 0, max = 5 }`: each parent row gets a number of
/// children drawn from the distribution; the child's foreign key to that parent points at it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerParent {
    pub table: String,
    /// The foreign-key column, when the child has several keys to that parent.
    pub column: Option<String>,
    /// Fixed number of children per parent.
    pub count: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
    /// Zipf exponent: a few parents get many children, most get few.
    pub zipf: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnProfile {
    /// A named generator: email, first_name, company, sentence, … (`seedbed plan` lists them).
    pub generator: Option<String>,
    /// A constant.
    pub value: Option<toml::Value>,
    /// Choices: a list, or a table of value = weight.
    pub choices: Option<Choices>,
    /// Lower and upper bound for numbers, dates and timestamps (inclusive).
    pub min: Option<toml::Value>,
    pub max: Option<toml::Value>,
    /// Strings matching this regular expression.
    pub regex: Option<String>,
    /// A format template: `ORD-{row:06}`, `{first_name}.{last_name}`, `{word}-{n:4}`.
    pub template: Option<String>,
    /// A JSON document (written as TOML), used as a constant, or a JSON template string.
    pub json: Option<toml::Value>,
    /// Fraction of NULLs for this column.
    pub null_fraction: Option<f64>,
    /// At most this many distinct non-NULL values (a status with 5 values, a city column with
    /// 300): each row takes one of `distinct` values, each a pure function of its slot.
    pub distinct: Option<u64>,
    /// Average length in characters of free text (descriptions, notes, the type fallback).
    pub avg_length: Option<usize>,
    /// For a foreign-key column: how children spread over parents, "uniform" or "zipf".
    pub distribution: Option<String>,
    /// Zipf exponent for `distribution = "zipf"` (default 1.1).
    pub exponent: Option<f64>,
    /// Leave the column out of the load so the server's DEFAULT fills it.
    #[serde(default)]
    pub use_default: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Choices {
    List(Vec<toml::Value>),
    Weighted(BTreeMap<String, f64>),
}

impl Profile {
    /// Read a profile file; errors give `file:line:col`.
    pub fn load(path: &Path) -> Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Profile {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        Profile::parse(&text, &path.display().to_string())
    }

    /// Parse profile TOML; `source` names it in messages.
    pub fn parse(text: &str, source: &str) -> Result<Profile> {
        let mut p: Profile = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            Error::Profile {
                file: format!("{source}:{line}:{col}"),
                message: e.message().trim().replace('\n', " "),
            }
        })?;
        p.source = source.to_string();
        Ok(p)
    }

    fn err(&self, message: String) -> Error {
        Error::Profile {
            file: self.source.clone(),
            message,
        }
    }

    /// Check every table and column the profile names against the schema, and resolve table
    /// keys (`users` or `shop.orders`) to catalog indexes.
    pub fn resolve<'a>(&'a self, catalog: &Catalog) -> Result<BTreeMap<usize, &'a TableProfile>> {
        let mut out = BTreeMap::new();
        for (key, tp) in &self.tables {
            let i = resolve_table(catalog, key)
                .map_err(|m| self.err(format!("[tables.\"{key}\"]: {m}")))?;
            let t = &catalog.tables[i];
            for col in tp.columns.keys() {
                if t.column(col).is_none() {
                    return Err(self.err(format!(
                        "[tables.\"{key}\".columns.{col}]: table {} has no column \"{col}\"{}",
                        t.key(),
                        suggest(col, t.columns.iter().map(|c| c.name.as_str()))
                    )));
                }
                if t.column(col).is_some_and(|c| c.is_generated()) {
                    return Err(self.err(format!(
                        "[tables.\"{key}\".columns.{col}]: \"{col}\" is a generated column; PostgreSQL computes it, remove this entry"
                    )));
                }
            }
            if let Some(pp) = &tp.per_parent {
                resolve_table(catalog, &pp.table)
                    .map_err(|m| self.err(format!("[tables.\"{key}\"].per_parent.table: {m}")))?;
                if let Some(c) = &pp.column
                    && t.column(c).is_none()
                {
                    return Err(self.err(format!(
                        "[tables.\"{key}\"].per_parent.column: table {} has no column \"{c}\"{}",
                        t.key(),
                        suggest(c, t.columns.iter().map(|c| c.name.as_str()))
                    )));
                }
                if tp.rows.is_some() {
                    return Err(self.err(format!(
                        "[tables.\"{key}\"]: give either rows or per_parent, not both"
                    )));
                }
            }
            out.insert(i, tp);
        }
        Ok(out)
    }
}

/// Find a table by `schema.name` or by bare name (unique across schemas, `public` preferred).
pub fn resolve_table(catalog: &Catalog, key: &str) -> std::result::Result<usize, String> {
    if let Some(i) = catalog.tables.iter().position(|t| t.key() == key) {
        return Ok(i);
    }
    let by_name: Vec<usize> = catalog
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.name == key)
        .map(|(i, _)| i)
        .collect();
    let left_out = catalog
        .excluded
        .iter()
        .find(|k| *k == key || k.rsplit_once('.').is_some_and(|(_, n)| n == key));
    if by_name.is_empty()
        && let Some(k) = left_out
    {
        return Err(format!(
            "table {k} is left out of this run by the table filter (--exclude-table); drop its section from the profile or stop excluding it"
        ));
    }
    match by_name.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "the schema has no table \"{key}\"{}",
            suggest(
                key,
                catalog
                    .tables
                    .iter()
                    .map(Table::key)
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str)
            )
        )),
        many => {
            if let Some(&i) = many.iter().find(|&&i| catalog.tables[i].schema == "public") {
                return Ok(i);
            }
            let names: Vec<String> = many.iter().map(|&i| catalog.tables[i].key()).collect();
            Err(format!(
                "\"{key}\" is ambiguous: write one of {}",
                names.join(", ")
            ))
        }
    }
}

/// ` (did you mean "x"?)` for the closest candidate, if one is close enough.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let best = candidates
        .map(|c| {
            let bare = c.rsplit('.').next().unwrap_or(c);
            let score = strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()).max(
                strsim::jaro_winkler(&name.to_lowercase(), &bare.to_lowercase()),
            );
            (score, c)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, c)) if score > 0.7 => format!(" (did you mean \"{c}\"?)"),
        _ => String::new(),
    }
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_form_parses() {
        let p = Profile::parse("[tables.users]\nrows = 1000\n", "p.toml").unwrap();
        assert_eq!(p.tables["users"].rows, Some(1000));
        let p = Profile::parse("[tables.\"shop.orders\"]\nrows = 5\n", "p.toml").unwrap();
        assert_eq!(p.tables["shop.orders"].rows, Some(5));
    }

    #[test]
    fn malformed_toml_names_line_and_column() {
        let e = Profile::parse("seed = 1\n[tables.users]\nrows = = 3\n", "p.toml").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("p.toml:3:"), "{s}");
        assert!(!s.contains('\n'), "{s}");
        let e = Profile::parse("[tables.users]\nrowz = 3\n", "p.toml").unwrap_err();
        assert!(e.to_string().contains("rowz"), "{e}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("emial", ["email", "name"].into_iter()),
            " (did you mean \"email\"?)"
        );
        assert_eq!(suggest("zzz", ["email"].into_iter()), "");
    }
}
