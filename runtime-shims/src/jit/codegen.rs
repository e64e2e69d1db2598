//! Machine code for a loop trace, through Cranelift (`cranelift-jit`),
//! for the traces [`super::direct`] does not write itself.
//!
//! A compiled loop or bridge is a function `(inputs, out) -> u64` in
//! Cranelift's `tail` calling convention (Rust calls it through a
//! trampoline, [`Backend::enter`]). On entry it reserves an area of the
//! GC's shadow stack (the *roots*) where every reference value of the
//! trace lives (stored when it is defined; loaded at its first use after
//! each point where the collector may run, a call or an allocation's slow
//! path, so a moving collection updates it), loads its constant references
//! there from their permanent roots, and reads its inputs from `inputs`.
//!
//! On a failing guard it writes the integer values the snapshot needs to
//! `out`, releases the roots and returns `loop << 32 | snapshot` (its own
//! loop number). The snapshot's references stay in their root slots
//! ([`Compiled::exit_slots`]), just above the shadow stack's top once the
//! roots are released, where the runtime reads them at once. A guard may
//! be *linked*: when its link word (set by the runtime,
//! [`Compiled::links`]) names another compiled function, the guard goes
//! straight on in it with a tail call instead of returning: a bridge
//! taking the guard's values as its inputs ([`Link::Bridge`]: integers
//! from `out`, references from the guard's root slots, where the bridge's
//! own roots area starts too, read before it is cleared), or the loop of
//! the merge point the guard resumes at, taking the merge point's reds
//! ([`Link::Merge`], written to `out` after the exit values). Both read
//! their inputs before writing `out`. `new` allocates inline from the
//! collector's bump pointer, or calls `kiln_alloc_slow`.

use super::hash::Map;
use super::trace::{Arg, Op, Trace};
use crate::jitcode::kind;
use crate::layout::{CTX_ALLOC_LIMIT, CTX_ALLOC_TOP, CTX_EXC, CTX_SS_LIMIT, CTX_SS_TOP};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, AbiParam, BlockArg, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    UserFuncName, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Linkage, Module};

/// Rust's way into compiled code: the trampoline called with the
/// function's address, its inputs and the exit buffer.
pub type EnterFn = extern "C" fn(usize, *const u64, *mut u64) -> u64;

/// What compiled code returns when the shadow stack has no room for its
/// roots.
pub const EXIT_SHADOW_STACK_FULL: u64 = u64::MAX - 1;

/// Words of an exit buffer every entry provides: a function whose inputs
/// or exits need more is never the target of a link.
pub const OUT_WORDS: usize = 256;

/// Where a guard linked to a loop ([`Link::Merge`]) puts the loop's inputs
/// in the exit buffer: after at most this many exit values.
pub(crate) const MERGE_INPUTS: usize = 128;

/// How a guard may go on in other compiled code (see the module
/// documentation).
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    /// Never: the guard returns to the runtime.
    None,
    /// In a bridge whose inputs are the guard's exit values.
    Bridge,
    /// In the loop of the merge point the guard resumes at; the values are
    /// its reds.
    Merge(Vec<Arg>),
}

/// A compiled loop.
pub struct Compiled {
    /// The code's address (call it with [`Backend::enter`]).
    pub code: usize,
    /// Words of the roots area.
    pub nroots: usize,
    /// Number of inputs.
    pub ninputs: usize,
    /// Per snapshot: the values it keeps, in order: `out[k]` is the value
    /// `exits[g][k]` after guard `g` failed.
    pub exits: Vec<Vec<u32>>,
    /// Per snapshot, per exit value: the root slot holding it (a
    /// reference), or `None` when it is in `out` (see the module
    /// documentation).
    pub exit_slots: Vec<Vec<Option<u32>>>,
    /// Per input: for a reference input of a bridge, the root slot of the
    /// guard it leaves from that holds it, where the bridge reads it (the
    /// runtime puts it there when it calls the bridge itself); `None`:
    /// read from `inputs`.
    pub input_slots: Vec<Option<u32>>,
    /// Per snapshot: how it may be linked.
    pub link: Vec<Link>,
    /// Per snapshot: the address of the function it goes on in, or 0 (read
    /// by the code; set by the runtime).
    pub links: Box<[u64]>,
    /// Machine code size in bytes.
    pub size: usize,
    /// Words of `out` needed (the longest exit, plus one).
    pub nout: usize,
    /// Written by [`super::direct`] (else by Cranelift).
    pub direct: bool,
}

/// The Cranelift modules loops and bridges are compiled into.
pub struct Backend {
    /// Loops, with Cranelift's optimizations (`opt_level=speed`).
    module: JITModule,
    /// Bridges, with `opt_level=none`: they are many and mostly short,
    /// and the trace optimizer has already folded and merged their
    /// operations, so Cranelift's own passes would cost more time than
    /// they save (its register allocator still runs in full).
    bridges: JITModule,
    fctx: FunctionBuilderContext,
    /// The compilation context, reused (with its register allocator's
    /// memory) from one function to the next.
    ctx: cranelift_codegen::Context,
    count: usize,
    /// Whether traces [`super::direct`] can write are written directly
    /// instead of through Cranelift (`KILN_JIT=direct=0` turns it off).
    pub direct: bool,
    /// Where directly written code goes.
    #[cfg(target_arch = "x86_64")]
    area: super::direct::CodeArea,
    /// The trampoline from Rust into compiled code.
    pub enter: EnterFn,
}

/// The signature of compiled loops: `(inputs, out) -> exit` in the tail
/// calling convention.
fn loop_sig() -> Signature {
    let mut sig = Signature::new(CallConv::Tail);
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I64));
    sig
}

/// A Cranelift JIT module for the host at optimization level `opt`.
fn jit_module(opt: &str) -> Result<JITModule, String> {
    let b = JITBuilder::with_flags(
        &[
            ("opt_level", opt),
            ("enable_verifier", "false"),
            ("preserve_frame_pointers", "true"),
            // Nothing unwinds through compiled code (exceptions are a flag
            // in the context; fatal errors exit): no unwind tables to
            // build and register for each function.
            ("unwind_info", "false"),
        ],
        cranelift_module::default_libcall_names(),
    )
    .map_err(|e| e.to_string())?;
    Ok(JITModule::new(b))
}

impl Backend {
    /// A new backend for the host, or why there is none.
    pub fn new() -> Result<Backend, String> {
        let mut module = jit_module("speed")?;
        let bridges = jit_module("none")?;
        let mut fctx = FunctionBuilderContext::new();
        // The trampoline: a C function calling its first argument with the
        // other two in the tail convention.
        let mut sig = Signature::new(CallConv::SystemV);
        for _ in 0..3 {
            sig.params.push(AbiParam::new(types::I64));
        }
        sig.returns.push(AbiParam::new(types::I64));
        let id = module
            .declare_function("kiln_jit_enter", Linkage::Local, &sig)
            .map_err(|e| e.to_string())?;
        let mut ctx = module.make_context();
        ctx.func.signature = sig;
        {
            let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            let lsig = b.import_signature(loop_sig());
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            let p = b.block_params(entry).to_vec();
            let call = b.ins().call_indirect(lsig, p[0], &[p[1], p[2]]);
            let r = b.inst_results(call)[0];
            b.ins().return_(&[r]);
            b.seal_all_blocks();
            b.finalize(module.isa().frontend_config());
        }
        module
            .define_function(id, &mut ctx)
            .map_err(|e| format!("{e:?}"))?;
        module.clear_context(&mut ctx);
        module.finalize_definitions().map_err(|e| e.to_string())?;
        let p = module.get_finalized_function(id);
        // SAFETY: the trampoline was compiled with the `EnterFn` signature.
        let enter = unsafe { std::mem::transmute::<*const u8, EnterFn>(p) };
        let ctx = module.make_context();
        Ok(Backend {
            ctx,
            module,
            bridges,
            fctx,
            count: 0,
            direct: true,
            #[cfg(target_arch = "x86_64")]
            area: super::direct::CodeArea::default(),
            enter,
        })
    }
}

fn mem() -> MemFlagsData {
    MemFlagsData::trusted()
}

fn int_cc(c: u8, signed: bool) -> IntCC {
    match (c, signed) {
        (0, _) => IntCC::Equal,
        (1, _) => IntCC::NotEqual,
        (2, true) => IntCC::SignedLessThan,
        (3, true) => IntCC::SignedLessThanOrEqual,
        (4, true) => IntCC::SignedGreaterThan,
        (_, true) => IntCC::SignedGreaterThanOrEqual,
        (2, false) => IntCC::UnsignedLessThan,
        (3, false) => IntCC::UnsignedLessThanOrEqual,
        (4, false) => IntCC::UnsignedGreaterThan,
        (_, false) => IntCC::UnsignedGreaterThanOrEqual,
    }
}

fn float_cc(c: u8) -> FloatCC {
    match c {
        0 => FloatCC::Equal,
        1 => FloatCC::NotEqual,
        2 => FloatCC::LessThan,
        3 => FloatCC::LessThanOrEqual,
        4 => FloatCC::GreaterThan,
        _ => FloatCC::GreaterThanOrEqual,
    }
}

/// Per snapshot of `t`: the values it keeps, each once, in the order
/// they appear ([`Compiled::exits`]).
pub(crate) fn exit_values(t: &Trace) -> Vec<Vec<u32>> {
    t.snaps
        .iter()
        .map(|s| {
            let mut v: Vec<u32> = Vec::new();
            for a in s.operands() {
                if let Arg::V(x) = a {
                    if !v.contains(&x) {
                        v.push(x);
                    }
                }
            }
            v
        })
        .collect()
}

/// A value entering the loop's header or label: its kind and, for a
/// reference, its root slot.
type LoopValue = (u8, Option<usize>);

/// Compiles `t` (a loop ending in [`Op::Jump`], or a bridge ending in a
/// guard) as loop number `loop_id`; `thunk_addr` gives the address of each
/// thunk; `link` says how each snapshot's guard may be linked.
pub fn compile(
    be: &mut Backend,
    t: &Trace,
    thunk_addr: &dyn Fn(u32) -> u64,
    loop_id: u32,
    link: Vec<Link>,
    input_slots: &[Option<u32>],
) -> Result<Compiled, String> {
    let is_loop = t.ops.last().is_some_and(|o| o.op == Op::Jump);
    #[cfg(target_arch = "x86_64")]
    if be.direct {
        let area = &mut be.area;
        let mut place = |code: &[u8]| area.place(code);
        if let Some(r) =
            super::direct::compile(t, loop_id, &link, input_slots, thunk_addr, &mut place)
        {
            return r;
        }
    }
    // Slots of constant references, then of reference values in the
    // order they are defined (so the slots in use at an operation are a
    // prefix of the area: see `in_use`).
    let mut cslot: Map<u32, usize> = Map::default();
    let mut const_slots = Vec::new();
    let op_args = t.ops.iter().flat_map(|o| o.args.iter().copied());
    let snap_args = t.snaps.iter().flat_map(|s| s.operands());
    let red_args = link
        .iter()
        .flat_map(|l| match l {
            Link::Merge(reds) => reds.as_slice(),
            _ => &[],
        })
        .copied();
    for a in op_args.chain(snap_args).chain(red_args) {
        if let Arg::R(p) = a {
            if let std::collections::hash_map::Entry::Vacant(e) = cslot.entry(p) {
                e.insert(const_slots.len());
                const_slots.push((p, const_slots.len()));
            }
        }
    }
    let nconst = const_slots.len();
    let mut nroots = nconst;
    let mut slot: Map<u32, usize> = Map::default();
    // Slots in use before each operation: the constants' and those of the
    // references defined so far. Only those are visible to the collector
    // (the shadow stack's top is set past them before a call), so the
    // area needs no clearing on entry.
    let mut in_use = Vec::with_capacity(t.ops.len());
    for (n, o) in t.ops.iter().enumerate() {
        in_use.push(nroots);
        if o.kind == kind::REF {
            slot.insert(n as u32, nroots);
            nroots += 1;
        }
    }
    let links: Box<[u64]> = vec![0u64; t.snaps.len()].into_boxed_slice();
    let links_addr = links.as_ptr() as i64;
    let ninputs = t.ninputs();
    let inputs: Vec<(u8, Option<usize>)> = t.ops[..ninputs]
        .iter()
        .enumerate()
        .map(|(n, o)| (o.kind, slot.get(&(n as u32)).copied()))
        .collect();
    let exits = exit_values(t);

    let sig = loop_sig();
    be.count += 1;
    let name = format!("kiln_jit_loop_{}", be.count);
    let module = if is_loop {
        &mut be.module
    } else {
        &mut be.bridges
    };
    let id = module
        .declare_function(&name, Linkage::Local, &sig)
        .map_err(|e| e.to_string())?;
    let ctx = &mut be.ctx;
    module.clear_context(ctx);
    ctx.func.signature = sig.clone();
    ctx.func.name = UserFuncName::user(0, be.count as u32);
    let mut thunk_sig = Signature::new(CallConv::SystemV);
    thunk_sig.params.push(AbiParam::new(types::I64));
    thunk_sig.returns.push(AbiParam::new(types::I64));
    let mut alloc_sig = Signature::new(CallConv::SystemV);
    alloc_sig.params.push(AbiParam::new(types::I64));
    alloc_sig.params.push(AbiParam::new(types::I64));
    alloc_sig.returns.push(AbiParam::new(types::I64));
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut be.fctx);
        let tsig = b.import_signature(thunk_sig);
        let asig = b.import_signature(alloc_sig);
        let lsig = b.import_signature(loop_sig());
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let pin = b.block_params(entry)[0];
        let out = b.block_params(entry)[1];
        let maxargs = t.ops.iter().map(|o| o.args.len()).max().unwrap_or(0) + 1;
        let ss = b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            8 * maxargs as u32,
            3,
        ));
        let ctx_addr = b
            .ins()
            .iconst(types::I64, std::ptr::addr_of!(crate::ctx::kiln_ctx) as i64);
        // The roots area: reserved, cleared, constant references loaded.
        let roots = b.ins().load(types::I64, mem(), ctx_addr, CTX_SS_TOP);
        let ss_end = b.ins().iadd_imm_s(roots, 8 * nroots as i64);
        let ss_limit = b.ins().load(types::I64, mem(), ctx_addr, CTX_SS_LIMIT);
        let full = b.ins().icmp(IntCC::UnsignedGreaterThan, ss_end, ss_limit);
        let full_blk = b.create_block();
        b.set_cold_block(full_blk);
        let start = b.create_block();
        b.ins().brif(full, full_blk, &[], start, &[]);
        b.switch_to_block(full_blk);
        let code = b.ins().iconst(types::I64, EXIT_SHADOW_STACK_FULL as i64);
        b.ins().return_(&[code]);
        b.switch_to_block(start);
        // The inputs, before the roots area is cleared: a bridge's
        // reference inputs are in the root slots of the guard it leaves
        // from, whose roots area started where this one does.
        let input_vals: Vec<Value> = (0..inputs.len())
            .map(|k| match input_slots.get(k).copied().flatten() {
                Some(s) => b.ins().load(types::I64, mem(), roots, 8 * s as i32),
                None => b.ins().load(types::I64, mem(), pin, 8 * k as i32),
            })
            .collect();
        // Checked for the whole area; in use: the constants' slots.
        let const_end = b.ins().iadd_imm_s(roots, 8 * nconst as i64);
        b.ins().store(mem(), const_end, ctx_addr, CTX_SS_TOP);
        for &(p, s) in &const_slots {
            let a = b
                .ins()
                .iconst(types::I64, crate::gc::permanent_addr(p as usize) as i64);
            let v = b.ins().load(types::I64, mem(), a, 0);
            b.ins().store(mem(), v, roots, 8 * s as i32);
        }
        let header = b.create_block();
        let mut int_inputs = Vec::new();
        let mut header_args = Vec::new();
        for (k, (kd, s)) in inputs.iter().enumerate() {
            let v = input_vals[k];
            if *kd != kind::REF {
                header_args.push(BlockArg::Value(v));
                int_inputs.push(k);
                b.append_block_param(header, types::I64);
            } else if let Some(s) = s {
                b.ins().store(mem(), v, roots, 8 * *s as i32);
            }
        }
        b.ins().jump(header, &header_args);
        b.switch_to_block(header);
        let hp: Vec<Value> = b.block_params(header).to_vec();
        let mut vals: Vec<Option<Value>> = vec![None; t.ops.len()];
        for (j, &k) in int_inputs.iter().enumerate() {
            vals[k] = Some(hp[j]);
        }
        // Exits share their ends: one block returning (`code`), one going
        // on through a link word (`code, inputs`; the word's address is
        // computed from the code's snapshot number).
        let ret_blk = b.create_block();
        b.set_cold_block(ret_blk);
        b.append_block_param(ret_blk, types::I64);
        let link_blk = b.create_block();
        b.set_cold_block(link_blk);
        for _ in 0..2 {
            b.append_block_param(link_blk, types::I64);
        }
        // The exit block of the current operation's guard, written once
        // the guard's branch is.
        let mut pending_exit: Option<(cranelift_codegen::ir::Block, u32)> = None;
        // References loaded from (or stored to) their root slot since the
        // last point where the collector may run: slot -> value.
        let mut refs: Map<usize, Value> = Map::default();
        // Comparison results as Cranelift's `i8`, widened where a use
        // needs a word (a guard branches on the `i8`).
        let mut bools: Vec<Option<Value>> = vec![None; t.ops.len()];
        // The address of item `i` of array `x` (Cranelift values), once
        // computed on the trace's path (which every later use is on).
        let mut items: Map<(Value, Value), Value> = Map::default();
        // The loop proper after a peeled iteration: the label's block and
        // its values (kind, root slot of the `param` naming it).
        let mut label: Option<(cranelift_codegen::ir::Block, Vec<LoopValue>)> = None;
        let mut label_params: Vec<Option<Value>> = Vec::new();

        // An operand's value; `cache` says whether a reference loaded
        // from its slot may be reused later (not in an exit block, which
        // later code is not dominated by).
        macro_rules! operand {
            ($a:expr, $cache:expr) => {{
                let root = |s: usize, b: &mut FunctionBuilder, refs: &mut Map<usize, Value>| {
                    if let Some(&x) = refs.get(&s) {
                        return x;
                    }
                    let x = b.ins().load(types::I64, mem(), roots, 8 * s as i32);
                    if $cache {
                        refs.insert(s, x);
                    }
                    x
                };
                match $a {
                    Arg::V(v) => match slot.get(&v) {
                        Some(&s) => root(s, &mut b, &mut refs),
                        None => match vals.get(v as usize).copied().flatten() {
                            Some(x) => x,
                            None => match bools.get(v as usize).copied().flatten() {
                                Some(c) => b.ins().uextend(types::I64, c),
                                None => b.ins().iconst(types::I64, 0),
                            },
                        },
                    },
                    Arg::C(c) => b.ins().iconst(types::I64, c as i64),
                    Arg::R(p) => root(cslot[&p], &mut b, &mut refs),
                    // Only snapshots name virtuals, never operations.
                    Arg::Virt(_) => b.ins().iconst(types::I64, 0),
                }
            }};
        }
        macro_rules! get {
            ($a:expr) => {{
                operand!($a, true)
            }};
        }
        // A guard's condition as something to branch on.
        macro_rules! cond {
            ($a:expr) => {{
                match $a {
                    Arg::V(v) if vals.get(v as usize).copied().flatten().is_none() => {
                        match bools.get(v as usize).copied().flatten() {
                            Some(c) => c,
                            None => get!($a),
                        }
                    }
                    other => get!(other),
                }
            }};
        }
        macro_rules! fail_to {
            ($snap:expr) => {{
                let blk = b.create_block();
                b.set_cold_block(blk);
                pending_exit = Some((blk, $snap));
                blk
            }};
        }
        for (n, o) in t.ops.iter().enumerate() {
            let a = |k: usize| o.args.get(k).copied().unwrap_or(Arg::C(0));
            let res: Option<Value> = match o.op {
                Op::Input(_) => None,
                Op::Add | Op::Sub | Op::Mul | Op::And | Op::Or | Op::Xor
                    if matches!(a(1), Arg::C(_)) =>
                {
                    let x = get!(a(0));
                    let Arg::C(c) = a(1) else { unreachable!() };
                    let c = c as i64;
                    Some(match o.op {
                        Op::Add => b.ins().iadd_imm_s(x, c),
                        Op::Sub => b.ins().iadd_imm_s(x, c.wrapping_neg()),
                        Op::Mul => b.ins().imul_imm_s(x, c),
                        Op::And => b.ins().band_imm_s(x, c),
                        Op::Or => b.ins().bor_imm_s(x, c),
                        _ => b.ins().bxor_imm_s(x, c),
                    })
                }
                Op::Add | Op::Sub | Op::Mul | Op::And | Op::Or | Op::Xor => {
                    let x = get!(a(0));
                    let y = get!(a(1));
                    Some(match o.op {
                        Op::Add => b.ins().iadd(x, y),
                        Op::Sub => b.ins().isub(x, y),
                        Op::Mul => b.ins().imul(x, y),
                        Op::And => b.ins().band(x, y),
                        Op::Or => b.ins().bor(x, y),
                        _ => b.ins().bxor(x, y),
                    })
                }
                Op::Neg => {
                    let x = get!(a(0));
                    Some(b.ins().ineg(x))
                }
                Op::Invert => {
                    let x = get!(a(0));
                    Some(b.ins().bnot(x))
                }
                Op::Abs => {
                    let x = get!(a(0));
                    Some(b.ins().iabs(x))
                }
                Op::FloorDiv | Op::Mod => {
                    // Truncating division, then the Python adjustment: when
                    // the remainder is non-zero and its sign differs from
                    // the divisor's, the quotient is one less and the
                    // remainder gets the divisor added.
                    let x = get!(a(0));
                    let y = get!(a(1));
                    let r = b.ins().srem(x, y);
                    let rx = b.ins().bxor(r, y);
                    let neg = b.ins().icmp_imm_s(IntCC::SignedLessThan, rx, 0);
                    let nz = b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                    let adj = b.ins().band(neg, nz);
                    let adj = b.ins().uextend(types::I64, adj);
                    Some(if o.op == Op::Mod {
                        let add = b.ins().imul(adj, y);
                        b.ins().iadd(r, add)
                    } else {
                        let q = b.ins().sdiv(x, y);
                        b.ins().isub(q, adj)
                    })
                }
                Op::ICmp(_) | Op::UCmp(_) | Op::RefIs => {
                    let cc = match o.op {
                        Op::ICmp(c) => int_cc(c, true),
                        Op::UCmp(c) => int_cc(c, false),
                        _ => IntCC::Equal,
                    };
                    let x = get!(a(0));
                    let r = match a(1) {
                        Arg::C(c) => b.ins().icmp_imm_s(cc, x, c as i64),
                        y => {
                            let y = get!(y);
                            b.ins().icmp(cc, x, y)
                        }
                    };
                    bools[n] = Some(r);
                    None
                }
                Op::IsNone => {
                    let x = get!(a(0));
                    let r = b.ins().icmp_imm_s(IntCC::Equal, x, 0);
                    bools[n] = Some(r);
                    None
                }
                Op::FAdd | Op::FSub | Op::FMul => {
                    let x = get!(a(0));
                    let y = get!(a(1));
                    let x = b.ins().bitcast(types::F64, MemFlagsData::new(), x);
                    let y = b.ins().bitcast(types::F64, MemFlagsData::new(), y);
                    let r = match o.op {
                        Op::FAdd => b.ins().fadd(x, y),
                        Op::FSub => b.ins().fsub(x, y),
                        _ => b.ins().fmul(x, y),
                    };
                    Some(b.ins().bitcast(types::I64, MemFlagsData::new(), r))
                }
                Op::FNeg | Op::FAbs => {
                    let x = get!(a(0));
                    let x = b.ins().bitcast(types::F64, MemFlagsData::new(), x);
                    let r = if o.op == Op::FNeg {
                        b.ins().fneg(x)
                    } else {
                        b.ins().fabs(x)
                    };
                    Some(b.ins().bitcast(types::I64, MemFlagsData::new(), r))
                }
                Op::FCmp(c) => {
                    let x = get!(a(0));
                    let y = get!(a(1));
                    let x = b.ins().bitcast(types::F64, MemFlagsData::new(), x);
                    let y = b.ins().bitcast(types::F64, MemFlagsData::new(), y);
                    let r = b.ins().fcmp(float_cc(c), x, y);
                    bools[n] = Some(r);
                    None
                }
                Op::IToF => {
                    let x = get!(a(0));
                    let r = b.ins().fcvt_from_sint(types::F64, x);
                    Some(b.ins().bitcast(types::I64, MemFlagsData::new(), r))
                }
                Op::Select => {
                    let c = get!(a(0));
                    let x = get!(a(1));
                    let y = get!(a(2));
                    Some(b.ins().select(c, x, y))
                }
                Op::InstanceOf(lo, hi) => {
                    let x = get!(a(0));
                    let is = b.create_block();
                    let join = b.create_block();
                    let r = b.append_block_param(join, types::I64);
                    let zero = b.ins().iconst(types::I64, 0);
                    b.ins().brif(x, is, &[], join, &[BlockArg::Value(zero)]);
                    b.switch_to_block(is);
                    let tid = b.ins().load(types::I32, mem(), x, 0);
                    let d = b.ins().iadd_imm_s(tid, -(lo as i64));
                    let ok = b.ins().icmp_imm_s(
                        IntCC::UnsignedLessThanOrEqual,
                        d,
                        hi.wrapping_sub(lo) as i64,
                    );
                    let okw = b.ins().uextend(types::I64, ok);
                    b.ins().jump(join, &[BlockArg::Value(okw)]);
                    b.switch_to_block(join);
                    Some(r)
                }
                Op::GetField(off) | Op::GetImm(off) => {
                    let x = get!(a(0));
                    Some(b.ins().load(types::I64, mem(), x, off as i32))
                }
                Op::SetField(off) => {
                    let x = get!(a(0));
                    let y = get!(a(1));
                    b.ins().store(mem(), y, x, off as i32);
                    None
                }
                Op::ArrLoad => {
                    let x = get!(a(0));
                    let i = get!(a(1));
                    let p = *items.entry((x, i)).or_insert_with(|| {
                        let off = b.ins().ishl_imm_s(i, 3);
                        b.ins().iadd(x, off)
                    });
                    Some(
                        b.ins()
                            .load(types::I64, mem(), p, crate::layout::ARRAY_DATA),
                    )
                }
                Op::ArrStore => {
                    let x = get!(a(0));
                    let i = get!(a(1));
                    let v = get!(a(2));
                    let p = *items.entry((x, i)).or_insert_with(|| {
                        let off = b.ins().ishl_imm_s(i, 3);
                        b.ins().iadd(x, off)
                    });
                    b.ins().store(mem(), v, p, crate::layout::ARRAY_DATA);
                    None
                }
                Op::Finish => {
                    let fail = fail_to!(o.snap);
                    b.ins().jump(fail, &[]);
                    let dead = b.create_block();
                    b.switch_to_block(dead);
                    None
                }
                Op::GlobalGet(g) => {
                    let base = crate::ctx::program().globals as i64;
                    let p = b.ins().iconst(types::I64, base);
                    Some(b.ins().load(types::I64, mem(), p, 8 * g as i32))
                }
                Op::GlobalSet(g) => {
                    let base = crate::ctx::program().globals as i64;
                    let p = b.ins().iconst(types::I64, base);
                    let y = get!(a(0));
                    b.ins().store(mem(), y, p, 8 * g as i32);
                    None
                }
                Op::Call(th) => {
                    // The collector may run: it sees the slots in use.
                    let top = b.ins().iadd_imm_s(roots, 8 * in_use[n] as i64);
                    b.ins().store(mem(), top, ctx_addr, CTX_SS_TOP);
                    let sa = b.ins().stack_addr(types::I64, ss, 0);
                    for k in 0..o.args.len() {
                        let v = get!(a(k));
                        b.ins().store(mem(), v, sa, 8 * k as i32);
                    }
                    let f = b.ins().iconst(types::I64, thunk_addr(th) as i64);
                    let call = b.ins().call_indirect(tsig, f, &[sa]);
                    let r = b.inst_results(call)[0];
                    // The callee may have collected and moved objects.
                    refs.clear();
                    if o.kind == kind::VOID {
                        None
                    } else {
                        Some(r)
                    }
                }
                Op::New(tid, size) => {
                    // As AOT code allocates: bump `alloc_top` up to
                    // `alloc_limit` (the copying heap's free space is
                    // zeroed; mark-sweep and --gc-stress keep the limit at
                    // 0), else the collector's entry, which may collect:
                    // every reference of the trace lives in `roots`.
                    let join = b.create_block();
                    let res = b.append_block_param(join, types::I64);
                    let slow = b.create_block();
                    b.set_cold_block(slow);
                    let tv = b.ins().iconst(types::I64, tid as i64);
                    if size <= 1024 {
                        let fast = b.create_block();
                        let top = b.ins().load(types::I64, mem(), ctx_addr, CTX_ALLOC_TOP);
                        let limit = b.ins().load(types::I64, mem(), ctx_addr, CTX_ALLOC_LIMIT);
                        let end = b.ins().iadd_imm_s(top, size as i64);
                        let fits = b.ins().icmp(IntCC::UnsignedLessThanOrEqual, end, limit);
                        b.ins().brif(fits, fast, &[], slow, &[]);
                        b.switch_to_block(fast);
                        b.ins().store(mem(), end, ctx_addr, CTX_ALLOC_TOP);
                        b.ins().store(mem(), tv, top, 0);
                        b.ins().jump(join, &[BlockArg::Value(top)]);
                    } else {
                        b.ins().jump(slow, &[]);
                    }
                    b.switch_to_block(slow);
                    let top = b.ins().iadd_imm_s(roots, 8 * in_use[n] as i64);
                    b.ins().store(mem(), top, ctx_addr, CTX_SS_TOP);
                    let f = b.ins().iconst(
                        types::I64,
                        crate::gc::kiln_alloc_slow as *const () as usize as i64,
                    );
                    let sv = b.ins().iconst(types::I64, size as i64);
                    let call = b.ins().call_indirect(asig, f, &[tv, sv]);
                    let r = b.inst_results(call)[0];
                    b.ins().jump(join, &[BlockArg::Value(r)]);
                    b.switch_to_block(join);
                    refs.clear();
                    Some(res)
                }
                Op::GuardTrue | Op::GuardFalse | Op::GuardNonNull => {
                    let x = cond!(a(0));
                    let fail = fail_to!(o.snap);
                    let cont = b.create_block();
                    if o.op == Op::GuardFalse {
                        b.ins().brif(x, fail, &[], cont, &[]);
                    } else {
                        b.ins().brif(x, cont, &[], fail, &[]);
                    }
                    b.switch_to_block(cont);
                    None
                }
                Op::GuardEq => {
                    let x = get!(a(0));
                    let y = get!(a(1));
                    let c = b.ins().icmp(IntCC::Equal, x, y);
                    let fail = fail_to!(o.snap);
                    let cont = b.create_block();
                    b.ins().brif(c, cont, &[], fail, &[]);
                    b.switch_to_block(cont);
                    None
                }
                Op::GuardNoExc => {
                    let e = b.ins().load(types::I64, mem(), ctx_addr, CTX_EXC);
                    let fail = fail_to!(o.snap);
                    let cont = b.create_block();
                    b.ins().brif(e, fail, &[], cont, &[]);
                    b.switch_to_block(cont);
                    None
                }
                Op::AddOvf | Op::SubOvf | Op::MulOvf => {
                    let x = get!(a(0));
                    let y = get!(a(1));
                    let (r, of) = match o.op {
                        Op::AddOvf => b.ins().sadd_overflow(x, y),
                        Op::SubOvf => b.ins().ssub_overflow(x, y),
                        _ => b.ins().smul_overflow(x, y),
                    };
                    let fail = fail_to!(o.snap);
                    let cont = b.create_block();
                    b.ins().brif(of, fail, &[], cont, &[]);
                    b.switch_to_block(cont);
                    Some(r)
                }
                Op::Label => {
                    let params: Vec<LoopValue> = (0..o.args.len())
                        .map(|k| {
                            let pn = (n + 1 + k) as u32;
                            let kd = t.ops.get(pn as usize).map_or(kind::INT, |p| p.kind);
                            (kd, slot.get(&pn).copied())
                        })
                        .collect();
                    let blk = b.create_block();
                    for (kd, _) in &params {
                        if *kd != kind::REF {
                            b.append_block_param(blk, types::I64);
                        }
                    }
                    let mut newv = Vec::new();
                    for k in 0..o.args.len() {
                        newv.push(get!(a(k)));
                    }
                    let mut largs = Vec::new();
                    for (k, (kd, s)) in params.iter().enumerate() {
                        if *kd == kind::REF {
                            if let Some(s) = s {
                                b.ins().store(mem(), newv[k], roots, 8 * *s as i32);
                            }
                        } else {
                            largs.push(BlockArg::Value(newv[k]));
                        }
                    }
                    b.ins().jump(blk, &largs);
                    b.switch_to_block(blk);
                    // Each iteration stores new references in the slots.
                    refs.clear();
                    let lp = b.block_params(blk).to_vec();
                    let mut lp = lp.into_iter();
                    label_params = params
                        .iter()
                        .map(|(kd, _)| if *kd == kind::REF { None } else { lp.next() })
                        .collect();
                    label = Some((blk, params));
                    None
                }
                Op::Param(k) => {
                    // A reference is already in its slot (stored by the
                    // label's predecessors).
                    if o.kind == kind::REF {
                        None
                    } else {
                        label_params.get(k as usize).copied().flatten()
                    }
                }
                Op::Jump => {
                    // Compute every new input first, then store the references.
                    let mut newv = Vec::new();
                    for k in 0..o.args.len() {
                        newv.push(get!(a(k)));
                    }
                    let (target, targets) = match &label {
                        Some((blk, params)) => (*blk, params.clone()),
                        None => (header, inputs.clone()),
                    };
                    let mut hargs = Vec::new();
                    for (k, (kd, s)) in targets.iter().enumerate() {
                        let v = newv
                            .get(k)
                            .copied()
                            .unwrap_or_else(|| b.ins().iconst(types::I64, 0));
                        if *kd == kind::REF {
                            if let Some(s) = s {
                                b.ins().store(mem(), v, roots, 8 * *s as i32);
                            }
                        } else {
                            hargs.push(BlockArg::Value(v));
                        }
                    }
                    b.ins().jump(target, &hargs);
                    let dead = b.create_block();
                    b.switch_to_block(dead);
                    let z = b.ins().iconst(types::I64, u64::MAX as i64);
                    b.ins().return_(&[z]);
                    None
                }
            };
            if let Some((blk, snap)) = pending_exit.take() {
                let cur = b.current_block().expect("a block");
                b.switch_to_block(blk);
                let ev = &exits[snap as usize];
                let mut loaded: Map<u32, Value> = Map::default();
                for (k, &v) in ev.iter().enumerate() {
                    // A reference stays in its root slot (see
                    // `Compiled::exit_slots`).
                    if slot.contains_key(&v) {
                        continue;
                    }
                    let x = operand!(Arg::V(v), false);
                    loaded.insert(v, x);
                    b.ins().store(mem(), x, out, 8 * k as i32);
                }
                let code = b
                    .ins()
                    .iconst(types::I64, ((loop_id as u64) << 32 | snap as u64) as i64);
                let inputs_at = match link.get(snap as usize) {
                    Some(Link::Bridge) => Some(out),
                    Some(Link::Merge(reds))
                        if ev.len() <= MERGE_INPUTS && reds.len() <= OUT_WORDS - MERGE_INPUTS =>
                    {
                        // The loop's inputs go after the exit values, which
                        // the runtime needs if the guard is not linked yet.
                        for (k, &a) in reds.iter().enumerate() {
                            let v = match a {
                                Arg::V(x) => match loaded.get(&x) {
                                    Some(&v) => v,
                                    None => operand!(a, false),
                                },
                                other => operand!(other, false),
                            };
                            b.ins().store(mem(), v, out, 8 * (MERGE_INPUTS + k) as i32);
                        }
                        Some(b.ins().iadd_imm_s(out, 8 * MERGE_INPUTS as i64))
                    }
                    _ => None,
                };
                match inputs_at {
                    None => {
                        b.ins().jump(ret_blk, &[BlockArg::Value(code)]);
                    }
                    Some(at) => {
                        b.ins()
                            .jump(link_blk, &[BlockArg::Value(code), BlockArg::Value(at)]);
                    }
                }
                b.switch_to_block(cur);
            }
            if let Some(r) = res {
                match slot.get(&(n as u32)) {
                    Some(&s) => {
                        b.ins().store(mem(), r, roots, 8 * s as i32);
                        refs.insert(s, r);
                    }
                    None => vals[n] = Some(r),
                }
            } else if let (Some(&s), false) = (
                slot.get(&(n as u32)),
                matches!(o.op, Op::Input(_) | Op::Param(_)),
            ) {
                // A reference the code does not compute: None, so that
                // the slot, once in use, never holds a stale word.
                let z = b.ins().iconst(types::I64, 0);
                b.ins().store(mem(), z, roots, 8 * s as i32);
            }
        }
        if t.ops.last().is_none_or(|o| o.op != Op::Jump) {
            let z = b.ins().iconst(types::I64, u64::MAX as i64);
            b.ins().return_(&[z]);
        }
        b.switch_to_block(ret_blk);
        let code = b.block_params(ret_blk)[0];
        b.ins().store(mem(), roots, ctx_addr, CTX_SS_TOP);
        b.ins().return_(&[code]);
        b.switch_to_block(link_blk);
        let lp = b.block_params(link_blk).to_vec();
        b.ins().store(mem(), roots, ctx_addr, CTX_SS_TOP);
        // The link word of snapshot `code & 0xffff_ffff`.
        let sn = b.ins().band_imm_s(lp[0], 0xffff_ffff);
        let off = b.ins().ishl_imm_s(sn, 3);
        let la = b.ins().iadd_imm_s(off, links_addr);
        let f = b.ins().load(types::I64, mem(), la, 0);
        let go = b.create_block();
        let back = b.create_block();
        b.ins().brif(f, go, &[], back, &[]);
        b.switch_to_block(back);
        b.ins().return_(&[lp[0]]);
        b.switch_to_block(go);
        b.ins().return_call_indirect(lsig, f, &[lp[1], out]);
        b.seal_all_blocks();
        let cfg = module.isa().frontend_config();
        b.finalize(cfg);
    }
    module
        .define_function(id, ctx)
        .map_err(|e| format!("{e:?}"))?;
    let size = ctx.compiled_code().map_or(0, |c| c.code_buffer().len());
    module.clear_context(ctx);
    module.finalize_definitions().map_err(|e| e.to_string())?;
    let code = module.get_finalized_function(id) as usize;
    let nout = exits.iter().map(Vec::len).max().unwrap_or(0) + 1;
    let exit_slots = exits
        .iter()
        .map(|ev| ev.iter().map(|v| slot.get(v).map(|&s| s as u32)).collect())
        .collect();
    Ok(Compiled {
        exit_slots,
        input_slots: input_slots.to_vec(),
        nout,
        code,
        nroots,
        ninputs,
        exits,
        link,
        links,
        size,
        direct: false,
    })
}
