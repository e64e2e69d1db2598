//! Integer bounds of indices: removes the bounds guards that earlier ones
//! imply.
//!
//! A list access is guarded by `guard_true(uint_lt(i, len))`: `i` is in
//! `0..len`. When `i` is `base + k` (`k` a small constant) and guards have
//! already proved this for offsets `k1 <= k2` of the same `base` and the
//! same `len` value, then `base + k1 >= 0` and `base + k2 < len`, so every
//! `base + k` with `k1 <= k <= k2` is in `0..len` too, and its guard can
//! go. For a constant index (`base` 0) a proved `k2` covers `0..=k2`.
//! Offsets are limited to `|k| <= 2^20`, far from any wrap-around of the
//! additions, and `len` is a trace value (a list's length read once), so
//! the facts hold for the rest of the iteration.

use super::super::trace::{Arg, Op, TOp, Trace, NO_SNAP};
use std::collections::HashMap;

/// Largest offset the pass reasons about.
const MAX_OFFSET: i64 = 1 << 20;

/// `a` as `base + offset` (a constant is `0 + c`).
fn split(t: &Trace, a: Arg) -> Option<(Arg, i64)> {
    let (b, k) = match a {
        Arg::C(c) => (Arg::C(0), c as i64),
        Arg::V(v) => match t.ops.get(v as usize) {
            Some(o) if o.op == Op::Add => match o.args.as_slice() {
                [b @ Arg::V(_), Arg::C(k)] => (*b, *k as i64),
                _ => (a, 0),
            },
            _ => (a, 0),
        },
        Arg::R(_) | Arg::Virt(_) => return None,
    };
    (-MAX_OFFSET..=MAX_OFFSET).contains(&k).then_some((b, k))
}

/// Removes the `guard_true(uint_lt(base + k, len))` guards that earlier
/// guards of the same kind imply (see the module documentation).
pub fn bounds(t: &Trace) -> Trace {
    // (base, len) -> the offsets proved in range, as an interval.
    let mut proved: HashMap<(Arg, Arg), (i64, i64)> = HashMap::new();
    let mut out = Trace {
        ops: Vec::with_capacity(t.ops.len()),
        snaps: t.snaps.clone(),
    };
    for o in &t.ops {
        if o.op == Op::GuardTrue {
            let test = match o.args.first() {
                Some(Arg::V(v)) => t.ops.get(*v as usize),
                _ => None,
            };
            if let Some(TOp {
                op: Op::UCmp(2),
                args,
                ..
            }) = test
            {
                if let (Some(&i), Some(&len)) = (args.first(), args.get(1)) {
                    if let Some((base, k)) = split(t, i) {
                        let key = (base, len);
                        if let Some(&(lo, hi)) = proved.get(&key) {
                            if lo <= k && k <= hi {
                                // Implied: drop the guard (its snapshot
                                // stays unused; `dead` compacts them).
                                out.ops.push(TOp {
                                    op: Op::Add,
                                    args: vec![Arg::C(0), Arg::C(0)],
                                    kind: crate::jitcode::kind::INT,
                                    snap: NO_SNAP,
                                });
                                continue;
                            }
                        }
                        let lo0 = if base == Arg::C(0) && k >= 0 { 0 } else { k };
                        let e = proved.entry(key).or_insert((lo0, k));
                        e.0 = e.0.min(lo0);
                        e.1 = e.1.max(k);
                    }
                }
            }
        }
        out.ops.push(o.clone());
    }
    out
}
