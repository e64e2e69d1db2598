//! IR functions to jitcodes (format: `runtime_shims::jitcode`).
//!
//! Each non-constant IR value gets its own register in the int or the
//! reference bank; constants become constant operands. Every instruction
//! that is not control flow and not a pure core operation gets a thunk.

use super::analyze::{liveness, Analysis};
use super::thunks::{ThunkSpec, Thunks};
use crate::layouts::clif_type;
use crate::module_cx::ModCx;
use core_ir::{
    BlockArg, BlockCall, DriverId, FuncId, Function, Imm, Opcode, Program, Terminator, Type,
    TypeData, Value,
};
use cranelift_entity::EntityRef;
use cranelift_module::DataId;
use runtime_shims::jitcode::{self as jc, fflag, jop, kind, tflag};
use std::collections::{HashMap, HashSet};

/// A constant of the pool.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ConstVal {
    /// A raw word.
    Raw(u64),
    /// The address of an immortal object in the data section.
    Data(DataId),
}

/// A function of the jitcode table.
pub struct FuncRecord {
    /// Index of the name in the string table.
    pub name: u32,
    /// [`fflag`] bits.
    pub flags: u64,
    /// Int-bank registers.
    pub nregs_i: u32,
    /// Reference-bank registers.
    pub nregs_r: u32,
    /// Result kind.
    pub ret_kind: u8,
    /// Thunk calling the function residually.
    pub call_thunk: u32,
    /// First code word (bodies only).
    pub code_start: u32,
    /// End of the code.
    pub code_end: u32,
    /// The AOT function.
    pub aot: FuncId,
    /// Parameter operands.
    pub params: Vec<u32>,
}

/// A driver of the jitcode table.
pub struct DriverRecord {
    /// Index of the name in the string table.
    pub name: u32,
    /// Jitcode index of the portal.
    pub portal: u32,
    /// Pc of the merge point in the portal's code.
    pub merge_pc: u32,
    /// Thunk of `get_printable_location(greens)`, or `NONE_IDX`.
    pub printable: u32,
    /// Kinds of the greens.
    pub greens: Vec<u8>,
    /// Kinds of the reds.
    pub reds: Vec<u8>,
}

/// Jitcode encoder: the shared pools and the code.
pub struct Encoder<'p> {
    prog: &'p Program,
    an: &'p Analysis,
    /// The constant pool.
    pub consts: Vec<ConstVal>,
    const_index: HashMap<ConstVal, u32>,
    /// Names.
    pub strings: Vec<String>,
    /// Code words of every function.
    pub code: Vec<u32>,
    /// Live-register lists (`count, operand*`), shared.
    pub lives: Vec<u32>,
    live_index: HashMap<Vec<u32>, u32>,
    merge_pcs: HashMap<FuncId, u32>,
}

/// Kind of values of type `t`.
pub fn kind_of(prog: &Program, t: Type) -> u8 {
    match prog.types.get(t) {
        TypeData::Void => kind::VOID,
        TypeData::Float => kind::FLOAT,
        _ if prog.types.is_ref(t) => kind::REF,
        _ => kind::INT,
    }
}

struct FnState<'f> {
    f: &'f Function,
    reg: HashMap<Value, u32>,
    block_pc: HashMap<core_ir::Block, u32>,
    fixups: Vec<(usize, core_ir::Block)>,
}

impl<'p> Encoder<'p> {
    /// A new encoder for `prog`.
    pub fn new(prog: &'p Program, an: &'p Analysis) -> Self {
        Encoder {
            prog,
            an,
            consts: Vec::new(),
            const_index: HashMap::new(),
            strings: Vec::new(),
            code: Vec::new(),
            lives: Vec::new(),
            live_index: HashMap::new(),
            merge_pcs: HashMap::new(),
        }
    }

    fn string(&mut self, s: &str) -> u32 {
        self.strings.push(s.to_string());
        (self.strings.len() - 1) as u32
    }

    fn konst(&mut self, c: ConstVal) -> u32 {
        if let Some(&i) = self.const_index.get(&c) {
            return i;
        }
        let i = self.consts.len() as u32;
        self.consts.push(c);
        self.const_index.insert(c, i);
        i
    }

    /// The constant operand of `v` if it is defined by a constant instruction.
    fn const_operand(&mut self, m: &mut ModCx<'_>, f: &Function, v: Value) -> Option<u32> {
        let core_ir::ValueDef::Result(i) = f.values[v].def else {
            return None;
        };
        let d = &f.insts[i];
        let (c, is_ref, k) = match (&d.op, &d.imm) {
            (Opcode::Iconst, Imm::Int(n)) => (ConstVal::Raw(*n as u64), false, kind::INT),
            (Opcode::Uconst, Imm::UInt(n)) => (ConstVal::Raw(*n), false, kind::INT),
            (Opcode::Fconst, Imm::Float(x)) => (ConstVal::Raw(x.to_bits()), false, kind::FLOAT),
            (Opcode::Bconst, Imm::Bool(b)) => (ConstVal::Raw(*b as u64), false, kind::INT),
            (Opcode::Sconst, Imm::Str(s)) => (ConstVal::Data(m.str_const(s)), true, kind::REF),
            (Opcode::NoneConst, _) => (ConstVal::Raw(0), true, kind::REF),
            (Opcode::FuncRef, Imm::Func(g)) => (ConstVal::Data(m.func_obj(*g)), true, kind::REF),
            _ => return None,
        };
        let idx = self.konst(c);
        if idx >= 1 << 28 {
            return None;
        }
        Some(if is_ref {
            jc::OPND_CONST_REF | idx
        } else {
            jc::OPND_CONST | ((k as u32) << 28) | idx
        })
    }

    fn operand(&mut self, m: &mut ModCx<'_>, st: &FnState<'_>, v: Value) -> u32 {
        if let Some(&r) = st.reg.get(&v) {
            return r;
        }
        self.const_operand(m, st.f, v).unwrap_or(jc::OPND_CONST)
    }

    fn live_list(&mut self, st: &FnState<'_>, vals: &[Value]) -> u32 {
        let regs: Vec<u32> = vals.iter().filter_map(|v| st.reg.get(v).copied()).collect();
        if let Some(&o) = self.live_index.get(&regs) {
            return o;
        }
        let o = self.lives.len() as u32;
        self.lives.push(regs.len() as u32);
        self.lives.extend_from_slice(&regs);
        self.live_index.insert(regs, o);
        o
    }

    #[allow(clippy::too_many_arguments)]
    fn header(
        &mut self,
        op: u8,
        nargs: usize,
        flags: u32,
        cond: u8,
        imm: u32,
        imm2: u32,
        thunk: u32,
        live: u32,
    ) {
        self.code
            .push(op as u32 | (nargs as u32) << 8 | flags << 16 | (cond as u32) << 24);
        self.code.push(imm);
        self.code.push(imm2);
        self.code.push(thunk);
        self.code.push(live);
    }

    fn edge(&mut self, m: &mut ModCx<'_>, st: &mut FnState<'_>, e: &BlockCall) {
        st.fixups.push((self.code.len(), e.block));
        self.code.push(0);
        let params = st.f.blocks[e.block].params.clone();
        let mut moves = Vec::new();
        for (p, a) in params.iter().zip(&e.args) {
            let Some(&dst) = st.reg.get(p) else { continue };
            let src = match a {
                BlockArg::Value(v) => self.operand(m, st, *v),
                BlockArg::Exc => jc::EXC_OPERAND,
            };
            moves.push((dst, src));
        }
        self.code.push(moves.len() as u32);
        for (d, s) in moves {
            self.code.push(d);
            self.code.push(s);
        }
    }

    /// Encodes function `fid` (its body if the analysis allows inlining).
    pub fn function(
        &mut self,
        m: &mut ModCx<'_>,
        th: &mut Thunks,
        fid: FuncId,
        index: &HashMap<FuncId, u32>,
    ) -> Result<FuncRecord, String> {
        let prog = self.prog;
        let f = &prog.funcs[fid];
        let mut flags = 0;
        if f.flags.elidable {
            flags |= fflag::ELIDABLE;
        }
        if f.flags.dont_look_inside {
            flags |= fflag::DONT_LOOK_INSIDE;
        }
        if f.flags.unroll_safe {
            flags |= fflag::UNROLL_SAFE;
        }
        if self.an.has_loop.contains(&fid) {
            flags |= fflag::HAS_LOOP;
        }
        let is_portal = self
            .an
            .portal_of
            .values()
            .any(|r| matches!(r, Ok((p, _)) if *p == fid));
        if is_portal {
            flags |= fflag::PORTAL;
        }
        let call_thunk = self.call_thunk(th, fid);
        let name = self.string(&f.name);
        let mut rec = FuncRecord {
            name,
            flags,
            nregs_i: 0,
            nregs_r: 0,
            ret_kind: kind_of(prog, f.ret),
            call_thunk,
            code_start: self.code.len() as u32,
            code_end: self.code.len() as u32,
            aot: fid,
            params: Vec::new(),
        };
        if !self.an.bodies.contains(&fid) || !f.has_body() {
            return Ok(rec);
        }
        let code_mark = self.code.len();
        match self.body(m, th, fid, index, &mut rec) {
            Ok(()) => {
                rec.flags |= fflag::INLINABLE;
                rec.code_end = self.code.len() as u32;
                Ok(rec)
            }
            Err(e) if !is_portal => {
                // Not encodable: the tracer calls it residually.
                self.code.truncate(code_mark);
                rec.code_start = code_mark as u32;
                rec.code_end = code_mark as u32;
                let _ = e;
                Ok(rec)
            }
            Err(e) => Err(e),
        }
    }

    fn call_thunk(&mut self, th: &mut Thunks, fid: FuncId) -> u32 {
        let prog = self.prog;
        let f = &prog.funcs[fid];
        let spec = ThunkSpec {
            op: Opcode::Call,
            imm: Imm::Func(fid),
            args: f.params.clone(),
            ret: f.ret,
        };
        let fl = self.call_flags(fid);
        th.request(
            spec,
            fl | ((kind_of(prog, f.ret) as u64) << tflag::RESULT_SHIFT),
        )
    }

    fn call_flags(&self, fid: FuncId) -> u64 {
        let f = &self.prog.funcs[fid];
        let e = self.an.effects[fid];
        let mut fl = tflag::RAISES | tflag::MAY_GC;
        if f.flags.elidable {
            fl |= tflag::PURE;
        }
        if !e.fields {
            fl |= tflag::NO_FIELD_WRITES;
        }
        if !e.lists {
            fl |= tflag::NO_LIST_WRITES;
        }
        fl
    }

    fn body(
        &mut self,
        m: &mut ModCx<'_>,
        th: &mut Thunks,
        fid: FuncId,
        index: &HashMap<FuncId, u32>,
        rec: &mut FuncRecord,
    ) -> Result<(), String> {
        let prog = self.prog;
        let f = &prog.funcs[fid];
        let live = liveness(f);
        let mut st = FnState {
            f,
            reg: HashMap::new(),
            block_pc: HashMap::new(),
            fixups: Vec::new(),
        };
        // Registers: every value that is not a constant.
        let mut consts: HashSet<Value> = HashSet::new();
        for (v, _) in f.values.iter() {
            if self.const_operand(m, f, v).is_some() {
                consts.insert(v);
            }
        }
        let (mut ni, mut nr) = (0u32, 0u32);
        for (v, vd) in f.values.iter() {
            if consts.contains(&v) || matches!(vd.def, core_ir::ValueDef::Unused) {
                continue;
            }
            match kind_of(prog, vd.ty) {
                kind::VOID => {}
                kind::REF => {
                    st.reg.insert(v, jc::OPND_R | nr);
                    nr += 1;
                }
                _ => {
                    st.reg.insert(v, jc::OPND_I | ni);
                    ni += 1;
                }
            }
        }
        if ni >= 1 << 28 || nr >= 1 << 28 {
            return Err("too many registers".into());
        }
        rec.nregs_i = ni;
        rec.nregs_r = nr;
        let entry = f.layout[0];
        rec.params = f.blocks[entry]
            .params
            .iter()
            .map(|p| st.reg.get(p).copied().unwrap_or(jc::OPND_CONST))
            .collect();
        for &b in &f.layout {
            st.block_pc.insert(b, self.code.len() as u32);
            let insts = f.blocks[b].insts.clone();
            for &i in &insts {
                self.inst(m, th, &mut st, i, &live.before[i], index)?;
            }
            let term = f.blocks[b].term.clone().unwrap_or(Terminator::Unreachable);
            let lv = self.live_list(&st, &live.at_term[b]);
            self.terminator(m, &mut st, &term, lv)?;
        }
        for (pos, b) in std::mem::take(&mut st.fixups) {
            self.code[pos] = st.block_pc[&b];
        }
        Ok(())
    }

    fn terminator(
        &mut self,
        m: &mut ModCx<'_>,
        st: &mut FnState<'_>,
        t: &Terminator,
        lv: u32,
    ) -> Result<(), String> {
        let none = jc::NONE_IDX;
        match t {
            Terminator::Jump(e) => {
                self.header(jop::GOTO, 0, 0, 0, 0, 0, none, lv);
                self.edge(m, st, e);
            }
            Terminator::Branch(c, a, b) => {
                self.header(jop::BRANCH, 1, 0, 0, 0, 0, none, lv);
                let o = self.operand(m, st, *c);
                self.code.push(o);
                self.edge(m, st, a);
                self.edge(m, st, b);
            }
            Terminator::Switch {
                value,
                cases,
                default,
            } => {
                self.header(jop::SWITCH, 1, 0, 0, cases.len() as u32, 0, none, lv);
                let o = self.operand(m, st, *value);
                self.code.push(o);
                for (k, e) in cases {
                    self.code.push(*k as u64 as u32);
                    self.code.push((*k as u64 >> 32) as u32);
                    self.edge(m, st, e);
                }
                self.edge(m, st, default);
            }
            Terminator::Return(v) => {
                let n = v.is_some() as usize;
                self.header(jop::RETURN, n, 0, 0, 0, 0, none, lv);
                if let Some(v) = v {
                    let o = self.operand(m, st, *v);
                    self.code.push(o);
                }
            }
            Terminator::Raise(v) => {
                self.header(jop::RAISE, 1, 0, 0, 0, 0, none, lv);
                let o = self.operand(m, st, *v);
                self.code.push(o);
            }
            Terminator::Unreachable => self.header(jop::UNREACHABLE, 0, 0, 0, 0, 0, none, lv),
        }
        Ok(())
    }

    fn inst(
        &mut self,
        m: &mut ModCx<'_>,
        th: &mut Thunks,
        st: &mut FnState<'_>,
        i: core_ir::Inst,
        live_before: &[Value],
        index: &HashMap<FuncId, u32>,
    ) -> Result<(), String> {
        use Opcode::*;
        let prog = self.prog;
        let f = st.f;
        let d = &f.insts[i];
        if matches!(
            d.op,
            Iconst | Uconst | Fconst | Bconst | Sconst | NoneConst | FuncRef
        ) {
            if let Some(r) = d.result {
                if !st.reg.contains_key(&r) {
                    return Ok(());
                }
            }
        }
        if d.args.len() > 255 {
            return Err("instruction with more than 255 operands".into());
        }
        let rty = d.result.map_or(Type::VOID, |r| f.values[r].ty);
        let rkind = kind_of(prog, rty);
        let arg_ty = |k: usize| f.values[d.args[k]].ty;
        let lay = m.lay;
        let mut cond = 0u8;
        let mut imm = 0u32;
        let mut imm2 = 0u32;
        let mut want_thunk = true;
        let cond_of = |imm: &Imm| match imm {
            Imm::Cond(c) => *c as u8,
            _ => 0,
        };
        let op = match (&d.op, &d.imm) {
            (IntAdd | UintAdd, _) => {
                want_thunk = false;
                jop::INT_ADD
            }
            (IntSub | UintSub, _) => {
                want_thunk = false;
                jop::INT_SUB
            }
            (IntMul | UintMul, _) => {
                want_thunk = false;
                jop::INT_MUL
            }
            (IntAnd | UintAnd, _) => {
                want_thunk = false;
                jop::INT_AND
            }
            (IntOr | UintOr, _) => {
                want_thunk = false;
                jop::INT_OR
            }
            (IntXor | UintXor, _) => {
                want_thunk = false;
                jop::INT_XOR
            }
            (IntNeg, _) => {
                want_thunk = false;
                jop::INT_NEG
            }
            (IntInvert | UintInvert, _) => {
                want_thunk = false;
                jop::INT_INVERT
            }
            (IntAbs, _) => {
                want_thunk = false;
                jop::INT_ABS
            }
            (IntCmp, c) => {
                want_thunk = false;
                cond = cond_of(c);
                jop::INT_CMP
            }
            (UintCmp, c) => {
                want_thunk = false;
                cond = cond_of(c);
                jop::UINT_CMP
            }
            (IntAddOvf, _) => jop::INT_ADD_OVF,
            (IntSubOvf, _) => jop::INT_SUB_OVF,
            (IntMulOvf, _) => jop::INT_MUL_OVF,
            (IntFloorDiv, _) => jop::INT_FLOORDIV,
            (IntMod, _) => jop::INT_MOD,
            (IntLshift, _) => jop::INT_LSHIFT,
            (IntRshift, _) => jop::INT_RSHIFT,
            (BoolNot, _) => {
                want_thunk = false;
                jop::BOOL_NOT
            }
            (BoolToInt | IntToUint | UintToInt, _) => {
                want_thunk = false;
                jop::MOV
            }
            (FloatAdd, _) => {
                want_thunk = false;
                jop::FLOAT_ADD
            }
            (FloatSub, _) => {
                want_thunk = false;
                jop::FLOAT_SUB
            }
            (FloatMul, _) => {
                want_thunk = false;
                jop::FLOAT_MUL
            }
            (FloatTrueDiv, _) => jop::FLOAT_TRUEDIV,
            (FloatNeg, _) => {
                want_thunk = false;
                jop::FLOAT_NEG
            }
            (FloatAbs, _) => {
                want_thunk = false;
                jop::FLOAT_ABS
            }
            (FloatCmp, c) => {
                want_thunk = false;
                cond = cond_of(c);
                jop::FLOAT_CMP
            }
            (IntToFloat, _) => {
                want_thunk = false;
                jop::INT_TO_FLOAT
            }
            (Select, _) => {
                want_thunk = false;
                jop::SELECT
            }
            (IsNone, _) => {
                want_thunk = false;
                jop::IS_NONE
            }
            (RefIs, _) => {
                want_thunk = false;
                jop::REF_IS
            }
            (GetField, Imm::Field(fl)) => {
                imm = lay.field_offset(*fl) as u32;
                imm2 = self.an.immutable.contains(fl) as u32;
                cond = kind_of(prog, prog.fields[*fl].ty);
                jop::GETFIELD
            }
            (SetField, Imm::Field(fl)) => {
                imm = lay.field_offset(*fl) as u32;
                imm2 = fl.index() as u32;
                cond = kind_of(prog, prog.fields[*fl].ty);
                jop::SETFIELD
            }
            (New, Imm::Class(c)) => {
                imm = lay.class_tid[*c];
                imm2 = lay.instance_size(prog, *c) as u32;
                jop::NEW
            }
            (TupleNew, _) => {
                imm = lay.tuple_tid.get(&rty).copied().unwrap_or(0);
                imm2 = runtime_shims::layout::fixed_size(d.args.len()) as u32;
                jop::TUPLE_NEW
            }
            (TupleGet, Imm::Index(k)) => {
                imm = runtime_shims::layout::slot_offset(*k as usize) as u32;
                cond = rkind;
                jop::TUPLE_GET
            }
            (InstanceOf, Imm::Class(c)) => {
                imm = lay.class_tid[*c];
                imm2 = lay.class_last[*c];
                want_thunk = false;
                jop::INSTANCE_OF
            }
            (Downcast, Imm::Class(c)) => {
                imm = lay.class_tid[*c];
                imm2 = lay.class_last[*c];
                jop::DOWNCAST
            }
            (GlobalGet, Imm::Global(g)) => {
                imm = g.index() as u32;
                cond = prog.globals[*g].readonly as u8;
                want_thunk = false;
                jop::GLOBAL_GET
            }
            (GlobalSet, Imm::Global(g)) => {
                imm = g.index() as u32;
                want_thunk = false;
                jop::GLOBAL_SET
            }
            (ListLen, _) => jop::LIST_LEN,
            (ListGetItem, _) => {
                cond = rkind;
                jop::LIST_GETITEM
            }
            (ListSetItem, _) => {
                cond = kind_of(prog, arg_ty(2));
                jop::LIST_SETITEM
            }
            (ListAppend, _) => {
                cond = kind_of(prog, arg_ty(1));
                jop::LIST_APPEND
            }
            (ListOf, _) => jop::LIST_OF,
            (ListNewFilled, _) => jop::LIST_NEW_FILLED,
            (StrLen, _) => jop::STR_LEN,
            (DictLen, _) => jop::DICT_LEN,
            (StrCodeAt, _) => jop::STR_CODE_AT,
            (Call, Imm::Func(g)) => {
                imm = index.get(g).copied().unwrap_or(jc::NONE_IDX);
                jop::CALL
            }
            (CallMethod, Imm::Method(mm)) => {
                imm = lay.method_slot[*mm];
                jop::CALL_METHOD
            }
            (Promote, _) => {
                want_thunk = false;
                jop::PROMOTE
            }
            (WeAreJitted, _) => {
                want_thunk = false;
                jop::WE_ARE_JITTED
            }
            (JitMergePoint, Imm::Driver(drv)) => {
                want_thunk = false;
                self.merge_pcs
                    .insert(st_fid(prog, f), self.code.len() as u32);
                imm = drv.index() as u32;
                jop::MERGE_POINT
            }
            (CanEnterJit, Imm::Driver(drv)) => {
                want_thunk = false;
                imm = drv.index() as u32;
                jop::CAN_ENTER
            }
            _ => jop::THUNK,
        };
        let thunk = if want_thunk {
            let spec = ThunkSpec {
                op: d.op,
                imm: d.imm.clone(),
                args: d.args.iter().map(|&a| f.values[a].ty).collect(),
                ret: rty,
            };
            let fl = self.op_flags(f, d) | ((rkind as u64) << tflag::RESULT_SHIFT);
            th.request(spec, fl)
        } else {
            jc::NONE_IDX
        };
        let res = d.result.and_then(|r| st.reg.get(&r).copied());
        let mut flags = 0u32;
        if res.is_some() {
            flags |= jc::F_RES;
        }
        if d.catch.is_some() {
            flags |= jc::F_CATCH;
        }
        flags |= (rkind as u32 & 3) << 4;
        let lv = self.live_list(st, live_before);
        self.header(op, d.args.len(), flags, cond, imm, imm2, thunk, lv);
        if let Some(r) = res {
            self.code.push(r);
        }
        for &a in &d.args {
            let o = self.operand(m, st, a);
            self.code.push(o);
        }
        if let Some(c) = &d.catch {
            self.edge(m, st, c);
        }
        let _ = clif_type;
        Ok(())
    }

    /// Thunk flags of an instruction.
    fn op_flags(&self, f: &Function, d: &core_ir::InstData) -> u64 {
        use Opcode::*;
        let prog = self.prog;
        if let (Call, Imm::Func(g)) = (&d.op, &d.imm) {
            return self.call_flags(*g);
        }
        let of = d.op.flags();
        let mut fl = 0;
        if of.raises {
            fl |= tflag::RAISES | tflag::MAY_GC;
        }
        if of.alloc {
            fl |= tflag::MAY_GC;
        }
        if d.op == ListAppend {
            fl |= tflag::LIST_APPEND;
        }
        let rty = d.result.map_or(Type::VOID, |r| f.values[r].ty);
        if prog.types.is_ref(rty) {
            fl |= tflag::MAY_GC;
        }
        let deterministic = matches!(
            d.op,
            StrLen
                | StrGetItem
                | StrCodeAt
                | StrSlice
                | StrConcat
                | StrRepeat
                | StrCmp
                | StrFind
                | StrRfind
                | StrStartswith
                | StrEndswith
                | StrChr
                | StrLower
                | StrUpper
                | StrRepr
                | IntToStr
                | UintToStr
                | FloatRepr
                | FloatFmtFixed
                | FloatFmtExp
                | FloatFmtGeneral
                | CharClass
                | IntFloorDiv
                | IntMod
                | IntPow
                | IntLshift
                | IntRshift
                | UintFloorDiv
                | UintMod
                | UintLshift
                | UintRshift
                | IntTrueDiv
                | IntFloatCmp
                | UintToFloat
                | FloatFloorDiv
                | FloatMod
                | FloatPow
                | FloatToInt
                | FloatFromStr
                | FloatSqrt
                | FloatExp
                | FloatLog
                | FloatSin
                | FloatCos
                | FloatTan
                | FloatAtan2
                | FloatFloor
                | FloatCeil
                | FloatMathPow
                | TupleGet
                | IntAddOvf
                | IntSubOvf
                | IntMulOvf
                | FloatTrueDiv
        );
        let hash_ok = d.op == Hash && {
            let t = f.values[d.args[0]].ty;
            matches!(
                prog.types.get(t),
                TypeData::Int | TypeData::UInt | TypeData::Bool | TypeData::Float | TypeData::Str
            )
        };
        if deterministic || hash_ok {
            fl |= tflag::PURE;
        }
        let e = super::analyze::inst_effects(prog, f, d);
        let calls_code = matches!(d.op, CallMethod | CallIndirect);
        if !e.fields && !calls_code {
            fl |= tflag::NO_FIELD_WRITES;
        }
        if !e.lists && !calls_code {
            fl |= tflag::NO_LIST_WRITES;
        }
        if calls_code {
            fl |= tflag::RAISES | tflag::MAY_GC;
        }
        if let (CallMethod, Imm::Method(mm)) = (&d.op, &d.imm) {
            let impls = self.an.impls.get(mm).cloned().unwrap_or_default();
            let (mut wf, mut wl) = (false, false);
            for g in impls {
                wf |= self.an.effects[g].fields;
                wl |= self.an.effects[g].lists;
            }
            if !wf {
                fl |= tflag::NO_FIELD_WRITES;
            }
            if !wl {
                fl |= tflag::NO_LIST_WRITES;
            }
        }
        fl
    }

    /// Encodes driver `d`.
    pub fn driver(
        &mut self,
        _m: &mut ModCx<'_>,
        th: &mut Thunks,
        d: DriverId,
        index: &HashMap<FuncId, u32>,
    ) -> Result<DriverRecord, String> {
        let prog = self.prog;
        let dd = &prog.drivers[d];
        let Some(Ok((portal, _))) = self.an.portal_of.get(&d) else {
            return Err(format!("driver {} has no portal", dd.name));
        };
        let merge_pc = *self
            .merge_pcs
            .get(portal)
            .ok_or("merge point not encoded")?;
        let printable = match dd.printable {
            Some(pf) => {
                let f = &prog.funcs[pf];
                let spec = ThunkSpec {
                    op: Opcode::Call,
                    imm: Imm::Func(pf),
                    args: f.params.clone(),
                    ret: f.ret,
                };
                th.request(
                    spec,
                    tflag::RAISES | tflag::MAY_GC | ((kind::REF as u64) << tflag::RESULT_SHIFT),
                )
            }
            None => jc::NONE_IDX,
        };
        let name = self.string(&dd.name);
        Ok(DriverRecord {
            name,
            portal: index[portal],
            merge_pc,
            printable,
            greens: dd.greens.iter().map(|(_, t)| kind_of(prog, *t)).collect(),
            reds: dd.reds.iter().map(|(_, t)| kind_of(prog, *t)).collect(),
        })
    }
}

/// The id of function `f` in `prog` (by identity of the function data).
fn st_fid(prog: &Program, f: &Function) -> FuncId {
    prog.funcs
        .iter()
        .find(|(_, g)| std::ptr::eq(*g, f))
        .map(|(id, _)| id)
        .unwrap_or(FuncId::new(0))
}
