//! # Kiln CLR backend
//!
//! In: a verified core-IR [`Program`]. Out: a CLI assembly (`.exe`). Being
//! written; see issue 7.

use core_ir::Program;
use std::path::PathBuf;

/// Options of a CLR build.
#[derive(Clone, Debug)]
pub struct ClrOptions {
    /// The `.exe` to write.
    pub output: PathBuf,
}

/// Translates `prog` into an assembly.
pub fn build_assembly(prog: &Program, options: &ClrOptions) -> Result<(), String> {
    let _ = (prog, options);
    Err("the CLR backend is not implemented yet".into())
}
