//! Translation of one IR function into a Cranelift function.
//!
//! Every IR value is a Cranelift `Variable` (the frontend builds the SSA
//! form, so IR block parameters become variable definitions on edges).
//! Exceptions travel in `Ctx::exc`: after anything that may raise, a
//! non-zero `exc` sends control to the instruction's catch block (with the
//! exception taken out of the context) or to the function's exit, which
//! pops the shadow-stack frame and returns a zero value.
//!
//! GC roots: a function whose reference values are live across calls gets a
//! shadow-stack frame of [`FrameRoots::nslots`] slots (zeroed on entry).
//! Around every call that may collect, the live references are stored to
//! their slots and, for a moving collector, loaded back afterwards.
//!
//! Families of opcodes are translated in `scalar`, `text`, `containers` and
//! `objects`.

mod containers;
mod objects;
mod scalar;
mod text;

use crate::module_cx::ModCx;
use crate::roots::{frame_roots, FrameRoots};
use core_ir::{BlockArg, BlockCall, Function, Imm, Inst, Program, Terminator, Type, Value};
use cranelift_codegen::ir::{
    self, condcodes::IntCC, types, InstBuilder, MemFlagsData, Value as CValue,
};
use cranelift_entity::SecondaryMap;
use cranelift_frontend::{FunctionBuilder, Switch, Variable};
use cranelift_module::Module;
use runtime_shims::layout as rt;
use std::collections::{HashMap, HashSet};

/// Per-function translation state.
pub struct FnCx<'a, 'b> {
    /// Module-wide state.
    pub m: &'a mut ModCx<'b>,
    /// The builder of the Cranelift function.
    pub b: FunctionBuilder<'a>,
    /// The IR function.
    pub f: &'a Function,
    vars: SecondaryMap<Value, Option<Variable>>,
    blocks: HashMap<core_ir::Block, ir::Block>,
    roots: FrameRoots,
    ss_base: Option<CValue>,
    exit: ir::Block,
    ctx_addr: Option<CValue>,
    funcs: HashMap<String, ir::FuncRef>,
    /// The instruction being translated.
    pub cur: Option<Inst>,
    /// IR values known not to be None at this point (checked earlier in
    /// the block or in a dominating block, or freshly allocated).
    pub nonnull: HashSet<Value>,
    /// Blocks that push the shadow-stack frame on entry when the frame is
    /// lazy (every instruction needing roots is on a path that only raises).
    lazy_frame_blocks: Option<HashSet<core_ir::Block>>,
}

/// Memory flags of every access generated code makes.
pub fn mem() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl<'a, 'b> FnCx<'a, 'b> {
    /// The program.
    pub fn prog(&self) -> &'b Program {
        self.m.prog
    }

    /// The Cranelift type of IR type `t` (I64 for void, never used).
    pub fn ty(&self, t: Type) -> types::Type {
        crate::layouts::clif_type(self.m.prog, t).unwrap_or(types::I64)
    }

    /// The value of IR value `v`.
    pub fn val(&mut self, v: Value) -> CValue {
        let var = self.var(v);
        self.b.use_var(var)
    }

    fn var(&mut self, v: Value) -> Variable {
        if let Some(var) = self.vars[v] {
            return var;
        }
        let t = self.ty(self.f.values[v].ty);
        let var = self.b.declare_var(t);
        self.vars[v] = Some(var);
        var
    }

    /// Defines IR value `v` as `x`.
    pub fn def(&mut self, v: Value, x: CValue) {
        let var = self.var(v);
        self.b.def_var(var, x);
    }

    /// Defines the result of the current instruction, if it has one.
    pub fn set_result(&mut self, inst: Inst, x: CValue) {
        if let Some(r) = self.f.insts[inst].result {
            self.def(r, x);
        }
    }

    /// The address of the run-time context.
    pub fn ctx(&mut self) -> CValue {
        if let Some(c) = self.ctx_addr {
            return c;
        }
        // The first call is in the prologue, in the entry block, which
        // dominates every later use.
        let gv = self.m.data_gv(self.m.ctx_data, self.b.func);
        let c = self.b.ins().symbol_value(types::I64, gv);
        self.ctx_addr = Some(c);
        c
    }

    /// A 64-bit constant.
    pub fn iconst(&mut self, n: i64) -> CValue {
        self.b.ins().iconst(types::I64, n)
    }

    /// Loads a `t` at `p + off`.
    pub fn load(&mut self, t: types::Type, p: CValue, off: i32) -> CValue {
        self.b.ins().load(t, mem(), p, off)
    }

    /// Stores `x` at `p + off`.
    pub fn store(&mut self, x: CValue, p: CValue, off: i32) {
        self.b.ins().store(mem(), x, p, off);
    }

    /// A reference to function `name` of the runtime.
    fn rt_ref(&mut self, name: &str) -> ir::FuncRef {
        if let Some(&r) = self.funcs.get(name) {
            return r;
        }
        let id = self.m.runtime_fn(name);
        let r = self.m.func_ref(id, self.b.func);
        self.funcs.insert(name.to_string(), r);
        r
    }

    /// Calls runtime function `name`; its result, if any. Saves and
    /// restores GC roots unless the function never collects.
    pub fn rt(&mut self, name: &str, args: &[CValue]) -> Option<CValue> {
        let raise_only = crate::runtime_fns::GC_ONLY_TO_RAISE.contains(&name);
        let gc = !raise_only && !crate::runtime_fns::NO_GC.contains(&name);
        if gc {
            self.spill();
        } else if raise_only {
            self.spill_set(false);
        }
        let r = self.rt_ref(name);
        let call = self.b.ins().call(r, args);
        let res = self.b.inst_results(call).first().copied();
        if gc {
            self.reload();
        }
        res
    }

    /// Calls IR function `f` directly with GC roots saved around the call.
    pub fn call_func(&mut self, f: core_ir::FuncId, args: &[CValue]) -> Option<CValue> {
        self.spill();
        let id = self.m.func_ids[f];
        let r = self.m.func_ref(id, self.b.func);
        let call = self.b.ins().call(r, args);
        let res = self.b.inst_results(call).first().copied();
        self.reload();
        res
    }

    /// Calls `code` with signature `sig` and GC roots saved around the call.
    pub fn call_indirect(
        &mut self,
        sig: ir::Signature,
        code: CValue,
        args: &[CValue],
    ) -> Option<CValue> {
        self.spill();
        let s = self.b.import_signature(sig);
        let call = self.b.ins().call_indirect(s, code, args);
        let res = self.b.inst_results(call).first().copied();
        self.reload();
        res
    }

    /// Stores the references live across the current instruction to their slots.
    fn spill(&mut self) {
        self.spill_set(true);
    }

    /// Stores the references of the current instruction's `across` set (or
    /// of its `on_raise` set) to their slots.
    fn spill_set(&mut self, across: bool) {
        let (Some(i), Some(base)) = (self.cur, self.ss_base) else {
            return;
        };
        let live = if across {
            self.roots.across[i].clone()
        } else {
            self.roots.on_raise[i].clone()
        };
        for v in live {
            if let Some(s) = self.roots.slot[v] {
                let x = self.val(v);
                self.store(x, base, 8 * s as i32);
            }
        }
    }

    /// Reloads the live references after a call (moving collector only).
    fn reload(&mut self) {
        self.reload_set(true);
    }

    fn reload_set(&mut self, across: bool) {
        if !self.m.moving {
            return;
        }
        let (Some(i), Some(base)) = (self.cur, self.ss_base) else {
            return;
        };
        let live = if across {
            self.roots.across[i].clone()
        } else {
            self.roots.on_raise[i].clone()
        };
        for v in live {
            if let Some(s) = self.roots.slot[v] {
                let x = self.load(types::I64, base, 8 * s as i32);
                self.def(v, x);
            }
        }
    }

    /// Branches to the exception path of the current instruction when an
    /// exception is pending; continues in a fresh block otherwise.
    pub fn check_exc(&mut self) {
        let c = self.ctx();
        let e = self.load(types::I64, c, rt::CTX_EXC);
        let ok = self.b.create_block();
        let bad = self.b.create_block();
        self.b.set_cold_block(bad);
        self.b.ins().brif(e, bad, &[], ok, &[]);
        self.b.switch_to_block(bad);
        self.goto_exc_path();
        self.b.switch_to_block(ok);
    }

    /// Ends the current block by sending the pending exception to the
    /// current instruction's catch block, or out of the function.
    pub fn goto_exc_path(&mut self) {
        let catch = self.cur.and_then(|i| self.f.insts[i].catch.clone());
        match catch {
            Some(c) => {
                // The catch edge's values may have moved while raising.
                self.reload_set(false);
                let ctx = self.ctx();
                let e = self.load(types::I64, ctx, rt::CTX_EXC);
                let zero = self.iconst(0);
                self.store(zero, ctx, rt::CTX_EXC);
                self.edge(&c, Some(e));
            }
            None => {
                self.b.ins().jump(self.exit, &[]);
            }
        }
    }

    /// Raises built-in exception `class` with constant message `msg` and
    /// takes the exception path (ends the current block).
    pub fn raise_const(&mut self, class: usize, msg: &str) {
        let s = self.m.str_const(msg);
        let sv = self.str_value(s);
        let k = self.iconst(class as i64);
        self.rt("kiln_raise", &[k, sv]);
        self.goto_exc_path();
    }

    /// The address of constant str data `d`.
    pub fn str_value(&mut self, d: cranelift_module::DataId) -> CValue {
        let gv = self.m.data_gv(d, self.b.func);
        self.b.ins().symbol_value(types::I64, gv)
    }

    /// Whether operand 0 of the current instruction is known not to be None;
    /// records that it is not from here on (the instruction raises otherwise).
    pub fn operand0_checked(&mut self) -> bool {
        let Some(i) = self.cur else { return false };
        let Some(&v) = self.f.insts[i].args.first() else {
            return false;
        };
        !self.nonnull.insert(v)
    }

    /// If `x` (a reference, operand 0 of the current instruction) is None,
    /// raises `class`/`msg`; continues otherwise.
    pub fn none_check(&mut self, x: CValue, class: usize, msg: &str) {
        if self.operand0_checked() {
            return;
        }
        let ok = self.b.create_block();
        let bad = self.b.create_block();
        self.b.set_cold_block(bad);
        self.b.ins().brif(x, ok, &[], bad, &[]);
        self.b.switch_to_block(bad);
        self.raise_const(class, msg);
        self.b.switch_to_block(ok);
    }

    /// Takes edge `e`: defines the target's parameters and jumps.
    fn edge(&mut self, e: &BlockCall, exc: Option<CValue>) {
        let vals: Vec<CValue> = e
            .args
            .iter()
            .map(|a| match a {
                BlockArg::Value(v) => self.val(*v),
                BlockArg::Exc => exc.unwrap_or_else(|| self.b.ins().iconst(types::I64, 0)),
            })
            .collect();
        let params = self.f.blocks[e.block].params.clone();
        for (p, x) in params.into_iter().zip(vals) {
            self.def(p, x);
        }
        let target = self.blocks[&e.block];
        self.b.ins().jump(target, &[]);
    }

    /// A block that takes edge `e` (for branches with arguments); blocks
    /// needing code are filled by [`Self::fill_edges`] once the branch is emitted.
    fn edge_block(
        &mut self,
        e: &BlockCall,
        pending: &mut Vec<(ir::Block, BlockCall)>,
    ) -> ir::Block {
        if e.args.is_empty() {
            return self.blocks[&e.block];
        }
        let blk = self.b.create_block();
        pending.push((blk, e.clone()));
        blk
    }

    fn fill_edges(&mut self, pending: Vec<(ir::Block, BlockCall)>) {
        for (blk, e) in pending {
            self.b.switch_to_block(blk);
            self.edge(&e, None);
        }
    }

    /// Zero of Cranelift type `t`.
    pub fn zero(&mut self, t: types::Type) -> CValue {
        match t {
            types::F64 => self.b.ins().f64const(0.0),
            t => self.b.ins().iconst(t, 0),
        }
    }

    fn pop_frame(&mut self) {
        if let Some(base) = self.ss_base {
            let c = self.ctx();
            self.store(base, c, rt::CTX_SS_TOP);
        }
    }

    /// Returns `v` from the function (pops the shadow-stack frame).
    pub(crate) fn ret(&mut self, v: Option<CValue>) {
        // A lazy frame is never pushed on a path that returns.
        if self.lazy_frame_blocks.is_none() {
            self.pop_frame();
        }
        match v {
            Some(x) => self.b.ins().return_(&[x]),
            None => self.b.ins().return_(&[]),
        };
    }

    fn zero_return(&mut self) {
        let rt_ty = crate::layouts::clif_type(self.m.prog, self.f.ret);
        let z = rt_ty.map(|t| self.zero(t));
        self.ret(z);
    }

    fn terminator(&mut self, t: &Terminator) {
        match t {
            Terminator::Jump(e) => self.edge(e, None),
            Terminator::Branch(c, a, b) => {
                let cv = self.val(*c);
                let mut pending = Vec::new();
                let ta = self.edge_block(a, &mut pending);
                let tb = self.edge_block(b, &mut pending);
                self.b.ins().brif(cv, ta, &[], tb, &[]);
                self.fill_edges(pending);
            }
            Terminator::Switch {
                value,
                cases,
                default,
            } => {
                let v = self.val(*value);
                let mut sw = Switch::new();
                let mut pending = Vec::new();
                for (k, e) in cases {
                    let blk = self.edge_block(e, &mut pending);
                    sw.set_entry(*k as u64 as u128, blk);
                }
                let d = self.edge_block(default, &mut pending);
                sw.emit(&mut self.b, v, d);
                self.fill_edges(pending);
            }
            Terminator::Return(v) => {
                let x = v.map(|v| self.val(v));
                self.ret(x);
            }
            Terminator::Raise(v) => {
                let x = self.val(*v);
                let none = self.b.create_block();
                let some = self.b.create_block();
                self.b.ins().brif(x, some, &[], none, &[]);
                self.b.switch_to_block(some);
                let c = self.ctx();
                self.store(x, c, rt::CTX_EXC);
                self.b.ins().jump(self.exit, &[]);
                self.b.switch_to_block(none);
                self.rt("kiln_raise_none", &[]);
                self.b.ins().jump(self.exit, &[]);
            }
            Terminator::Unreachable => {
                self.b.ins().trap(ir::TrapCode::unwrap_user(1));
            }
        }
    }

    /// Pushes the (lazy) shadow-stack frame at the start of a block.
    fn push_lazy_frame(&mut self) {
        let (Some(base), n) = (self.ss_base, self.roots.nslots as i64) else {
            return;
        };
        let c = self.ctx();
        let top = self.b.ins().iadd_imm_s(base, 8 * n);
        let lim = self.load(types::I64, c, rt::CTX_SS_LIMIT);
        let over = self.b.ins().icmp(IntCC::UnsignedGreaterThan, top, lim);
        let ok = self.b.create_block();
        let bad = self.b.create_block();
        self.b.set_cold_block(bad);
        self.b.ins().brif(over, bad, &[], ok, &[]);
        self.b.switch_to_block(bad);
        let r = self.rt_ref("kiln_raise_recursion");
        self.b.ins().call(r, &[]);
        self.b.ins().jump(self.exit, &[]);
        self.b.switch_to_block(ok);
        self.store(top, c, rt::CTX_SS_TOP);
        let z = self.iconst(0);
        for i in 0..n {
            self.store(z, base, 8 * i as i32);
        }
    }

    fn prologue(&mut self, entry: ir::Block) {
        let c = self.ctx();
        // Stack-depth check: RecursionError instead of overflowing the stack.
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let limit = self.load(types::I64, c, rt::CTX_STACK_LIMIT);
        let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        let ok = self.b.create_block();
        let bad = self.b.create_block();
        self.b.set_cold_block(bad);
        self.b.ins().brif(deep, bad, &[], ok, &[]);
        self.b.switch_to_block(bad);
        let r = self.rt_ref("kiln_raise_recursion");
        self.b.ins().call(r, &[]);
        self.zero_return();
        self.b.switch_to_block(ok);
        let n = self.roots.nslots as i64;
        if n > 0 && self.lazy_frame_blocks.is_some() {
            // The frame is pushed where it is needed; it starts here.
            let base = self.load(types::I64, c, rt::CTX_SS_TOP);
            self.ss_base = Some(base);
        } else if n > 0 {
            let base = self.load(types::I64, c, rt::CTX_SS_TOP);
            let top = self.b.ins().iadd_imm_s(base, 8 * n);
            let lim = self.load(types::I64, c, rt::CTX_SS_LIMIT);
            let over = self.b.ins().icmp(IntCC::UnsignedGreaterThan, top, lim);
            let ok2 = self.b.create_block();
            let bad2 = self.b.create_block();
            self.b.set_cold_block(bad2);
            self.b.ins().brif(over, bad2, &[], ok2, &[]);
            self.b.switch_to_block(bad2);
            let r = self.rt_ref("kiln_raise_recursion");
            self.b.ins().call(r, &[]);
            self.zero_return();
            self.b.switch_to_block(ok2);
            self.store(top, c, rt::CTX_SS_TOP);
            let z = self.iconst(0);
            for i in 0..n {
                self.store(z, base, 8 * i as i32);
            }
            self.ss_base = Some(base);
        }
        // Parameters.
        let params = self
            .b
            .block_params(self.b.current_block().expect("block"))
            .to_vec();
        let _ = params;
        let cl_entry = self.b.func.layout.entry_block().expect("entry");
        let args = self.b.block_params(cl_entry).to_vec();
        let ir_params = self.f.blocks[self.f.layout[0]].params.clone();
        for (p, a) in ir_params.into_iter().zip(args) {
            self.def(p, a);
        }
        self.b.ins().jump(entry, &[]);
    }

    fn inst(&mut self, i: Inst) {
        self.cur = Some(i);
        let data = &self.f.insts[i];
        use core_ir::Opcode::*;
        match data.op {
            Iconst | Uconst | Fconst | Bconst | Sconst | NoneConst | IntAdd | IntSub | IntMul
            | IntFloorDiv | IntMod | IntPow | IntLshift | IntRshift | IntAnd | IntOr | IntXor
            | IntNeg | IntInvert | IntAbs | IntCmp | IntAddOvf | IntSubOvf | IntMulOvf
            | IntToFloat | IntTrueDiv | IntToStr | IntFloatCmp | BoolToInt | IntToUint
            | UintToInt | UintAdd | UintSub | UintMul | UintFloorDiv | UintMod | UintLshift
            | UintRshift | UintAnd | UintOr | UintXor | UintInvert | UintCmp | UintToFloat
            | UintToStr | FloatAdd | FloatSub | FloatMul | FloatTrueDiv | FloatFloorDiv
            | FloatMod | FloatPow | FloatNeg | FloatAbs | FloatCmp | FloatToInt | FloatRepr
            | FloatFmtFixed | FloatFmtExp | FloatFmtGeneral | FloatFromStr | FloatSqrt
            | FloatExp | FloatLog | FloatSin | FloatCos | FloatTan | FloatAtan2 | FloatFloor
            | FloatCeil | FloatMathPow | BoolNot | Select | CharClass | Hash | RefIs | IsNone
            | Promote | WeAreJitted | JitMergePoint | CanEnterJit => self.scalar(i),
            StrLen | StrGetItem | StrCodeAt | StrSlice | StrConcat | StrRepeat | StrCmp
            | StrFind | StrRfind | StrStartswith | StrEndswith | StrChr | StrJoin | StrLower
            | StrUpper | StrRepr | StdoutWrite | StdoutFlush | StderrWrite | StdinReadline
            | StdinRead | FileOpen | FileRead | FileReadline | FileWrite | FileClose | TimeTime
            | TimePerfCounter => self.text(i),
            ListNew | ListOf | ListNewFilled | ListLen | ListGetItem | ListSetItem | ListAppend
            | ListPop | ListInsert | ListDelItem | ListGetSlice | ListSetSlice | ListDelSlice
            | ListExtend | DictNew | DictLen | DictGetItem | DictSetItem | DictDelItem
            | DictContains | DictGet | DictPop | DictKeys | DictValues | DictItems | DictClear
            | TupleNew | TupleGet => self.containers(i),
            FuncRef | FuncBind | MethodBind | New | GetField | SetField | InstanceOf | Downcast
            | ClassAttrGet | GlobalGet | GlobalSet | Call | CallMethod | CallIndirect => {
                self.objects(i)
            }
        }
        // An instruction with a catch edge that completed normally falls
        // through; one that cannot raise never takes its catch edge.
        let _ = Imm::None;
    }
}

/// The blocks that must push the frame, if the frame can be lazy: every
/// instruction needing roots is in a block from which no `return` can be
/// reached (an error path), so the frame is pushed on entry to those blocks
/// and popped only by the exception exit.
fn lazy_frame_blocks(f: &Function, roots: &FrameRoots) -> Option<HashSet<core_ir::Block>> {
    // Blocks from which a return is reachable.
    let mut preds: HashMap<core_ir::Block, Vec<core_ir::Block>> = HashMap::new();
    let mut work = Vec::new();
    for &b in &f.layout {
        for c in f.block_successors(b) {
            preds.entry(c.block).or_default().push(b);
        }
        if matches!(f.blocks[b].term, Some(Terminator::Return(_))) {
            work.push(b);
        }
    }
    let mut returns: HashSet<core_ir::Block> = work.iter().copied().collect();
    while let Some(b) = work.pop() {
        for &p in preds.get(&b).map_or(&[][..], |v| v.as_slice()) {
            if returns.insert(p) {
                work.push(p);
            }
        }
    }
    let mut need = HashSet::new();
    for &b in &f.layout {
        let uses = f.blocks[b]
            .insts
            .iter()
            .any(|&i| !roots.across[i].is_empty() || !roots.on_raise[i].is_empty());
        if uses {
            if returns.contains(&b) {
                return None;
            }
            need.insert(b);
        }
    }
    Some(need)
}

/// Translates IR function `f` into `ctx.func` (whose signature is set).
/// Blocks entered only from the "not None" side of a branch on `is_none v`
/// (or on `not is_none v`), each with that `v`.
fn branch_nonnull(f: &Function) -> HashMap<core_ir::Block, Value> {
    use core_ir::{Opcode, Terminator, ValueDef};
    let mut preds: HashMap<core_ir::Block, usize> = HashMap::new();
    for &b in &f.layout {
        for c in f.block_successors(b) {
            *preds.entry(c.block).or_default() += 1;
        }
    }
    let def = |v: Value| match f.values[v].def {
        ValueDef::Result(i) => Some(&f.insts[i]),
        _ => None,
    };
    let mut out = HashMap::new();
    for &b in &f.layout {
        let Some(Terminator::Branch(c, yes, no)) = &f.blocks[b].term else {
            continue;
        };
        if yes.block == no.block {
            continue;
        }
        // (v, whether the branch's condition is true when v is None)
        let tested = def(*c).and_then(|d| match d.op {
            Opcode::IsNone => Some((d.args[0], true)),
            Opcode::BoolNot => def(d.args[0])
                .filter(|e| e.op == Opcode::IsNone)
                .map(|e| (e.args[0], false)),
            _ => None,
        });
        let Some((v, true_if_none)) = tested else {
            continue;
        };
        let target = if true_if_none { no.block } else { yes.block };
        if target != f.layout[0] && preds.get(&target) == Some(&1) {
            out.insert(target, v);
        }
    }
    out
}

pub fn translate<'a, 'b>(
    m: &'a mut ModCx<'b>,
    f: &'a Function,
    func: &'a mut ir::Function,
    fbc: &'a mut cranelift_frontend::FunctionBuilderContext,
) {
    let b = FunctionBuilder::new(func, fbc);
    let roots = frame_roots(m.prog, f);
    let mut cx = FnCx {
        m,
        b,
        f,
        vars: SecondaryMap::new(),
        blocks: HashMap::new(),
        roots,
        ss_base: None,
        exit: ir::Block::from_u32(0),
        ctx_addr: None,
        funcs: HashMap::new(),
        cur: None,
        nonnull: HashSet::new(),
        lazy_frame_blocks: None,
    };
    let entry = cx.b.create_block();
    cx.b.append_block_params_for_function_params(entry);
    cx.b.switch_to_block(entry);
    cx.exit = cx.b.create_block();
    cx.b.set_cold_block(cx.exit);
    for &blk in &f.layout {
        let c = cx.b.create_block();
        cx.blocks.insert(blk, c);
    }
    if cx.roots.nslots > 0 {
        cx.lazy_frame_blocks = lazy_frame_blocks(f, &cx.roots);
    }
    let first = cx.blocks[&f.layout[0]];
    cx.prologue(first);
    let idom = crate::dominators::immediate_dominators(f);
    let branch_facts = branch_nonnull(f);
    let mut facts: HashMap<core_ir::Block, HashSet<Value>> = HashMap::new();
    for &blk in &f.layout {
        let c = cx.blocks[&blk];
        cx.b.switch_to_block(c);
        cx.nonnull = idom
            .get(&blk)
            .and_then(|d| facts.get(d))
            .cloned()
            .unwrap_or_default();
        if let Some(&v) = branch_facts.get(&blk) {
            cx.nonnull.insert(v);
        }
        if cx
            .lazy_frame_blocks
            .as_ref()
            .is_some_and(|s| s.contains(&blk))
        {
            cx.push_lazy_frame();
        }
        let insts = &f.blocks[blk].insts;
        for (k, &i) in insts.iter().enumerate() {
            if k + 1 == insts.len() && f.insts[i].catch.is_some() {
                // The catch edge leaves before this instruction's facts hold.
                facts.insert(blk, cx.nonnull.clone());
            }
            cx.inst(i);
            if let Some(r) = f.insts[i].result {
                use core_ir::Opcode::*;
                if matches!(
                    f.insts[i].op,
                    New | ListNew
                        | ListOf
                        | ListNewFilled
                        | DictNew
                        | TupleNew
                        | Sconst
                        | StrGetItem
                        | StrSlice
                        | StrConcat
                        | StrChr
                        | FuncRef
                        | FuncBind
                        | MethodBind
                ) {
                    cx.nonnull.insert(r);
                }
            }
        }
        facts.entry(blk).or_insert_with(|| cx.nonnull.clone());
        cx.cur = None;
        let last = f.blocks[blk].insts.last().copied();
        // A catch edge on the last instruction is its exception path only.
        let _ = last;
        match &f.blocks[blk].term {
            Some(t) => cx.terminator(t),
            None => {
                cx.b.ins().trap(ir::TrapCode::unwrap_user(1));
            }
        }
    }
    cx.b.switch_to_block(cx.exit);
    cx.cur = None;
    cx.zero_return();
    cx.b.seal_all_blocks();
    let cfg = cx.m.module.isa().frontend_config();
    cx.b.finalize(cfg);
}
