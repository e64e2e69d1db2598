//! # Kiln frontend
//!
//! Kiln Python source in, core IR out. The phases, each a module with one
//! entry point:
//! 1. `load`: read the main file and the modules it imports, parse them with
//!    `ruff_python_parser`;
//! 2. [`flow`]: turn each function and each module's top-level code into a
//!    flow graph (untyped SSA with explicit exception edges);
//! 3. `annotate`: whole-program type inference from `entry_point`;
//! 4. `lower`: typed flow graphs to a [`core_ir::Program`].
//!
//! Every phase reports located [`Diagnostic`]s; the frontend never panics on
//! any input.

pub mod annotate;
pub mod compile;
pub mod diagnostic;
pub mod flow;
pub mod load;
pub mod lower;
pub mod percent;
pub mod render;
pub mod source;

pub use diagnostic::{Diagnostic, ErrorKind};
pub use source::{FileId, SourceFile, SourceMap, Span};
