//! Dead-code elimination (see the parent module).

use crate::jit::trace::{Arg, Op, Trace, NO_SNAP};

/// Removes unused operations without effects, renumbering values.
pub fn dead(t: &Trace) -> Trace {
    let n = t.ops.len();
    let mut used = vec![false; n];
    let removable =
        |op: Op| op.is_pure() || matches!(op, Op::GetField(_) | Op::ArrLoad | Op::GlobalGet(_));
    for k in (0..n).rev() {
        let o = &t.ops[k];
        let keep = used[k] || !removable(o.op) || matches!(o.op, Op::Input(_));
        if !keep {
            continue;
        }
        used[k] = true;
        for a in &o.args {
            if let Arg::V(v) = a {
                used[*v as usize] = true;
            }
        }
        if o.snap != NO_SNAP {
            for a in t.snaps[o.snap as usize].operands() {
                if let Arg::V(v) = a {
                    used[v as usize] = true;
                }
            }
        }
    }
    let mut renum: Vec<u32> = vec![u32::MAX; n];
    let mut out = Trace::default();
    let re = |renum: &Vec<u32>, a: Arg| match a {
        Arg::V(v) => Arg::V(renum[v as usize]),
        other => other,
    };
    for k in 0..n {
        if !used[k] {
            continue;
        }
        let o = &t.ops[k];
        let args = o.args.iter().map(|&a| re(&renum, a)).collect();
        out.push_from(t, o, o.op, args, |a| re(&renum, a));
        renum[k] = out.ops.len() as u32 - 1;
    }
    out
}
