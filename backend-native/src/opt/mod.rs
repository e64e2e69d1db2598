//! IR-level optimizations run before code generation: constant module
//! globals folded, small direct callees inlined into their callers, then
//! trivial control flow merged (jump chains, constant branches) so that the
//! code generator sees straight-line code with fewer block parameters.
//!
//! In: a verified [`Program`]. Out: an equivalent verified program with the
//! same classes, functions (ids) and globals. Programs that carry the
//! tracing JIT are left alone: its jitcodes describe the functions as the
//! frontend wrote them.

mod consts;
mod inline;
mod simplify;

use core_ir::{Function, Opcode, Program};
use std::borrow::Cow;

/// The program to translate: `prog` optimized, or as is when the JIT will
/// be built from it (or `KILN_NO_OPT` is set, a debugging aid;
/// `KILN_DUMP_OPT=FILE` writes the optimized program's text there).
pub fn optimize(prog: &Program, jit: bool) -> Cow<'_, Program> {
    if (jit && !prog.drivers.is_empty()) || std::env::var_os("KILN_NO_OPT").is_some() {
        return Cow::Borrowed(prog);
    }
    let mut p = prog.clone();
    consts::fold_constant_globals(&mut p);
    inline::inline_small_calls(&mut p);
    for f in p.funcs.values_mut() {
        if f.has_body() {
            simplify::simplify(f);
        }
    }
    if cfg!(debug_assertions) || std::env::var_os("KILN_VERIFY_OPT").is_some() {
        if let Err(errs) = core_ir::verify(&p) {
            let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
            panic!("optimized program fails to verify:\n{}", first.join("\n"));
        }
    }
    if let Some(path) = std::env::var_os("KILN_DUMP_OPT") {
        let _ = std::fs::write(path, core_ir::print(&p));
    }
    Cow::Owned(p)
}

/// Whether `f` holds a JIT hint (such functions keep their shape).
pub(crate) fn has_jit_ops(f: &Function) -> bool {
    f.insts.values().any(|d| {
        matches!(
            d.op,
            Opcode::JitMergePoint | Opcode::CanEnterJit | Opcode::WeAreJitted | Opcode::Promote
        )
    })
}
