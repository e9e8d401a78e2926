//! Deterministic row generation: row blocks produced from a [`crate::plan::Plan`].

pub mod eval;
pub mod gens;
pub mod regex_enum;
pub mod rng;
pub mod text;
