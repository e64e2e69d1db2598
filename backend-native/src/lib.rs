//! # Kiln native backend
//!
//! In: a verified core-IR [`Program`]. Out: a standalone executable
//! (Cranelift object code linked with `runtime-shims` by the system `cc`).
//! Being written; see issue 4.

use core_ir::Program;
use std::path::PathBuf;

/// Options of a native build.
#[derive(Clone, Debug)]
pub struct NativeOptions {
    /// The executable to write.
    pub output: PathBuf,
    /// The garbage collector (`--gc=NAME`).
    pub gc: String,
    /// Collect at every allocation (for tests).
    pub gc_stress: bool,
    /// Include the tracing JIT (when the program has a JitDriver).
    pub jit: bool,
}

/// Translates `prog` into an executable.
pub fn build_executable(prog: &Program, options: &NativeOptions) -> Result<(), String> {
    let _ = (prog, options);
    Err("the native backend is not implemented yet".into())
}
