//! Progress while rows stream, and the summary afterwards.
//!
//! On a terminal: an indicatif bar per table (rows, rows/s, ETA) under an overall bar. Not on a
//! terminal (CI logs): a plain line per table every few seconds and when it finishes. `--quiet`
//! prints nothing but errors; `--json` prints the summary as JSON.

pub mod plan;

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::values::rng::BLOCK_ROWS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How progress is shown while generating.
pub enum ProgressMode {
    /// Progress bars (on a terminal).
    Bars,
    /// A plain line now and then (no terminal).
    Lines,
    /// Nothing.
    Quiet,
}

impl ProgressMode {
    /// Bars on a terminal, lines otherwise, nothing when quiet.
    pub fn detect(quiet: bool) -> ProgressMode {
        if quiet {
            ProgressMode::Quiet
        } else if std::io::stderr().is_terminal() {
            ProgressMode::Bars
        } else {
            ProgressMode::Lines
        }
    }
}

/// Progress of a whole run, with a bar or line per table.
pub struct Progress {
    mode: ProgressMode,
    multi: Option<MultiProgress>,
    overall: Option<ProgressBar>,
}

impl Progress {
    /// Progress of a run of `total_rows` rows.
    pub fn new(mode: ProgressMode, total_rows: u64) -> Progress {
        let (multi, overall) = if mode == ProgressMode::Bars {
            let m = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let o = m.add(ProgressBar::new(total_rows));
            o.set_style(
                ProgressStyle::with_template(
                    "{prefix:>24} [{bar:30}] {human_pos}/{human_len} rows {per_sec:0} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            o.set_prefix("all tables");
            (Some(m), Some(o))
        } else {
            (None, None)
        };
        Progress {
            mode,
            multi,
            overall,
        }
    }

    /// Progress of one table.
    pub fn table(&self, key: &str, rows: u64) -> TableProgress {
        let bar = self.multi.as_ref().map(|m| {
            let b = m.insert_before(
                self.overall.as_ref().expect("overall bar with multi"),
                ProgressBar::new(rows),
            );
            b.set_style(
                ProgressStyle::with_template(
                    "{prefix:>24} [{bar:30}] {human_pos}/{human_len} rows {per_sec:0} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b.set_prefix(truncate(key, 24));
            b
        });
        TableProgress {
            key: key.to_string(),
            rows,
            done: Mutex::new((0, Instant::now(), Instant::now())),
            bar,
            overall: self.overall.clone(),
            mode: self.mode,
        }
    }

    /// Clear the bars; print the last line.
    pub fn finish(&self) {
        if let Some(o) = &self.overall {
            o.finish_and_clear();
        }
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }

    /// A status line (not in quiet mode), printed without disturbing the bars.
    pub fn note(&self, line: &str) {
        match (&self.multi, self.mode) {
            (_, ProgressMode::Quiet) => {}
            (Some(m), _) => {
                let _ = m.println(line);
            }
            (None, _) => eprintln!("{line}"),
        }
    }
}

/// A table's rate, only when it took long enough for one to mean something: a table of a few
/// rows written in a millisecond has no meaningful rows/s.
fn rate(rows: u64, seconds: f64) -> String {
    if seconds < 0.1 || rows < 1000 {
        "—".to_string()
    } else {
        format!("{:.0} rows/s", rows as f64 / seconds)
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let tail: String = s
            .chars()
            .rev()
            .take(n - 1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    }
}

pub struct TableProgress {
    key: String,
    rows: u64,
    /// (rows done, started, last line printed)
    done: Mutex<(u64, Instant, Instant)>,
    bar: Option<ProgressBar>,
    overall: Option<ProgressBar>,
    mode: ProgressMode,
}

impl TableProgress {
    /// One block of rows was written.
    pub fn block_done(&self) {
        let mut d = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let n = BLOCK_ROWS.min(self.rows - d.0.min(self.rows));
        d.0 += n;
        if let Some(b) = &self.bar {
            b.inc(n);
        }
        if let Some(o) = &self.overall {
            o.inc(n);
        }
        if self.mode == ProgressMode::Lines && d.2.elapsed() >= Duration::from_secs(5) {
            d.2 = Instant::now();
            let secs = d.1.elapsed().as_secs_f64().max(1e-9);
            eprintln!(
                "seedbed: {}: {}/{} rows ({:.0} rows/s)",
                self.key,
                d.0,
                self.rows,
                d.0 as f64 / secs
            );
        }
    }

    /// Same as [`block_done`](Self::block_done); the chunk is one block's encoding.
    pub fn advance_bytes(&self, _chunk: &[u8]) {
        self.block_done();
    }

    pub fn finish(&self) {
        let d = self.done.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if self.mode == ProgressMode::Lines {
            let secs = d.1.elapsed().as_secs_f64().max(1e-9);
            eprintln!("seedbed: {}: {} rows in {:.2}s", self.key, self.rows, secs);
        }
    }
}

#[derive(Debug, Clone, Serialize)]
/// What was written to one table.
pub struct TableSummary {
    /// `schema.table`.
    pub table: String,
    /// Rows written.
    pub rows: u64,
    /// Bytes of encoded rows written.
    pub bytes: u64,
    /// Seconds from the table's first row to its last.
    pub seconds: f64,
}

/// What a run did: printed at the end, returned by the library, or emitted as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The seed, to reproduce the run.
    pub seed: u64,
    /// Per table, in load order.
    pub tables: Vec<TableSummary>,
    /// Rows over all tables.
    pub total_rows: u64,
    /// Seconds for the whole run.
    pub seconds: f64,
    /// `total_rows / seconds`.
    pub rows_per_second: f64,
    /// Tables emptied first (`--truncate`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub truncated: Vec<String>,
    /// Sequences advanced past the generated values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<String>,
}

impl Summary {
    /// A summary of tables written in `seconds`.
    pub fn new(seed: u64, tables: Vec<TableSummary>, seconds: f64) -> Summary {
        let total_rows = tables.iter().map(|t| t.rows).sum();
        Summary {
            seed,
            tables,
            total_rows,
            seconds,
            rows_per_second: total_rows as f64 / seconds.max(1e-9),
            truncated: Vec::new(),
            sequences: Vec::new(),
        }
    }

    /// For people: one line per table and a total, `verb` saying what was done.
    pub fn text(&self, verb: &str) -> String {
        let mut out = String::new();
        let w = self
            .tables
            .iter()
            .map(|t| t.table.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        for t in &self.tables {
            out.push_str(&format!(
                "  {:w$}  {:>12} rows  {:>8.2}s  {:>14}\n",
                t.table,
                t.rows,
                t.seconds,
                rate(t.rows, t.seconds)
            ));
        }
        out.push_str(&format!(
            "{verb} {} rows into {} tables in {:.2}s ({:.0} rows/s) with seed {} — rerun with --seed {} to reproduce\n",
            self.total_rows,
            self.tables.len(),
            self.seconds,
            self.rows_per_second,
            self.seed,
            self.seed
        ));
        out
    }

    /// For tools: the summary as JSON (documented in docs/summary.md).
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
