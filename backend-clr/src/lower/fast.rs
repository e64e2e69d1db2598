//! Inline fast paths for the hottest operations: list item access and
//! length when the list is not None and the index is in range (everything
//! else, errors included, goes to the runtime's general method), and reads
//! of globals that are constants.

use super::func::FnLower;
use crate::il::{Br, Op};
use core_ir::{Imm, Opcode, Program, Value};
use std::collections::{HashMap, HashSet};

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

/// Whether `d` calls the prelude's `list_repeat` (`xs * n`).
fn is_list_repeat(prog: &Program, d: &core_ir::InstData) -> bool {
    let (Opcode::Call, Imm::Func(f)) = (d.op, &d.imm) else {
        return false;
    };
    let callee = &prog.funcs[*f];
    let named = callee
        .name
        .strip_prefix("kiln_prelude.list_repeat")
        .is_some_and(|r| r.is_empty() || r.starts_with('$'));
    named
        && callee.params.len() == 2
        && d.args.len() == 2
        && prog.types.list_item(callee.params[0]).is_some()
        && callee.params[1] == core_ir::Type::INT
        && callee.ret == callee.params[0]
}

/// How many times each value is read (by instructions, terminators and
/// block arguments).
pub fn use_counts(f: &core_ir::Function) -> HashMap<Value, usize> {
    let mut uses: HashMap<Value, usize> = HashMap::new();
    for &b in &f.layout {
        let data = &f.blocks[b];
        for &i in &data.insts {
            for &a in &f.insts[i].args {
                *uses.entry(a).or_default() += 1;
            }
        }
        if let Some(t) = &data.term {
            for v in t.operands() {
                *uses.entry(v).or_default() += 1;
            }
        }
        for c in f.block_successors(b) {
            for a in &c.args {
                if let core_ir::BlockArg::Value(v) = a {
                    *uses.entry(*v).or_default() += 1;
                }
            }
        }
    }
    uses
}

/// Lists built and never read (the frontend leaves `list_of x` behind
/// when `[x] * n` becomes `list_new_filled n, x`): not built at all.
pub fn unused_lists(f: &core_ir::Function, uses: &HashMap<Value, usize>) -> HashSet<Value> {
    f.insts
        .iter()
        .filter(|(_, d)| matches!(d.op, Opcode::ListOf | Opcode::ListNew) && d.catch.is_none())
        .filter_map(|(_, d)| d.result)
        .filter(|r| !uses.contains_key(r))
        .collect()
}

/// `[x] * n` written as `list_repeat(list_of(x), n)` where the one-item
/// list is used by nothing else: the list value and its item.
pub fn fusable_fills(
    prog: &Program,
    f: &core_ir::Function,
    uses: &HashMap<Value, usize>,
) -> HashMap<Value, Value> {
    let mut out = HashMap::new();
    for (_, d) in f.insts.iter() {
        if !is_list_repeat(prog, d) {
            continue;
        }
        let l = d.args[0];
        let core_ir::ValueDef::Result(def) = f.values[l].def else {
            continue;
        };
        let ld = &f.insts[def];
        if ld.op == Opcode::ListOf && ld.args.len() == 1 && uses.get(&l) == Some(&1) {
            out.insert(l, ld.args[0]);
        }
    }
    out
}

impl FnLower<'_, '_> {
    /// A call of the prelude's `list_repeat` (`xs * n`) becomes the list
    /// class's native `Repeat`; false when the call is something else.
    pub(super) fn list_repeat_intrinsic(&mut self, d: &core_ir::InstData) -> Result<bool, String> {
        if !is_list_repeat(self.cx.prog, d) {
            return Ok(false);
        }
        let lname = self.cx.name(self.vty(d.args[0])).to_string();
        if let Some(&item) = self.fused_fill.get(&d.args[0]) {
            // `[x] * n`: one allocation.
            self.list_filled(&lname, d.args[1], item)?;
        } else {
            self.load(d.args[0]);
            self.load(d.args[1]);
            self.call_rt(&lname, "Repeat")?;
        }
        Ok(true)
    }

    /// A list of `count` items `item`: a fresh array when the item is the
    /// CLR default value (0, 0.0, False, None), else filled.
    pub(super) fn list_filled(
        &mut self,
        lname: &str,
        count: Value,
        item: Value,
    ) -> Result<(), String> {
        self.load(count);
        if self.is_default_constant(item) {
            self.call_rt(lname, "Zeroed")
        } else {
            self.load(item);
            self.call_rt(lname, "Filled")
        }
    }

    /// Whether `v` is a constant whose bits are all zero.
    fn is_default_constant(&self, v: Value) -> bool {
        let Some(d) = self.constant_def(v) else {
            return false;
        };
        let imm = match (d.op, &d.imm) {
            (Opcode::NoneConst, _) => return true,
            (Opcode::GlobalGet, Imm::Global(g)) => self.cx.const_globals[g].clone(),
            (_, imm) => imm.clone(),
        };
        match imm {
            Imm::Int(k) => k == 0,
            Imm::UInt(k) => k == 0,
            Imm::Float(x) => x.to_bits() == 0,
            Imm::Bool(x) => !x,
            _ => false,
        }
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
        if !self.is_nonnull(a[0]) {
            self.load(a[0]);
            self.b.br(Br::False, slow);
        }
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
