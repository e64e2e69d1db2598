//! Module constants: a `readonly` global (written only by start-up code)
//! written exactly once, with a constant, is that constant wherever it is read
//! (a valid program never reads a module global before its assignment: that
//! would be a NameError in Python). Reading it then costs no field load, and
//! comparisons with it can become `switch` keys.

use core_ir::{GlobalId, Imm, Opcode, Program, ValueDef};
use cranelift_entity::SecondaryMap;

/// The constant value of each global that has one (an `iconst`, `uconst`,
/// `fconst`, `bconst` or `sconst` immediate and its opcode).
pub fn constant_globals(prog: &Program) -> SecondaryMap<GlobalId, Option<(Opcode, Imm)>> {
    let mut writes = SecondaryMap::<GlobalId, u32>::new();
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            if let (Opcode::GlobalSet, Imm::Global(g)) = (inst.op, &inst.imm) {
                writes[*g] += 1;
            }
        }
    }
    let mut out = SecondaryMap::new();
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            let (Opcode::GlobalSet, Imm::Global(g)) = (inst.op, &inst.imm) else {
                continue;
            };
            if !prog.globals[*g].readonly || writes[*g] != 1 {
                continue;
            }
            let Some(&v) = inst.args.first() else {
                continue;
            };
            if let ValueDef::Result(def) = f.values[v].def {
                let d = &f.insts[def];
                if matches!(
                    d.op,
                    Opcode::Iconst
                        | Opcode::Uconst
                        | Opcode::Fconst
                        | Opcode::Bconst
                        | Opcode::Sconst
                ) {
                    out[*g] = Some((d.op, d.imm.clone()));
                }
            }
        }
    }
    out
}
