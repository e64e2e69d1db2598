//! Inline fast paths for the hottest operations: list item access and
//! length when the list is not None and the index is in range (everything
//! else, errors included, goes to the runtime's general method), and reads
//! of globals that are constants.

use super::func::FnLower;
use crate::il::{Br, Op};
use core_ir::{Imm, Opcode, Program, Value};
use std::collections::HashMap;

/// Read-only globals (written only by start-up code) assigned once, from a
/// scalar constant:
/// their reads become the constant.
pub fn constant_globals(prog: &Program) -> HashMap<core_ir::GlobalId, Imm> {
    let mut sets: HashMap<core_ir::GlobalId, usize> = HashMap::new();
    let mut value: HashMap<core_ir::GlobalId, Imm> = HashMap::new();
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            let (Opcode::GlobalSet, Imm::Global(g)) = (inst.op, &inst.imm) else {
                continue;
            };
            *sets.entry(*g).or_default() += 1;
            let Some(core_ir::ValueDef::Result(def)) = inst.args.first().map(|&v| f.values[v].def)
            else {
                continue;
            };
            let d = &f.insts[def];
            if matches!(
                d.op,
                Opcode::Iconst | Opcode::Uconst | Opcode::Fconst | Opcode::Bconst
            ) {
                value.insert(*g, d.imm.clone());
            }
        }
    }
    value.retain(|g, _| sets.get(g) == Some(&1) && prog.globals[*g].readonly);
    value
}

impl FnLower<'_, '_> {
    /// A call of the prelude's `list_repeat` (`xs * n`) becomes the list
    /// class's native `Repeat`; false when the call is something else.
    pub(super) fn list_repeat_intrinsic(&mut self, d: &core_ir::InstData) -> Result<bool, String> {
        let Imm::Func(f) = d.imm else {
            return Ok(false);
        };
        let callee = &self.cx.prog.funcs[f];
        let is_repeat = callee
            .name
            .strip_prefix("kiln_prelude.list_repeat")
            .is_some_and(|r| r.is_empty() || r.starts_with('$'));
        let types = &self.cx.prog.types;
        let shape = callee.params.len() == 2
            && types.list_item(callee.params[0]).is_some()
            && callee.params[1] == core_ir::Type::INT
            && callee.ret == callee.params[0];
        if !is_repeat || !shape || d.args.len() != 2 {
            return Ok(false);
        }
        let lname = self.cx.name(callee.params[0]).to_string();
        self.load(d.args[0]);
        self.load(d.args[1]);
        self.call_rt(&lname, "Repeat")?;
        Ok(true)
    }

    /// `l[i]`, `l[i] = v` or `len(l)` with an inline fast path.
    pub(super) fn list_access(&mut self, op: Opcode, a: &[Value]) -> Result<(), String> {
        let lname = self.cx.name(self.vty(a[0])).to_string();
        let items = self.cx.world.field(&lname, "a")?.clone();
        let count = self.cx.world.field(&lname, "n")?.fref;
        let Some(crate::meta::model::Ty::Array(elem)) = Some(items.ty.clone()) else {
            return Err(format!("{lname}.a is not an array"));
        };
        let (slow, done) = (self.b.label(), self.b.label());
        self.load(a[0]);
        self.b.br(Br::False, slow);
        if op == Opcode::ListLen {
            self.load(a[0]);
            self.b.ldfld(count);
            self.b.op(Op::ConvI8);
        } else {
            self.load(a[1]);
            self.load(a[0]);
            self.b.ldfld(count);
            self.b.op(Op::ConvI8);
            self.b.br(Br::GeUn, slow);
            self.load(a[0]);
            self.b.ldfld(items.fref);
            self.load(a[1]);
            self.b.op(Op::ConvI4);
            if op == Opcode::ListGetItem {
                self.b.ldelem(&elem);
            } else {
                self.load(a[2]);
                self.b.stelem(&elem);
            }
        }
        self.b.br(Br::Always, done);
        self.b.mark(slow);
        for &x in a {
            self.load(x);
        }
        let name = match op {
            Opcode::ListLen => "Len",
            Opcode::ListGetItem => "Get",
            _ => "Set",
        };
        self.call_rt(&lname, name)?;
        self.b.mark(done);
        Ok(())
    }
}
