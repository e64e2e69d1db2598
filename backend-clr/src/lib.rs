//! # Kiln CLR backend
//!
//! In: a verified core-IR [`Program`]. Out: a CLI assembly (`.exe`). Being
//! written; see issue 7.

pub mod il;
pub mod lower;
pub mod meta;
pub mod rtlang;
pub mod runtime;

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
