//! The bottom layer: values and the means to make and judge them, used by both the planner and
//! the row engine. Nothing here knows about plans, tables or connections.
//!
//! - [`value`]: the in-memory value of one column of one row, and date/time arithmetic;
//! - [`rng`]: the deterministic random-stream contract (keys, blocks, per-row counters);
//! - [`expr`] and [`eval`]: CHECK / predicate expression trees and their evaluator;
//! - [`gens`]: value generators; [`text`]: word lists, names, places; [`regex_enum`]: strings
//!   from regular expressions, random or the n-th one; [`matcher`]: CHECK patterns compiled,
//!   with the look-arounds and back-references PostgreSQL accepts;
//! - [`literal`]: text forms of the built-in types written through their input functions;
//! - [`plpgsql`]: the schema's own SQL and PL/pgSQL functions read as expressions;
//! - [`sql`]: lexical helpers for deparsed SQL text (splitting lists at top-level commas);
//! - [`vocab`]: what column names say, for the planner and the data-design document.

pub mod eval;
pub mod expr;
pub mod gens;
pub mod literal;
pub mod matcher;
pub mod plpgsql;
pub mod regex_enum;
pub mod rng;
pub mod sql;
pub mod text;
// Reached from `seedbed::testing` (the fuzz tests build rows); its variants say what they are.
#[allow(missing_docs)]
pub mod value;
pub mod vocab;
