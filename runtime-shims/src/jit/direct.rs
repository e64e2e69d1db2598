//! Machine code for simple traces, written directly as x86-64 (through
//! [`super::x64`]) instead of through Cranelift: a trace is straight-line
//! code with exits (and, for a loop, one jump back), and most are short
//! enough that Cranelift's pipeline would cost far more time than the
//! code ever runs.
//!
//! In: an optimized trace, a bridge or a loop (peeled, with a `label` and
//! its `param`s, or not), without float operations, `select` or `abs`
//! (those go to Cranelift, [`super::codegen`]; [`compile`] answers `None`
//! then): integer arithmetic (with Python's `//` and `%`), comparisons
//! and class tests, field, array item and global reads and writes, calls
//! of thunks, allocations, guards, `finish` and `jump`.
//!
//! Out: a [`Compiled`] that keeps the protocol of Cranelift's code (see
//! [`super::codegen`]): the `tail` calling convention (inputs in `rdi`,
//! the exit buffer in `rsi`, the exit code in `rax`); integer inputs from
//! the inputs buffer, reference inputs from the root slots the guard it
//! leaves from named; on a failing guard, integer exit values in `out`,
//! the `k`th exit value, when a reference, in root slot `k` (just above
//! the shadow stack's top, which this code never moves); linked guards
//! going on with a tail call.
//!
//! Registers: values live in the caller-saved registers `rax`, `rcx`,
//! `rdx`, `rsi`, `rdi`, `r8` and `r9` (so nothing needs saving), handed
//! out in order of definition and freed at their last use (by an
//! operation or a guard's snapshot); when none is free, the value used
//! last is spilled to the frame. `r10` and `r11` are scratch. A guard's
//! exit stub, written after the body, stores the values from where they
//! were at that guard. At a call, or an allocation (whose slow path may
//! collect), every value still needed goes to its frame slot, and the
//! references among them are copied into the first root slots, the
//! shadow stack's top set past them, for the collector to see and move;
//! they are copied back after the call. A comparison only a guard tests is not computed
//! as a value: the guard branches on the flags. In a loop, the values
//! from before its top that it uses stay live to the jump; at the label
//! each param takes the register of its value when that value dies
//! there; the jump puts every value living round the loop back where it
//! was at the top, as one parallel move.

use super::codegen::{Compiled, Link, EXIT_SHADOW_STACK_FULL, MERGE_INPUTS, OUT_WORDS};
use super::trace::{Arg, Op, Trace};
use super::x64::{self, cc, mem, Alu, Asm, Mem, Reg, R10, R11, RAX, RCX, RDI, RSI, RSP};
use crate::jitcode::kind;
use crate::layout::{
    ARRAY_DATA, CTX_ALLOC_LIMIT, CTX_ALLOC_TOP, CTX_EXC, CTX_SS_LIMIT, CTX_SS_TOP,
};

/// The registers values live in.
const POOL: [Reg; 7] = [RAX, RCX, x64::RDX, RSI, RDI, x64::R8, x64::R9];

/// Whether the direct path compiles `op`.
fn supported(op: Op) -> bool {
    matches!(
        op,
        Op::Input(_)
            | Op::Add
            | Op::Sub
            | Op::Mul
            | Op::And
            | Op::Or
            | Op::Xor
            | Op::Neg
            | Op::Invert
            | Op::ICmp(_)
            | Op::UCmp(_)
            | Op::IsNone
            | Op::RefIs
            | Op::AddOvf
            | Op::SubOvf
            | Op::MulOvf
            | Op::GetField(_)
            | Op::GetImm(_)
            | Op::SetField(_)
            | Op::ArrLoad
            | Op::ArrStore
            | Op::GlobalGet(_)
            | Op::GlobalSet(_)
            | Op::GuardTrue
            | Op::GuardFalse
            | Op::GuardEq
            | Op::GuardNonNull
            | Op::GuardNoExc
            | Op::Finish
            | Op::Label
            | Op::Param(_)
            | Op::Jump
            | Op::Call(_)
            | Op::New(..)
            | Op::InstanceOf(..)
            | Op::FloorDiv
            | Op::Mod
    )
}

/// Whether `op` leaves the trace at its snapshot (when it fails, or
/// always for `finish`).
fn has_exit(op: Op) -> bool {
    op.is_guard() || op == Op::Finish
}

/// The condition a comparison operation computes.
fn condition(op: Op) -> Option<u8> {
    let signed = [cc::E, cc::NE, cc::L, cc::LE, cc::G, cc::GE];
    let unsigned = [cc::E, cc::NE, cc::B, cc::BE, cc::A, cc::AE];
    match op {
        Op::ICmp(c) => signed.get(c as usize).copied(),
        Op::UCmp(c) => unsigned.get(c as usize).copied(),
        Op::IsNone | Op::RefIs => Some(cc::E),
        _ => None,
    }
}

/// Where a value is at some point of the code.
#[derive(Clone, Copy, Debug)]
enum Loc {
    Reg(Reg),
    /// Frame slot (a word above `rsp`).
    Slot(u32),
    /// Never computed (unused).
    None,
}

/// A guard's exit, written after the body.
struct Stub {
    /// The `jcc`/`jmp` displacements to point at it.
    jumps: Vec<usize>,
    snap: u32,
    /// Where each exit value is.
    exits: Vec<Loc>,
    /// Where each red of a merge link is (or the constant operand).
    reds: Vec<(Arg, Loc)>,
}

struct Emit {
    a: Asm,
    /// Per value: its register, its frame slot.
    reg: Vec<Option<Reg>>,
    slot: Vec<Option<u32>>,
    /// Per register: the value in it.
    holds: [Option<u32>; 16],
    /// Per value: the last operation using it (as operand or in a
    /// snapshot), if any.
    last: Vec<Option<usize>>,
    nslots: u32,
    /// Where frame slots start: after the saved `out` pointer and roots
    /// address and the arguments area of calls.
    slot_base: i32,
    /// Kind of each value.
    kinds: Vec<u8>,
    ctx_addr: i64,
}

/// The frame word holding the roots area's address.
const ROOTS_AT: i32 = 8;
/// Where a call's arguments go in the frame.
const ARGS_AT: i32 = 16;

/// Operand `a` as an instruction's 32-bit immediate, when it is a
/// constant that fits.
fn imm(a: Arg) -> Option<i32> {
    match a {
        Arg::C(c) => i32::try_from(c as i64).ok(),
        _ => None,
    }
}

impl Emit {
    /// Frees register `r` for operation `n`: its value, when still needed
    /// after `n`, goes to its frame slot.
    fn vacate(&mut self, r: Reg, n: usize) {
        let Some(v) = self.holds[r as usize] else {
            return;
        };
        if self.last[v as usize].is_some_and(|l| l > n) {
            self.spill(r);
        } else {
            self.holds[r as usize] = None;
            self.reg[v as usize] = None;
        }
    }

    /// Frees register `r`, its value going to its frame slot. (A value
    /// spilled once keeps its slot, which still holds it: values never
    /// change.)
    fn spill(&mut self, r: Reg) {
        let Some(v) = self.holds[r as usize].take() else {
            return;
        };
        if self.slot[v as usize].is_none() {
            let s = self.nslots;
            self.nslots += 1;
            self.a.store(self.slot_mem(s), r);
            self.slot[v as usize] = Some(s);
        }
        self.reg[v as usize] = None;
    }

    /// Frame slot `s`.
    fn slot_mem(&self, s: u32) -> Mem {
        mem(RSP, self.slot_base + 8 * s as i32)
    }

    /// Before operation `n` (a call, or an allocation that may collect):
    /// every value still needed after it leaves its register for its frame
    /// slot (each register is free then); the references among them, with
    /// their slots.
    fn spill_all(&mut self, n: usize) -> Vec<u32> {
        for r in POOL {
            self.vacate(r, n);
        }
        (0..n)
            .filter(|&v| {
                self.kinds[v] == kind::REF
                    && self.last[v].is_some_and(|l| l > n)
                    && self.slot[v].is_some()
            })
            .filter_map(|v| self.slot[v])
            .collect()
    }

    /// Shows the references in frame slots `refs` to the collector: copied
    /// to the first root slots, the shadow stack's top set past them.
    fn expose(&mut self, refs: &[u32]) {
        self.a.load(R10, mem(RSP, ROOTS_AT));
        for (j, &s) in refs.iter().enumerate() {
            self.a.load(RCX, self.slot_mem(s));
            self.a.store(mem(R10, 8 * j as i32), RCX);
        }
        self.a.lea(RCX, mem(R10, 8 * refs.len() as i32));
        self.a.mov_ri(R11, self.ctx_addr);
        self.a.store(mem(R11, CTX_SS_TOP), RCX);
    }

    /// After [`Emit::expose`] and the call: the shadow stack's top back at
    /// the roots area, the (perhaps moved) references back in their slots.
    /// Leaves rax alone.
    fn unexpose(&mut self, refs: &[u32]) {
        self.a.load(R10, mem(RSP, ROOTS_AT));
        self.a.mov_ri(R11, self.ctx_addr);
        self.a.store(mem(R11, CTX_SS_TOP), R10);
        for (j, &s) in refs.iter().enumerate() {
            self.a.load(RCX, mem(R10, 8 * j as i32));
            self.a.store(self.slot_mem(s), RCX);
        }
    }

    /// A free register for a new value, spilling the value whose last use
    /// is furthest when none is free; never one of `keep`.
    fn alloc(&mut self, keep: &[Reg]) -> Reg {
        if let Some(&r) = POOL
            .iter()
            .find(|&&r| self.holds[r as usize].is_none() && !keep.contains(&r))
        {
            return r;
        }
        let victim = POOL
            .iter()
            .copied()
            .filter(|r| !keep.contains(r))
            .max_by_key(|&r| {
                self.holds[r as usize]
                    .and_then(|v| self.last[v as usize])
                    .unwrap_or(0)
            })
            .unwrap_or(RAX);
        self.spill(victim);
        victim
    }

    fn bind(&mut self, v: usize, r: Reg) {
        self.holds[r as usize] = Some(v as u32);
        self.reg[v] = Some(r);
    }

    /// The register of a value already in one.
    fn reg_of(&self, a: Arg) -> Option<Reg> {
        match a {
            Arg::V(v) => self.reg[v as usize],
            _ => None,
        }
    }

    /// A register holding operand `a`: its own, or `scratch` loaded with
    /// it.
    fn get(&mut self, a: Arg, scratch: Reg) -> Reg {
        match a {
            Arg::V(v) => {
                if let Some(r) = self.reg[v as usize] {
                    return r;
                }
                match self.slot[v as usize] {
                    Some(s) => self.a.load(scratch, self.slot_mem(s)),
                    None => self.a.mov_ri(scratch, 0),
                }
            }
            Arg::C(c) => self.a.mov_ri(scratch, c as i64),
            Arg::R(p) => {
                let at = crate::gc::permanent_addr(p as usize);
                self.a.mov_ri(scratch, at as i64);
                self.a.load(scratch, mem(scratch, 0));
            }
            Arg::Virt(_) => self.a.mov_ri(scratch, 0),
        }
        scratch
    }

    /// `cmp r0, a1` (an immediate when `a1` is a constant that fits).
    fn cmp(&mut self, r0: Reg, a1: Arg) {
        match imm(a1) {
            Some(i) => self.a.alu_ri(Alu::Cmp, r0, i),
            None => {
                let r1 = self.get(a1, R10);
                self.a.alu_rr(Alu::Cmp, r0, r1);
            }
        }
    }

    /// Where value `v` is now.
    fn loc(&self, v: u32) -> Loc {
        match (self.reg[v as usize], self.slot[v as usize]) {
            (Some(r), _) => Loc::Reg(r),
            (None, Some(s)) => Loc::Slot(s),
            _ => Loc::None,
        }
    }

    /// Frees the registers of the values whose last use is operation `n`.
    fn release(&mut self, n: usize, vals: impl Iterator<Item = u32>) {
        for v in vals {
            if self.last[v as usize].is_none_or(|l| l <= n) {
                if let Some(r) = self.reg[v as usize].take() {
                    self.holds[r as usize] = None;
                }
            }
        }
    }

    /// A register for the result of operation `n` whose first operand is
    /// `a0`: `a0`'s own when this is its last use (and `reuse`), else a
    /// free one (never one of `keep`).
    fn result_reg(&mut self, n: usize, a0: Arg, reuse: bool, keep: &[Reg]) -> (Reg, bool) {
        if let (true, Arg::V(v)) = (reuse, a0) {
            if let Some(r) = self.reg[v as usize] {
                if self.last[v as usize].is_none_or(|l| l <= n) {
                    self.holds[r as usize] = None;
                    self.reg[v as usize] = None;
                    return (r, true);
                }
            }
        }
        (self.alloc(keep), false)
    }
}

/// Compiles bridge `t` directly when every operation is one this path
/// writes (see the module documentation); `None` otherwise. `code_at`
/// places finished machine code in executable memory.
pub fn compile(
    t: &Trace,
    loop_id: u32,
    link: &[Link],
    input_slots: &[Option<u32>],
    thunk_addr: &dyn Fn(u32) -> u64,
    code_at: &mut dyn FnMut(&[u8]) -> Result<usize, String>,
) -> Option<Result<Compiled, String>> {
    if !t.ops.iter().all(|o| supported(o.op)) {
        return None;
    }
    let nops = t.ops.len();
    let ninputs = t.ninputs();
    // Values each snapshot needs (as Cranelift's path numbers them).
    let exits = super::codegen::exit_values(t);
    if exits.iter().any(|e| e.len() > OUT_WORDS) {
        return None;
    }
    // The reds a merge-linked exit passes on, when it may.
    let merge_reds = |snap: u32| -> Option<&[Arg]> {
        match link.get(snap as usize) {
            Some(Link::Merge(reds))
                if exits[snap as usize].len() <= MERGE_INPUTS
                    && reds.len() <= OUT_WORDS - MERGE_INPUTS =>
            {
                Some(reds.as_slice())
            }
            _ => None,
        }
    };
    // Uses of each value (operands, then snapshot values and reds at
    // the operation that exits).
    let mut last: Vec<Option<usize>> = vec![None; nops];
    let mut uses = vec![0u32; nops];
    for (n, o) in t.ops.iter().enumerate() {
        for a in &o.args {
            if let Arg::V(v) = *a {
                last[v as usize] = Some(n);
                uses[v as usize] += 1;
            }
        }
        if has_exit(o.op) {
            for &v in &exits[o.snap as usize] {
                last[v as usize] = Some(n);
                uses[v as usize] += 1;
            }
            for a in merge_reds(o.snap).unwrap_or(&[]) {
                if let Arg::V(v) = *a {
                    last[v as usize] = Some(n);
                    uses[v as usize] += 1;
                }
            }
        }
    }
    // A loop: values defined before its top (the label, or the first
    // operation after the inputs) and used after it live until the jump.
    let jump_at = t.ops.last().filter(|o| o.op == Op::Jump).map(|_| nops - 1);
    let label_at = t.ops.iter().position(|o| o.op == Op::Label);
    if let Some(j) = jump_at {
        let top = label_at.unwrap_or(ninputs);
        for l in last.iter_mut().take(top) {
            if l.is_some_and(|l| l > top) {
                *l = Some(j);
            }
        }
    }
    let ctx_addr = std::ptr::addr_of!(crate::ctx::kiln_ctx) as i64;
    // Root slots: an exit's references, or the references living across
    // a call or an allocation.
    let mut nroots = exits.iter().map(Vec::len).max().unwrap_or(0);
    let mut maxargs = 0;
    for (n, o) in t.ops.iter().enumerate() {
        if matches!(o.op, Op::Call(_) | Op::New(..)) {
            let live = (0..n)
                .filter(|&v| t.ops[v].kind == kind::REF && last[v].is_some_and(|l| l > n))
                .count();
            nroots = nroots.max(live);
            maxargs = maxargs.max(o.args.len());
        }
    }
    if nroots > 1024 || maxargs > 64 {
        return None;
    }
    let mut e = Emit {
        a: Asm::default(),
        reg: vec![None; nops],
        slot: vec![None; nops],
        holds: [None; 16],
        last,
        nslots: 0,
        slot_base: ARGS_AT + 8 * maxargs as i32,
        kinds: t.ops.iter().map(|o| o.kind).collect(),
        ctx_addr,
    };
    // Entry: the frame, `out` saved at its bottom, the inputs pointer in
    // r11, the roots area in r10, checked for room.
    let frame_at = e.a.sub_rsp_patchable();
    e.a.store(mem(RSP, 0), RSI);
    e.a.mov_rr(R11, RDI);
    e.a.mov_ri(R10, ctx_addr);
    e.a.load(R10, mem(R10, CTX_SS_TOP));
    e.a.store(mem(RSP, ROOTS_AT), R10);
    let mut full_jump = None;
    if nroots > 0 {
        e.a.lea(RAX, mem(R10, 8 * nroots as i32));
        e.a.mov_ri(RCX, ctx_addr);
        e.a.cmp_rm(RAX, mem(RCX, CTX_SS_LIMIT));
        full_jump = Some(e.a.jcc(cc::A));
    }
    // Inputs: the first ones used get registers, the others frame slots
    // (through rax, before any register holds a value).
    let source = |k: usize| match input_slots.get(k).copied().flatten() {
        Some(s) => mem(R10, 8 * s as i32),
        None => mem(R11, 8 * k as i32),
    };
    let used: Vec<usize> = (0..ninputs).filter(|&k| e.last[k].is_some()).collect();
    let (in_regs, in_slots) = used.split_at(used.len().min(POOL.len()));
    for &k in in_slots {
        let s = e.nslots;
        e.nslots += 1;
        e.a.load(RAX, source(k));
        e.a.store(e.slot_mem(s), RAX);
        e.slot[k] = Some(s);
    }
    for (j, &k) in in_regs.iter().enumerate() {
        e.a.load(POOL[j], source(k));
        e.bind(k, POOL[j]);
    }
    // The loop's top: its code offset and where the values living
    // round the loop are there (the jump puts them back).
    let mut top: Option<(usize, Vec<(u32, Loc)>)> = None;
    if jump_at.is_some() && label_at.is_none() {
        top = Some((e.a.code.len(), e.live_round(0..ninputs as u32)));
    }
    let mut stubs: Vec<Stub> = Vec::new();
    // A comparison whose only use is the next guard: its condition, left
    // in the flags.
    let mut flags: Option<(u32, u8)> = None;
    let mut ends = false;
    for (n, o) in t.ops.iter().enumerate().skip(ninputs) {
        let arg = |k: usize| o.args.get(k).copied().unwrap_or(Arg::C(0));
        let mut exit_jumps: Vec<usize> = Vec::new();
        // Records where the snapshot's values are (after any spill this
        // operation made).
        macro_rules! stub {
            ($jumps:expr) => {{
                let snap = o.snap;
                let locs = exits[snap as usize].iter().map(|&v| e.loc(v)).collect();
                let reds = merge_reds(snap)
                    .unwrap_or(&[])
                    .iter()
                    .map(|&a| match a {
                        Arg::V(v) => (a, e.loc(v)),
                        other => (other, Loc::None),
                    })
                    .collect();
                stubs.push(Stub {
                    jumps: $jumps,
                    snap,
                    exits: locs,
                    reds,
                });
            }};
        }
        match o.op {
            Op::Input(_) => {}
            Op::Add | Op::Sub | Op::And | Op::Or | Op::Xor | Op::Mul => {
                let alu = match o.op {
                    Op::Add => Alu::Add,
                    Op::Sub => Alu::Sub,
                    Op::And => Alu::And,
                    Op::Or => Alu::Or,
                    _ => Alu::Xor,
                };
                let (a0, a1) = (arg(0), arg(1));
                let keep: Vec<Reg> = [e.reg_of(a0), e.reg_of(a1)].into_iter().flatten().collect();
                let imm = imm(a1);
                if o.op == Op::Mul {
                    let (dst, _) = e.result_reg(n, Arg::C(0), false, &keep);
                    let r0 = e.get(a0, R11);
                    match imm {
                        Some(i) => e.a.imul_rri(dst, r0, i),
                        None => {
                            let r1 = e.get(a1, R10);
                            e.a.mov_rr(dst, r0);
                            e.a.imul_rr(dst, r1);
                        }
                    }
                    e.bind(n, dst);
                } else {
                    // (Reusing a0's register only when a1 is not in it.)
                    let reuse = e.reg_of(a0).is_some() && e.reg_of(a0) != e.reg_of(a1);
                    let (dst, same) = e.result_reg(n, a0, reuse, &keep);
                    if !same {
                        let r0 = e.get(a0, R11);
                        e.a.mov_rr(dst, r0);
                    }
                    match imm {
                        Some(i) => e.a.alu_ri(alu, dst, i),
                        None => {
                            let r1 = e.get(a1, R10);
                            e.a.alu_rr(alu, dst, r1);
                        }
                    }
                    e.bind(n, dst);
                }
            }
            Op::Neg | Op::Invert => {
                let a0 = arg(0);
                let reuse = e.reg_of(a0).is_some();
                let keep: Vec<Reg> = e.reg_of(a0).into_iter().collect();
                let (dst, same) = e.result_reg(n, a0, reuse, &keep);
                if !same {
                    let r0 = e.get(a0, R11);
                    e.a.mov_rr(dst, r0);
                }
                if o.op == Op::Neg {
                    e.a.neg(dst);
                } else {
                    e.a.not(dst);
                }
                e.bind(n, dst);
            }
            Op::AddOvf | Op::SubOvf | Op::MulOvf => {
                let (a0, a1) = (arg(0), arg(1));
                let keep: Vec<Reg> = [e.reg_of(a0), e.reg_of(a1)].into_iter().flatten().collect();
                // A fresh register: the snapshot may need the operands.
                let dst = e.alloc(&keep);
                let r0 = e.get(a0, R11);
                let r1 = e.get(a1, R10);
                e.a.mov_rr(dst, r0);
                match o.op {
                    Op::AddOvf => e.a.alu_rr(Alu::Add, dst, r1),
                    Op::SubOvf => e.a.alu_rr(Alu::Sub, dst, r1),
                    _ => e.a.imul_rr(dst, r1),
                }
                let j = e.a.jcc(cc::O);
                stub!(vec![j]);
                e.bind(n, dst);
            }
            Op::ICmp(_) | Op::UCmp(_) | Op::IsNone | Op::RefIs => {
                let c = condition(o.op).unwrap_or(cc::E);
                let (a0, a1) = if o.op == Op::IsNone {
                    (arg(0), Arg::C(0))
                } else {
                    (arg(0), arg(1))
                };
                let fused = uses[n] == 1
                    && t.ops.get(n + 1).is_some_and(|g| {
                        matches!(g.op, Op::GuardTrue | Op::GuardFalse)
                            && g.args.first() == Some(&Arg::V(n as u32))
                    });
                let dst = if fused {
                    None
                } else {
                    let keep: Vec<Reg> =
                        [e.reg_of(a0), e.reg_of(a1)].into_iter().flatten().collect();
                    Some(e.alloc(&keep))
                };
                let r0 = e.get(a0, R11);
                e.cmp(r0, a1);
                match dst {
                    Some(d) => {
                        e.a.set_bool(c, d);
                        e.bind(n, d);
                    }
                    None => flags = Some((n as u32, c)),
                }
            }
            Op::GuardTrue | Op::GuardFalse | Op::GuardNonNull => {
                let a0 = arg(0);
                let fail_cc = match (flags.take(), a0) {
                    (Some((v, c)), Arg::V(x)) if v == x => {
                        if o.op == Op::GuardFalse {
                            c
                        } else {
                            cc::not(c)
                        }
                    }
                    _ => {
                        let r = e.get(a0, R11);
                        e.a.test_rr(r, r);
                        if o.op == Op::GuardFalse {
                            cc::NE
                        } else {
                            cc::E
                        }
                    }
                };
                let j = e.a.jcc(fail_cc);
                stub!(vec![j]);
            }
            Op::GuardEq => {
                let (mut a0, mut a1) = (arg(0), arg(1));
                if matches!(a0, Arg::C(_)) {
                    std::mem::swap(&mut a0, &mut a1);
                }
                let r0 = e.get(a0, R11);
                e.cmp(r0, a1);
                let j = e.a.jcc(cc::NE);
                stub!(vec![j]);
            }
            Op::GuardNoExc => {
                e.a.mov_ri(R11, ctx_addr);
                e.a.cmp_mi8(mem(R11, CTX_EXC), 0);
                let j = e.a.jcc(cc::NE);
                stub!(vec![j]);
            }
            Op::GetField(off) | Op::GetImm(off) => {
                let a0 = arg(0);
                let reuse = e.reg_of(a0).is_some();
                let r0 = e.get(a0, R11);
                let (dst, _) = e.result_reg(n, a0, reuse, &[r0]);
                e.a.load(dst, mem(r0, off as i32));
                e.bind(n, dst);
            }
            Op::SetField(off) => {
                let r0 = e.get(arg(0), R11);
                match imm(arg(1)) {
                    Some(i) => e.a.store_imm(mem(r0, off as i32), i),
                    None => {
                        let r1 = e.get(arg(1), R10);
                        e.a.store(mem(r0, off as i32), r1);
                    }
                }
            }
            Op::ArrLoad | Op::ArrStore => {
                let (a0, a1) = (arg(0), arg(1));
                // The item's address: constant index in the displacement.
                let konst = match a1 {
                    Arg::C(k) => (k as i64)
                        .checked_mul(8)
                        .and_then(|d| d.checked_add(ARRAY_DATA as i64))
                        .and_then(|d| i32::try_from(d).ok()),
                    _ => None,
                };
                let r0 = e.get(a0, R11);
                let m = match konst {
                    Some(d) => mem(r0, d),
                    None => Mem {
                        base: r0,
                        index: Some((e.get(a1, R10), 8)),
                        disp: ARRAY_DATA,
                    },
                };
                if o.op == Op::ArrLoad {
                    let mut keep = vec![r0];
                    keep.extend(m.index.map(|(r, _)| r));
                    let (dst, _) = e.result_reg(n, Arg::C(0), false, &keep);
                    e.a.load(dst, m);
                    e.bind(n, dst);
                } else {
                    match arg(2) {
                        a2 if imm(a2).is_some() => e.a.store_imm(m, imm(a2).unwrap_or(0)),
                        Arg::V(v) if e.reg[v as usize].is_some() => {
                            let r = e.reg[v as usize].unwrap_or(RAX);
                            e.a.store(m, r);
                        }
                        a2 => {
                            // A third scratch: a register for the moment
                            // (spilling if it must).
                            let mut keep = vec![r0];
                            keep.extend(m.index.map(|(r, _)| r));
                            let tmp = e.alloc(&keep);
                            let r = e.get(a2, tmp);
                            e.a.store(m, r);
                        }
                    }
                }
            }
            Op::GlobalGet(g) => {
                let at = crate::ctx::program().globals as i64 + 8 * g as i64;
                let (dst, _) = e.result_reg(n, Arg::C(0), false, &[]);
                e.a.mov_ri(R11, at);
                e.a.load(dst, mem(R11, 0));
                e.bind(n, dst);
            }
            Op::GlobalSet(g) => {
                let at = crate::ctx::program().globals as i64 + 8 * g as i64;
                let r = e.get(arg(0), R10);
                e.a.mov_ri(R11, at);
                e.a.store(mem(R11, 0), r);
            }
            Op::InstanceOf(lo, hi) => {
                // Not None, and its type id in lo..=hi.
                let a0 = arg(0);
                let keep: Vec<Reg> = e.reg_of(a0).into_iter().collect();
                let dst = e.alloc(&keep);
                let r0 = e.get(a0, R11);
                e.a.mov_ri(dst, 0);
                e.a.test_rr(r0, r0);
                let none = e.a.jcc(cc::E);
                e.a.load32(R10, mem(r0, 0));
                e.a.alu_ri(Alu::Sub, R10, lo as i32);
                e.a.alu_ri(Alu::Cmp, R10, hi.wrapping_sub(lo) as i32);
                e.a.set_bool(cc::BE, dst);
                let here = e.a.code.len();
                e.a.patch(none, here);
                e.bind(n, dst);
            }
            Op::FloorDiv | Op::Mod => {
                // Python's `//` and `%` (the divisor is neither 0 nor -1:
                // a guard before says so): `idiv` truncates, then when the
                // remainder is not 0 and its sign differs from the
                // divisor's, the quotient is one less and the remainder
                // gets the divisor added. `idiv` needs rax and rdx.
                let (a0, a1) = (arg(0), arg(1));
                let r0 = e.get(a0, R10);
                if r0 != R10 {
                    e.a.mov_rr(R10, r0);
                }
                let r1 = e.get(a1, R11);
                if r1 != R11 {
                    e.a.mov_rr(R11, r1);
                }
                e.vacate(RAX, n);
                e.vacate(x64::RDX, n);
                e.a.mov_rr(RAX, R10);
                e.a.cqo();
                e.a.idiv(R11);
                e.a.test_rr(x64::RDX, x64::RDX);
                let exact = e.a.jcc(cc::E);
                e.a.mov_rr(R10, x64::RDX);
                e.a.alu_rr(Alu::Xor, R10, R11);
                let same_sign = e.a.jcc(cc::NS);
                if o.op == Op::FloorDiv {
                    e.a.alu_ri(Alu::Sub, RAX, 1);
                } else {
                    e.a.alu_rr(Alu::Add, x64::RDX, R11);
                }
                let here = e.a.code.len();
                e.a.patch(exact, here);
                e.a.patch(same_sign, here);
                e.bind(n, if o.op == Op::FloorDiv { RAX } else { x64::RDX });
            }
            Op::Call(th) => {
                for k in 0..o.args.len() {
                    let r = e.get(arg(k), R11);
                    e.a.store(mem(RSP, ARGS_AT + 8 * k as i32), r);
                }
                let refs = e.spill_all(n);
                e.expose(&refs);
                e.a.lea(RDI, mem(RSP, ARGS_AT));
                e.a.mov_ri(RAX, thunk_addr(th) as i64);
                e.a.call_r(RAX);
                e.unexpose(&refs);
                if o.kind != kind::VOID {
                    e.bind(n, RAX);
                }
            }
            Op::New(tid, size) => {
                // Everything in frame slots first: the fast path moves
                // nothing, the slow path may collect.
                let refs = e.spill_all(n);
                let mut done = None;
                let mut slow = None;
                if size <= 1024 {
                    e.a.mov_ri(R11, ctx_addr);
                    e.a.load(RAX, mem(R11, CTX_ALLOC_TOP));
                    e.a.lea(R10, mem(RAX, size as i32));
                    e.a.cmp_rm(R10, mem(R11, CTX_ALLOC_LIMIT));
                    slow = Some(e.a.jcc(cc::A));
                    e.a.store(mem(R11, CTX_ALLOC_TOP), R10);
                    e.a.store_imm(mem(RAX, 0), tid as i32);
                    done = Some(e.a.jmp());
                }
                if let Some(j) = slow {
                    let here = e.a.code.len();
                    e.a.patch(j, here);
                }
                e.expose(&refs);
                e.a.mov_ri(RDI, tid as i64);
                e.a.mov_ri(RSI, size as i64);
                e.a.mov_ri(RAX, crate::gc::kiln_alloc_slow as *const () as usize as i64);
                e.a.call_r(RAX);
                e.unexpose(&refs);
                if let Some(j) = done {
                    let here = e.a.code.len();
                    e.a.patch(j, here);
                }
                e.bind(n, RAX);
            }
            Op::Finish => {
                let j = e.a.jmp();
                exit_jumps.push(j);
                stub!(exit_jumps.clone());
                ends = true;
            }
            Op::Label => {
                // The params (the operations right after) get places, the
                // label's values move there.
                // Where the label's values are; then those dying here
                // leave their registers, which their params take when
                // they can (no move then).
                let srcs: Vec<Src> = o.args.iter().map(|&a| e.source(a)).collect();
                e.release(
                    n,
                    o.args.iter().filter_map(|a| match a {
                        Arg::V(v) => Some(*v),
                        _ => None,
                    }),
                );
                let mut params = Vec::new();
                for (k, src) in srcs.iter().enumerate() {
                    let p = n + 1 + k;
                    if t.ops.get(p).map(|o| o.op) != Some(Op::Param(k as u32)) {
                        return None;
                    }
                    if e.last[p].is_some() {
                        let r = match *src {
                            Src::Reg(r) if e.holds[r as usize].is_none() => r,
                            _ => e.alloc(&[]),
                        };
                        e.bind(p, r);
                        params.push((k, p));
                    }
                }
                // (After every allocation: one may have moved a param to
                // a frame slot.)
                let moves = params
                    .iter()
                    .map(|&(k, p)| (srcs[k], e.loc(p as u32)))
                    .collect();
                e.parallel_move(moves);
                let params = (n + 1) as u32..(n + 1 + o.args.len()) as u32;
                let mut live = e.live_round(params);
                // And the values from before the label the loop uses.
                for v in 0..n {
                    if e.last[v] == jump_at && e.loc(v as u32).is_some() {
                        live.push((v as u32, e.loc(v as u32)));
                    }
                }
                top = Some((e.a.code.len(), live));
            }
            Op::Param(_) => {}
            Op::Jump => {
                let (at, live) = top.take()?;
                // The params first (then the values from before the
                // label, which stay as they are).
                let nparams = live
                    .iter()
                    .take_while(|(v, _)| {
                        label_at.map_or((*v as usize) < ninputs, |l| (*v as usize) > l)
                    })
                    .count();
                let mut moves = Vec::new();
                for (k, &(v, dst)) in live.iter().enumerate() {
                    let src = if k < nparams {
                        let first = label_at.map_or(0, |l| l + 1) as u32;
                        e.source(arg((v - first) as usize))
                    } else {
                        e.source(Arg::V(v))
                    };
                    moves.push((src, dst));
                }
                e.parallel_move(moves);
                let j = e.a.jmp();
                e.a.patch(j, at);
                ends = true;
            }
            _ => return None,
        }
        // Registers of values used for the last time here.
        let operands = o.args.iter().filter_map(|a| match a {
            Arg::V(v) => Some(*v),
            _ => None,
        });
        let snap_vals: Vec<u32> = if has_exit(o.op) {
            let mut v = exits[o.snap as usize].clone();
            v.extend(
                merge_reds(o.snap)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|a| match a {
                        Arg::V(x) => Some(*x),
                        _ => None,
                    }),
            );
            v
        } else {
            Vec::new()
        };
        e.release(n, operands.chain(snap_vals));
        // A result nobody uses.
        if e.last[n].is_none() {
            e.release(n, std::iter::once(n as u32));
        }
        if ends {
            break;
        }
    }
    // (Calls need rsp 16-byte aligned; it is 8 past that at entry.)
    let mut frame = e.slot_base + 8 * e.nslots as i32;
    if frame % 16 == 0 {
        frame += 8;
    }
    if !ends {
        // Off the end of the trace: as Cranelift's code does.
        e.a.mov_ri(RAX, -1);
        e.a.alu_ri(Alu::Add, RSP, frame);
        e.a.ret();
    }
    e.a.patch_imm(frame_at, frame);
    let links: Box<[u64]> = vec![0u64; t.snaps.len()].into_boxed_slice();
    let links_addr = links.as_ptr() as i64;
    for s in &stubs {
        let here = e.a.code.len();
        for &j in &s.jumps {
            e.a.patch(j, here);
        }
        let ev = &exits[s.snap as usize];
        // Values in registers first (while every register still holds
        // what it held at the guard), then those in frame slots through
        // rax.
        e.a.load(R11, mem(RSP, 0));
        if ev.iter().any(|&v| t.ops[v as usize].kind == kind::REF) {
            e.a.mov_ri(R10, ctx_addr);
            e.a.load(R10, mem(R10, CTX_SS_TOP));
        }
        let dest = |k: usize| {
            if t.ops[ev[k] as usize].kind == kind::REF {
                mem(R10, 8 * k as i32)
            } else {
                mem(R11, 8 * k as i32)
            }
        };
        for (k, l) in s.exits.iter().enumerate() {
            if let Loc::Reg(r) = *l {
                e.a.store(dest(k), r);
            }
        }
        for (k, (a, l)) in s.reds.iter().enumerate() {
            if let (Arg::V(_), Loc::Reg(r)) = (a, *l) {
                e.a.store(mem(R11, 8 * (MERGE_INPUTS + k) as i32), r);
            }
        }
        for (k, l) in s.exits.iter().enumerate() {
            match *l {
                Loc::Slot(sl) => {
                    e.a.load(RAX, e.slot_mem(sl));
                    e.a.store(dest(k), RAX);
                }
                Loc::None => e.a.store_imm(dest(k), 0),
                Loc::Reg(_) => {}
            }
        }
        for (k, &(a, l)) in s.reds.iter().enumerate() {
            let at = mem(R11, 8 * (MERGE_INPUTS + k) as i32);
            match (a, l) {
                (Arg::V(_), Loc::Reg(_)) => {}
                (Arg::V(_), Loc::Slot(sl)) => {
                    e.a.load(RAX, e.slot_mem(sl));
                    e.a.store(at, RAX);
                }
                (Arg::V(_), Loc::None) => e.a.store_imm(at, 0),
                (c, _) if imm(c).is_some() => e.a.store_imm(at, imm(c).unwrap_or(0)),
                (other, _) => {
                    // (A constant: rax is free in a stub.)
                    let r = e.get(other, RAX);
                    e.a.store(at, r);
                }
            }
        }
        let code = (loop_id as u64) << 32 | s.snap as u64;
        e.a.mov_ri(RAX, code as i64);
        let pin = match link.get(s.snap as usize) {
            Some(Link::Bridge) => Some(mem(R11, 0)),
            Some(Link::Merge(_)) if merge_reds(s.snap).is_some() => {
                Some(mem(R11, 8 * MERGE_INPUTS as i32))
            }
            _ => None,
        };
        if let Some(pin) = pin {
            // The link word: when set, go on there with a tail call.
            e.a.mov_ri(RCX, links_addr + 8 * s.snap as i64);
            e.a.load(RCX, mem(RCX, 0));
            e.a.test_rr(RCX, RCX);
            let back = e.a.jcc(cc::E);
            e.a.lea(RDI, pin);
            e.a.mov_rr(RSI, R11);
            e.a.alu_ri(Alu::Add, RSP, frame);
            e.a.jmp_r(RCX);
            let here = e.a.code.len();
            e.a.patch(back, here);
        }
        e.a.alu_ri(Alu::Add, RSP, frame);
        e.a.ret();
    }
    if let Some(j) = full_jump {
        let here = e.a.code.len();
        e.a.patch(j, here);
        e.a.mov_ri(RAX, EXIT_SHADOW_STACK_FULL as i64);
        e.a.alu_ri(Alu::Add, RSP, frame);
        e.a.ret();
    }
    let code = match code_at(&e.a.code) {
        Ok(c) => c,
        Err(err) => return Some(Err(err)),
    };
    let exit_slots = exits
        .iter()
        .map(|ev| {
            ev.iter()
                .enumerate()
                .map(|(k, &v)| (t.ops[v as usize].kind == kind::REF).then_some(k as u32))
                .collect()
        })
        .collect();
    let nout = exits.iter().map(Vec::len).max().unwrap_or(0) + 1;
    Some(Ok(Compiled {
        code,
        nroots,
        ninputs,
        exit_slots,
        input_slots: input_slots.to_vec(),
        link: link.to_vec(),
        links,
        size: e.a.code.len(),
        nout,
        exits,
        direct: true,
    }))
}

/// Where a value to move comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Src {
    Reg(Reg),
    Slot(u32),
    Imm(i64),
    /// A constant reference (permanent root `p`).
    Perm(u32),
}

impl Loc {
    fn is_some(&self) -> bool {
        !matches!(self, Loc::None)
    }
}

impl Emit {
    /// Where operand `a` is now, as a move's source.
    fn source(&self, a: Arg) -> Src {
        match a {
            Arg::V(v) => match self.loc(v) {
                Loc::Reg(r) => Src::Reg(r),
                Loc::Slot(s) => Src::Slot(s),
                Loc::None => Src::Imm(0),
            },
            Arg::C(c) => Src::Imm(c as i64),
            Arg::R(p) => Src::Perm(p),
            Arg::Virt(_) => Src::Imm(0),
        }
    }

    /// The used values among `vals` and where they are (in order).
    fn live_round(&self, vals: std::ops::Range<u32>) -> Vec<(u32, Loc)> {
        vals.filter(|&v| self.last[v as usize].is_some() && self.loc(v).is_some())
            .map(|v| (v, self.loc(v)))
            .collect()
    }

    fn move1(&mut self, s: Src, d: Loc) {
        match (s, d) {
            (Src::Reg(r), Loc::Reg(x)) => {
                if r != x {
                    self.a.mov_rr(x, r)
                }
            }
            (Src::Reg(r), Loc::Slot(x)) => self.a.store(self.slot_mem(x), r),
            (Src::Slot(y), Loc::Reg(x)) => self.a.load(x, self.slot_mem(y)),
            (Src::Slot(y), Loc::Slot(x)) => {
                if x != y {
                    self.a.load(R10, self.slot_mem(y));
                    self.a.store(self.slot_mem(x), R10);
                }
            }
            (Src::Imm(c), Loc::Reg(x)) => self.a.mov_ri(x, c),
            (Src::Imm(c), Loc::Slot(x)) => match i32::try_from(c) {
                Ok(c) => self.a.store_imm(self.slot_mem(x), c),
                Err(_) => {
                    self.a.mov_ri(R10, c);
                    self.a.store(self.slot_mem(x), R10);
                }
            },
            (Src::Perm(p), d) => {
                let r = self.get(Arg::R(p), R10);
                self.move1(Src::Reg(r), d);
            }
            (_, Loc::None) => {}
        }
    }

    /// Makes every destination hold its source at once (sources may be
    /// other moves' destinations): moves whose destination no other move
    /// still reads go first; a cycle is broken through r11.
    fn parallel_move(&mut self, moves: Vec<(Src, Loc)>) {
        let reads = |s: &Src, d: &Loc| match (s, d) {
            (Src::Reg(r), Loc::Reg(x)) => r == x,
            (Src::Slot(y), Loc::Slot(x)) => y == x,
            _ => false,
        };
        let mut pending: Vec<(Src, Loc)> =
            moves.into_iter().filter(|(s, d)| !reads(s, d)).collect();
        while !pending.is_empty() {
            let ready = (0..pending.len()).find(|&i| {
                let d = pending[i].1;
                !pending
                    .iter()
                    .enumerate()
                    .any(|(j, (s, _))| j != i && reads(s, &d))
            });
            match ready {
                Some(i) => {
                    let (s, d) = pending.remove(i);
                    self.move1(s, d);
                }
                None => {
                    let d = pending[0].1;
                    let saved = match d {
                        Loc::Reg(r) => Src::Reg(r),
                        Loc::Slot(x) => Src::Slot(x),
                        Loc::None => Src::Imm(0),
                    };
                    self.move1(saved, Loc::Reg(R11));
                    for (s, _) in pending.iter_mut() {
                        if reads(s, &d) {
                            *s = Src::Reg(R11);
                        }
                    }
                }
            }
        }
    }
}

/// Executable memory that directly written code is placed in: chunks
/// mapped from the system, each page writable only while code is copied
/// into it.
#[derive(Default)]
pub struct CodeArea {
    /// The current chunk, its size and how much of it is used.
    chunk: usize,
    size: usize,
    used: usize,
}

/// Size of a chunk of code memory.
const CHUNK: usize = 1 << 20;

impl CodeArea {
    /// Copies `code` into executable memory: its address.
    pub fn place(&mut self, code: &[u8]) -> Result<usize, String> {
        const PAGE: usize = 4096;
        let len = code.len();
        if self.chunk == 0 || self.used + len > self.size {
            let size = len.div_ceil(PAGE).max(1) * PAGE;
            let size = size.max(CHUNK);
            // SAFETY: a fresh private anonymous mapping.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    size,
                    libc::PROT_READ | libc::PROT_EXEC,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if p == libc::MAP_FAILED {
                return Err("no memory for compiled code".to_string());
            }
            self.chunk = p as usize;
            self.size = size;
            self.used = 0;
        }
        let at = self.chunk + self.used;
        let first = at & !(PAGE - 1);
        let end = (at + len).div_ceil(PAGE) * PAGE;
        // SAFETY: pages of our own mapping; nothing runs in the bytes
        // being written (they are new), and the rest of those pages is
        // readable while writable.
        unsafe {
            if libc::mprotect(
                first as *mut _,
                end - first,
                libc::PROT_READ | libc::PROT_WRITE,
            ) != 0
            {
                return Err("cannot write compiled code".to_string());
            }
            std::ptr::copy_nonoverlapping(code.as_ptr(), at as *mut u8, len);
            if libc::mprotect(
                first as *mut _,
                end - first,
                libc::PROT_READ | libc::PROT_EXEC,
            ) != 0
            {
                return Err("cannot make compiled code executable".to_string());
            }
        }
        // Functions start 16-byte aligned.
        self.used = (self.used + len).div_ceil(16) * 16;
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::super::codegen::{self, Backend};
    use super::super::trace;
    use super::*;

    /// Compiles `text` (a bridge) through Cranelift and directly.
    fn both(be: &mut Backend, text: &str) -> [Compiled; 2] {
        let t = trace::parse(text).expect("trace");
        let links = vec![Link::None; t.snaps.len()];
        [false, true].map(|direct| {
            be.direct = direct;
            codegen::compile(be, &t, &|_| 0, 7, links.clone(), &[]).expect("compiled")
        })
    }

    /// Runs `c` with `inputs` and a fresh copy of `array` (header,
    /// length, items) as its reference input `array_input`: the exit code
    /// and the exit values (from `out`, or from their root slots), and the
    /// array afterwards.
    fn run(
        be: &Backend,
        c: &Compiled,
        inputs: &[u64],
        array: &[u64],
        array_input: usize,
    ) -> (u64, Vec<u64>, Vec<u64>) {
        // The runtime's state is global: the test kit's lock keeps the
        // other runtime tests out meanwhile.
        let _one = crate::testkit::setup(crate::layout::gc_kind::COPYING, false);
        let mut arr = array.to_vec();
        let mut ins = inputs.to_vec();
        if array_input < ins.len() {
            ins[array_input] = arr.as_mut_ptr() as u64;
        }
        let mut roots = vec![0u64; 64];
        let cx = crate::ctx::ctx();
        let saved = (cx.ss_top, cx.ss_limit);
        cx.ss_top = roots.as_mut_ptr() as usize;
        cx.ss_limit = cx.ss_top + 8 * roots.len();
        let mut out = vec![0u64; codegen::OUT_WORDS];
        let code = (be.enter)(c.code, ins.as_ptr(), out.as_mut_ptr());
        let cx = crate::ctx::ctx();
        assert_eq!(cx.ss_top, roots.as_ptr() as usize, "shadow stack top moved");
        (cx.ss_top, cx.ss_limit) = saved;
        let g = (code & 0xffff_ffff) as usize;
        let vals = match c.exit_slots.get(g) {
            Some(slots) => slots
                .iter()
                .enumerate()
                .map(|(k, s)| match s {
                    Some(s) => roots[*s as usize],
                    None => out[k],
                })
                .collect(),
            None => Vec::new(),
        };
        // The array's address differs from run to run: compare contents.
        let vals = vals
            .into_iter()
            .map(|v| {
                if v == arr.as_ptr() as u64 {
                    u64::MAX - 7
                } else {
                    v
                }
            })
            .collect();
        (code, vals, arr)
    }

    /// A bridge with each kind of operation, run on inputs that leave at
    /// each of its exits: the direct code does what Cranelift's does.
    #[test]
    fn direct_code_matches_cranelift() {
        let mut be = Backend::new().expect("backend");
        let text = "
            i0 = input0()
            r1 = input1()
            i2 = input2()
            i3 = getfield[8](v1)
            i4 = uint_lt(v0, v3)
            guard_true(v4) [guard: v0 v1 v2]
            i6 = arr_load(v1, v0)
            i7 = add(v6, v2)
            i8 = mul(v7, 3)
            i9 = sub(v8, v0)
            arr_store(v1, v0, v9)
            i11 = int_lt(v9, 100)
            guard_false(v11) [guard: v9 v1 v0]
            i13 = xor(v9, v0)
            i14 = and(v13, 255)
            i15 = or(v14, 4096)
            i16 = mul(v15, v2)
            i17 = neg(v16)
            i18 = arr_load(v1, 1)
            i19 = int_gt(v18, 40)
            guard_false(v19) [guard: v17 v19 v1]
            i21 = int_ge(v18, v0)
            i22 = invert(v21)
            arr_store(v1, 2, v22)
            finish() [guard: v21 v17 v1 v18 v2 v22]
        ";
        let [cl, di] = both(&mut be, text);
        let array = [9, 3, 50, 7, 11];
        let mut exits = std::collections::BTreeSet::new();
        for inputs in [[0u64, 0, 5], [2, 0, 1], [3, 0, 1], [1, 0, 40], [0, 0, 40]] {
            let want = run(&be, &cl, &inputs, &array, 1);
            let got = run(&be, &di, &inputs, &array, 1);
            assert_eq!(got, want, "inputs {inputs:?}");
            exits.insert(want.0);
        }
        // Every exit was taken (loop 7, snapshots 0 to 3).
        let all: Vec<u64> = (0..4).map(|g| 7 << 32 | g).collect();
        assert_eq!(exits.into_iter().collect::<Vec<_>>(), all);
    }

    /// Python's `//` and `%` on every sign combination.
    #[test]
    fn floor_division_matches_cranelift() {
        let mut be = Backend::new().expect("backend");
        let text = "
            i0 = input0()
            i1 = input1()
            i2 = floor_div(v0, v1)
            i3 = mod(v0, v1)
            i4 = add(v2, v3)
            finish() [guard: v0 v1 v2 v3 v4]
        ";
        let [cl, di] = both(&mut be, text);
        assert!(di.direct);
        for (x, y) in [
            (7i64, 2i64),
            (-7, 2),
            (7, -2),
            (-7, -2),
            (6, 3),
            (-6, 3),
            (0, 5),
            (i64::MIN, 2),
        ] {
            let inputs = [x as u64, y as u64];
            let want = run(&be, &cl, &inputs, &[], usize::MAX);
            let got = run(&be, &di, &inputs, &[], usize::MAX);
            assert_eq!(got, want, "{x} // {y}");
        }
    }

    /// More values live at once than there are registers: some wait in
    /// frame slots, and an exit finds each where it is.
    #[test]
    fn spilled_values_reach_the_exits() {
        let mut be = Backend::new().expect("backend");
        let mut text = String::new();
        for k in 0..12 {
            text += &format!("i{k} = input{k}()\n");
        }
        // Sums of neighbours, all kept to the end.
        for k in 0..11 {
            text += &format!("i{} = add(v{k}, v{})\n", 12 + k, k + 1);
        }
        text += "i23 = int_gt(v22, 1000)\n";
        text += "guard_false(v23) [guard: v0 v5 v11 v12 v17 v22]\n";
        let all: Vec<String> = (0..23).map(|k| format!("v{k}")).collect();
        text += &format!("finish() [guard: {}]\n", all.join(" "));
        let [cl, di] = both(&mut be, &text);
        let mut exits = std::collections::BTreeSet::new();
        for base in [1u64, 100, 1000] {
            let inputs: Vec<u64> = (0..12).map(|k| base + k * 3).collect();
            let want = run(&be, &cl, &inputs, &[], usize::MAX);
            let got = run(&be, &di, &inputs, &[], usize::MAX);
            assert_eq!(got, want, "base {base}");
            exits.insert(want.0);
        }
        assert_eq!(exits.len(), 2, "both exits taken");
    }

    /// Loops, peeled (a label and params) or not, with invariant values
    /// used round the loop, a swap of loop values (a cycle of moves at
    /// the jump) and values in frame slots: each leaves at the same exit
    /// with the same values as Cranelift's code.
    #[test]
    fn direct_loops_match_cranelift() {
        let mut be = Backend::new().expect("backend");
        let peeled = "
            i0 = input0()
            i1 = input1()
            i2 = input2()
            r3 = input3()
            i4 = int_lt(v0, v1)
            guard_true(v4) [guard: v0 v2]
            i6 = getfield[8](v3)
            i7 = uint_lt(v0, v6)
            guard_true(v7) [guard: v0 v2 v3]
            i9 = arr_load(v3, v0)
            i10 = add(v2, v9)
            i11 = add(v0, 1)
            label(v11, v1, v10, v3)
            i13 = param0()
            i14 = param1()
            i15 = param2()
            r16 = param3()
            i17 = int_lt(v13, v14)
            guard_true(v17) [guard: v13 v15]
            i19 = uint_lt(v13, v6)
            guard_true(v19) [guard: v13 v15 v16]
            i21 = arr_load(v16, v13)
            i22 = add(v15, v21)
            i23 = mul(v22, 3)
            i24 = and(v23, 65535)
            i25 = add(v13, 1)
            jump(v25, v14, v24, v16)
        ";
        let [cl, di] = both(&mut be, peeled);
        if std::env::var("KQ_DUMP").is_ok() {
            let bytes = unsafe { std::slice::from_raw_parts(di.code as *const u8, di.size) };
            std::fs::write("/tmp/m/dump.bin", bytes).unwrap();
        }
        let array = [0, 5, 10, 20, 30, 40, 50];
        let mut exits = std::collections::BTreeSet::new();
        for inputs in [[0u64, 3, 1, 0], [0, 10, 2, 0], [7, 10, 0, 0], [0, 0, 5, 0]] {
            let want = run(&be, &cl, &inputs, &array, 3);
            let got = run(&be, &di, &inputs, &array, 3);
            assert_eq!(got, want, "peeled, inputs {inputs:?}");
            exits.insert(want.0 & 0xffff_ffff);
        }
        assert_eq!(exits.len(), 4, "peeled: every exit taken");
        let swap = "
            i0 = input0()
            i1 = input1()
            i2 = input2()
            i3 = add(v0, v2)
            i4 = int_gt(v3, 500)
            guard_false(v4) [guard: v0 v1 v2]
            i6 = add(v2, 1)
            jump(v1, v3, v6)
        ";
        let [cl, di] = both(&mut be, swap);
        for inputs in [[1u64, 2, 3], [400, 0, 1]] {
            let want = run(&be, &cl, &inputs, &[], usize::MAX);
            let got = run(&be, &di, &inputs, &[], usize::MAX);
            assert_eq!(got, want, "swap, inputs {inputs:?}");
        }
        // Ten values turning round (three of them in frame slots).
        let mut rot = String::new();
        for k in 0..10 {
            rot += &format!("i{k} = input{k}()\n");
        }
        rot += "i10 = add(v0, 1)\ni11 = int_gt(v10, 40)\n";
        rot += "guard_false(v11) [guard: v0 v1 v2 v3 v4 v5 v6 v7 v8 v9]\n";
        rot += "i13 = add(v9, v1)\n";
        rot += "jump(v10, v2, v3, v4, v5, v6, v7, v8, v13, v1)\n";
        let [cl, di] = both(&mut be, &rot);
        let inputs: Vec<u64> = (0..10).map(|k| k * 7 + 1).collect();
        let want = run(&be, &cl, &inputs, &[], usize::MAX);
        let got = run(&be, &di, &inputs, &[], usize::MAX);
        assert_eq!(got, want, "rotation");
        assert!(di.direct && !cl.direct);
    }

    /// Operations the direct path does not write (floats, Python's `//`)
    /// leave the trace to Cranelift.
    #[test]
    fn floats_and_floor_division_go_to_cranelift() {
        for op in ["f_add", "i_to_f"] {
            let text = format!("i0 = input0()\ni1 = {op}(v0, v0)\nfinish() [guard: v1]\n");
            let t = trace::parse(&text).expect("trace");
            let mut place = |_: &[u8]| -> Result<usize, String> { panic!("nothing to place") };
            assert!(compile(&t, 0, &[Link::None], &[], &|_| 0, &mut place).is_none());
        }
    }
}
