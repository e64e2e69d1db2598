//! The meta-interpreter over jitcodes. Without a recorder it is the
//! *blackhole* interpreter: it runs the interpreter's own code (calling
//! AOT functions for calls) from wherever a compiled loop left off, until
//! the portal's next merge point. With a [`Recorder`] it is the *tracer*:
//! it runs the same code while recording each operation on red values in a
//! [`Trace`], folding operations on constants (greens and promoted values),
//! inlining calls, and closing the loop at the merge point it started from.
//!
//! Each frame keeps its reference registers in the GC's shadow stack, so
//! collections during calls see and update them.

use super::program::{JThunk, JitProgram};
use super::trace::{Arg, Op, SFrame, Snapshot, Trace};
use crate::ctx::ctx;
use crate::jitcode::{self as jc, jop, kind, tflag};
use std::collections::{HashMap, HashSet};

const IDX_MASK: u32 = (1 << 28) - 1;
/// Deepest inlining while tracing.
const MAX_INLINE_DEPTH: usize = 24;
/// Longest list whose making the tracer records as allocations the
/// optimizer may remove (longer ones stay a call).
const MAX_RECORDED_LIST: u64 = 16;

/// An interpreter frame.
pub struct Frame {
    /// Jitcode function.
    pub func: u32,
    /// Current instruction (for callers: the call being made).
    pub pc: u32,
    /// Int-bank registers.
    pub ri: Vec<u64>,
    /// Address of the reference registers in the shadow stack.
    pub rbase: usize,
    /// Trace values of the int registers (tracing only).
    pub ti: Vec<Arg>,
    /// Trace values of the reference registers (tracing only).
    pub tr: Vec<Arg>,
}

/// How a run of the interpreter ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// At the portal's merge point; greens and reds are in the state buffer.
    Continue,
    /// The portal returned this word.
    Return(u64),
    /// The portal raised (the exception is pending).
    Raise,
    /// Tracing closed the loop; greens and reds are in the state buffer.
    LoopClosed,
}

/// What the tracer keeps while recording.
pub struct Recorder {
    /// The trace so far.
    pub trace: Trace,
    /// The greens the trace started from.
    pub greens: Vec<u64>,
    /// Longest trace.
    pub limit: usize,
    /// Values known not to be None.
    pub nonnull: HashSet<u32>,
    /// Why tracing stopped without closing the loop.
    pub aborted: Option<String>,
    /// Tracing a bridge (from a guard): it never closes a loop of its own.
    pub bridge: bool,
    /// The starting greens as trace constants (references among them are
    /// held by permanent roots, so they stay current across collections).
    pub green_args: Vec<Arg>,
    /// The greens of the merge points passed so far (seeing one again
    /// means going round an inner loop).
    pub passed: super::hash::Set<Vec<u64>>,
    /// Past the limit: the trace ends at the next merge point of the
    /// portal (it is aborted only at twice the limit).
    pub over: bool,
}

/// A decoded instruction.
#[derive(Clone, Copy)]
struct Ins {
    op: u8,
    nargs: usize,
    flags: u32,
    cond: u8,
    imm: u32,
    imm2: u32,
    thunk: u32,
    res: Option<u32>,
    args: usize,
    catch: Option<usize>,
    next: usize,
}

/// The meta-interpreter.
pub struct Interp {
    p: &'static JitProgram,
    /// The frame stack, outermost (the portal) first.
    pub frames: Vec<Frame>,
    /// The recorder when tracing.
    pub rec: Option<Recorder>,
    /// Index of the driver.
    pub driver: u32,
    constrefs: &'static mut HashMap<u64, u32>,
}

/// The JIT's table of constant references (permanent GC roots).
pub fn ref_const(table: &mut HashMap<u64, u32>, v: u64) -> Arg {
    if v == 0 {
        return Arg::C(0);
    }
    if let Some(&i) = table.get(&v) {
        if crate::gc::permanent(i as usize) as u64 == v {
            return Arg::R(i);
        }
    }
    let i = crate::gc::add_permanent(v as usize) as u32;
    table.insert(v, i);
    Arg::R(i)
}

/// The current value of a constant operand.
pub fn const_value(a: Arg) -> u64 {
    match a {
        Arg::C(c) => c,
        Arg::R(r) => crate::gc::permanent(r as usize) as u64,
        Arg::V(_) | Arg::Virt(_) => 0,
    }
}

fn cmp_i(c: u8, a: i64, b: i64) -> bool {
    match c {
        0 => a == b,
        1 => a != b,
        2 => a < b,
        3 => a <= b,
        4 => a > b,
        _ => a >= b,
    }
}

fn cmp_u(c: u8, a: u64, b: u64) -> bool {
    match c {
        0 => a == b,
        1 => a != b,
        2 => a < b,
        3 => a <= b,
        4 => a > b,
        _ => a >= b,
    }
}

fn cmp_f(c: u8, a: f64, b: f64) -> bool {
    match c {
        0 => a == b,
        1 => a != b,
        2 => a < b,
        3 => a <= b,
        4 => a > b,
        _ => a >= b,
    }
}

fn f(x: u64) -> f64 {
    f64::from_bits(x)
}

/// Type id of a (non-None) object.
pub(crate) fn tid_of(x: u64) -> u32 {
    // SAFETY: `x` is a live object; its header starts with the type id.
    unsafe { *(x as *const u32) }
}

/// Register buffers and frame stacks of finished meta-interpreters, for
/// the next ones (a guard failure runs one to the next merge point; most
/// are short).
struct Spare(std::cell::UnsafeCell<Buffers>);
/// Register buffers, frame stacks.
type Buffers = (Vec<Vec<u64>>, Vec<Vec<Frame>>);
// SAFETY: Kiln programs are single-threaded.
unsafe impl Sync for Spare {}
static SPARE: Spare = Spare(std::cell::UnsafeCell::new((Vec::new(), Vec::new())));
/// Most buffers kept.
const SPARE_MAX: usize = 64;

fn spare() -> &'static mut Buffers {
    // SAFETY: single-threaded; no caller keeps the reference across a
    // call that takes it again.
    unsafe { &mut *SPARE.0.get() }
}

/// `n` zero words, in a buffer used before when there is one.
fn zeroed_words(n: usize) -> Vec<u64> {
    match spare().0.pop() {
        Some(mut v) => {
            v.clear();
            v.resize(n, 0);
            v
        }
        None => vec![0; n],
    }
}

impl Drop for Interp {
    fn drop(&mut self) {
        let mut frames = std::mem::take(&mut self.frames);
        let sp = spare();
        for fr in frames.drain(..) {
            if sp.0.len() < SPARE_MAX {
                sp.0.push(fr.ri);
            }
        }
        if sp.1.len() < SPARE_MAX {
            sp.1.push(frames);
        }
    }
}

impl Interp {
    /// A meta-interpreter for `p` without frames.
    pub fn new(
        p: &'static JitProgram,
        driver: u32,
        constrefs: &'static mut HashMap<u64, u32>,
    ) -> Interp {
        Interp {
            p,
            frames: spare().1.pop().unwrap_or_default(),
            rec: None,
            driver,
            constrefs,
        }
    }

    /// Pushes a frame of function `func` at `pc` with zeroed registers.
    pub fn push_frame(&mut self, func: u32, pc: u32) {
        let jf = &self.p.funcs[func as usize];
        let c = ctx();
        let nr = jf.nregs_r as usize;
        if c.ss_top + 8 * nr > c.ss_limit {
            crate::fatal::die("shadow stack overflow");
        }
        let rbase = c.ss_top;
        // SAFETY: the slots are inside the shadow stack (checked above).
        unsafe { std::ptr::write_bytes(rbase as *mut u64, 0, nr) };
        c.ss_top += 8 * nr;
        let tracing = self.rec.is_some();
        self.frames.push(Frame {
            func,
            pc,
            ri: zeroed_words(jf.nregs_i as usize),
            rbase,
            ti: if tracing {
                vec![Arg::C(0); jf.nregs_i as usize]
            } else {
                Vec::new()
            },
            tr: if tracing {
                vec![Arg::C(0); nr]
            } else {
                Vec::new()
            },
        });
    }

    /// Pops the top frame (and its shadow-stack slots).
    pub fn pop_frame(&mut self) {
        if let Some(fr) = self.frames.pop() {
            ctx().ss_top = fr.rbase;
            let sp = spare();
            if sp.0.len() < SPARE_MAX {
                sp.0.push(fr.ri);
            }
        }
    }

    /// Pops every frame.
    pub fn clear(&mut self) {
        while !self.frames.is_empty() {
            self.pop_frame();
        }
    }

    fn decode(&self, pc: usize) -> Ins {
        let code = &self.p.code;
        let h = code[pc];
        let op = (h & 0xff) as u8;
        let nargs = ((h >> 8) & 0xff) as usize;
        let flags = (h >> 16) & 0xff;
        let cond = (h >> 24) as u8;
        let mut p = pc + jc::HEADER_WORDS;
        let res = if flags & jc::F_RES != 0 {
            p += 1;
            Some(code[p - 1])
        } else {
            None
        };
        let args = p;
        p += nargs;
        let mut catch = None;
        match op {
            jop::GOTO => {
                catch = Some(p);
                p = self.edge_end(p);
            }
            jop::BRANCH => {
                p = self.edge_end(p);
                p = self.edge_end(p);
            }
            jop::SWITCH => {
                let n = code[pc + 1] as usize;
                for _ in 0..n {
                    p = self.edge_end(p + 2);
                }
                p = self.edge_end(p);
            }
            _ => {
                if flags & jc::F_CATCH != 0 {
                    catch = Some(p);
                    p = self.edge_end(p);
                }
            }
        }
        Ins {
            op,
            nargs,
            flags,
            cond,
            imm: code[pc + 1],
            imm2: code[pc + 2],
            thunk: code[pc + 3],
            res,
            args,
            catch,
            next: p,
        }
    }

    fn edge_end(&self, p: usize) -> usize {
        p + 2 + 2 * self.p.code[p + 1] as usize
    }

    fn opnd(&self, ins: &Ins, k: usize) -> u32 {
        self.p.code[ins.args + k]
    }

    /// The value of operand `o` in the top frame.
    fn get(&self, o: u32) -> u64 {
        let fr = self.frames.last().expect("frame");
        self.get_in(fr, o)
    }

    fn get_in(&self, fr: &Frame, o: u32) -> u64 {
        let i = (o & IDX_MASK) as usize;
        match o & jc::OPND_TAG {
            jc::OPND_I => fr.ri[i],
            // SAFETY: reference registers live in the frame's shadow-stack slots.
            jc::OPND_R => unsafe { *(fr.rbase as *const u64).add(i) },
            _ => self.p.consts.get(i).copied().unwrap_or(0),
        }
    }

    /// The trace value of operand `o` in the top frame (tracing only).
    fn targ(&mut self, o: u32) -> Arg {
        let i = (o & IDX_MASK) as usize;
        match o & jc::OPND_TAG {
            jc::OPND_I => self.frames.last().map_or(Arg::C(0), |f| f.ti[i]),
            jc::OPND_R => self.frames.last().map_or(Arg::C(0), |f| f.tr[i]),
            jc::OPND_CONST => Arg::C(self.p.consts.get(i).copied().unwrap_or(0)),
            _ => {
                let v = self.p.consts.get(i).copied().unwrap_or(0);
                ref_const(self.constrefs, v)
            }
        }
    }

    fn set(&mut self, o: u32, v: u64, a: Arg) {
        let tracing = self.rec.is_some();
        let fr = self.frames.last_mut().expect("frame");
        let i = (o & IDX_MASK) as usize;
        match o & jc::OPND_TAG {
            jc::OPND_I => {
                fr.ri[i] = v;
                if tracing {
                    fr.ti[i] = a;
                }
            }
            jc::OPND_R => {
                // SAFETY: as in `get_in`.
                unsafe { *(fr.rbase as *mut u64).add(i) = v };
                if tracing {
                    fr.tr[i] = a;
                }
            }
            _ => {}
        }
    }

    /// Sets a register of the top frame from a raw value and its trace value.
    pub fn set_reg(&mut self, o: u32, v: u64, a: Arg) {
        self.set(o, v, a)
    }

    fn konst(&mut self, k: u8, v: u64) -> Arg {
        if k == kind::REF {
            ref_const(self.constrefs, v)
        } else {
            Arg::C(v)
        }
    }

    fn abort(&mut self, why: &str) {
        if let Some(r) = self.rec.take() {
            let _ = r;
            super::note_abort(self.driver, why);
        }
    }

    /// The registers live at `pc` in frame `fr` with their trace values.
    fn snap_regs(&self, fr: &Frame, pc: usize) -> Vec<(u32, Arg)> {
        let live = self.p.code[pc + 4] as usize;
        let n = self.p.lives.get(live).copied().unwrap_or(0) as usize;
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            let o = self.p.lives[live + 1 + k];
            let i = (o & IDX_MASK) as usize;
            let a = match o & jc::OPND_TAG {
                jc::OPND_I => fr.ti[i],
                jc::OPND_R => fr.tr[i],
                _ => continue,
            };
            out.push((o, a));
        }
        out
    }

    /// A snapshot resuming the top frame at `pc`.
    fn snapshot(&self, pc: usize, exc: bool) -> Snapshot {
        let n = self.frames.len();
        let frames = self
            .frames
            .iter()
            .enumerate()
            .map(|(k, fr)| {
                let at = if k + 1 == n { pc } else { fr.pc as usize };
                SFrame {
                    func: fr.func,
                    pc: at as u32,
                    regs: self.snap_regs(fr, at),
                }
            })
            .collect();
        Snapshot {
            frames,
            exc,
            virtuals: Vec::new(),
        }
    }

    fn record(&mut self, op: Op, args: Vec<Arg>, k: u8) -> Arg {
        match &mut self.rec {
            Some(r) => r.trace.push(op, args, k),
            None => Arg::C(0),
        }
    }

    fn guard(&mut self, op: Op, args: Vec<Arg>, pc: usize, exc: bool) {
        if self.rec.is_none() {
            return;
        }
        let s = self.snapshot(pc, exc);
        if let Some(r) = &mut self.rec {
            r.trace.guard(op, args, s);
        }
    }

    fn pure_op(&mut self, op: Op, args: Vec<Arg>, k: u8, v: u64) -> Arg {
        if self.rec.is_none() {
            return Arg::C(0);
        }
        if args.iter().all(|a| a.is_const()) {
            return self.konst(k, v);
        }
        self.record(op, args, k)
    }

    fn known_nonnull(&self, a: Arg) -> bool {
        match a {
            Arg::R(_) | Arg::Virt(_) => true,
            Arg::C(c) => c != 0,
            Arg::V(v) => self.rec.as_ref().is_some_and(|r| r.nonnull.contains(&v)),
        }
    }

    fn guard_nonnull(&mut self, a: Arg, pc: usize) {
        if self.rec.is_none() || self.known_nonnull(a) {
            return;
        }
        self.guard(Op::GuardNonNull, vec![a], pc, false);
        if let (Arg::V(v), Some(r)) = (a, &mut self.rec) {
            r.nonnull.insert(v);
        }
    }

    fn thunk(&self, idx: u32) -> Option<JThunk> {
        self.p.thunks.get(idx as usize).copied()
    }

    /// Calls the instruction's thunk with its operands, recorded as a
    /// residual call when tracing; `None` when it raised.
    fn call_thunk(&mut self, ins: &Ins, pc: usize) -> Option<u64> {
        let tracing = self.rec.is_some();
        let targs: Vec<Arg> = if tracing {
            (0..ins.nargs)
                .map(|k| self.targ(self.opnd(ins, k)))
                .collect()
        } else {
            Vec::new()
        };
        let r = self.call_unrecorded(ins)?;
        if let (true, Some(t)) = (tracing, self.thunk(ins.thunk)) {
            let rk = t.result_kind();
            let pure = t.flags & tflag::PURE != 0;
            let a = if pure && targs.iter().all(|a| a.is_const()) {
                self.konst(rk, r)
            } else {
                let a = self.record(Op::Call(ins.thunk), targs, rk);
                if t.flags & tflag::RAISES != 0 {
                    self.guard(Op::GuardNoExc, vec![], pc, true);
                }
                a
            };
            if let Some(o) = ins.res {
                self.set(o, r, a);
            }
        } else if let Some(o) = ins.res {
            self.set(o, r, Arg::C(0));
        }
        Some(r)
    }

    /// Takes the edge at code position `e` in the top frame.
    fn take_edge(&mut self, e: usize) {
        let code = &self.p.code;
        let target = code[e];
        let n = code[e + 1] as usize;
        let tracing = self.rec.is_some();
        // The moves are parallel: every source is read before any
        // destination is written (on the stack for the usual few).
        let mut small = [(0u32, 0u64, Arg::C(0)); 16];
        let mut big = Vec::new();
        let vals: &mut [(u32, u64, Arg)] = if n <= small.len() {
            &mut small[..n]
        } else {
            big.resize(n, (0u32, 0u64, Arg::C(0)));
            &mut big
        };
        for (k, slot) in vals.iter_mut().enumerate() {
            let dst = code[e + 2 + 2 * k];
            let src = code[e + 3 + 2 * k];
            *slot = if src == jc::EXC_OPERAND {
                let x = ctx().exc as u64;
                ctx().exc = 0;
                (dst, x, Arg::C(0))
            } else {
                let v = self.get(src);
                let a = if tracing { self.targ(src) } else { Arg::C(0) };
                (dst, v, a)
            };
        }
        for &(d, v, a) in vals.iter() {
            self.set(d, v, a);
        }
        if let Some(fr) = self.frames.last_mut() {
            fr.pc = target;
        }
    }

    /// Handles the pending exception at the top frame's instruction:
    /// its catch edge, or out of the frame. `Some` when it leaves the portal.
    fn unwind(&mut self) -> Option<Exit> {
        self.abort("exception");
        loop {
            let pc = self.frames.last()?.pc as usize;
            let ins = self.decode(pc);
            if let (Some(c), false) = (ins.catch, ins.op == jop::GOTO) {
                self.take_edge(c);
                return None;
            }
            self.pop_frame();
            if self.frames.is_empty() {
                return Some(Exit::Raise);
            }
        }
    }

    /// Guards each green of merge point `ins` (at `pc`) that is not a
    /// trace constant to its current value, so that it is one from here.
    fn guard_greens(&mut self, ins: &Ins, pc: usize) {
        let ng = self.p.drivers[self.driver as usize].greens.len();
        for k in 0..ng {
            let (v, a) = self.a(ins, k);
            if !a.is_const() {
                let kk = self.p.drivers[self.driver as usize].greens[k];
                let c = self.konst(kk, v);
                self.guard(Op::GuardEq, vec![a, c], pc, false);
                self.set(self.opnd(ins, k), v, c);
            }
        }
    }

    /// Writes the merge point's greens and reds (top frame at `pc`) into the buffer.
    fn store_merge_args(&mut self, ins: &Ins) {
        let st = super::state();
        for k in 0..ins.nargs {
            st.buf[k] = self.get(self.opnd(ins, k));
        }
    }

    /// Runs from the top frame's pc until the portal's merge point, return
    /// or raise (or until the loop is closed when tracing).
    pub fn run(&mut self) -> Exit {
        loop {
            if let Some(r) = &mut self.rec {
                let n = r.trace.ops.len();
                if n > r.limit.saturating_mul(2) {
                    self.abort("trace too long");
                } else if n > r.limit {
                    r.over = true;
                }
            }
            let Some(fr) = self.frames.last() else {
                return Exit::Raise;
            };
            let pc = fr.pc as usize;
            let ins = self.decode(pc);
            if let Some(e) = self.step(pc, &ins) {
                return e;
            }
        }
    }

    fn advance(&mut self, ins: &Ins) {
        if let Some(fr) = self.frames.last_mut() {
            fr.pc = ins.next as u32;
        }
    }

    fn a(&mut self, ins: &Ins, k: usize) -> (u64, Arg) {
        let o = self.opnd(ins, k);
        let v = self.get(o);
        let a = if self.rec.is_some() {
            self.targ(o)
        } else {
            Arg::C(0)
        };
        (v, a)
    }

    fn result(&mut self, ins: &Ins, v: u64, a: Arg) {
        if let Some(o) = ins.res {
            self.set(o, v, a);
        }
    }

    /// Runs one instruction; `Some` when the run ends.
    fn step(&mut self, pc: usize, ins: &Ins) -> Option<Exit> {
        let tracing = self.rec.is_some();
        let rk = ((ins.flags >> 4) & 3) as u8;
        macro_rules! bin_int {
            ($op:expr, $f:expr) => {
                bin_int!($op, kind::INT, $f)
            };
            ($op:expr, $k:expr, $f:expr) => {{
                let (x, xa) = self.a(ins, 0);
                let (y, ya) = self.a(ins, 1);
                let v: u64 = $f(x, y);
                let a = self.pure_op($op, vec![xa, ya], $k, v);
                self.result(ins, v, a);
                self.advance(ins);
            }};
        }
        macro_rules! un_int {
            ($op:expr, $k:expr, $f:expr) => {{
                let (x, xa) = self.a(ins, 0);
                let v: u64 = $f(x);
                let a = self.pure_op($op, vec![xa], $k, v);
                self.result(ins, v, a);
                self.advance(ins);
            }};
        }
        match ins.op {
            jop::INT_ADD => bin_int!(Op::Add, |x: u64, y: u64| x.wrapping_add(y)),
            jop::INT_SUB => bin_int!(Op::Sub, |x: u64, y: u64| x.wrapping_sub(y)),
            jop::INT_MUL => bin_int!(Op::Mul, |x: u64, y: u64| x.wrapping_mul(y)),
            jop::INT_AND => bin_int!(Op::And, |x: u64, y: u64| x & y),
            jop::INT_OR => bin_int!(Op::Or, |x: u64, y: u64| x | y),
            jop::INT_XOR => bin_int!(Op::Xor, |x: u64, y: u64| x ^ y),
            jop::INT_CMP => {
                let c = ins.cond;
                bin_int!(Op::ICmp(c), |x: u64, y: u64| cmp_i(c, x as i64, y as i64)
                    as u64)
            }
            jop::UINT_CMP => {
                let c = ins.cond;
                bin_int!(Op::UCmp(c), |x: u64, y: u64| cmp_u(c, x, y) as u64)
            }
            jop::FLOAT_ADD => bin_int!(Op::FAdd, kind::FLOAT, |x: u64, y: u64| (f(x) + f(y))
                .to_bits()),
            jop::FLOAT_SUB => bin_int!(Op::FSub, kind::FLOAT, |x: u64, y: u64| (f(x) - f(y))
                .to_bits()),
            jop::FLOAT_MUL => bin_int!(Op::FMul, kind::FLOAT, |x: u64, y: u64| (f(x) * f(y))
                .to_bits()),
            jop::FLOAT_CMP => {
                let c = ins.cond;
                bin_int!(Op::FCmp(c), |x: u64, y: u64| cmp_f(c, f(x), f(y)) as u64)
            }
            jop::INT_NEG => un_int!(Op::Neg, kind::INT, |x: u64| (x as i64).wrapping_neg()
                as u64),
            jop::INT_INVERT => un_int!(Op::Invert, kind::INT, |x: u64| !x),
            jop::INT_ABS => un_int!(Op::Abs, kind::INT, |x: u64| (x as i64).wrapping_abs()
                as u64),
            jop::BOOL_NOT => {
                let (x, xa) = self.a(ins, 0);
                let v = (x & 1) ^ 1;
                let a = self.pure_op(Op::Xor, vec![xa, Arg::C(1)], kind::INT, v);
                self.result(ins, v, a);
                self.advance(ins);
            }
            jop::FLOAT_NEG => un_int!(Op::FNeg, kind::FLOAT, |x: u64| (-f(x)).to_bits()),
            jop::FLOAT_ABS => un_int!(Op::FAbs, kind::FLOAT, |x: u64| f(x).abs().to_bits()),
            jop::INT_TO_FLOAT => {
                un_int!(Op::IToF, kind::FLOAT, |x: u64| (x as i64 as f64).to_bits())
            }
            jop::MOV => {
                let (x, xa) = self.a(ins, 0);
                self.result(ins, x, xa);
                self.advance(ins);
            }
            jop::SELECT => {
                let (c, ca) = self.a(ins, 0);
                let (x, xa) = self.a(ins, 1);
                let (y, ya) = self.a(ins, 2);
                let v = if c & 0xff != 0 { x } else { y };
                let a = if tracing {
                    if ca.is_const() {
                        if c & 0xff != 0 {
                            xa
                        } else {
                            ya
                        }
                    } else {
                        self.record(Op::Select, vec![ca, xa, ya], rk)
                    }
                } else {
                    Arg::C(0)
                };
                self.result(ins, v, a);
                self.advance(ins);
            }
            jop::IS_NONE => un_int!(Op::IsNone, kind::INT, |x: u64| (x == 0) as u64),
            jop::REF_IS => bin_int!(Op::RefIs, |x: u64, y: u64| (x == y) as u64),
            jop::DOWNCAST => {
                // An object of the class is itself: the trace keeps the
                // value, guarded by a class test (folded when an earlier
                // `isinstance` already guarded it). None and a wrong class
                // (which raises) go through the thunk.
                let (x, xa) = self.a(ins, 0);
                let (lo, hi) = (ins.imm, ins.imm2);
                if x == 0 || !(lo..=hi).contains(&tid_of(x)) {
                    return self.generic(pc, ins);
                }
                if tracing && !xa.is_const() {
                    // `instance_of` is false for None: no separate null guard.
                    let t = self.record(Op::InstanceOf(lo, hi), vec![xa], kind::INT);
                    self.guard(Op::GuardTrue, vec![t], pc, false);
                    if let (Arg::V(v), Some(r)) = (xa, &mut self.rec) {
                        r.nonnull.insert(v);
                    }
                }
                self.result(ins, x, xa);
                self.advance(ins);
            }
            jop::INSTANCE_OF => {
                let (lo, hi) = (ins.imm, ins.imm2);
                un_int!(Op::InstanceOf(lo, hi), kind::INT, |x: u64| (x != 0 && {
                    let t = tid_of(x);
                    t >= lo && t <= hi
                })
                    as u64)
            }
            jop::INT_FLOORDIV | jop::INT_MOD => {
                // Inline unless the divisor is 0 (raises) or -1 (`//` may
                // overflow): those go through the thunk, and the trace
                // guards that the divisor is neither.
                let (x, xa) = self.a(ins, 0);
                let (y, ya) = self.a(ins, 1);
                let (xi, yi) = (x as i64, y as i64);
                if yi == 0 || yi == -1 {
                    return self.generic(pc, ins);
                }
                let (q, r) = (xi / yi, xi % yi);
                let adjust = r != 0 && (r ^ yi) < 0;
                let (op, v) = if ins.op == jop::INT_MOD {
                    (Op::Mod, if adjust { r + yi } else { r })
                } else {
                    (Op::FloorDiv, if adjust { q - 1 } else { q })
                };
                if tracing && !ya.is_const() {
                    // y + 1 > 1 (unsigned): y is neither -1 nor 0.
                    let y1 = self.record(Op::Add, vec![ya, Arg::C(1)], kind::INT);
                    let ok = self.record(Op::UCmp(4), vec![y1, Arg::C(1)], kind::INT);
                    self.guard(Op::GuardTrue, vec![ok], pc, false);
                }
                let a = self.pure_op(op, vec![xa, ya], kind::INT, v as u64);
                self.result(ins, v as u64, a);
                self.advance(ins);
            }
            jop::INT_ADD_OVF | jop::INT_SUB_OVF | jop::INT_MUL_OVF => {
                let (x, xa) = self.a(ins, 0);
                let (y, ya) = self.a(ins, 1);
                let (x, y) = (x as i64, y as i64);
                let (r, op) = match ins.op {
                    jop::INT_ADD_OVF => (x.checked_add(y), Op::AddOvf),
                    jop::INT_SUB_OVF => (x.checked_sub(y), Op::SubOvf),
                    _ => (x.checked_mul(y), Op::MulOvf),
                };
                match r {
                    None => return self.generic(pc, ins),
                    Some(v) => {
                        let a = if !tracing {
                            Arg::C(0)
                        } else if xa.is_const() && ya.is_const() {
                            Arg::C(v as u64)
                        } else {
                            let s = self.snapshot(pc, false);
                            match &mut self.rec {
                                Some(r) => r.trace.guard_kind(op, vec![xa, ya], kind::INT, s),
                                None => Arg::C(0),
                            }
                        };
                        self.result(ins, v as u64, a);
                        self.advance(ins);
                    }
                }
            }
            jop::GETFIELD | jop::TUPLE_GET => {
                let (x, xa) = self.a(ins, 0);
                if x == 0 {
                    return self.generic(pc, ins);
                }
                // SAFETY: `x` is a live object with a slot at `imm`.
                let v = unsafe { *((x as usize + ins.imm as usize) as *const u64) };
                let a = if tracing {
                    let immutable = ins.op == jop::TUPLE_GET || ins.imm2 == 1;
                    if immutable && xa.is_const() {
                        self.konst(ins.cond, v)
                    } else {
                        self.guard_nonnull(xa, pc);
                        let op = if immutable {
                            Op::GetImm(ins.imm)
                        } else {
                            Op::GetField(ins.imm)
                        };
                        self.record(op, vec![xa], ins.cond)
                    }
                } else {
                    Arg::C(0)
                };
                self.result(ins, v, a);
                self.advance(ins);
            }
            jop::SETFIELD => {
                let (x, xa) = self.a(ins, 0);
                let (y, ya) = self.a(ins, 1);
                if x == 0 {
                    return self.generic(pc, ins);
                }
                // SAFETY: as for GETFIELD.
                unsafe { *((x as usize + ins.imm as usize) as *mut u64) = y };
                if tracing {
                    self.guard_nonnull(xa, pc);
                    self.record(Op::SetField(ins.imm), vec![xa, ya], kind::VOID);
                }
                self.advance(ins);
            }
            jop::GLOBAL_GET => {
                let g = crate::ctx::program().globals;
                // SAFETY: the compiler numbers global slots within `globals`.
                let v = unsafe { *g.add(ins.imm as usize) };
                let a = if !tracing {
                    Arg::C(0)
                } else if ins.cond != 0 {
                    self.konst(rk, v)
                } else {
                    self.record(Op::GlobalGet(ins.imm), vec![], rk)
                };
                self.result(ins, v, a);
                self.advance(ins);
            }
            jop::GLOBAL_SET => {
                let (x, xa) = self.a(ins, 0);
                let g = crate::ctx::program().globals;
                // SAFETY: as for GLOBAL_GET.
                unsafe { *g.add(ins.imm as usize) = x };
                if tracing {
                    self.record(Op::GlobalSet(ins.imm), vec![xa], kind::VOID);
                }
                self.advance(ins);
            }
            jop::PROMOTE => {
                let (x, xa) = self.a(ins, 0);
                let a = if tracing && !xa.is_const() {
                    let k = self.konst(rk, x);
                    self.guard(Op::GuardEq, vec![xa, k], pc, false);
                    k
                } else {
                    xa
                };
                self.result(ins, x, a);
                self.advance(ins);
            }
            jop::WE_ARE_JITTED => {
                let v = tracing as u64;
                self.result(ins, v, Arg::C(v));
                self.advance(ins);
            }
            jop::CAN_ENTER => self.advance(ins),
            jop::MERGE_POINT => {
                if self.frames.len() != 1 {
                    self.advance(ins);
                    return None;
                }
                if tracing {
                    let ng = self.p.drivers[self.driver as usize].greens.len();
                    let greens: Vec<u64> = (0..ng).map(|k| self.get(self.opnd(ins, k))).collect();
                    let same = self
                        .rec
                        .as_ref()
                        .is_some_and(|r| !r.bridge && r.greens == greens);
                    if same {
                        self.guard_greens(ins, pc);
                        let reds: Vec<Arg> = (ng..ins.nargs).map(|k| self.a(ins, k).1).collect();
                        self.record(Op::Jump, reds, kind::VOID);
                        self.store_merge_args(ins);
                        self.pop_frame();
                        return Some(Exit::LoopClosed);
                    }
                    let has_loop = super::has_loop(self.driver, &greens);
                    // A second time round an inner loop that has no compiled
                    // loop yet: stop here too rather than unroll it, and
                    // have that loop traced on its own (at the next
                    // `can_enter_jit` of these greens); the exit then goes
                    // on in it.
                    let again = !has_loop
                        && self
                            .rec
                            .as_ref()
                            .is_some_and(|r| r.passed.contains(&greens));
                    if again {
                        super::make_hot(self.driver, &greens);
                    } else if let (false, Some(r)) = (has_loop, &mut self.rec) {
                        r.passed.insert(greens);
                    }
                    // Past the limit, the trace ends here too: the
                    // interpreter goes on from this merge point, and a
                    // trace from it is made once it is hot.
                    let over = self.rec.as_ref().is_some_and(|r| r.over);
                    if has_loop || again || over {
                        // Go on in the loop compiled (or to be compiled)
                        // for these greens. They are made constants (a
                        // guard each), so that the exit may be linked
                        // straight to that loop.
                        self.guard_greens(ins, pc);
                        let s = self.snapshot(pc, false);
                        if let Some(r) = &mut self.rec {
                            r.trace.guard(Op::Finish, vec![], s);
                        }
                        self.store_merge_args(ins);
                        self.pop_frame();
                        return Some(Exit::LoopClosed);
                    }
                    // The trace goes on through this merge point: its
                    // greens are constants from here (as they are at the
                    // start of a trace), so what depends only on them folds.
                    self.guard_greens(ins, pc);
                    self.advance(ins);
                    return None;
                }
                self.store_merge_args(ins);
                self.pop_frame();
                return Some(Exit::Continue);
            }
            jop::GOTO => {
                if let Some(e) = ins.catch {
                    self.take_edge(e);
                }
            }
            jop::BRANCH => {
                let (c, ca) = self.a(ins, 0);
                let taken = c & 0xff != 0;
                if tracing && !ca.is_const() {
                    let op = if taken { Op::GuardTrue } else { Op::GuardFalse };
                    self.guard(op, vec![ca], pc, false);
                    // A true class test or a false `is None` test proves the
                    // tested value is not None (no null guard needed later).
                    if let (Arg::V(v), Some(r)) = (ca, &mut self.rec) {
                        let proved = match r.trace.ops.get(v as usize) {
                            Some(o) if taken && matches!(o.op, Op::InstanceOf(..)) => {
                                o.args.first()
                            }
                            Some(o) if !taken && o.op == Op::IsNone => o.args.first(),
                            _ => None,
                        };
                        if let Some(&Arg::V(x)) = proved {
                            r.nonnull.insert(x);
                        }
                    }
                }
                let e_true = ins.args + 1;
                let e = if taken { e_true } else { self.edge_end(e_true) };
                self.take_edge(e);
            }
            jop::SWITCH => {
                let (v, va) = self.a(ins, 0);
                if tracing && !va.is_const() {
                    self.guard(Op::GuardEq, vec![va, Arg::C(v)], pc, false);
                }
                let n = ins.imm as usize;
                let mut p = ins.args + 1;
                let mut target = None;
                for _ in 0..n {
                    let key = self.p.code[p] as u64 | (self.p.code[p + 1] as u64) << 32;
                    if key == v && target.is_none() {
                        target = Some(p + 2);
                    }
                    p = self.edge_end(p + 2);
                }
                self.take_edge(target.unwrap_or(p));
            }
            jop::RETURN => {
                let (v, a) = if ins.nargs > 0 {
                    self.a(ins, 0)
                } else {
                    (0, Arg::C(0))
                };
                self.pop_frame();
                if self.frames.is_empty() {
                    self.abort("the portal returned");
                    return Some(Exit::Return(v));
                }
                let cpc = self.frames.last().map_or(0, |f| f.pc as usize);
                let call = self.decode(cpc);
                self.result(&call, v, a);
                self.advance(&call);
            }
            jop::RAISE => {
                let (x, _) = self.a(ins, 0);
                if x == 0 {
                    crate::exc::kiln_raise_none();
                } else {
                    ctx().exc = x as usize;
                }
                return self.unwind();
            }
            jop::UNREACHABLE => crate::fatal::die("JIT: reached unreachable code"),
            jop::CALL => return self.call(pc, ins),
            jop::CALL_METHOD => return self.call_method(pc, ins),
            jop::LIST_LEN | jop::STR_LEN => {
                let (x, xa) = self.a(ins, 0);
                if x == 0 {
                    return self.generic(pc, ins);
                }
                // SAFETY: a live list or str has its length at offset 8.
                let v = unsafe { *((x as usize + 8) as *const u64) };
                let a = if !tracing {
                    Arg::C(0)
                } else if ins.op == jop::STR_LEN && xa.is_const() {
                    Arg::C(v)
                } else {
                    self.guard_nonnull(xa, pc);
                    self.record(Op::GetField(8), vec![xa], kind::INT)
                };
                self.result(ins, v, a);
                self.advance(ins);
            }
            jop::LIST_SETITEM => {
                let (l, la) = self.a(ins, 0);
                let (i, ia) = self.a(ins, 1);
                let (v, va) = self.a(ins, 2);
                // SAFETY: a live list has its length at 8 and items at 16.
                let len = if l == 0 {
                    0
                } else {
                    unsafe { *((l as usize + 8) as *const u64) }
                };
                if l == 0 || i >= len {
                    return self.generic(pc, ins);
                }
                // SAFETY: `i` is within the list (checked above).
                unsafe {
                    let items = *((l as usize + 16) as *const u64);
                    *((items as usize + 16 + 8 * i as usize) as *mut u64) = v;
                }
                if tracing {
                    let items = self.list_access(la, ia, pc);
                    self.record(Op::ArrStore, vec![items, ia, va], kind::VOID);
                }
                self.advance(ins);
            }
            jop::LIST_GETITEM => {
                let (l, la) = self.a(ins, 0);
                let (i, ia) = self.a(ins, 1);
                // SAFETY: as for LIST_SETITEM.
                let len = if l == 0 {
                    0
                } else {
                    unsafe { *((l as usize + 8) as *const u64) }
                };
                if l == 0 || i >= len {
                    return self.generic(pc, ins);
                }
                // SAFETY: `i` is within the list.
                let v = unsafe {
                    let items = *((l as usize + 16) as *const u64);
                    *((items as usize + 16 + 8 * i as usize) as *const u64)
                };
                let a = if tracing {
                    let items = self.list_access(la, ia, pc);
                    let a = self.record(Op::ArrLoad, vec![items, ia], ins.cond);
                    if la.is_const() && ia.is_const() {
                        // A green list read at a green index: promote the item.
                        let k = self.konst(ins.cond, v);
                        self.guard(Op::GuardEq, vec![a, k], pc, false);
                        k
                    } else {
                        a
                    }
                } else {
                    Arg::C(0)
                };
                self.result(ins, v, a);
                self.advance(ins);
            }
            jop::LIST_OF | jop::LIST_NEW_FILLED if tracing => return self.new_list(pc, ins),
            _ => return self.generic(pc, ins),
        }
        None
    }

    /// Guards that `i` is within list `l` (not None); the items array.
    fn list_access(&mut self, la: Arg, ia: Arg, pc: usize) -> Arg {
        self.guard_nonnull(la, pc);
        let len = self.record(Op::GetField(8), vec![la], kind::INT);
        let ok = self.record(Op::UCmp(2), vec![ia, len], kind::INT);
        self.guard(Op::GuardTrue, vec![ok], pc, false);
        self.record(Op::GetField(16), vec![la], kind::REF)
    }

    /// Any operation with a thunk: call it (recorded as a residual call).
    fn generic(&mut self, pc: usize, ins: &Ins) -> Option<Exit> {
        if ins.thunk == jc::NONE_IDX {
            crate::fatal::die("JIT: jitcode operation without a thunk");
        }
        let newobj = matches!(ins.op, jop::NEW | jop::TUPLE_NEW);
        if newobj && self.rec.is_some() {
            return self.new_object(ins);
        }
        match self.call_thunk(ins, pc) {
            Some(_) => {
                if newobj {
                    if let (Some(o), Some(_)) = (ins.res, &self.rec) {
                        if let Arg::V(v) = self.targ(o) {
                            if let Some(r) = &mut self.rec {
                                r.nonnull.insert(v);
                            }
                        }
                    }
                }
                self.advance(ins);
                None
            }
            None => self.unwind(),
        }
    }

    /// An allocation while tracing (`new`, `tuple_new`): the thunk makes
    /// the object; the trace records `new` (and a `setfield` per tuple
    /// item), which the optimizer can remove when the object never escapes.
    fn new_object(&mut self, ins: &Ins) -> Option<Exit> {
        let targs: Vec<Arg> = (0..ins.nargs)
            .map(|k| self.targ(self.opnd(ins, k)))
            .collect();
        let Some(r) = self.call_unrecorded(ins) else {
            return self.unwind();
        };
        let a = self.record(Op::New(ins.imm, ins.imm2), vec![], kind::REF);
        if ins.op == jop::TUPLE_NEW {
            for (k, x) in targs.into_iter().enumerate() {
                let off = crate::layout::slot_offset(k) as u32;
                self.record(Op::SetField(off), vec![a, x], kind::VOID);
            }
        }
        self.mark_nonnull(a);
        self.result(ins, r, a);
        self.advance(ins);
        None
    }

    /// Runs the instruction's thunk without recording it (tracing an
    /// allocation the trace records its own way); `None` when it raised
    /// (the trace is aborted).
    fn call_unrecorded(&mut self, ins: &Ins) -> Option<u64> {
        let Some(t) = self.thunk(ins.thunk) else {
            crate::fatal::die("JIT: instruction without a thunk");
        };
        let mut argv: Vec<u64> = (0..ins.nargs)
            .map(|k| self.get(self.opnd(ins, k)))
            .collect();
        argv.push(0);
        let r = t.call(&mut argv);
        if ctx().exc != 0 {
            self.abort("an exception was raised while tracing");
            return None;
        }
        Some(r)
    }

    fn mark_nonnull(&mut self, a: Arg) {
        if let (Arg::V(v), Some(rec)) = (a, &mut self.rec) {
            rec.nonnull.insert(v);
        }
    }

    /// A short list made while tracing (`[a, b]`, or `[v] * n` with `n`
    /// guarded to its value now): the thunk makes the list, and the trace
    /// records its item array and the list as `new`s and `setfield`s,
    /// which the optimizer removes when the list never escapes.
    fn new_list(&mut self, pc: usize, ins: &Ins) -> Option<Exit> {
        use crate::layout::{ARRAY_CAP, ARRAY_DATA, LIST_ITEMS, LIST_LEN, LIST_SIZE};
        let filled = ins.op == jop::LIST_NEW_FILLED;
        let (n, na) = if filled {
            self.a(ins, 0)
        } else {
            (ins.nargs as u64, Arg::C(ins.nargs as u64))
        };
        if n > MAX_RECORDED_LIST {
            return self.generic(pc, ins);
        }
        let targs: Vec<Arg> = (0..ins.nargs)
            .map(|k| self.targ(self.opnd(ins, k)))
            .collect();
        let items: Vec<Arg> = if filled {
            vec![targs[1]; n as usize]
        } else {
            targs
        };
        let Some(l) = self.call_unrecorded(ins) else {
            return self.unwind();
        };
        if !na.is_const() {
            self.guard(Op::GuardEq, vec![na, Arg::C(n)], pc, false);
            // From here the length is that constant (as after `promote`),
            // so that indexes computed from it are constants too.
            self.set(self.opnd(ins, 0), n, Arg::C(n));
        }
        let list_tid = tid_of(l);
        // SAFETY: a new list has its item array at LIST_ITEMS.
        let array_tid = tid_of(unsafe { *((l as usize + LIST_ITEMS as usize) as *const u64) });
        let size = crate::gc::trace::array_size(n as usize) as u32;
        let arr = self.record(Op::New(array_tid, size), vec![], kind::REF);
        // The capacity first: it gives a collector the array's size.
        let cap = Arg::C(n);
        self.record(Op::SetField(ARRAY_CAP as u32), vec![arr, cap], kind::VOID);
        for (k, x) in items.into_iter().enumerate() {
            if x != Arg::C(0) {
                let off = ARRAY_DATA as u32 + 8 * k as u32;
                self.record(Op::SetField(off), vec![arr, x], kind::VOID);
            }
        }
        let a = self.record(Op::New(list_tid, LIST_SIZE as u32), vec![], kind::REF);
        self.record(Op::SetField(LIST_LEN as u32), vec![a, cap], kind::VOID);
        self.record(Op::SetField(LIST_ITEMS as u32), vec![a, arr], kind::VOID);
        self.mark_nonnull(arr);
        self.mark_nonnull(a);
        self.result(ins, l, a);
        self.advance(ins);
        None
    }

    /// The jitcode function whose AOT code is at `addr`.
    fn func_at(&self, addr: u64) -> Option<u32> {
        static BY_ADDR: std::sync::OnceLock<HashMap<u64, u32>> = std::sync::OnceLock::new();
        let p = self.p;
        BY_ADDR
            .get_or_init(|| {
                p.funcs
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.aot != 0)
                    .map(|(k, f)| (f.aot, k as u32))
                    .collect()
            })
            .get(&addr)
            .copied()
    }

    /// A virtual call: when tracing, the implementation for the receiver's
    /// class is inlined behind a guard on that class (as a direct call
    /// would be); otherwise, or when it cannot be, a residual call.
    fn call_method(&mut self, pc: usize, ins: &Ins) -> Option<Exit> {
        if self.rec.is_none() || ins.nargs == 0 {
            return self.generic(pc, ins);
        }
        let (x, xa) = self.a(ins, 0);
        if x == 0 {
            return self.generic(pc, ins);
        }
        let tid = tid_of(x);
        if tid < crate::layout::FIRST_PROGRAM_TID
            || tid - crate::layout::FIRST_PROGRAM_TID >= crate::ctx::program().ntypes
        {
            return self.generic(pc, ins);
        }
        let d = crate::ctx::type_desc(tid);
        if d.vtable.is_null() {
            return self.generic(pc, ins);
        }
        // SAFETY: the receiver's class has the slot: the compiler numbered
        // it in the vtable of every class of the receiver's static type.
        let addr = unsafe { *d.vtable.add(ins.imm as usize) } as u64;
        let Some(fidx) = self.func_at(addr) else {
            return self.generic(pc, ins);
        };
        if !self.may_inline(fidx) {
            return self.generic(pc, ins);
        }
        if !xa.is_const() {
            let t = self.record(Op::InstanceOf(tid, tid), vec![xa], kind::INT);
            self.guard(Op::GuardTrue, vec![t], pc, false);
            if let (Arg::V(v), Some(r)) = (xa, &mut self.rec) {
                r.nonnull.insert(v);
            }
        }
        self.enter(fidx, ins);
        None
    }

    /// Whether a call of jitcode function `fidx` may be traced into: it has
    /// an inlinable body, the inlining depth allows, and it is not already
    /// among the frames (recursion stays a residual call).
    fn may_inline(&self, fidx: u32) -> bool {
        self.p
            .funcs
            .get(fidx as usize)
            .is_some_and(|f| f.inlinable())
            && self.frames.len() < MAX_INLINE_DEPTH
            && !self.frames.iter().any(|f| f.func == fidx)
    }

    /// Pushes the frame of inlined function `fidx` with the call's operands.
    fn enter(&mut self, fidx: u32, ins: &Ins) {
        let jf = &self.p.funcs[fidx as usize];
        let vals: Vec<(u64, Arg)> = (0..ins.nargs).map(|k| self.a(ins, k)).collect();
        let params = jf.params.clone();
        let start = jf.code_start;
        self.push_frame(fidx, start);
        for (p, (v, a)) in params.iter().zip(vals) {
            self.set(*p, v, a);
        }
    }

    fn call(&mut self, pc: usize, ins: &Ins) -> Option<Exit> {
        let fidx = ins.imm;
        let inline = self.rec.is_some() && fidx != jc::NONE_IDX && self.may_inline(fidx);
        if !inline {
            return self.generic(pc, ins);
        }
        self.enter(fidx, ins);
        None
    }

    /// Rebuilds the frames of snapshot `s` with the values `val` gives for
    /// its operands, ready to [`Interp::run`] (in blackhole mode). When the
    /// top frame resumes with an exception, handles it first; `Some` if
    /// that leaves the portal.
    pub fn resume(&mut self, s: &Snapshot, val: &dyn Fn(Arg) -> u64) -> Option<Exit> {
        for fr in &s.frames {
            self.push_frame(fr.func, fr.pc);
            for &(o, a) in &fr.regs {
                let v = val(a);
                self.set(o, v, Arg::C(0));
            }
        }
        if s.exc {
            return self.unwind();
        }
        None
    }

    /// Starts tracing at the merge point of the driver with the greens and
    /// reds in the buffer: pushes the portal frame past the merge point.
    pub fn start_trace(&mut self, limit: usize) {
        let d = &self.p.drivers[self.driver as usize];
        let portal = d.portal;
        let merge_pc = d.merge_pc as usize;
        let ng = d.greens.len();
        let kinds: Vec<u8> = d.greens.iter().chain(&d.reds).copied().collect();
        let st = super::state();
        let greens: Vec<u64> = st.buf[..ng].to_vec();
        self.rec = Some(Recorder {
            trace: Trace::default(),
            greens,
            limit,
            nonnull: HashSet::new(),
            aborted: None,
            bridge: false,
            green_args: Vec::new(),
            passed: Default::default(),
            over: false,
        });
        let ins = self.decode(merge_pc);
        self.push_frame(portal, ins.next as u32);
        let mut nin = 0;
        for (k, &kd) in kinds.iter().enumerate() {
            let o = self.opnd(&ins, k);
            let v = super::state().buf[k];
            let a = if k < ng {
                let c = self.konst(kd, v);
                if let Some(r) = &mut self.rec {
                    r.green_args.push(c);
                }
                c
            } else {
                let a = self.record(Op::Input(nin), vec![], kd);
                nin += 1;
                a
            };
            self.set(o, v, a);
        }
    }

    /// The operands of the driver's merge point (greens then reds).
    pub fn merge_operands(&self) -> Vec<u32> {
        let d = &self.p.drivers[self.driver as usize];
        let ins = self.decode(d.merge_pc as usize);
        (0..ins.nargs).map(|k| self.opnd(&ins, k)).collect()
    }

    /// The constant value of a constant operand, as a trace operand.
    pub fn const_operand(&mut self, o: u32) -> Arg {
        self.targ(o)
    }

    /// Starts tracing a bridge from the guard whose snapshot is `s`: the
    /// guard's values (`exits`), then the objects made for its virtuals,
    /// are the inputs (of kinds `kinds`), `vals` their current values.
    pub fn start_bridge(
        &mut self,
        s: &Snapshot,
        exits: &[u32],
        kinds: &[u8],
        vals: &[u64],
        made: &[u64],
        limit: usize,
    ) {
        self.rec = Some(Recorder {
            trace: Trace::default(),
            greens: Vec::new(),
            limit,
            nonnull: HashSet::new(),
            aborted: None,
            bridge: true,
            green_args: Vec::new(),
            passed: Default::default(),
            over: false,
        });
        let mut inputs = Vec::new();
        for (k, &kd) in kinds.iter().enumerate() {
            let a = self.record(Op::Input(k as u32), vec![], kd);
            inputs.push(a);
        }
        // The guard's virtuals: the runtime made them (`made`) for the
        // interpreter; the bridge makes them itself from the exit values,
        // as `new`s and `setfield`s its optimizer may remove again, so that
        // the guard can go on into the bridge's code directly.
        let value = |a: Arg, objs: &[Arg]| match a {
            Arg::V(x) => exits
                .iter()
                .position(|&e| e == x)
                .map_or(Arg::C(0), |k| inputs[k]),
            Arg::Virt(i) => objs.get(i as usize).copied().unwrap_or(Arg::C(0)),
            other => other,
        };
        let objs: Vec<Arg> = s
            .virtuals
            .iter()
            .map(|v| self.record(Op::New(v.tid, v.size), vec![], kind::REF))
            .collect();
        for (v, &o) in s.virtuals.iter().zip(&objs) {
            self.mark_nonnull(o);
            for &(off, a) in &v.fields {
                let x = value(a, &objs);
                self.record(Op::SetField(off), vec![o, x], kind::VOID);
            }
        }
        for fr in &s.frames {
            self.push_frame(fr.func, fr.pc);
            for &(o, a) in &fr.regs {
                let (v, ta) = match a {
                    Arg::V(x) => match exits.iter().position(|&e| e == x) {
                        Some(k) => (vals[k], inputs[k]),
                        None => (0, Arg::C(0)),
                    },
                    Arg::Virt(i) => (
                        made.get(i as usize).copied().unwrap_or(0),
                        objs.get(i as usize).copied().unwrap_or(Arg::C(0)),
                    ),
                    other => (const_value(other), other),
                };
                self.set(o, v, ta);
            }
        }
    }

    /// Starts blackholing right after the merge point with the greens and
    /// reds in the buffer.
    pub fn start_plain(&mut self) {
        let d = &self.p.drivers[self.driver as usize];
        let portal = d.portal;
        let n = d.greens.len() + d.reds.len();
        let ins = self.decode(d.merge_pc as usize);
        self.push_frame(portal, ins.next as u32);
        for k in 0..n {
            let o = self.opnd(&ins, k);
            let v = super::state().buf[k];
            self.set(o, v, Arg::C(0));
        }
    }
}
