//! Integer bounds of indices: removes the bounds guards that earlier ones
//! imply.
//!
//! Besides the bounds guards below, two more kinds go when implied: a
//! `guard_false(int_lt(base + k, 0))` once `base + k' >= 0` is known for
//! some `k' <= k` (from such a guard or a bounds guard) and `base + k''` is
//! proved below a length for some `k'' >= k`, and a
//! `guard_false(int_eq(i, len))` once `i < len` is known (an
//! interpreter checking that a pointer did not run off its tape before it
//! indexes it, as the Brainfuck one does).
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

/// The guard `o` tests: the comparison operation its operand is, and the
/// outcome it requires.
fn guarded_test<'t>(t: &'t Trace, o: &TOp) -> Option<(&'t TOp, bool)> {
    let want = match o.op {
        Op::GuardTrue => true,
        Op::GuardFalse => false,
        _ => return None,
    };
    match o.args.first() {
        Some(Arg::V(v)) => t.ops.get(*v as usize).map(|c| (c, want)),
        _ => None,
    }
}

/// Removes the guards that earlier guards imply (see the module
/// documentation).
pub fn bounds(t: &Trace) -> Trace {
    // (base, len) -> the offsets proved in range, as an interval.
    let mut proved: HashMap<(Arg, Arg), (i64, i64)> = HashMap::new();
    // base -> the least offset proved to make `base + k >= 0`.
    let mut nonneg: HashMap<Arg, i64> = HashMap::new();
    // base -> the greatest offset proved below some length (so `base` is
    // far from wrapping around).
    let mut upper: HashMap<Arg, i64> = HashMap::new();
    let mut out = Trace {
        ops: Vec::with_capacity(t.ops.len()),
        snaps: t.snaps.clone(),
    };
    let in_range = |proved: &HashMap<(Arg, Arg), (i64, i64)>, i: Arg, len: Arg| {
        split(t, i).is_some_and(|(base, k)| {
            proved
                .get(&(base, len))
                .is_some_and(|&(lo, hi)| lo <= k && k <= hi)
        })
    };
    let below = |proved: &HashMap<(Arg, Arg), (i64, i64)>, i: Arg, len: Arg| {
        split(t, i)
            .is_some_and(|(base, k)| proved.get(&(base, len)).is_some_and(|&(_, hi)| k <= hi))
    };
    for o in &t.ops {
        let implied = match guarded_test(t, o) {
            // `0 <= i < len`.
            Some((c, true)) if c.op == Op::UCmp(2) => {
                let (i, len) = (c.args[0], c.args[1]);
                if in_range(&proved, i, len) {
                    true
                } else {
                    if let Some((base, k)) = split(t, i) {
                        let lo0 = if base == Arg::C(0) && k >= 0 { 0 } else { k };
                        let e = proved.entry((base, len)).or_insert((lo0, k));
                        e.0 = e.0.min(lo0);
                        e.1 = e.1.max(k);
                        let n = nonneg.entry(base).or_insert(lo0);
                        *n = (*n).min(lo0);
                        let u = upper.entry(base).or_insert(k);
                        *u = (*u).max(k);
                    }
                    false
                }
            }
            // `i >= 0`: implied by `base + k' >= 0` with `k' <= k` when
            // `base + k'' < len` for some `k'' >= k` (no wrap-around).
            Some((c, false)) if c.op == Op::ICmp(2) && c.args.get(1) == Some(&Arg::C(0)) => {
                match split(t, c.args[0]) {
                    Some((base, k)) => match (nonneg.get(&base), upper.get(&base)) {
                        (Some(&m), Some(&u)) if m <= k && k <= u => true,
                        _ => {
                            let n = nonneg.entry(base).or_insert(k);
                            *n = (*n).min(k);
                            false
                        }
                    },
                    None => false,
                }
            }
            // `i != len` with `i < len` proved (`base + k'` in `0..len`
            // with `k' >= k`).
            Some((c, false)) if c.op == Op::ICmp(0) => {
                let (a, b) = (c.args[0], c.args[1]);
                below(&proved, a, b) || below(&proved, b, a)
            }
            _ => false,
        };
        if implied {
            // Drop the guard (its snapshot stays unused; `dead` compacts
            // them).
            out.ops.push(TOp {
                op: Op::Add,
                args: vec![Arg::C(0), Arg::C(0)],
                kind: crate::jitcode::kind::INT,
                snap: NO_SNAP,
            });
            continue;
        }
        out.ops.push(o.clone());
    }
    out
}
