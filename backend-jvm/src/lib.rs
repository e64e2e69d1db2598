//! # Kiln JVM backend
//!
//! In: a verified core-IR [`Program`]. Out: a runnable `.jar` (classfiles
//! emitted directly, with StackMapTable frames). Being written; see issue 6.

use core_ir::Program;
use std::path::PathBuf;

/// Options of a JVM build.
#[derive(Clone, Debug)]
pub struct JvmOptions {
    /// The `.jar` to write.
    pub output: PathBuf,
}

/// Translates `prog` into a runnable jar.
pub fn build_jar(prog: &Program, options: &JvmOptions) -> Result<(), String> {
    let _ = (prog, options);
    Err("the JVM backend is not implemented yet".into())
}
