//! Flow graphs: the untyped SSA form of Kiln Python functions.
//!
//! [`graph`] defines the model; [`build`] turns parsed modules into it.

pub mod graph;

pub use graph::*;
