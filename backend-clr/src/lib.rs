//! # Kiln CLR backend
//!
//! In: a verified core-IR [`Program`]. Out: a CLI assembly (`.exe`). Being
//! written; see issue 7.

pub mod il;
pub mod meta;

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

#[cfg(test)]
mod hello {
    use crate::il::IlBuilder;
    use crate::meta::model::*;

    #[test]
    fn hello_world() {
        let mut asm = Assembly::new("hello");
        let obj = asm.ext_type("System", "Object");
        let console = asm.ext_type("System", "Console");
        let wl = asm.ext_method(
            console,
            "WriteLine",
            MethodSig::stat(vec![Ty::String], Ty::Void),
        );
        let c = asm.add_type("Kiln", "Program", type_flags::PUBLIC, Some(obj));
        let m = asm.add_method(
            c,
            "Main",
            method_flags::PUBLIC | method_flags::STATIC,
            MethodSig::stat(vec![Ty::Array(Box::new(Ty::String))], Ty::Void),
        );
        let mut b = IlBuilder::new();
        b.ldstr("hello, wörld 😀");
        b.call(wl, &MethodSig::stat(vec![Ty::String], Ty::Void));
        b.ret(false);
        asm.set_body(m, b.finish().unwrap());
        asm.entry = Some(m);
        let bytes = crate::meta::writer::write(&asm).unwrap();
        std::fs::write("/tmp/hello.exe", bytes).unwrap();
    }
}
