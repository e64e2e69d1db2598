//! # Kiln CLR backend
//!
//! In: a verified core-IR [`Program`]. Out: a CLI assembly (`.exe`) that runs
//! on Mono (`mono prog.exe ARGS...`) and, with the `prog.runtimeconfig.json`
//! written beside it, on .NET (`dotnet prog.exe ARGS...`). The assembly
//! references only `mscorlib` and carries everything else it needs: the
//! run-time support is compiled into it by this crate.
//!
//! The pipeline, one module each:
//! - [`lower`]: IR to an in-memory assembly. IR classes become CLR classes
//!   (fields, one virtual method per method slot, `callvirt`), functions
//!   become static methods of `Kiln.Code` (SSA values are locals, blocks are
//!   labels, `catch` edges are protected regions of one instruction), int is
//!   `int64`, float `float64`, str the runtime's `Kiln.Str` (a `System.String`
//!   and its length in code points), lists/dicts/tuples one runtime class
//!   per IR type (no boxing), function values delegates, exceptions classes
//!   deriving from `System.Exception`.
//! - [`rtlang`] and [`runtime`]: the run-time support (Python semantics of
//!   str, numbers, float formatting and parsing, lists, insertion-ordered
//!   dicts, I/O, exception reports) is written in a small typed language in
//!   `src/runtime/*.krt` and compiled to IL by [`rtlang`].
//! - [`il`]: method bodies (instruction encoding, labels, stack depth,
//!   exception clauses).
//! - [`meta`]: the assembly writer, written for this crate (no third-party
//!   writer: the output must pass `peverify` and load without warnings), and
//!   a reader used for listings and tests.
//!
//! Every assembly passes `peverify` (Debian `mono-utils`); the integration
//! tests check that for every program they build.

pub mod il;
pub mod lower;
pub mod meta;
pub mod rtlang;
pub mod runtime;

use core_ir::Program;
use std::path::PathBuf;

/// Options of a CLR build (the output file; everything else is fixed).
#[derive(Clone, Debug)]
pub struct ClrOptions {
    /// The `.exe` to write.
    pub output: PathBuf,
}

/// Translates `prog` into an assembly.
pub fn build_assembly(prog: &Program, options: &ClrOptions) -> Result<(), String> {
    let stem = options
        .output
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("program");
    let bytes = assemble(prog, stem)?;
    std::fs::write(&options.output, bytes)
        .map_err(|e| format!("cannot write {}: {e}", options.output.display()))?;
    let config = options
        .output
        .with_file_name(format!("{stem}.runtimeconfig.json"));
    std::fs::write(&config, RUNTIME_CONFIG)
        .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    Ok(())
}

/// What `dotnet prog.exe` needs to pick a runtime (Mono ignores it).
pub const RUNTIME_CONFIG: &str = r#"{
  "runtimeOptions": {
    "tfm": "net6.0",
    "rollForward": "LatestMajor",
    "framework": { "name": "Microsoft.NETCore.App", "version": "6.0.0" }
  }
}
"#;

/// The bytes of the assembly for `prog`, named `name`.
pub fn assemble(prog: &Program, name: &str) -> Result<Vec<u8>, String> {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let asm = lower::translate(prog, &name)?;
    meta::writer::write(&asm)
}
