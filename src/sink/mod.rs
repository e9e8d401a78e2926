//! Sinks: where generated rows go. Row blocks are encoded here, off the async runtime, into
//! PostgreSQL's binary COPY format (the fast path) or its CSV dialect (for `export` and as a
//! fallback loader), and the encoded bytes are handed to a writer: a COPY connection, a file,
//! or memory.

pub mod binary;
pub mod csv;

pub use crate::pgtype::Codec;

/// Output format of an encoded stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyFormat {
    /// PostgreSQL's binary COPY format (the fast path).
    Binary,
    /// PostgreSQL's CSV dialect (export, and a fallback loader).
    Csv,
}
