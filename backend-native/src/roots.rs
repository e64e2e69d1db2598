//! GC roots of one function: which reference values are live across each
//! instruction (and so must be in the shadow stack while the instruction
//! calls anything that may collect), and the shadow-stack slot of each such
//! value (values never live across the same instruction may share a slot).
//!
//! A value is live across an instruction when it is used after it (later in
//! the block, on an edge, or on the instruction's own catch edge), not
//! counting the instruction's own result. Instructions that store their
//! operands into an object they allocate (`tuple_new`, `list_of`,
//! `func_bind`, `method_bind`) also keep their operands live across.

use core_ir::{BlockArg, BlockCall, Function, Inst, Opcode, Program, Value};
use cranelift_entity::{EntityRef, SecondaryMap};

/// Shadow-stack layout of one function.
pub struct FrameRoots {
    /// Reference values live across each instruction that may collect on
    /// its normal path (empty for the others).
    pub across: SecondaryMap<Inst, Vec<Value>>,
    /// Reference values live into each instruction's catch edge: what must
    /// be rooted while it raises.
    pub on_raise: SecondaryMap<Inst, Vec<Value>>,
    /// Slot of each value that is ever live across an instruction.
    pub slot: SecondaryMap<Value, Option<u32>>,
    /// Number of slots.
    pub nslots: u32,
}

#[derive(Clone)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn clear(&mut self, i: usize) {
        self.0[i / 64] &= !(1 << (i % 64));
    }
    fn union(&mut self, o: &Bits) -> bool {
        let mut changed = false;
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            let n = *a | *b;
            changed |= n != *a;
            *a = n;
        }
        changed
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
    fn clone_bits(&self) -> Bits {
        Bits(self.0.clone())
    }
}

/// Whether instruction operands must stay rooted while it allocates.
fn keeps_operands(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::TupleNew | Opcode::ListOf | Opcode::FuncBind | Opcode::MethodBind
    )
}

/// Whether `op` may collect on its normal (non-raising) path: it allocates
/// or runs program code. The others call the runtime at most to raise.
pub fn may_collect(prog: &Program, f: &Function, inst: Inst) -> bool {
    use Opcode::*;
    let data = &f.insts[inst];
    match data.op {
        Iconst | Uconst | Fconst | Bconst | Sconst | NoneConst | FuncRef | IntAdd | IntSub
        | IntMul | IntFloorDiv | IntMod | IntPow | IntLshift | IntRshift | IntAnd | IntOr
        | IntXor | IntNeg | IntInvert | IntAbs | IntCmp | IntAddOvf | IntSubOvf | IntMulOvf
        | IntToFloat | IntTrueDiv | IntFloatCmp | BoolToInt | IntToUint | UintToInt | UintAdd
        | UintSub | UintMul | UintFloorDiv | UintMod | UintLshift | UintRshift | UintAnd
        | UintOr | UintXor | UintInvert | UintCmp | UintToFloat | FloatAdd | FloatSub
        | FloatMul | FloatTrueDiv | FloatFloorDiv | FloatMod | FloatPow | FloatNeg | FloatAbs
        | FloatCmp | FloatToInt | FloatFromStr | FloatSqrt | FloatExp | FloatLog | FloatSin
        | FloatCos | FloatTan | FloatAtan2 | FloatFloor | FloatCeil | FloatMathPow | BoolNot
        | Select | CharClass | StrLen | StrCodeAt | StrCmp | StrFind | StrRfind | StrStartswith
        | StrEndswith | ListLen | ListGetItem | ListSetItem | ListPop | ListDelItem
        | ListDelSlice | DictLen | DictClear | TupleGet | RefIs | IsNone | GetField | SetField
        | InstanceOf | Downcast | ClassAttrGet | GlobalGet | GlobalSet | StdoutWrite
        | StdoutFlush | StderrWrite | FileWrite | FileClose | TimeTime | TimePerfCounter
        | JitMergePoint | CanEnterJit | Promote | WeAreJitted => false,
        Hash => !matches!(
            prog.types.get(f.values[data.args[0]].ty),
            core_ir::TypeData::Int
                | core_ir::TypeData::UInt
                | core_ir::TypeData::Bool
                | core_ir::TypeData::Float
                | core_ir::TypeData::Str
        ),
        MethodBind | FuncBind | IntToStr | UintToStr | FloatRepr | FloatFmtFixed | FloatFmtExp
        | FloatFmtGeneral | StrGetItem | StrSlice | StrConcat | StrRepeat | StrChr | StrJoin
        | StrLower | StrUpper | StrRepr | ListNew | ListOf | ListNewFilled | ListAppend
        | ListInsert | ListGetSlice | ListSetSlice | ListExtend | DictNew | DictGetItem
        | DictSetItem | DictDelItem | DictContains | DictGet | DictPop | DictKeys | DictValues
        | DictItems | TupleNew | New | Call | CallMethod | CallIndirect | StdinReadline
        | StdinRead | FileOpen | FileRead | FileReadline => true,
    }
}

/// Computes the roots of `f`.
pub fn frame_roots(prog: &Program, f: &Function) -> FrameRoots {
    let nv = f.values.len();
    let is_ref: Vec<bool> = f.values.values().map(|d| prog.types.is_ref(d.ty)).collect();
    let add = |bits: &mut Bits, v: Value| {
        if is_ref[v.index()] {
            bits.set(v.index());
        }
    };
    let mut live_in: SecondaryMap<core_ir::Block, Option<Bits>> = SecondaryMap::new();
    let edge_live =
        |live_in: &SecondaryMap<core_ir::Block, Option<Bits>>, e: &BlockCall, out: &mut Bits| {
            if let Some(l) = &live_in[e.block] {
                let mut x = l.clone_bits();
                for &p in &f.blocks[e.block].params {
                    x.clear(p.index());
                }
                out.union(&x);
            }
            for a in &e.args {
                if let BlockArg::Value(v) = a {
                    if is_ref[v.index()] {
                        out.set(v.index());
                    }
                }
            }
        };
    // Fixed point of block live-in sets, blocks in reverse layout order.
    let mut changed = true;
    while changed {
        changed = false;
        for &b in f.layout.iter().rev() {
            let data = &f.blocks[b];
            let mut live = Bits::new(nv);
            if let Some(t) = &data.term {
                for s in t.successors() {
                    edge_live(&live_in, s, &mut live);
                }
                for v in t.operands() {
                    add(&mut live, v);
                }
            }
            for &i in data.insts.iter().rev() {
                let inst = &f.insts[i];
                if let Some(c) = &inst.catch {
                    edge_live(&live_in, c, &mut live);
                }
                if let Some(r) = inst.result {
                    live.clear(r.index());
                }
                for &a in &inst.args {
                    add(&mut live, a);
                }
            }
            match &mut live_in[b] {
                Some(old) => {
                    if old.union(&live) {
                        changed = true;
                    }
                }
                slot @ None => {
                    *slot = Some(live);
                    changed = true;
                }
            }
        }
    }
    // Live-across sets per instruction.
    let mut across: SecondaryMap<Inst, Vec<Value>> = SecondaryMap::new();
    let mut on_raise: SecondaryMap<Inst, Vec<Value>> = SecondaryMap::new();
    for &b in &f.layout {
        let data = &f.blocks[b];
        let mut live = Bits::new(nv);
        if let Some(t) = &data.term {
            for s in t.successors() {
                edge_live(&live_in, s, &mut live);
            }
            for v in t.operands() {
                add(&mut live, v);
            }
        }
        for &i in data.insts.iter().rev() {
            let inst = &f.insts[i];
            if let Some(c) = &inst.catch {
                let mut on_edge = Bits::new(nv);
                edge_live(&live_in, c, &mut on_edge);
                on_raise[i] = on_edge.iter().map(Value::new).collect();
                live.union(&on_edge);
            }
            if let Some(r) = inst.result {
                live.clear(r.index());
            }
            if !may_collect(prog, f, i) {
                for &a in &inst.args {
                    add(&mut live, a);
                }
                continue;
            }
            let mut set: Vec<Value> = live.iter().map(Value::new).collect();
            if keeps_operands(inst.op) {
                for &a in &inst.args {
                    if is_ref[a.index()] && !set.contains(&a) {
                        set.push(a);
                    }
                }
            }
            across[i] = set;
            for &a in &inst.args {
                add(&mut live, a);
            }
        }
    }
    // Greedy slot assignment; interference = live across a common instruction.
    let mut neighbours: SecondaryMap<Value, Vec<Value>> = SecondaryMap::new();
    let mut order = Vec::new();
    let mut seen = Bits::new(nv);
    for set in across.values().chain(on_raise.values()) {
        for &v in set {
            if seen.0[v.index() / 64] & (1 << (v.index() % 64)) == 0 {
                seen.set(v.index());
                order.push(v);
            }
            for &w in set {
                if w != v {
                    neighbours[v].push(w);
                }
            }
        }
    }
    let mut slot: SecondaryMap<Value, Option<u32>> = SecondaryMap::new();
    let mut nslots = 0;
    for v in order {
        let mut taken: Vec<u32> = neighbours[v].iter().filter_map(|&w| slot[w]).collect();
        taken.sort_unstable();
        taken.dedup();
        let mut s = 0;
        for t in taken {
            if t == s {
                s += 1;
            } else if t > s {
                break;
            }
        }
        slot[v] = Some(s);
        nslots = nslots.max(s + 1);
    }
    FrameRoots {
        across,
        on_raise,
        slot,
        nslots,
    }
}
