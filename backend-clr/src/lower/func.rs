//! IR functions as static methods of `Kiln.Code`: every SSA value and block
//! parameter is a local, blocks are labels, block arguments are moved
//! through the evaluation stack (so parallel moves need no temporaries),
//! and an instruction with a `catch` edge is wrapped in its own protected
//! region whose handler converts the exception and branches to the edge.
//! A call-depth counter turns runaway recursion into RecursionError.

use super::flow::Known;
use super::{Callee, Ctx};
use crate::il::{Br, ClauseKind, IlBuilder, Label, Local, Op};
use crate::meta::model::{
    field_flags, method_flags as mf, FieldRef, MethodRef, MethodSig, Ty, TypeRef,
};
use core_ir::{Block, BlockArg, BlockCall, Function, Imm, Inst, Opcode, Terminator, Type, Value};
use cranelift_entity::EntityRef;
use std::collections::{HashMap, HashSet};

/// Call depth at which RecursionError is raised (the reference
/// interpreter's default; the program's thread has the stack for it).
pub const MAX_DEPTH: i32 = 10_000;

/// Declares globals, functions and the closure classes of `func_bind`.
pub fn declare_functions(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    for (_, g) in prog.globals.iter() {
        let ty = cx.ty(g.ty);
        let f = cx.asm.add_field(
            cx.code,
            &super::support::metadata_name(&format!("g_{}", g.name)),
            field_flags::PUBLIC | field_flags::STATIC,
            ty,
        );
        cx.globals.push(f);
    }
    for (_, f) in prog.funcs.iter() {
        let params = f.params.iter().map(|&p| cx.ty(p)).collect();
        let sig = MethodSig::stat(params, cx.ty(f.ret));
        let m = cx.asm.add_method(
            cx.code,
            &super::support::metadata_name(&f.name),
            mf::PUBLIC | mf::STATIC | mf::HIDE_BY_SIG,
            sig,
        );
        cx.funcs.push(m);
    }
    // Closure classes for bound functions.
    let object = cx.asm.ext_type("System", "Object");
    let obj_ctor = cx
        .asm
        .ext_method(object, ".ctor", MethodSig::inst(vec![], Ty::Void));
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            let (Opcode::FuncBind, Imm::Func(target)) = (inst.op, &inst.imm) else {
                continue;
            };
            if cx.binders.contains_key(target) {
                continue;
            }
            let tf = &prog.funcs[*target];
            let id = cx.asm.add_type(
                crate::rtlang::NAMESPACE,
                &format!(
                    "Bind{}_{}",
                    target.index(),
                    super::support::mangle(&tf.name)
                ),
                crate::meta::model::type_flags::PUBLIC | crate::meta::model::type_flags::SEALED,
                Some(object),
            );
            let xty = cx.ty(tf.params[0]);
            let field = cx.asm.add_field(id, "x", field_flags::PUBLIC, xty);
            let ctor_sig = MethodSig::inst(vec![], Ty::Void);
            let ctor = cx.asm.add_method(
                id,
                ".ctor",
                mf::PUBLIC | mf::HIDE_BY_SIG | mf::SPECIAL_NAME | mf::RT_SPECIAL_NAME,
                ctor_sig.clone(),
            );
            let mut b = IlBuilder::new();
            b.ldarg(0);
            b.call(obj_ctor, &MethodSig::inst(vec![], Ty::Void));
            b.ret(false);
            cx.asm.set_body(ctor, b.finish()?);
            let rest: Vec<Ty> = tf.params[1..].iter().map(|&p| cx.ty(p)).collect();
            let inv_sig = MethodSig::inst(rest.clone(), cx.ty(tf.ret));
            let inv =
                cx.asm
                    .add_method(id, "Invoke", mf::PUBLIC | mf::HIDE_BY_SIG, inv_sig.clone());
            let target_m = cx.funcs[target.index()];
            let tsig = cx.asm.methods[target_m.0 as usize].sig.clone();
            let mut b = IlBuilder::new();
            b.ldarg(0);
            b.ldfld(FieldRef::Def(field));
            for i in 0..rest.len() {
                b.ldarg(i as u16 + 1);
            }
            b.call(MethodRef::Def(target_m), &tsig);
            b.ret(tsig.ret != Ty::Void);
            cx.asm.set_body(inv, b.finish()?);
            cx.binders.insert(
                *target,
                (
                    Callee {
                        mref: MethodRef::Def(ctor),
                        sig: ctor_sig,
                    },
                    FieldRef::Def(field),
                    Callee {
                        mref: MethodRef::Def(inv),
                        sig: inv_sig,
                    },
                ),
            );
        }
    }
    Ok(())
}

/// Compiles every function body.
pub fn define_functions(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    let impls: HashSet<core_ir::FuncId> = cx.impl_slot_names.keys().copied().collect();
    for (fid, f) in prog.funcs.iter() {
        let body = if f.has_body() {
            FnLower::new(cx, f, impls.contains(&fid))?
                .run()
                .map_err(|e| format!("@{}: {e}", f.name))?
        } else {
            let mut b = IlBuilder::new();
            let rt = cx.rt("Err", "Runtime")?;
            b.ldstr(&format!("function {} has no body", f.name));
            b.call(rt.mref, &rt.sig);
            b.op(Op::Throw);
            b.finish()?
        };
        match cx.slot_bodies.get(&fid) {
            Some(&slot) => {
                cx.asm.set_body(slot, body);
                // The static twin is never called.
                let mut b = IlBuilder::new();
                b.op(Op::Ldnull);
                b.op(Op::Throw);
                cx.asm.set_body(cx.funcs[fid.index()], b.finish()?);
            }
            None => cx.asm.set_body(cx.funcs[fid.index()], body),
        }
    }
    Ok(())
}

/// The instruction defining `v` when it is a constant: a literal or a read
/// of a global that only ever holds one literal.
fn constant_inst<'p>(
    const_globals: &HashMap<core_ir::GlobalId, Imm>,
    f: &'p Function,
    v: Value,
) -> Option<&'p core_ir::InstData> {
    let core_ir::ValueDef::Result(i) = f.values[v].def else {
        return None;
    };
    let d = &f.insts[i];
    let constant = match (d.op, &d.imm) {
        (
            Opcode::Iconst | Opcode::Uconst | Opcode::Fconst | Opcode::Bconst | Opcode::NoneConst,
            _,
        ) => true,
        (Opcode::GlobalGet, Imm::Global(g)) => const_globals.contains_key(g),
        _ => false,
    };
    constant.then_some(d)
}

/// The translation of one function.
pub(super) struct FnLower<'a, 'p> {
    pub cx: &'a mut Ctx<'p>,
    pub f: &'p Function,
    pub b: IlBuilder,
    locals: HashMap<Value, Local>,
    labels: HashMap<Block, Label>,
    exc: Option<Local>,
    saved_depth: Option<Local>,
    depth: FieldRef,
    nonnull: HashSet<Value>,
    /// Values found not None, with the block where that became known.
    checked: Vec<(Value, Block)>,
    /// Whether the function maintains the call depth.
    counts_depth: bool,
    /// One-item lists that only feed `list_repeat`, with their item.
    pub fused_fill: HashMap<Value, Value>,
    /// Lists never read: not built.
    pub unused_lists: HashSet<Value>,
    /// The block being emitted.
    current: Option<Block>,
    idom: HashMap<Block, Block>,
    /// Number of incoming edges of each block.
    preds: HashMap<Block, usize>,
    chains: HashMap<Block, super::flow::SwitchChain>,
    dead: HashSet<Block>,
    /// Instructions not emitted (tests folded into a switch).
    skipped: HashSet<Inst>,
    /// Values that are another value (a field read again, see `fields`).
    alias: HashMap<Value, Value>,
    /// Field values known in the current block: (object, field) to the
    /// value last read or written there.
    fields: HashMap<(Value, core_ir::FieldId), Value>,
    /// How many times each value is read.
    uses: HashMap<Value, usize>,
}

impl<'a, 'p> FnLower<'a, 'p> {
    fn new(cx: &'a mut Ctx<'p>, f: &'p Function, is_method: bool) -> Result<Self, String> {
        let depth = cx.world.field("Rt", "depth")?.fref;
        // Values that are never None: `self` of a method (reached through
        // virtual dispatch or a super call) and fresh instances.
        let mut nonnull = HashSet::new();
        if is_method {
            if let Some(&p) = f.entry().and_then(|e| f.blocks[e].params.first()) {
                nonnull.insert(p);
            }
        }
        for (_, inst) in f.insts.iter() {
            if let (Opcode::New, Some(r)) = (inst.op, inst.result) {
                nonnull.insert(r);
            }
        }
        super::flow::propagate_nonnull(f, &mut nonnull);
        let consts = |f: &Function, v: Value| -> Option<i64> {
            let core_ir::ValueDef::Result(i) = f.values[v].def else {
                return None;
            };
            let d = &f.insts[i];
            match (d.op, &d.imm) {
                (Opcode::Iconst, Imm::Int(k)) => Some(*k),
                (Opcode::GlobalGet, Imm::Global(g)) => match cx.const_globals.get(g) {
                    Some(Imm::Int(k)) => Some(*k),
                    _ => None,
                },
                _ => None,
            }
        };
        let rematerialized =
            |f: &Function, v: Value| -> bool { constant_inst(&cx.const_globals, f, v).is_some() };
        let (chains, dead) = super::flow::switch_chains(f, &consts, &rematerialized);
        // Head tests of chains read by nothing else are not emitted.
        let skipped = chains.values().filter_map(|c| c.head_test).collect();
        let idom = super::flow::dominators(f);
        let mut preds: HashMap<Block, usize> = HashMap::new();
        for &b in &f.layout {
            for c in f.block_successors(b) {
                *preds.entry(c.block).or_default() += 1;
            }
        }
        let uses = super::fast::use_counts(f);
        Ok(FnLower {
            checked: Vec::new(),
            counts_depth: true,
            fused_fill: super::fast::fusable_fills(cx.prog, f, &uses),
            unused_lists: super::fast::unused_lists(f, &uses),
            uses,
            current: None,
            idom,
            preds,
            chains,
            dead,
            skipped,
            alias: HashMap::new(),
            fields: HashMap::new(),
            cx,
            f,
            b: IlBuilder::new(),
            locals: HashMap::new(),
            labels: HashMap::new(),
            exc: None,
            saved_depth: None,
            depth,
            nonnull,
        })
    }

    /// The value `v` stands for (itself unless it is a repeated field read).
    pub fn canon(&self, v: Value) -> Value {
        self.alias.get(&v).copied().unwrap_or(v)
    }

    /// Whether `v` is known not to be None here.
    pub fn is_nonnull(&self, v: Value) -> bool {
        let v = self.canon(v);
        if self.nonnull.contains(&v) {
            return true;
        }
        let Some(cur) = self.current else {
            return false;
        };
        self.checked
            .iter()
            .any(|&(x, b)| x == v && super::flow::dominates(&self.idom, b, cur))
    }

    /// `branch (x is None), A, B` proves x is not None in B, and
    /// `branch isinstance(x, C), A, B` in A, when that block has no other
    /// predecessor.
    fn learn_from_branch(&mut self, c: Value, yes: Block, no: Block) {
        let core_ir::ValueDef::Result(i) = self.f.values[c].def else {
            return;
        };
        let d = &self.f.insts[i];
        let target = match d.op {
            Opcode::IsNone => no,
            Opcode::InstanceOf => yes,
            _ => return,
        };
        if yes != no && self.preds.get(&target) == Some(&1) {
            self.checked.push((d.args[0], target));
        }
    }

    /// Records that `v` is not None from here on (after a check that raised otherwise).
    pub fn known_nonnull(&mut self, v: Value) {
        let v = self.canon(v);
        if let Some(cur) = self.current {
            self.checked.push((v, cur));
        }
    }

    /// The local holding value `v`.
    pub fn local(&mut self, v: Value) -> Local {
        let v = self.canon(v);
        if let Some(&l) = self.locals.get(&v) {
            return l;
        }
        let ty = self.cx.ty(self.f.value_type(v));
        let l = self.b.local(ty);
        self.locals.insert(v, l);
        l
    }

    /// Loads value `v`.
    pub fn load(&mut self, v: Value) {
        let v = self.canon(v);
        if self.load_constant(v) {
            return;
        }
        let l = self.local(v);
        self.b.ldloc(l);
    }

    /// The instruction defining `v` when it is a constant (emitted at each
    /// use instead of being kept in a local).
    pub fn constant_def(&self, v: Value) -> Option<&'p core_ir::InstData> {
        constant_inst(&self.cx.const_globals, self.f, v)
    }

    fn load_constant(&mut self, v: Value) -> bool {
        let Some(d) = self.constant_def(v) else {
            return false;
        };
        let imm = match (d.op, &d.imm) {
            (Opcode::GlobalGet, Imm::Global(g)) => self.cx.const_globals[g].clone(),
            (Opcode::NoneConst, _) => {
                self.b.op(Op::Ldnull);
                return true;
            }
            (_, imm) => imm.clone(),
        };
        match imm {
            Imm::Int(k) => self.b.ldc_i8(k),
            Imm::UInt(k) => self.b.ldc_i8(k as i64),
            Imm::Float(x) => self.b.ldc_r8(x),
            Imm::Bool(x) => self.b.ldc_i4(x as i32),
            _ => return false,
        }
        true
    }

    /// Stores the stack top into `v`.
    pub fn store(&mut self, v: Value) {
        let l = self.local(v);
        self.b.stloc(l);
    }

    /// The IR type of value `v`.
    pub fn vty(&self, v: Value) -> Type {
        self.f.value_type(v)
    }

    /// Calls a runtime method.
    pub fn call_rt(&mut self, class: &str, name: &str) -> Result<(), String> {
        let m = self.cx.rt(class, name)?;
        self.b.call(m.mref, &m.sig);
        Ok(())
    }

    /// Calls a runtime method that makes an exception, and throws it.
    pub fn throw_rt(&mut self, class: &str, name: &str) -> Result<(), String> {
        self.call_rt(class, name)?;
        self.b.op(Op::Throw);
        Ok(())
    }

    /// Throws `Err.<kind>(msg)` when `v` is None.
    pub fn null_check(&mut self, v: Value, kind: &str, msg: &str) -> Result<(), String> {
        let ok = self.b.label();
        self.load(v);
        self.b.br(Br::True, ok);
        self.b.ldstr(msg);
        self.throw_rt("Err", kind)?;
        self.b.mark(ok);
        Ok(())
    }

    fn label(&mut self, block: Block) -> Label {
        if let Some(&l) = self.labels.get(&block) {
            return l;
        }
        let l = self.b.label();
        self.labels.insert(block, l);
        l
    }

    fn run(mut self) -> Result<crate::il::Body, String> {
        let f = self.f;
        let entry = f.entry().ok_or("no body")?;
        let has_catch = f.insts.iter().any(|(_, i)| i.catch.is_some());
        // Call depth, counted by every function that calls program code
        // (every cycle of calls goes through one).
        self.counts_depth = f.insts.iter().any(|(_, i)| {
            use Opcode::*;
            matches!(
                i.op,
                Call | CallMethod
                    | CallIndirect
                    | DictGetItem
                    | DictSetItem
                    | DictDelItem
                    | DictContains
                    | DictGet
                    | DictPop
                    | Hash
            )
        });
        if self.counts_depth {
            let ok = self.b.label();
            self.b.ldsfld(self.depth);
            self.b.ldc_i4(1);
            self.b.op(Op::Add);
            self.b.op(Op::Dup);
            self.b.stsfld(self.depth);
            self.b.ldc_i4(MAX_DEPTH);
            self.b.br(Br::Le, ok);
            self.throw_rt("Err", "Recursion")?;
            self.b.mark(ok);
        }
        if has_catch {
            let saved = self.b.local(Ty::I4);
            self.b.ldsfld(self.depth);
            self.b.stloc(saved);
            self.saved_depth = Some(saved);
            let exc_ty = self.cx.ty(self
                .cx
                .prog
                .types
                .iter()
                .find(|(_, d)| {
                    **d == core_ir::TypeData::Instance(core_ir::BuiltinClass::Exception.id())
                })
                .map(|(t, _)| t)
                .ok_or("no Exception type")?);
            self.exc = Some(self.b.local(exc_ty));
        }
        for (i, &p) in f.blocks[entry].params.clone().iter().enumerate() {
            self.b.ldarg(i as u16);
            self.store(p);
        }
        for &block in &f.layout {
            if self.dead.contains(&block) {
                continue;
            }
            self.current = Some(block);
            self.fields.clear();
            let l = self.label(block);
            self.b.mark(l);
            let insts = f.blocks[block].insts.clone();
            for &inst in &insts {
                self.inst(inst)?;
            }
            if let Some(chain) = self.chains.get(&block).cloned() {
                let cases: Vec<(i64, BlockCall)> = chain
                    .cases
                    .iter()
                    .map(|c| (c.key, c.edge.clone()))
                    .collect();
                let known: Vec<Option<Known>> = chain.cases.iter().map(|c| Some(c.known)).collect();
                self.switch(
                    chain.value,
                    &cases,
                    &known,
                    &chain.default,
                    Some(chain.default_known),
                )?;
                continue;
            }
            match &f.blocks[block].term {
                Some(t) => self.terminator(t)?,
                None => return Err(format!("{block} has no terminator")),
            }
        }
        self.b.finish()
    }

    fn inst(&mut self, inst: Inst) -> Result<(), String> {
        let data = &self.f.insts[inst];
        if self.skipped.contains(&inst)
            || data.result.is_some_and(|r| self.constant_def(r).is_some())
        {
            return Ok(()); // emitted where used
        }
        let Some(catch) = &data.catch else {
            if self.reuse_field(inst) {
                return Ok(());
            }
            self.op(inst)?;
            self.track_fields(inst);
            // An access that raises on None proves its operand is not None.
            let receiver_checked = matches!(
                data.op,
                Opcode::GetField
                    | Opcode::SetField
                    | Opcode::CallMethod
                    | Opcode::ClassAttrGet
                    | Opcode::MethodBind
            );
            // So does list access (TypeError on None).
            let list_checked = matches!(
                data.op,
                Opcode::ListGetItem | Opcode::ListSetItem | Opcode::ListLen
            );
            if receiver_checked || list_checked {
                self.known_nonnull(data.args[0]);
            }
            return Ok(());
        };
        self.fields.clear();
        let after = self.b.label();
        let to_catch = self.b.label();
        let try_start = self.b.offset();
        self.op(inst)?;
        self.b.leave(after);
        let handler = self.b.offset();
        self.b.set_depth(1);
        let convert = self.cx.rt("Err", "Convert")?;
        self.b.call(convert.mref, &convert.sig);
        let exc = self.exc.ok_or("no exception local")?;
        self.b.stloc(exc);
        if let Some(saved) = self.saved_depth {
            self.b.ldloc(saved);
            self.b.stsfld(self.depth);
        }
        self.b.leave(to_catch);
        let end = self.b.offset();
        let sys_exc = self.cx.world.class("SysException")?.ty.clone();
        self.b
            .clause(ClauseKind::Catch(sys_exc), try_start, handler, handler, end);
        self.b.mark(to_catch);
        let catch = catch.clone();
        self.edge(&catch)?;
        self.b.mark(after);
        Ok(())
    }

    /// A field read whose value is already known in this block: not
    /// emitted, its result stands for the known value.
    fn reuse_field(&mut self, inst: Inst) -> bool {
        let d = &self.f.insts[inst];
        let (Opcode::GetField, Imm::Field(fid), Some(r)) = (d.op, &d.imm, d.result) else {
            return false;
        };
        let key = (self.canon(d.args[0]), *fid);
        let Some(&known) = self.fields.get(&key) else {
            return false;
        };
        self.alias.insert(r, known);
        true
    }

    /// Updates the known field values after `inst`: reads and writes are
    /// remembered; a write forgets that field of every other object (it
    /// may be the same one); anything that may run program code or write
    /// fields forgets everything.
    fn track_fields(&mut self, inst: Inst) {
        use Opcode::*;
        let d = &self.f.insts[inst];
        match (d.op, &d.imm) {
            (GetField, Imm::Field(fid)) => {
                if let Some(r) = d.result {
                    let key = (self.canon(d.args[0]), *fid);
                    self.fields.insert(key, r);
                }
            }
            (SetField, Imm::Field(fid)) => {
                self.fields.retain(|k, _| k.1 != *fid);
                let (obj, val) = (self.canon(d.args[0]), self.canon(d.args[1]));
                // Only a value of the field's own type stands for later reads.
                if self.f.value_type(val) == self.cx.prog.fields[*fid].ty {
                    self.fields.insert((obj, *fid), val);
                }
            }
            (
                Iconst | Uconst | Fconst | Bconst | Sconst | NoneConst | IntAdd | IntSub | IntMul
                | IntAnd | IntOr | IntXor | IntNeg | IntInvert | IntAbs | IntFloorDiv | IntMod
                | IntCmp | UintAdd | UintSub | UintMul | UintAnd | UintOr | UintXor | UintInvert
                | UintCmp | FloatAdd | FloatSub | FloatMul | FloatNeg | FloatCmp | IntToFloat
                | BoolToInt | BoolNot | Select | IsNone | RefIs | InstanceOf | ListGetItem
                | ListSetItem | ListLen | ListAppend | ListOf | ListNew | ListNewFilled | TupleNew
                | TupleGet | JitMergePoint | CanEnterJit,
                _,
            ) => {}
            _ => self.fields.clear(),
        }
    }

    /// Moves the edge's arguments into the target's parameters and jumps.
    fn edge(&mut self, call: &BlockCall) -> Result<(), String> {
        self.edge_knowing(call, None)
    }

    /// [`Self::edge`] where `known` is a bool value the edge knows (a test
    /// folded into a switch, never computed).
    fn edge_knowing(&mut self, call: &BlockCall, known: Option<Known>) -> Result<(), String> {
        let forwarded = self.forward(call);
        let call = &forwarded;
        let params = self.f.blocks[call.block].params.clone();
        for arg in &call.args {
            match arg {
                BlockArg::Value(v) if known.is_some_and(|(k, _)| k == *v) => {
                    let bit = known.is_some_and(|(_, b)| b);
                    self.b.ldc_i4(bit as i32);
                }
                BlockArg::Value(v) => self.load(*v),
                BlockArg::Exc => {
                    let exc = self.exc.ok_or("exc outside a catch edge")?;
                    self.b.ldloc(exc);
                }
            }
        }
        for &p in params.iter().rev() {
            self.store(p);
        }
        let l = self.label(call.block);
        self.b.br(Br::Always, l);
        Ok(())
    }

    /// `call` retargeted past blocks that only pass values on (no
    /// instructions, a jump whose arguments are their parameters or values
    /// from dominating blocks, parameters read by nothing else): the
    /// moves go straight to the final block (e.g. the join of an
    /// `if`/`elif` chain that jumps back to a loop's head).
    fn forward(&self, call: &BlockCall) -> BlockCall {
        let mut c = call.clone();
        for _ in 0..4 {
            let data = &self.f.blocks[c.block];
            if !data.insts.is_empty()
                || Some(c.block) == self.f.entry()
                || self.chains.contains_key(&c.block)
                || self.dead.contains(&c.block)
            {
                break;
            }
            let Some(Terminator::Jump(next)) = &data.term else {
                break;
            };
            if next.block == c.block || c.args.iter().chain(&next.args).any(|a| *a == BlockArg::Exc)
            {
                break;
            }
            // Each parameter is read only by this jump.
            let private = data.params.iter().all(|p| {
                let here = next
                    .args
                    .iter()
                    .filter(|a| **a == BlockArg::Value(*p))
                    .count();
                self.uses.get(p).copied().unwrap_or(0) == here
            });
            if !private {
                break;
            }
            let args = next
                .args
                .iter()
                .map(|a| match a {
                    BlockArg::Value(v) => data
                        .params
                        .iter()
                        .position(|p| p == v)
                        .map_or(*a, |i| c.args[i]),
                    BlockArg::Exc => BlockArg::Exc,
                })
                .collect();
            c = BlockCall {
                block: next.block,
                args,
            };
        }
        c
    }

    /// Decrements the call depth before a return.
    fn leave_frame(&mut self) {
        if !self.counts_depth {
            return;
        }
        self.b.ldsfld(self.depth);
        self.b.ldc_i4(1);
        self.b.op(Op::Sub);
        self.b.stsfld(self.depth);
    }

    fn terminator(&mut self, t: &Terminator) -> Result<(), String> {
        match t {
            Terminator::Jump(c) => self.edge(c)?,
            Terminator::Branch(c, a, b) => {
                self.learn_from_branch(*c, a.block, b.block);
                self.load(*c);
                if a.args.is_empty() {
                    // Straight to the target when nothing moves.
                    let target = self.label(a.block);
                    self.b.br(Br::True, target);
                    self.edge(b)?;
                } else {
                    let other = self.b.label();
                    self.b.br(Br::False, other);
                    self.edge(a)?;
                    self.b.mark(other);
                    self.edge(b)?;
                }
            }
            Terminator::Switch {
                value,
                cases,
                default,
            } => self.switch(*value, cases, &[], default, None)?,
            Terminator::Return(v) => {
                self.leave_frame();
                match v {
                    Some(v) => {
                        self.load(*v);
                        self.b.ret(true);
                    }
                    None => self.b.ret(false),
                }
            }
            Terminator::Raise(v) => {
                if !self.is_nonnull(*v) {
                    self.null_check(*v, "Type", "exceptions must derive from BaseException")?;
                }
                self.load(*v);
                self.b.op(Op::Throw);
            }
            Terminator::Unreachable => {
                self.b
                    .ldstr(&format!("reached `unreachable` in {}", self.f.name));
                self.throw_rt("Err", "Runtime")?;
            }
        }
        Ok(())
    }

    /// A jump on `value`; `known` (empty, or one per case) and
    /// `default_known` are the bools each edge knows (see
    /// [`Self::edge_knowing`]).
    fn switch(
        &mut self,
        value: Value,
        cases: &[(i64, BlockCall)],
        known: &[Option<Known>],
        default: &BlockCall,
        default_known: Option<Known>,
    ) -> Result<(), String> {
        // A case whose edge moves nothing jumps straight to its block.
        let labels: Vec<Label> = cases
            .iter()
            .map(|(_, c)| {
                if c.args.is_empty() {
                    self.label(c.block)
                } else {
                    self.b.label()
                }
            })
            .collect();
        let dflt = self.b.label();
        let min = cases.iter().map(|c| c.0).min().unwrap_or(0);
        let max = cases.iter().map(|c| c.0).max().unwrap_or(0);
        let span = max.wrapping_sub(min);
        if !cases.is_empty() && (0..(cases.len() as i64 * 2 + 8)).contains(&span) {
            // A jump table over value - min, after a range check.
            let mut table = vec![dflt; span as usize + 1];
            for (i, (k, _)) in cases.iter().enumerate() {
                table[(k - min) as usize] = labels[i];
            }
            // value - min, recomputed rather than kept in a local.
            let offset = |me: &mut Self| {
                me.load(value);
                if min != 0 {
                    me.b.ldc_i8(min);
                    me.b.op(Op::Sub);
                }
            };
            offset(self);
            self.b.ldc_i8(span);
            self.b.br(Br::GtUn, dflt);
            offset(self);
            self.b.op(Op::ConvI4);
            self.b.switch(&table);
            self.b.br(Br::Always, dflt);
        } else {
            for (i, (k, _)) in cases.iter().enumerate() {
                self.load(value);
                self.b.ldc_i8(*k);
                self.b.br(Br::Eq, labels[i]);
            }
            self.b.br(Br::Always, dflt);
        }
        for (i, (_, c)) in cases.iter().enumerate() {
            if c.args.is_empty() {
                continue;
            }
            self.b.mark(labels[i]);
            self.edge_knowing(c, known.get(i).copied().flatten())?;
        }
        self.b.mark(dflt);
        self.edge_knowing(default, default_known)?;
        Ok(())
    }

    /// The CLR type of a class.
    pub fn class_ty(&self, c: core_ir::ClassId) -> Ty {
        Ty::Class(TypeRef::Def(self.cx.class_types[c.index()]))
    }
}
