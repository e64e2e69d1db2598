//! Constant module globals: a global assigned exactly once in the whole
//! program, by a start-up function (`__startup__`), to an int, uint, float
//! or bool constant, is read as that constant everywhere else (start-up code
//! keeps its reads: it may run before the assignment).

use core_ir::{GlobalId, Imm, Opcode, Program, ValueDef};
use std::collections::HashMap;

fn is_startup(name: &str) -> bool {
    name.ends_with("__startup__")
}

/// Replaces reads of constant globals by their constant.
pub fn fold_constant_globals(p: &mut Program) {
    // Every global's assignments: (in a start-up function, constant).
    let mut sets: HashMap<GlobalId, Vec<Option<(Opcode, Imm)>>> = HashMap::new();
    for f in p.funcs.values() {
        for d in f.insts.values() {
            if d.op != Opcode::GlobalSet {
                continue;
            }
            let Imm::Global(g) = d.imm else { continue };
            let mut known = None;
            if is_startup(&f.name) && f.values[d.args[0]].ty == p.globals[g].ty {
                if let ValueDef::Result(src) = f.values[d.args[0]].def {
                    let s = &f.insts[src];
                    if matches!(
                        s.op,
                        Opcode::Iconst | Opcode::Uconst | Opcode::Fconst | Opcode::Bconst
                    ) {
                        known = Some((s.op, s.imm.clone()));
                    }
                }
            }
            sets.entry(g).or_default().push(known);
        }
    }
    let consts: HashMap<GlobalId, (Opcode, Imm)> = sets
        .into_iter()
        .filter_map(|(g, v)| match v.as_slice() {
            [Some(c)] => Some((g, c.clone())),
            _ => None,
        })
        .collect();
    if consts.is_empty() {
        return;
    }
    for f in p.funcs.values_mut() {
        if is_startup(&f.name) || super::has_jit_ops(f) {
            continue;
        }
        for d in f.insts.values_mut() {
            if d.op != Opcode::GlobalGet {
                continue;
            }
            let Imm::Global(g) = d.imm else { continue };
            if let Some((op, imm)) = consts.get(&g) {
                d.op = *op;
                d.imm = imm.clone();
            }
        }
    }
}
