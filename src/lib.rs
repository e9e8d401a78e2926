//! seedbed: deterministic, constraint-honouring, privacy-safe synthetic data for PostgreSQL.
//!
//! The library follows the data's path, one module per stage:
//!
//! ```text
//! catalog (pg_catalog → model) → graph (load order, cycles)
//!   → plan (schema + profile → per-column generators)
//!   → generate (deterministic row blocks) → sink (binary COPY, CSV) → report
//! ```

pub mod catalog;
pub mod connect;
pub mod doc;
pub mod erd;
pub mod error;
pub mod export;
pub mod generate;
pub mod graph;
pub mod inspect;
pub mod model;
pub mod pgtype;
pub mod pipeline;
pub mod plan;
pub mod profile;
pub mod report;
pub mod seed;
pub mod sink;
pub mod throwaway;
pub mod values;
pub mod verify;

pub use error::{Error, Result};
