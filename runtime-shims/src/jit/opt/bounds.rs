//! Integer bounds of indices: hoists the range checks of each base to its
//! first check, then removes the bounds guards that earlier ones imply.
//!
//! Three kinds of guard are checks of `base + k` (`k` a small constant):
//! `guard_true(uint_lt(base + k, len))` (in `0..len`, as a list access
//! is guarded), `guard_false(int_lt(base + k, 0))` (not negative) and
//! `guard_false(int_eq(base + k, len))` (not at the end: an interpreter
//! checking that a pointer did not run off its tape, as the Brainfuck one
//! does).
//!
//! **Hoisting.** At the first such guard of a base, when `base` and `len`
//! are already defined there, the pass looks at every later check of
//! `base` against `len`: the least offset `lo` (of range and
//! not-negative checks) and the greatest `hi` (of range checks). It puts
//! `uint_lt(base + lo, len)` and `uint_lt(base + hi, len)` guards before
//! that first guard, with a copy of its snapshot. Together they hold
//! exactly when the later range and not-negative checks all would, so the
//! trace runs on in the same cases; it only leaves earlier, at a snapshot
//! the interpreter can resume from, when one of them would have failed
//! later. A sequence of `>` and `<` then costs two guards instead of one
//! or two per move.
//!
//! Not-negative checks of a base with no range check to hoist with them
//! (the length is read only later, or never) are hoisted the same way, at
//! the first of them: `int_lt(base + lo, 0)` and `int_lt(base + hi, 0)`
//! guards for the least and greatest offsets checked. Both false means no
//! offset between them is negative: the additions wrap the same way the
//! original checks' do, and the span is far shorter than half the range.
//!
//! **Implied guards.** A range check of `base + k` is implied once offsets
//! `k1 <= k <= k2` of the same `base` and the same `len` value were proved
//! in range (`base + k1 >= 0` and `base + k2 < len`). For a constant index
//! (`base` 0) a proved `k2` covers `0..=k2`. A not-negative check goes once
//! `base + k' >= 0` is known for some `k' <= k` and `base + k''` is proved
//! below a length for some `k'' >= k`; a not-at-the-end check goes once
//! `base + k' < len` is proved for some `k' >= k`. Offsets are limited to
//! `|k| <= 2^20`, far from any wrap-around of the additions, and `len` is
//! a trace value (a list's length read once), so the facts hold for the
//! rest of the iteration.

use super::super::trace::{Arg, Op, Snapshot, TOp, Trace};
use crate::jit::hash::{Map, Set};
use crate::jitcode::kind;

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

/// What a bounds-like guard checks, on which base.
#[derive(Clone, Copy)]
enum Check {
    /// `guard_true(uint_lt(base + k, len))`.
    InRange(Arg, i64, Arg),
    /// `guard_false(int_lt(base + k, 0))`.
    NonNeg(Arg, i64),
    /// `guard_false(int_eq(a, b))`, perhaps `base + k` against a length
    /// (either way round).
    NotLen(Arg, Arg),
}

/// The check guard `o` makes, if it is one of the three kinds.
fn check_of(t: &Trace, o: &TOp) -> Option<Check> {
    let (c, want) = guarded_test(t, o)?;
    match (c.op, want) {
        (Op::UCmp(2), true) => {
            let (base, k) = split(t, c.args[0])?;
            Some(Check::InRange(base, k, c.args[1]))
        }
        (Op::ICmp(2), false) if c.args.get(1) == Some(&Arg::C(0)) => {
            let (base, k) = split(t, c.args[0])?;
            Some(Check::NonNeg(base, k))
        }
        (Op::ICmp(0), false) => Some(Check::NotLen(c.args[0], c.args[1])),
        _ => None,
    }
}

/// What the guards so far prove.
#[derive(Default)]
struct Facts {
    /// (base, len) -> the offsets proved in range, as an interval.
    proved: Map<(Arg, Arg), (i64, i64)>,
    /// base -> the least offset proved to make `base + k >= 0`.
    nonneg: Map<Arg, i64>,
    /// base -> the greatest offset proved below some length (so `base` is
    /// far from wrapping around).
    upper: Map<Arg, i64>,
    /// base -> offsets `lo..=hi` with `base + lo >= 0` and `base + hi >= 0`
    /// both proved (so every offset between them is not negative).
    nonneg_span: Map<Arg, (i64, i64)>,
}

impl Facts {
    /// Notes that `base + k` was proved in `0..len`.
    fn in_range(&mut self, base: Arg, k: i64, len: Arg) {
        let lo0 = if base == Arg::C(0) && k >= 0 { 0 } else { k };
        let e = self.proved.entry((base, len)).or_insert((lo0, k));
        e.0 = e.0.min(lo0);
        e.1 = e.1.max(k);
        let n = self.nonneg.entry(base).or_insert(lo0);
        *n = (*n).min(lo0);
        let u = self.upper.entry(base).or_insert(k);
        *u = (*u).max(k);
    }
}

impl Facts {
    /// Whether the facts so far imply check `c` (of trace `t`).
    fn imply(&self, t: &Trace, c: Check) -> bool {
        match c {
            Check::InRange(base, k, len) => self
                .proved
                .get(&(base, len))
                .is_some_and(|&(lo, hi)| lo <= k && k <= hi),
            Check::NonNeg(base, k) => {
                matches!(
                    (self.nonneg.get(&base), self.upper.get(&base)),
                    (Some(&m), Some(&u)) if m <= k && k <= u
                ) || self
                    .nonneg_span
                    .get(&base)
                    .is_some_and(|&(lo, hi)| lo <= k && k <= hi)
            }
            Check::NotLen(a, b) => [(a, b), (b, a)].into_iter().any(|(i, len)| {
                split(t, i).is_some_and(|(base, k)| {
                    self.proved
                        .get(&(base, len))
                        .is_some_and(|&(_, hi)| k <= hi)
                })
            }),
        }
    }
}

/// Puts a hoisted check of `b + k` into `out` for the least and the
/// greatest offset of `span` (one when they are equal): `guard(cmp(b + k,
/// rhs))` for `test` = (`cmp`, `rhs`, `guard`), with snapshot `snap`,
/// reusing the new trace's `b + k` through `sums`.
fn hoist(
    out: &mut Trace,
    sums: &mut Map<(Arg, u64), Arg>,
    b: Arg,
    (lo, hi): (i64, i64),
    (cmp, rhs, guard): (Op, Arg, Op),
    snap: &Snapshot,
) {
    for k in if lo == hi { vec![lo] } else { vec![lo, hi] } {
        let i = if k == 0 {
            b
        } else {
            *sums
                .entry((b, k as u64))
                .or_insert_with(|| out.push(Op::Add, vec![b, Arg::C(k as u64)], kind::INT))
        };
        let c = out.push(cmp, vec![i, rhs], kind::INT);
        out.guard(guard, vec![c], snap.clone());
    }
}

/// Whether operand `a` is defined before operation `n`.
fn defined_before(a: Arg, n: usize) -> bool {
    match a {
        Arg::V(v) => (v as usize) < n,
        _ => true,
    }
}

/// Removes the guards that earlier guards imply, after hoisting the range
/// checks of each base (see the module documentation).
pub fn bounds(t: &Trace) -> Trace {
    let checks: Vec<Option<Check>> = t.ops.iter().map(|o| check_of(t, o)).collect();
    let mut facts = Facts::default();
    // The bases whose checks were hoisted, with which length.
    let mut hoisted: Set<(Arg, Arg)> = Set::default();
    // The bases whose not-negative checks alone were looked at.
    let mut nonneg_hoisted: Set<Arg> = Set::default();
    let mut out = Trace {
        ops: Vec::with_capacity(t.ops.len()),
        snaps: Vec::with_capacity(t.snaps.len()),
    };
    // (base, k) -> the new trace's `base + k` (so hoisting makes no
    // second copy of an addition).
    let mut sums: Map<(Arg, u64), Arg> = Map::default();
    // Old operation number -> new one.
    let mut renum: Vec<u32> = vec![u32::MAX; t.ops.len()];
    let re = |renum: &Vec<u32>, a: Arg| match a {
        Arg::V(v) => Arg::V(renum[v as usize]),
        other => other,
    };
    for (n, o) in t.ops.iter().enumerate() {
        // Hoisting: at the first check of a base, one guard for the
        // least and one for the greatest offset the trace checks against
        // the same length from here on.
        // (A check already implied needs no hoisting: after the first
        // hoist of a base its other checks skip the scans ahead.)
        let check = checks[n].filter(|&c| !facts.imply(t, c));
        let base_len = match check {
            Some(Check::InRange(base, _, len)) => Some((base, len)),
            // Either way round: the one with a range check to hoist.
            Some(Check::NotLen(a, b)) => [(a, b), (b, a)].into_iter().find_map(|(i, len)| {
                let (base, _) = split(t, i)?;
                checks[n..]
                    .iter()
                    .any(|c| matches!(c, Some(Check::InRange(b, _, l)) if *b == base && *l == len))
                    .then_some((base, len))
            }),
            Some(Check::NonNeg(base, _)) => checks[n..].iter().find_map(|c| match c {
                Some(Check::InRange(b, _, len)) if *b == base && defined_before(*len, n) => {
                    Some((base, *len))
                }
                _ => None,
            }),
            None => None,
        };
        if let Some((base, len)) = base_len {
            if base != Arg::C(0)
                && defined_before(base, n)
                && defined_before(len, n)
                && !hoisted.contains(&(base, len))
            {
                hoisted.insert((base, len));
                let mut lo = i64::MAX;
                let mut hi = i64::MIN;
                let mut in_range = 0;
                for c in checks[n..].iter().flatten() {
                    match *c {
                        Check::InRange(b, k, l) if b == base && l == len => {
                            lo = lo.min(k);
                            hi = hi.max(k);
                            in_range += 1;
                        }
                        Check::NonNeg(b, k) if b == base => lo = lo.min(k),
                        _ => {}
                    }
                }
                let have = facts.proved.get(&(base, len)).copied();
                let covered = have.is_some_and(|(plo, phi)| plo <= lo && hi <= phi);
                if in_range > 0 && !covered {
                    let mut snap = t.snaps[o.snap as usize].clone();
                    snap.map_operands(|a| re(&renum, a));
                    let b = re(&renum, base);
                    let test = (Op::UCmp(2), re(&renum, len), Op::GuardTrue);
                    hoist(&mut out, &mut sums, b, (lo, hi), test, &snap);
                    facts.in_range(base, lo, len);
                    facts.in_range(base, hi, len);
                }
            }
        }
        // Not-negative checks of a base without a range check to hoist
        // (the length is read later, or never): one guard for the least
        // and one for the greatest offset checked from here on.
        if let Some(c @ Check::NonNeg(base, _)) = check {
            if base != Arg::C(0)
                && !facts.imply(t, c)
                && defined_before(base, n)
                && !nonneg_hoisted.contains(&base)
                && !facts.nonneg_span.contains_key(&base)
            {
                nonneg_hoisted.insert(base);
                let ks = checks[n..].iter().filter_map(|c| match *c {
                    Some(Check::NonNeg(b, k)) if b == base => Some(k),
                    _ => None,
                });
                let (lo, hi, count) = ks.fold((i64::MAX, i64::MIN, 0), |(lo, hi, c), k| {
                    (lo.min(k), hi.max(k), c + 1)
                });
                if count > 1 {
                    let mut snap = t.snaps[o.snap as usize].clone();
                    snap.map_operands(|a| re(&renum, a));
                    let b = re(&renum, base);
                    let test = (Op::ICmp(2), Arg::C(0), Op::GuardFalse);
                    hoist(&mut out, &mut sums, b, (lo, hi), test, &snap);
                    facts.nonneg_span.insert(base, (lo, hi));
                }
            }
        }
        let implied = match checks[n] {
            Some(c) if facts.imply(t, c) => true,
            // Not implied: what it proves from here on.
            Some(Check::InRange(base, k, len)) => {
                facts.in_range(base, k, len);
                false
            }
            Some(Check::NonNeg(base, k)) => {
                let m = facts.nonneg.entry(base).or_insert(k);
                *m = (*m).min(k);
                false
            }
            Some(Check::NotLen(..)) | None => false,
        };
        if implied {
            // Guards have no value: nothing refers to the dropped one.
            continue;
        }
        let args: Vec<Arg> = o.args.iter().map(|&a| re(&renum, a)).collect();
        if let (Op::Add, [b @ Arg::V(_), Arg::C(k)]) = (o.op, args.as_slice()) {
            if let Some(&Arg::V(v)) = sums.get(&(*b, *k)) {
                renum[n] = v;
                continue;
            }
            sums.insert((*b, *k), Arg::V(out.ops.len() as u32));
        }
        out.push_from(t, o, o.op, args, |a| re(&renum, a));
        renum[n] = out.ops.len() as u32 - 1;
    }
    out
}
