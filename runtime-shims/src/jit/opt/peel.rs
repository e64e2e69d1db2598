//! Loop peeling, so that loop-invariant work is done once. The loop body
//! is emitted twice: the first copy (the *preamble*) runs the first
//! iteration exactly as traced; then `label` starts the loop proper, a
//! second copy without the operations whose result is the same in every
//! iteration, which reuses the preamble's results instead. The final
//! `jump` goes back to the label.
//!
//! An operation of the body is *invariant* when its operands are: loop
//! inputs the `jump` passes back unchanged, constants, or invariant
//! operations; and it is pure, or an overflow-checked operation, or a
//! guard (which the preamble already passed with the same operands), or a
//! read of a field, array item or global that nothing in the body may
//! write (no call that may write the heap, no `setfield` at that offset on
//! an object the body did not allocate, no `arr_store` for an item; for a
//! global, no call at all and no `global_set` of it).
//!
//! Only loops (traces ending in `jump`) of at most `PEEL_MAX_OPS`
//! operations with an invariant guard or read are peeled: the preamble
//! doubles the code. Guards of the second copy get
//! their own snapshots (the first copy's, with the second copy's values).

use super::Env;
use crate::jit::hash::Set;
use crate::jit::trace::{Arg, Op, TOp, Trace, NO_SNAP};
use crate::jitcode::kind;

/// Longest loop body peeled: compiling a copy of a long body costs more
/// than its invariant work saves.
const PEEL_MAX_OPS: usize = 400;

/// The peeling pass (see the module documentation).
pub fn peel(t: &Trace, env: &Env<'_>) -> Trace {
    let n = t.ops.len();
    let ninputs = t.ninputs();
    let Some(jump) = t.ops.last().filter(|o| o.op == Op::Jump) else {
        return t.clone();
    };
    if jump.args.len() != ninputs
        || t.ops[..ninputs]
            .iter()
            .enumerate()
            .any(|(k, o)| o.op != Op::Input(k as u32))
    {
        return t.clone();
    }
    let body = ninputs..n - 1;
    if body.len() > PEEL_MAX_OPS {
        return t.clone();
    }
    // What the body may write.
    let mut clobber = false;
    // Any call may write a global (globals are not part of the thunks'
    // effect flags).
    let mut calls = false;
    let mut fields: Set<u32> = Set::default();
    let mut items = false;
    let mut globals: Set<u32> = Set::default();
    let fresh = |a: Arg| matches!(a, Arg::V(x) if matches!(t.ops[x as usize].op, Op::New(..)));
    for o in &t.ops[body.clone()] {
        match o.op {
            Op::SetField(off) if !fresh(o.args[0]) => {
                fields.insert(off);
            }
            Op::ArrStore => items = true,
            Op::GlobalSet(g) => {
                globals.insert(g);
            }
            Op::Call(th) => {
                calls = true;
                clobber |= !(env.keeps_heap)(th);
            }
            _ => {}
        }
    }
    // Invariant values: inputs passed back unchanged, then body operations.
    let mut inv = vec![false; n];
    for (k, a) in jump.args.iter().enumerate() {
        inv[k] = *a == Arg::V(k as u32);
    }
    let mut worth = false;
    for v in body.clone() {
        let o = &t.ops[v];
        let args_inv = o.args.iter().all(|a| match a {
            Arg::V(x) => inv[*x as usize],
            Arg::Virt(_) => false,
            _ => true,
        });
        if !args_inv {
            continue;
        }
        let (is_inv, counts) = match o.op {
            op if op.is_pure() => (true, false),
            Op::AddOvf | Op::SubOvf | Op::MulOvf => (true, false),
            Op::GuardTrue | Op::GuardFalse | Op::GuardNonNull | Op::GuardEq => (true, true),
            Op::GetField(off) => (!clobber && !fields.contains(&off), true),
            Op::ArrLoad => (!clobber && !items, true),
            Op::GlobalGet(g) => (!calls && !globals.contains(&g), true),
            _ => (false, false),
        };
        inv[v] = is_inv;
        worth |= is_inv && counts;
    }
    if !worth {
        return t.clone();
    }
    // Inputs, the preamble (the body as it is) and the label.
    let mut out = Trace {
        ops: t.ops[..n - 1].to_vec(),
        snaps: t.snaps.clone(),
    };
    out.ops.push(TOp {
        op: Op::Label,
        args: jump.args.clone(),
        kind: kind::VOID,
        snap: NO_SNAP,
    });
    // Second-copy value of each input value and body operation.
    let mut map: Vec<Arg> = (0..n as u32).map(Arg::V).collect();
    for k in 0..ninputs {
        let p = out.push(Op::Param(k as u32), vec![], t.ops[k].kind);
        if !inv[k] {
            map[k] = p;
        }
    }
    let sub = |map: &Vec<Arg>, a: Arg| match a {
        Arg::V(x) => map[x as usize],
        other => other,
    };
    for v in body {
        if inv[v] {
            continue;
        }
        let o = &t.ops[v];
        let args: Vec<Arg> = o.args.iter().map(|&a| sub(&map, a)).collect();
        map[v] = out.push_from(t, o, o.op, args, |a| sub(&map, a));
    }
    let args: Vec<Arg> = jump.args.iter().map(|&a| sub(&map, a)).collect();
    out.ops.push(TOp {
        op: Op::Jump,
        args,
        kind: kind::VOID,
        snap: NO_SNAP,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jit::trace::{SFrame, Snapshot};

    /// A loop of `n` invariant additions and an invariant guard.
    fn invariant_loop(n: usize) -> Trace {
        let mut t = Trace::default();
        let x = t.push(Op::Input(0), vec![], kind::INT);
        let mut v = x;
        for _ in 0..n {
            v = t.push(Op::Add, vec![v, Arg::C(1)], kind::INT);
        }
        let c = t.push(Op::ICmp(2), vec![v, Arg::C(100)], kind::INT);
        let snap = Snapshot {
            frames: vec![SFrame {
                func: 0,
                pc: 0,
                regs: vec![(1, x)],
            }],
            exc: false,
            virtuals: Vec::new(),
        };
        t.guard(Op::GuardTrue, vec![c], snap);
        t.push(Op::Jump, vec![x], kind::VOID);
        t
    }

    #[test]
    fn long_loops_are_not_peeled() {
        let keeps = |_: u32| true;
        let none_f = |_: u32, _: u32, _: u8| None;
        let none_t = |_: u32| None;
        let no = |_: u32| false;
        let env = Env {
            keeps_heap: &keeps,
            const_field: &none_f,
            const_tid: &none_t,
            appends: &no,
        };
        let short = peel(&invariant_loop(10), &env);
        assert!(short.ops.iter().any(|o| o.op == Op::Label));
        // The loop proper keeps nothing but its parameter and the jump.
        let after = short.ops.iter().position(|o| o.op == Op::Label).unwrap();
        assert_eq!(short.ops.len() - after, 3);
        let long = invariant_loop(PEEL_MAX_OPS);
        assert_eq!(peel(&long, &env).ops.len(), long.ops.len());
    }
}
