//! Flow graphs: the untyped SSA form of Kiln Python functions.
//!
//! [`graph`] defines the model; [`build`] turns parsed modules into it;
//! [`dump`] prints a whole program.

pub mod build;
pub mod dump;
pub mod graph;

pub use graph::*;
