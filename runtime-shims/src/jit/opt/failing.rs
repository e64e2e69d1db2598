//! Values known when a guard fails: in the snapshot of
//! `guard_true(v)`, `v` is 0 when the guard fails; in that of
//! `guard_false(v)` with `v` a comparison, it is 1. The snapshot then
//! keeps the constant, so the exit has one value fewer to save, and a
//! bridge traced from the guard starts knowing it.

use crate::jit::trace::{Arg, Op, Trace, NO_SNAP};
use crate::jitcode::kind;

/// Whether operation `op` gives 0 or 1.
fn is_test(op: Op) -> bool {
    matches!(
        op,
        Op::ICmp(_) | Op::UCmp(_) | Op::FCmp(_) | Op::IsNone | Op::RefIs | Op::InstanceOf(..)
    )
}

/// Replaces each guard's tested value in its own snapshot by the value it
/// has when the guard fails.
pub fn failing(t: &Trace) -> Trace {
    let mut out = t.clone();
    let mut users = vec![0u32; t.snaps.len()];
    for o in &t.ops {
        if o.snap != NO_SNAP {
            users[o.snap as usize] += 1;
        }
    }
    for k in 0..out.ops.len() {
        let o = &out.ops[k];
        let (Some(&Arg::V(v)), true) = (o.args.first(), o.snap != NO_SNAP) else {
            continue;
        };
        let tested = &t.ops[v as usize];
        let known = match o.op {
            Op::GuardTrue if tested.kind == kind::INT => 0,
            Op::GuardFalse if is_test(tested.op) => 1,
            _ => continue,
        };
        let s = o.snap as usize;
        if !out.snaps[s].operands().any(|a| a == Arg::V(v)) {
            continue;
        }
        let mut snap = out.snaps[s].clone();
        snap.map_operands(|a| if a == Arg::V(v) { Arg::C(known) } else { a });
        if users[s] == 1 {
            out.snaps[s] = snap;
        } else {
            // Shared with another guard: this one gets its own copy.
            users[s] -= 1;
            out.snaps.push(snap);
            out.ops[k].snap = out.snaps.len() as u32 - 1;
        }
    }
    out
}
